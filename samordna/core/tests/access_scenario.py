"""The world the exhaustive access matrix runs in (test_access_exhaustive.py).

Child X is registered by unit A (municipality 1), which initiated her SIP and leads it. The
guardians' consent covers unit B (the region). Unit C belongs to municipality 1 but is not
covered; unit D belongs to a third principal and has nothing to do with X. Child Y is D's
own case: every object of X has a twin of Y, tried through the URLs of X's readers (IDOR).

Every role works at every unit; two users have a second membership, to show that a role at
one unit gives nothing while acting for another. The consent of X's plans is put in one of
STATES for each run of the matrix (inside a savepoint, rolled back afterwards).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from conftest import World, make_user
from samordna.accounts.models import CHILD_DATA_ROLES, Membership, Role, UserSession
from samordna.audit.models import AccessLog, Action
from samordna.consents.models import Consent
from samordna.documents.models import DocumentJob
from samordna.meetings import links
from samordna.meetings.models import Meeting, Participant
from samordna.notifications.models import Kind, Notification
from samordna.organisations.models import Principal, Unit
from samordna.people.models import Relative, Trustee
from samordna.people.tests.helpers import fictional_number, make_child, make_guardian
from samordna.plans import services
from samordna.plans.access import join_token
from samordna.plans.models import ClosureReason, Goal, JoinRequest, Measure, PlanVersion, Status
from samordna.plans.tests.factories import give_consent, make_plan

PLACES = ("A", "B", "C", "D")  # own unit, covered unit, same principal, other principal
STATES = ("covering", "none", "withdrawn", "unit_removed")
PDF = b"%PDF-1.4\n% the signed consent form\n"


@dataclass
class Actor:
    """Someone making requests: a user acting for one unit with one role, or anonymous."""

    label: str
    user: object = None
    unit: Unit | None = None
    role: str | None = None
    place: str | None = None  # where the acting unit stands towards child X
    principal: Principal | None = None
    # Principals where the user is a local administrator, by any membership.
    admin_of: frozenset = frozenset()

    @property
    def anonymous(self) -> bool:
        return self.user is None

    @property
    def works_with_children(self) -> bool:
        return self.role in CHILD_DATA_ROLES

    def __str__(self) -> str:
        return self.label


@dataclass
class Case:
    """A child and the objects hanging off it (X's, or its twins of Y)."""

    child: object
    guardian: object
    relative: object
    trustee: object
    plan: object
    closed_plan: object
    goal: object
    measure: object
    consent: object
    join: object
    meeting: object
    participant: object
    secrets: list[str] = field(default_factory=list)


class Scenario:
    def __init__(self):
        self.world = World()
        w = self.world
        self.municipality, self.region = w.municipality, w.region
        self.other_principal = Principal.objects.create(
            name="Annanby kommun", kind=Principal.Kind.MUNICIPAL, organisation_number="2129990020"
        )
        self.units = {
            "A": w.school,
            "B": w.bup,
            "C": w.social,
            "D": Unit.objects.create(
                principal=self.other_principal,
                name="Annanby skola",
                kind=Unit.Kind.COMPULSORY_SCHOOL,
            ),
        }
        self.staff = {
            (place, role): make_user(f"{role}.{place.lower()}@matris.example", unit, role)
            for place, unit in self.units.items()
            for role in Role.values
        }
        self.x = self._case("A", "B", given_name="Tindra", family_name="Hemligsson")
        self.y = self._case("D", "D", given_name="Ylva", family_name="Doldasdotter")
        self._log_reads()
        self.notification = self._notification(self.staff["A", Role.CASEWORKER])
        self.document_job = self._document_job(self.staff["A", Role.CASEWORKER])
        self.user_session = self._user_session(self.staff["A", Role.CASEWORKER])
        self.failed_task = self._failed_task()
        self.membership = Membership.objects.get(user=self.staff["A", Role.CASEWORKER])
        self.actors = self._actors()
        # Twins for objects that do not hang off a child: another principal's user, and so on.
        self.foreign = {
            "user": self.staff["D", Role.CASEWORKER],
            "membership": Membership.objects.get(user=self.staff["D", Role.CASEWORKER]),
            "notification": self._notification(self.staff["D", Role.CASEWORKER]),
            "document_job": self._document_job(self.staff["D", Role.CASEWORKER]),
            "user_session": self._user_session(self.staff["D", Role.CASEWORKER]),
        }

    # --- building ------------------------------------------------------------------------
    def _case(self, place: str, covered: str, **names) -> Case:
        unit = self.units[place]
        lead = self.staff[place, Role.CASEWORKER]
        child = make_child(unit, street_address=f"{names['family_name']}s lonngang 7", **names)
        guardian = make_guardian(
            child,
            given_name=f"{names['given_name']}mor",
            number=fictional_number(date(1980, 5, 17), 990 + PLACES.index(place)),
        )
        relative = Relative.objects.create(
            child=child,
            name=f"{names['given_name']}moster Slaktsson",
            relation="moster",
            registered_by_unit=unit,
        )
        trustee = Trustee.objects.create(
            child=child, name=f"{names['given_name']}godman Forvaltare", registered_by_unit=unit
        )
        closed = make_plan(
            child,
            unit,
            lead,
            status=Status.CLOSED,
            closed_at=timezone.now() - timedelta(days=400),
            closure_reason=ClosureReason.NO_JOINT_NEEDS,
        )
        plan = make_plan(child, unit, lead, status=Status.ACTIVE)
        goal = Goal.objects.create(plan=plan, term=Goal.Term.LONG, text="Trivas i skolan")
        measure = Measure.objects.create(
            plan=plan,
            goal=goal,
            description="Samtal",
            responsible_unit=self.units[covered],
            kept_by_unit=self.units[covered],
        )
        PlanVersion.objects.create(
            plan=plan,
            number=1,
            approved_on=timezone.localdate(),
            approved_by=lead,
            attendees="Alla",
            content=services.snapshot(plan),
        )
        for each in (closed, plan):
            consent = give_consent(each, self.units[covered], documented_by=lead)
        consent.document.save("underskrift.pdf", ContentFile(PDF))
        join = JoinRequest.objects.create(
            plan=plan,
            child=plan.child,
            unit=self.units["C" if place == "A" else "A"],
            requested_by=self.staff["C" if place == "A" else "A", Role.CASEWORKER],
            reason="Vi vill vara med",
        )
        meeting = Meeting.objects.create(
            plan=plan,
            starts_at=timezone.now() + timedelta(days=30),
            booked_by=lead,
            unit=unit,
            convener=lead,
        )
        participant = Participant.objects.create(
            meeting=meeting,
            kind=Participant.Kind.GUARDIAN,
            guardian=guardian,
            link_nonce=f"nonce{place}",  # invited: the link in the letter is valid
        )
        number = child.formatted_identity_number
        secrets = [
            child.given_name,
            child.family_name,
            number,
            number[2:],
            child.identity_number,
            child.identity_number[2:],
            child.street_address,
            guardian.given_name,
            guardian.identity_number,
            relative.name,
            trustee.name,
        ]
        return Case(
            child, guardian, relative, trustee, plan, closed, goal, measure, consent, join,
            meeting, participant, secrets,
        )  # fmt: skip

    def _log_reads(self) -> None:
        """Staff of A and of B have read X: both principals' logs know her, D's does not."""
        for place in ("A", "B"):
            AccessLog.objects.create(
                user=self.staff[place, Role.CASEWORKER],
                acting_unit=self.units[place],
                child_id=self.x.child.pk,
                object_type="people.child",
                object_id=str(self.x.child.pk),
                action=Action.VIEW,
            )
        AccessLog.objects.create(
            user=self.staff["D", Role.CASEWORKER],
            acting_unit=self.units["D"],
            child_id=self.y.child.pk,
            object_type="people.child",
            object_id=str(self.y.child.pk),
            action=Action.VIEW,
        )

    def _notification(self, user) -> Notification:
        return Notification.objects.create(
            user=user, kind=Kind.REMINDER, text="Dags for uppfoljning", url="/sip/"
        )

    def _document_job(self, user) -> DocumentJob:
        """A finished job with its file; it names no child (a list, not one child's data)."""
        job = DocumentJob.objects.create(
            kind="letters",
            title="Kallelser",
            requested_by=user,
            unit=user.memberships.first().unit,
            status=DocumentJob.Status.DONE,
            result_name="kallelser.pdf",
            content_type="application/pdf",
        )
        job.result.save("kallelser.pdf", ContentFile(PDF))
        return job

    def _user_session(self, user) -> UserSession:
        """Another session of the user's, logged in in another browser."""
        store = SessionStore()
        store.create()
        now = timezone.now()
        return UserSession.objects.create(
            session_id=store.session_key, user=user, started=now, last_active=now
        )

    def _failed_task(self) -> DBTaskResult:
        """A task that failed in a worker: its arguments are a key and an address."""
        return DBTaskResult.objects.create(
            status="FAILED",
            task_path="samordna.notifications.tasks.send_message",
            args_kwargs={"args": ["key-1", "Subject", "Body", ["unit@example.org"]], "kwargs": {}},
            backend_name="default",
            run_after=get_date_max(),  # as queued without a delay
            finished_at=timezone.now(),
            exception_class_path="smtplib.SMTPException",
            traceback="Traceback (most recent call last):\nsmtplib.SMTPException: refused\n",
        )

    def _actors(self) -> list[Actor]:
        actors = [Actor("anonymous")]
        for (place, role), user in self.staff.items():
            actors.append(self._actor(f"{role}@{place}", user, place))
        # A second membership gives nothing while acting for the first unit.
        insider = make_user("dubbel.c@matris.example", self.units["C"], Role.CASEWORKER)
        Membership.objects.create(user=insider, unit=self.units["A"], role=Role.LOCAL_ADMIN)
        actors.append(self._actor("caseworker@C (local admin at A)", insider, "C"))
        admin = make_user("dubbel.a@matris.example", self.units["A"], Role.LOCAL_ADMIN)
        Membership.objects.create(user=admin, unit=self.units["D"], role=Role.CASEWORKER)
        actors.append(self._actor("local_admin@A (caseworker at D)", admin, "A"))
        return actors

    def _actor(self, label: str, user, place: str) -> Actor:
        unit = self.units[place]
        memberships = list(user.memberships.select_related("unit"))
        return Actor(
            label,
            user,
            unit,
            role=next(m.role for m in memberships if m.unit_id == unit.pk),
            place=place,
            principal=unit.principal,
            admin_of=frozenset(
                m.unit.principal_id for m in memberships if m.role == Role.LOCAL_ADMIN
            ),
        )

    # --- objects for URL parameters ------------------------------------------------------
    def object(self, kind: str, *, twin: bool = False):
        """The object of `kind` the URLs are filled with; its twin of Y for the IDOR check.

        Kinds that do not hang off a child have a twin of another principal (self.foreign)
        or none (a unit is public within samordna: the directory).
        """
        case = self.y if twin else self.x
        if kind == "join_token":
            return None if twin else join_token(case.child)
        if kind == "meeting_token":
            return None if twin else links.token_for(case.participant)
        if kind == "valid_consent":
            kind = "consent"
        if hasattr(case, kind):
            return getattr(case, kind)
        if twin:
            return self.foreign.get(kind)
        return {
            "user": self.staff["A", Role.CASEWORKER],
            "membership": self.membership,
            "notification": self.notification,
            "document_job": self.document_job,
            "user_session": self.user_session,
            "failed_task": self.failed_task,
            "unit": self.units["D"],
        }[kind]

    def post_own_unit(self, actor) -> dict:
        """accounts:switch_unit: the unit the actor acts for."""
        return {"unit": actor.unit.pk} if actor.unit else {}

    # --- consent states ------------------------------------------------------------------
    def set_state(self, state: str) -> None:
        """Put the consents of X's plans (open and closed) into `state`."""
        consents = Consent.objects.filter(plan__child=self.x.child)
        if state == "none":
            consents.delete()
        elif state == "withdrawn":
            consents.update(withdrawn_at=timezone.now())
        elif state == "unit_removed":
            for consent in consents:
                consent.units.remove(self.units["B"])
                consent.units.add(self.units["A"])

    def gone(self, kind: str, state: str) -> bool:
        """Objects that no longer exist, or no longer qualify, in the state."""
        return (kind in {"consent", "valid_consent"} and state == "none") or (
            kind == "valid_consent" and state == "withdrawn"
        )
