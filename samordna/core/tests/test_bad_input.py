"""Whatever is typed or sent into any form of samordna, it answers without a server error, shows
the input only as text, and says in Swedish why it refused it.

Every view that takes a POST, and every view that reads a search or filter from the query
string, must be in POST_VIEWS or GET_VIEWS below: a new one fails test_every_input_view_is_known
until someone says who uses it and with which objects. The fields are not listed here: they
are read from the form on the page, so a new field is fuzzed as soon as it is rendered.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks_db.models import DBTaskResult, get_date_max
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import PASSWORD, app_device, make_user
from samordna.accounts.models import Membership, Role, UserSession
from samordna.audit.models import AccessLog
from samordna.core.tests import hostile
from samordna.meetings import links
from samordna.meetings import services as meeting_services
from samordna.meetings.models import Meeting, Participant
from samordna.notifications.models import Notification
from samordna.people.models import Relative, Trustee
from samordna.people.tests.helpers import make_child, make_guardian
from samordna.plans.access import join_token
from samordna.plans.models import Goal, JoinRequest, Measure, Plan
from samordna.plans.tests.content_helpers import approve, ready_to_approve
from samordna.plans.tests.factories import give_consent

EXAMPLES = 12
QUERY_EXAMPLES = 25  # a GET is cheap
# Routes that are not samordna's own forms: Django's admin site has its own tests
# (accounts/tests/test_admin_site.py) and is for the system administrator only.
NOT_OURS = ("admin:",)


class Scene:
    """The objects the forms work on, built when a route first needs them: a child with
    the people around it, a SIP ready for approval and one already approved (both led by
    the school), and the region's own child and plan, whose ids are posted as other
    organisations' objects."""

    def __init__(self, world):
        self.world = world

    def __getattr__(self, name):
        return getattr(self.world, name)

    @cached_property
    def device(self):
        return app_device(self.teacher)

    @cached_property
    def teacher_elsewhere(self) -> UserSession:
        """Another session of the teacher's: her session page lists it with its button."""
        store = SessionStore()
        store.create()
        now = timezone.now()
        return UserSession.objects.create(
            session_id=store.session_key, user=self.teacher, started=now, last_active=now
        )

    @cached_property
    def child(self):
        child = make_child(self.school, given_name="Alva", family_name="Testlund")
        make_guardian(child)
        return child

    @cached_property
    def guardian(self):
        return self.child.guardians.get()

    @cached_property
    def relative(self):
        return Relative.objects.create(
            child=self.child,
            name="Mormor Testlund",
            relation="mormor",
            registered_by_unit=self.school,
        )

    @cached_property
    def trustee(self):
        return Trustee.objects.create(
            child=self.child,
            name="Gode Man",
            chief_guardian="Överförmyndaren i Testby",
            registered_by_unit=self.school,
        )

    @cached_property
    def plan(self) -> Plan:
        """Shared with social services, booked, coordinated, a goal and a measure."""
        plan = ready_to_approve(self.world)
        make_guardian(plan.child, given_name="Kim")
        return plan

    @cached_property
    def active_plan(self) -> Plan:
        plan = ready_to_approve(self.world)
        client_login = self.login
        assert approve(client_login(self.teacher), plan).status_code == 302
        plan.refresh_from_db()
        return plan

    @cached_property
    def join(self) -> JoinRequest:
        return JoinRequest.objects.create(
            plan=self.plan,
            child=self.plan.child,
            unit=self.bup,
            requested_by=self.psychologist,
            reason="Vi träffar Alva",
        )

    @cached_property
    def logged_child(self):
        AccessLog.objects.create(
            user=self.teacher,
            acting_unit=self.school,
            child_id=self.child.pk,
            object_type="people.child",
            object_id=str(self.child.pk),
            action="view",
        )
        return self.child

    @cached_property
    def notification(self) -> Notification:
        return Notification.objects.create(
            user=self.teacher, kind="reminder", text="Påminnelse", url="/sip/"
        )

    @cached_property
    def failed_task(self):
        """A task that failed in a worker, for the system administrator to try again."""
        return DBTaskResult.objects.create(
            status="FAILED",
            task_path="samordna.notifications.tasks.send_message",
            args_kwargs={"args": ["key-1", "Ämne", "Text", ["enhet@example.org"]], "kwargs": {}},
            backend_name="default",
            run_after=get_date_max(),
            finished_at=timezone.now(),
            exception_class_path="smtplib.SMTPException",
            traceback="Traceback (most recent call last):\nsmtplib.SMTPException: refused\n",
        )

    @cached_property
    def meeting(self) -> Meeting:
        """The SIP meeting of `plan`, convened by the teacher: the teacher, the child, the
        guardians and the school counsellor invited, each with a confirmation link."""
        starts_at = (timezone.localtime() + timedelta(days=21)).replace(
            hour=13, minute=0, second=0, microsecond=0
        )
        meeting = Meeting.objects.create(
            plan=self.plan,
            starts_at=starts_at,
            place="Testskolan, rum 12",
            booked_by=self.teacher,
            unit=self.school,
            convener=self.teacher,
        )
        meeting_services.invite_from_preparation(meeting, self.school)
        Participant.objects.create(
            meeting=meeting,
            kind=Participant.Kind.FUNCTION,
            function=self.counsellor,
            unit=self.school,
        )
        for participant in meeting.participants.all():
            participant.new_link_nonce()
            participant.save(update_fields=["link_nonce"])
        return meeting

    @cached_property
    def guardian_invited(self) -> Participant:
        return self.meeting.participants.filter(kind=Participant.Kind.GUARDIAN).first()

    @cached_property
    def counsellor_invited(self) -> Participant:
        return self.meeting.participants.get(kind=Participant.Kind.FUNCTION)

    def meeting_kwargs(self) -> list[dict]:
        return [{"plan_pk": self.plan.pk, "pk": self.meeting.pk}]

    def started_meeting_kwargs(self) -> list[dict]:
        """The meeting, begun five minutes ago: its hold page has its form from the start."""
        starts_at = timezone.now() - timedelta(minutes=5)
        Meeting.objects.filter(pk=self.meeting.pk).update(starts_at=starts_at)
        return self.meeting_kwargs()

    @cached_property
    def newcomer(self):
        """A caseworker who has no authenticator app yet."""
        return make_user("ny@testby.example", self.school, Role.CASEWORKER)

    @cached_property
    def two_units(self):
        """A caseworker at both municipal units: the header offers to switch."""
        user = make_user("tva.enheter@testby.example", self.school, Role.CASEWORKER)
        Membership.objects.create(user=user, unit=self.social, role=Role.CASEWORKER)
        return user

    @cached_property
    def foreign_ids(self) -> list[str]:
        """The region's child, plan, goal, measure, consent, unit and staff: their ids are
        valid numbers that belong to another organisation; and a few that belong to no one."""
        child = make_child(self.bup, given_name="Region", family_name="Barnsson")
        guardian = make_guardian(child, given_name="Regina")
        plan = Plan.objects.create(
            child=child,
            initiating_unit=self.bup,
            convener=self.psychologist,
            child_wishes="Egen plan",
            reason="Regionens",
            purpose="Regionens",
        )
        goal = Goal.objects.create(plan=plan, text="Regionens mål")
        measure = Measure.objects.create(
            plan=plan,
            goal=goal,
            responsible_unit=self.bup,
            kept_by_unit=self.bup,
            description="Regionens insats",
        )
        consent = give_consent(plan, self.bup, documented_by=self.psychologist)
        memberships = Membership.objects.filter(unit=self.bup)
        objects = [child, guardian, plan, goal, measure, consent, self.bup, self.region]
        objects += [self.psychologist, self.region_admin, *memberships]
        ids = {str(obj.pk) for obj in objects}
        return sorted(ids | {"0", "-1", "999999", "2147483648", "9223372036854775808"})

    def password_reset_url(self) -> str:
        uid = urlsafe_base64_encode(force_bytes(self.teacher.pk))
        token = default_token_generator.make_token(self.teacher)
        return reverse("accounts:password_reset_confirm", args=[uid, token])


@dataclass(frozen=True)
class Route:
    """How to exercise one route: who sends, the URL's arguments (one dict per variant),
    the page the form is on when it is not the route itself, and query parameters that no
    form on a page holds."""

    user: str | None
    kwargs: Callable[[Scene], list[dict]] = lambda scene: [{}]
    page: Callable[[Scene, dict], str] | None = None
    params: tuple = ()
    has_form: bool = True
    accepted_page: bool = False  # a POST may answer 200 with a page that is not a refusal
    examples: int | None = None  # default: EXAMPLES for a POST, QUERY_EXAMPLES for a GET


def plan_of(attr="plan"):
    return lambda scene: [{"pk": getattr(scene, attr).pk}]


def on(name, **kwargs):
    """The form is on another page: `name` reversed with the scene's objects."""
    return lambda scene, route_kwargs: reverse(
        name, kwargs={key: value(scene) for key, value in kwargs.items()}
    )


def meeting_page(name):
    """The form is on the meeting's page `name`."""
    return lambda scene, kwargs: reverse(
        name, kwargs={"plan_pk": kwargs["plan_pk"], "pk": kwargs["pk"]}
    )


# The keyset pager's cursors (core/keyset.py): ids, or anything typed over them.
CURSORS = (("after", "number"), ("before", "text"))

POST_VIEWS = {
    # The child search posts (an identity number stays out of the URL); the keyset cursors
    # come from the pager's buttons, which only a long list shows.
    "people:child_list": Route("teacher", params=CURSORS, accepted_page=True),
    "audit:review": Route("school_head", params=CURSORS, accepted_page=True),
    # Accounts: logging in and out, resetting the password, the acting unit, user admin.
    "accounts:login": Route(None),
    "accounts:logout": Route("teacher", page=on("core:start")),
    "accounts:password_reset": Route(None),
    "accounts:password_reset_confirm": Route(
        None,
        kwargs=lambda scene: [
            {
                "uidb64": urlsafe_base64_encode(force_bytes(scene.teacher.pk)),
                "token": "set-password",
            }
        ],
        page=lambda scene, kwargs: scene.password_reset_url(),
    ),
    # The second factor: a user who has given the password only, one without an app yet,
    # and a verified user asking for new backup codes.
    "accounts:two_factor": Route("password:teacher", kwargs=lambda s: s.device and [{}]),
    "accounts:two_factor_enrol": Route("password:newcomer"),
    "accounts:two_factor_new_backup_codes": Route(
        "teacher", page=on("accounts:two_factor_settings")
    ),
    "accounts:switch_unit": Route("two_units", page=on("core:start")),
    # The user's own sessions: buttons without fields on the session page.
    "accounts:end_session": Route(
        "teacher",
        kwargs=lambda s: [{"pk": s.teacher_elsewhere.pk}],
        page=on("accounts:sessions"),
    ),
    "accounts:end_other_sessions": Route(
        "teacher", kwargs=lambda s: s.teacher_elsewhere and [{}], page=on("accounts:sessions")
    ),
    "accounts:user_create": Route("local_admin"),
    "accounts:user_detail": Route("local_admin", kwargs=lambda s: [{"pk": s.social_worker.pk}]),
    "accounts:membership_add": Route(
        "local_admin",
        kwargs=lambda s: [{"pk": s.social_worker.pk}],
        page=on("accounts:user_detail", pk=lambda s: s.social_worker.pk),
    ),
    # A button without fields, shown only for a user who has an app.
    "accounts:reset_two_factor": Route(
        "local_admin", kwargs=lambda s: [{"pk": s.social_worker.pk}], has_form=False
    ),
    "accounts:membership_remove": Route(
        "local_admin",
        kwargs=lambda s: [
            {
                "pk": s.social_worker.pk,
                "membership_pk": s.social_worker.memberships.get().pk,
            }
        ],
        page=on("accounts:user_detail", pk=lambda s: s.social_worker.pk),
    ),
    # People.
    "people:child_register": Route("teacher"),
    "people:child_edit": Route("teacher", kwargs=lambda s: [{"pk": s.child.pk}]),
    "people:child_item_add": Route(
        "teacher",
        kwargs=lambda s: [
            {"pk": s.child.pk, "kind": kind} for kind in ("vardnadshavare", "narstaende", "god-man")
        ],
    ),
    "people:child_item_edit": Route(
        "teacher",
        kwargs=lambda s: [
            {"pk": s.child.pk, "kind": "vardnadshavare", "item_pk": s.guardian.pk},
            {"pk": s.child.pk, "kind": "narstaende", "item_pk": s.relative.pk},
            {"pk": s.child.pk, "kind": "god-man", "item_pk": s.trustee.pk},
        ],
    ),
    # Starting a SIP.
    "plans:initiate": Route(
        "teacher", kwargs=lambda s: [{"child_pk": make_child(s.school, given_name="Ny").pk}]
    ),
    "plans:join_request": Route(
        "psychologist",
        kwargs=lambda s: [{"token": join_token(s.plan.child)}],
        accepted_page=True,  # "the request was sent"
    ),
    "plans:decide_join": Route(
        "teacher",
        kwargs=lambda s: [{"pk": s.plan.pk, "join_pk": s.join.pk}],
        page=on("plans:join_requests", pk=lambda s: s.join.plan.pk),
    ),
    "plans:preparation": Route("teacher", kwargs=plan_of()),
    "plans:book_meeting": Route("teacher", kwargs=plan_of()),
    # The plan's content, versions, follow-up, closure.
    "plans:edit": Route("teacher", kwargs=plan_of()),
    "plans:goal_add": Route("teacher", kwargs=plan_of()),
    "plans:goal_edit": Route(
        "teacher", kwargs=lambda s: [{"pk": s.plan.pk, "goal_pk": s.plan.goals.get().pk}]
    ),
    "plans:measure_add": Route("teacher", kwargs=plan_of()),
    "plans:measure_edit": Route(
        "teacher", kwargs=lambda s: [{"pk": s.plan.pk, "measure_pk": s.plan.measures.get().pk}]
    ),
    "plans:coordinator": Route("teacher", kwargs=plan_of()),
    "plans:responsibility": Route(
        "teacher", kwargs=plan_of(), page=on("plans:coordinator", pk=lambda s: s.plan.pk)
    ),
    # Buttons without fields: taking on a need, deleting a goal or measure of the draft.
    "plans:measure_take_on": Route(
        "teacher",
        kwargs=lambda s: [{"pk": s.plan.pk, "measure_pk": s.plan.measures.get().pk}],
        has_form=False,
    ),
    "plans:measure_delete": Route(
        "teacher",
        kwargs=lambda s: [{"pk": s.plan.pk, "measure_pk": s.plan.measures.get().pk}],
        has_form=False,
    ),
    "plans:goal_delete": Route(
        "teacher",
        kwargs=lambda s: [{"pk": s.plan.pk, "goal_pk": s.plan.goals.get().pk}],
        has_form=False,
    ),
    "plans:approve": Route("teacher", kwargs=plan_of()),
    "plans:follow_up": Route("teacher", kwargs=plan_of("active_plan")),
    "plans:close": Route("teacher", kwargs=plan_of()),
    # Consent.
    "consents:record": Route("teacher", kwargs=lambda s: [{"plan_pk": s.plan.pk}]),
    "consents:withdraw": Route(
        "teacher",
        kwargs=lambda s: [{"plan_pk": s.plan.pk, "consent_pk": s.plan.consents.get().pk}],
    ),
    # The inbox.
    "notifications:read": Route(
        "teacher",
        kwargs=lambda s: [{"pk": s.notification.pk}],
        page=on("notifications:inbox"),
    ),
    "notifications:read_all": Route(
        "teacher", page=lambda s, kwargs: s.notification and reverse("notifications:inbox")
    ),
    "notifications:preferences": Route("teacher"),
    # Meetings: the convener invites, follows the answers and holds the meeting; the
    # family answers through the link in the invitation, without logging in.
    **{
        f"meetings:{name}": Route(
            "teacher", kwargs=Scene.meeting_kwargs, page=meeting_page("meetings:detail")
        )
        for name in (
            "add_participant",
            "send_invitations",
            "letters_batch",
            "my_answer",
        )
    },
    **{
        f"meetings:{name}": Route("teacher", kwargs=Scene.meeting_kwargs)
        for name in ("roles", "move", "cancel")
    },
    # One form: attendance, minutes, absence, closing. Saving with a step's field typed
    # shows the page again (200) with what was typed, under "saved".
    "meetings:hold": Route("teacher", kwargs=Scene.started_meeting_kwargs, accepted_page=True),
    "meetings:remove_participant": Route(
        "teacher",
        kwargs=lambda s: [{**s.meeting_kwargs()[0], "participant_pk": s.counsellor_invited.pk}],
        page=meeting_page("meetings:detail"),
    ),
    "meetings:phone_answer": Route(
        "teacher",
        kwargs=lambda s: [{**s.meeting_kwargs()[0], "participant_pk": s.guardian_invited.pk}],
    ),
    "meetings:confirm": Route(
        None,
        kwargs=lambda s: [{"token": links.token_for(s.guardian_invited)}],
        accepted_page=True,  # "thank you for your answer"
    ),
    # The system administrator tries a failed background task again.
    "core:retry_task": Route(
        "system_admin",
        kwargs=lambda s: [{"pk": s.failed_task.pk}],
        page=on("core:failed_tasks"),
    ),
    # The language switch in every page's footer.
    "set_language": Route(None, page=on("core:accessibility")),
}

PERIOD = (("date_from", "date"), ("date_to", "date"))
GET_VIEWS = {
    "organisations:directory": Route("teacher", params=(("page", "number"),)),
    "accounts:user_list": Route("local_admin"),
    "audit:extract_csv": Route(
        "school_head",
        kwargs=lambda s: [{"child_pk": s.logged_child.pk}],
        params=PERIOD,
        has_form=False,
    ),
    "audit:extract_pdf": Route(
        "school_head",
        kwargs=lambda s: [{"child_pk": s.logged_child.pk}],
        params=PERIOD,
        has_form=False,
        examples=4,
    ),
    "notifications:inbox": Route("teacher", params=(("page", "number"),), has_form=False),
    "audit:role_changes": Route("school_head", params=(("page", "number"),), has_form=False),
    "core:failed_tasks": Route("system_admin", params=(("page", "number"),), has_form=False),
    "plans:compare": Route("teacher", kwargs=plan_of("active_plan")),
    "plans:list": Route(
        "teacher", params=(("after", "number"), ("before", "text")), has_form=False
    ),
    # Where to go after the second factor: read by a helper, so listed by hand.
    "accounts:two_factor": Route("teacher", params=(("next", "text"),), has_form=False),
}


def discovered() -> tuple[set, set]:
    """(routes that take a POST, routes that read the query string) of the project."""
    posts, queries = set(), set()
    for name, view in hostile.url_patterns():
        if name.startswith(NOT_OURS):
            continue
        if hostile.accepts_post(view):
            posts.add(name)
        elif hostile.reads_query(view):
            queries.add(name)
    return posts, queries


def test_every_input_view_is_known():
    posts, queries = discovered()
    unknown_posts = sorted(posts - set(POST_VIEWS))
    unknown_queries = sorted(queries - set(GET_VIEWS) - set(POST_VIEWS))
    assert not unknown_posts, (
        f"These routes take a POST but test_bad_input does not know them: {unknown_posts}. "
        "Add each to POST_VIEWS with the user who sends the form and the URL's arguments."
    )
    assert not unknown_queries, (
        f"These routes read the query string but test_bad_input does not know them: "
        f"{unknown_queries}. Add each to GET_VIEWS."
    )
    names = {name for name, _view in hostile.url_patterns()}
    assert not (set(POST_VIEWS) | set(GET_VIEWS)) - names, "routes that no longer exist"


@contextmanager
def rolled_back():
    """Each example starts from the same database (and a session of its own)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def scene(world, login):
    scene = Scene(world)
    scene.login = login
    return scene


def user_of(scene, route):
    return route.user and getattr(scene, route.user.removeprefix("password:"))


def sign_in(client, login, user, route):
    """The route's user logged in with both factors, or with the password only
    ("password:<user>"), or nobody."""
    client.logout()
    if user is None:
        return client
    if route.user.startswith("password:"):
        response = client.post(
            reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302, "the password step failed"
        return client
    return login(user)


def form_for(page, target: str, method: str) -> hostile.Form:
    path = page.request["PATH_INFO"]
    forms = hostile.forms_on(page.content.decode(), path)
    matching = [form for form in forms if form.action == target and form.method == method]
    assert matching, f"no {method} form on {path} sends to {target}: fix the route's table row"
    return matching[0]


def check_answer(response, values: dict, *, route: Route, method: str) -> None:
    status = response.status_code
    assert status < 500, status
    html = response.content.decode(errors="replace")
    assert not hostile.raw_payloads(html, values), "input shown as HTML, not as text"
    refused = status >= 400
    texts = hostile.refusal_texts(html, error_page=refused)
    if method == "post" and status == 200 and not route.accepted_page:
        assert texts, "a POST answered 200 without saying what is wrong"
    if refused:
        assert texts, f"refused with {status} but without a message"
    english = [text for text in texts if hostile.not_swedish(text, values)]
    assert not english, f"refusal not in Swedish: {english}"


def follow(client, response, values: dict) -> None:
    """After a redirect, the page that shows what was saved escapes it too."""
    location = response.get("Location", "")
    if response.status_code in (301, 302, 303) and location.startswith("/"):
        page = client.get(location)
        assert page.status_code < 500
        assert not hostile.raw_payloads(page.content.decode(errors="replace"), values)


def exercise(client, login, scene, name: str, route: Route, method: str):
    variants = route.kwargs(scene)
    foreign_ids = scene.foreign_ids

    @settings(
        max_examples=route.examples or (EXAMPLES if method == "post" else QUERY_EXAMPLES),
        deadline=None,
        # No shrinking: a failing example is shown as found, and a failure stays quick.
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def run(data):
        kwargs = data.draw(st.sampled_from(variants), label="url kwargs")
        target = reverse(name, kwargs=kwargs)
        # Whatever the scene builds is built before the example's own transaction.
        page_url = route.page(scene, kwargs) if route.page else target
        user = user_of(scene, route)
        with rolled_back():
            client_ = sign_in(client, login, user, route)
            fields = {}
            if route.has_form:
                page = client_.get(page_url, follow=True)
                assert page.status_code == 200, f"{page_url} answered {page.status_code}"
                fields = form_for(page, target, method).fields
            for param, kind in route.params:
                fields[param] = hostile.Field(param, kind)
            values = data.draw(hostile.values_for(fields, foreign_ids), label="form")
            if method == "post":
                response = client_.post(target, values)
            else:
                response = client_.get(target, values)
            check_answer(response, values, route=route, method=method)
            follow(client_, response, values)

    run()


@pytest.mark.parametrize("name", sorted(POST_VIEWS))
def test_any_post_is_answered_safely_and_in_swedish(client, login, scene, name):
    exercise(client, login, scene, name, POST_VIEWS[name], "post")


@pytest.mark.parametrize("name", sorted(GET_VIEWS))
def test_any_search_or_filter_is_answered_safely(client, login, scene, name):
    exercise(client, login, scene, name, GET_VIEWS[name], "get")
