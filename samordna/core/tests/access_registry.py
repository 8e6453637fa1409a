"""Every URL of samordna and who may use it: the table the exhaustive access matrix
(test_access_exhaustive.py) walks. A URL the resolver knows and this table does not fails
the suite, so a new URL joins the matrix by construction.

How to add a URL (say `meetings:detail`, `sip/<int:plan_pk>/moten/<int:pk>/`, GET only):

    "meetings:detail": Entry(Rule.PLAN, {"plan_pk": "plan", "pk": "meeting"}, methods=GET),

1. Pick the Rule that says who may use it (see Rule below; they are written from the
   domain's access rules, not from the code under test). If none fits, add one to Rule and
   to `expect()`.
2. Map each URL parameter to an object kind of the scenario (access_scenario.py): child,
   guardian, relative, trustee, plan, closed_plan, goal, measure, consent, valid_consent,
   join, join_token, meeting, meeting_token, participant, document_job, failed_task, user,
   membership, notification, user_session, unit; or
   a Const("text") for a fixed string. A new kind goes into access_scenario.Case for child
   X and, through `_case`, gets a twin of child Y, which the IDOR check tries.
3. Say which methods the view accepts: the matrix checks that the others answer 405.
4. Where an allowed answer is not a plain 200, say so (`ok`), and how many read-log rows
   an allowed GET writes (`logs`, one by default for a child's data).
"""

from dataclasses import dataclass, field
from enum import StrEnum

from samordna.accounts.models import Role

GET_POST = ("GET", "POST")
GET = ("GET",)
POST = ("POST",)


class Rule(StrEnum):
    PUBLIC = "anyone, also anonymous; never shows a child"
    STAFF = "any logged-in user; never shows a child"
    USER_ADMIN = "local administrators (their own principal's users) and system administrators"
    OWN = "the user the object belongs to (a notification, a document job, a session)"
    SYSTEM_ADMIN = "system administrators only (404 to everyone else)"
    MANAGER_LOG = (
        "managers, for children their principal's read log knows, named only where their "
        "unit may see the child"
    )
    MANAGER = "managers, for their own principal; never shows a child"
    CHILD_ROLE = "roles that work with children; a list shows only the children they may see"
    CHILD = "may see the child: registered by the acting unit, or a valid consent covers it"
    CHILD_OWN = "the unit that registered the child (the record about the person)"
    PLAN = "may see the plan: the initiating unit, or a unit a valid consent covers"
    PLAN_LEAD = "sees the plan and leads it (403 to the others who see it)"
    MEASURE_OWN = "sees the plan and is the measure's responsible unit (403 to the others)"
    ADMIN = "the Django admin: system administrators; others are sent to its login"


@dataclass(frozen=True)
class Const:
    """A fixed value for a URL parameter that is not an object (a slug, a token)."""

    value: str


@dataclass(frozen=True)
class Entry:
    rule: Rule
    params: dict = field(default_factory=dict)
    methods: tuple[str, ...] = GET_POST
    ok: frozenset = frozenset({200})  # the statuses of an allowed GET
    post_ok: frozenset = frozenset({200, 302, 400, 409})  # of an allowed POST (empty data)
    post_rule: Rule | None = None  # when POST asks more than GET (e.g. only the lead unit)
    logs: int = 1  # read-log rows about the child an allowed GET writes (child-data rules)
    shows_child: bool = False  # a list that shows the child to those who may see it
    looks_up: bool = False  # a look-up about the child: one row, whatever it shows
    post_data: str | None = None  # a scenario method giving the POST data for an actor

    @property
    def child_data(self) -> bool:
        return self.rule in CHILD_RULES


CHILD_RULES = {Rule.CHILD, Rule.CHILD_OWN, Rule.PLAN, Rule.PLAN_LEAD, Rule.MEASURE_OWN}
PLAN = {"pk": "plan"}
CONSENTS = {"plan_pk": "plan"}
MEETING = {"plan_pk": "plan", "pk": "meeting"}
PARTICIPANT = {**MEETING, "participant_pk": "participant"}
PDF = frozenset({200})

REGISTRY: dict[str, Entry] = {
    # core
    "core:start": Entry(Rule.STAFF),
    "core:healthz": Entry(Rule.PUBLIC, methods=GET, ok=frozenset({200, 503})),
    "core:accessibility": Entry(Rule.PUBLIC),
    "core:keep_alive": Entry(Rule.STAFF, methods=GET, ok=frozenset({204})),
    "set_language": Entry(Rule.PUBLIC, ok=frozenset({204, 302}), post_ok=frozenset({204, 302})),
    # accounts: login, password reset (signed links), the acting unit, user administration
    "accounts:login": Entry(Rule.PUBLIC, ok=frozenset({200, 302})),
    "accounts:logout": Entry(Rule.PUBLIC, methods=POST, post_ok=frozenset({302})),
    "accounts:password_reset": Entry(Rule.PUBLIC),
    "accounts:password_reset_done": Entry(Rule.PUBLIC, methods=GET),
    "accounts:password_reset_confirm": Entry(
        Rule.PUBLIC, {"uidb64": Const("MTIzNDU"), "token": Const("c0ffee-0123456789abcdef")}
    ),
    "accounts:password_reset_complete": Entry(Rule.PUBLIC, methods=GET),
    "accounts:switch_unit": Entry(Rule.STAFF, methods=POST, post_data="own_unit"),
    # the user's own sessions: the list, ending another one of them, ending all the others
    "accounts:sessions": Entry(Rule.STAFF, methods=GET),
    "accounts:end_session": Entry(
        Rule.OWN, {"pk": "user_session"}, methods=POST, post_ok=frozenset({302})
    ),
    "accounts:end_other_sessions": Entry(Rule.STAFF, methods=POST, post_ok=frozenset({302})),
    # two-factor login: a verified session is sent on (the code page, the set-up) or shown
    # its own settings; backup codes are shown only right after they are made
    "accounts:two_factor": Entry(Rule.STAFF, ok=frozenset({302})),
    "accounts:two_factor_enrol": Entry(Rule.STAFF, ok=frozenset({302})),
    "accounts:two_factor_settings": Entry(Rule.STAFF, methods=GET),
    "accounts:two_factor_backup_codes": Entry(Rule.STAFF, methods=GET, ok=frozenset({302})),
    "accounts:two_factor_new_backup_codes": Entry(Rule.STAFF, methods=POST),
    "accounts:user_list": Entry(Rule.USER_ADMIN),
    "accounts:user_create": Entry(Rule.USER_ADMIN),
    "accounts:user_detail": Entry(Rule.USER_ADMIN, {"pk": "user"}),
    "accounts:membership_add": Entry(Rule.USER_ADMIN, {"pk": "user"}, methods=POST),
    "accounts:reset_two_factor": Entry(Rule.USER_ADMIN, {"pk": "user"}, methods=POST),
    "accounts:membership_remove": Entry(
        Rule.USER_ADMIN, {"pk": "user", "membership_pk": "membership"}, methods=POST
    ),
    # the actor directory is open to all staff: units and who works there, no children
    "organisations:directory": Entry(Rule.STAFF),
    "organisations:unit_detail": Entry(Rule.STAFF, {"pk": "unit"}),
    # people
    "people:child_list": Entry(Rule.CHILD_ROLE, shows_child=True),
    "people:child_register": Entry(Rule.CHILD_ROLE),
    "people:child_detail": Entry(Rule.CHILD, {"pk": "child"}),
    "people:child_edit": Entry(Rule.CHILD_OWN, {"pk": "child"}),
    "people:child_history": Entry(Rule.CHILD, {"pk": "child"}),
    "people:child_item_add": Entry(
        Rule.CHILD_OWN, {"pk": "child", "kind": Const("vardnadshavare")}
    ),
    # The page of a guardian logs the child and the guardian: two rows.
    "people:child_item_edit": Entry(
        Rule.CHILD_OWN,
        {"pk": "child", "kind": Const("vardnadshavare"), "item_pk": "guardian"},
        logs=2,
    ),
    # plans: starting
    "plans:list": Entry(Rule.CHILD_ROLE, shows_child=True),
    # The child has an open SIP: those who see it are sent to it.
    "plans:initiate": Entry(Rule.CHILD, {"child_pk": "child"}, ok=frozenset({302})),
    # A signed ticket to ask about a child the unit cannot see: it shows nothing of the child,
    # and learning whether the child has a SIP is a look-up, logged (decision 29).
    "plans:join_request": Entry(Rule.CHILD_ROLE, {"token": "join_token"}, looks_up=True),
    "plans:join_requests": Entry(Rule.PLAN_LEAD, PLAN),
    "plans:decide_join": Entry(Rule.PLAN_LEAD, {"pk": "plan", "join_pk": "join"}, methods=POST),
    "plans:preparation": Entry(Rule.PLAN_LEAD, PLAN),
    "plans:book_meeting": Entry(Rule.PLAN_LEAD, PLAN),
    # plans: content
    "plans:detail": Entry(Rule.PLAN, PLAN, methods=GET),
    "plans:edit": Entry(Rule.PLAN_LEAD, PLAN),
    "plans:goal_add": Entry(Rule.PLAN_LEAD, PLAN),
    "plans:goal_edit": Entry(Rule.PLAN_LEAD, {"pk": "plan", "goal_pk": "goal"}),
    # the scenario's goal and measure are in an approved version: deleting them is refused
    "plans:goal_delete": Entry(Rule.PLAN_LEAD, {"pk": "plan", "goal_pk": "goal"}),
    "plans:measure_delete": Entry(Rule.MEASURE_OWN, {"pk": "plan", "measure_pk": "measure"}),
    # Every unit taking part writes measures of its own.
    "plans:measure_add": Entry(Rule.PLAN, PLAN),
    "plans:measure_edit": Entry(Rule.MEASURE_OWN, {"pk": "plan", "measure_pk": "measure"}),
    # any unit taking part may take on a need; the scenario's measure is taken (409)
    "plans:measure_take_on": Entry(
        Rule.PLAN, {"pk": "plan", "measure_pk": "measure"}, methods=POST
    ),
    # Everyone taking part reads the coordinator's history; the lead unit appoints.
    "plans:coordinator": Entry(Rule.PLAN, PLAN, post_rule=Rule.PLAN_LEAD),
    "plans:responsibility": Entry(Rule.PLAN_LEAD, PLAN, methods=POST),
    "plans:approve": Entry(Rule.PLAN_LEAD, PLAN),
    "plans:compare": Entry(Rule.PLAN, PLAN, methods=GET),
    "plans:follow_up": Entry(Rule.PLAN_LEAD, PLAN),
    "plans:close": Entry(Rule.PLAN_LEAD, PLAN),
    "plans:pdf": Entry(Rule.PLAN, PLAN, methods=GET, ok=PDF),
    "plans:my_plan_pdf": Entry(Rule.PLAN, PLAN, methods=GET, ok=PDF),
    "plans:closure_letter": Entry(Rule.PLAN, {"pk": "closed_plan"}, methods=GET, ok=PDF),
    # consents (under sip/<plan_pk>/samtycke/)
    "consents:list": Entry(Rule.PLAN, CONSENTS, methods=GET),
    "consents:record": Entry(Rule.PLAN_LEAD, CONSENTS),
    "consents:form_pdf": Entry(Rule.PLAN, CONSENTS, methods=GET, ok=PDF),
    # The plan is read (one row), then the signed form printed (another).
    "consents:document": Entry(
        Rule.PLAN, {"plan_pk": "plan", "consent_pk": "consent"}, methods=GET, logs=2
    ),
    # Anyone taking part records a withdrawal: whoever receives it must act at once.
    "consents:withdraw": Entry(Rule.PLAN, {"plan_pk": "plan", "consent_pk": "valid_consent"}),
    # audit: the manager's log review and a child's log extract
    "audit:review": Entry(Rule.MANAGER_LOG, shows_child=True),
    "audit:extract_csv": Entry(Rule.MANAGER_LOG, {"child_pk": "child"}, methods=GET),
    "audit:extract_pdf": Entry(Rule.MANAGER_LOG, {"child_pk": "child"}, methods=GET, ok=PDF),
    # the record of role changes at the units of the manager's principal
    "audit:role_changes": Entry(Rule.MANAGER, methods=GET),
    # notifications: the user's own
    "notifications:inbox": Entry(Rule.STAFF),
    "notifications:unread_count": Entry(
        Rule.PUBLIC, ok=frozenset({200, 204}), post_ok=frozenset({200, 204})
    ),
    # the Django admin's own login and logout: open to all, as the login page is
    "admin:login": Entry(Rule.PUBLIC, ok=frozenset({200, 302})),
    "admin:logout": Entry(Rule.PUBLIC, methods=POST, post_ok=frozenset({200, 302})),
    "notifications:read_all": Entry(Rule.STAFF, methods=POST),
    "notifications:read": Entry(Rule.OWN, {"pk": "notification"}, methods=POST),
    "notifications:preferences": Entry(Rule.STAFF),
    # meetings (under sip/<plan_pk>/moten/<pk>/): the plan's rule; the convening unit (the
    # lead) arranges; "runs" (hold: attendance, minutes, no-show, close, one form) also lets
    # the meeting's convener, leader and note-taker in, who in the scenario all work at the
    # lead unit.
    "meetings:detail": Entry(Rule.PLAN, MEETING, methods=GET),
    "meetings:add_participant": Entry(Rule.PLAN_LEAD, MEETING, methods=POST),
    "meetings:remove_participant": Entry(Rule.PLAN_LEAD, PARTICIPANT, methods=POST),
    "meetings:phone_answer": Entry(Rule.PLAN_LEAD, PARTICIPANT),
    "meetings:letter": Entry(Rule.PLAN_LEAD, PARTICIPANT, methods=GET, ok=PDF),
    "meetings:roles": Entry(Rule.PLAN_LEAD, MEETING),
    "meetings:send_invitations": Entry(Rule.PLAN_LEAD, MEETING, methods=POST),
    "meetings:letters_batch": Entry(Rule.PLAN_LEAD, MEETING, methods=POST),
    # Staff answer their own invitation: those who see the plan but are not invited get 404;
    # an empty answer is refused (400).
    "meetings:my_answer": Entry(
        Rule.PLAN, MEETING, methods=POST, post_ok=frozenset({400, 404, 409})
    ),
    "meetings:move": Entry(Rule.PLAN_LEAD, MEETING),
    "meetings:cancel": Entry(Rule.PLAN_LEAD, MEETING),
    "meetings:hold": Entry(Rule.PLAN_LEAD, MEETING),
    # The scenario's meeting is booked, not held: the protocol sends back to the meeting.
    "meetings:protocol": Entry(Rule.PLAN, MEETING, methods=GET, ok=frozenset({302})),
    "meetings:protocol_post": Entry(Rule.PLAN_LEAD, MEETING, methods=GET, ok=frozenset({302})),
    # Booked, not cancelled: the cancellation letters send back to the meeting too.
    "meetings:cancellation_letters": Entry(
        Rule.PLAN_LEAD, MEETING, methods=GET, ok=frozenset({302})
    ),
    # The answer page behind an invitation's link: no login, the signed link is the key.
    "meetings:confirm": Entry(Rule.PUBLIC, {"token": "meeting_token"}),
    # documents: a background job's page, progress and file are its requester's alone
    "documents:job": Entry(Rule.OWN, {"pk": "document_job"}, methods=GET),
    "documents:progress": Entry(Rule.OWN, {"pk": "document_job"}, methods=GET),
    "documents:download": Entry(Rule.OWN, {"pk": "document_job"}, methods=GET),
    # core: failed background tasks, for system administrators
    "core:failed_tasks": Entry(Rule.SYSTEM_ADMIN, methods=GET),
    "core:failed_task": Entry(Rule.SYSTEM_ADMIN, {"pk": "failed_task"}, methods=GET),
    "core:retry_task": Entry(
        Rule.SYSTEM_ADMIN, {"pk": "failed_task"}, methods=POST, post_ok=frozenset({302})
    ),
}

# Whole namespaces under one rule. The admin names its URLs after each registered model, and
# one check (AdminSite.has_permission) guards them all; every one is still requested, and
# none may show a child, not even to a system administrator.
NAMESPACES: dict[str, Entry] = {
    "admin": Entry(
        Rule.ADMIN,
        ok=frozenset({200, 302, 403, 404}),  # 403: a read-only model's add or delete page
        post_ok=frozenset({200, 302, 400, 403, 404, 405}),
    ),
}


def entry_for(key: str) -> Entry | None:
    if key in REGISTRY:
        return REGISTRY[key]
    namespace = key.split(":", 1)[0] if ":" in key else None
    return NAMESPACES.get(namespace)


# --- the oracle: what each actor should get, from the scenario's facts --------------------


@dataclass(frozen=True)
class Expect:
    outcome: str  # allow | hidden (404) | missing (404) | forbidden (403) | login | admin_login
    shows_child: bool = False  # the answer may show child X
    # Read-log rows about X: exactly this many for an allowed GET; at most this many for
    # "missing" (the plan, read before the object that is gone from it is looked up).
    logs: int = 0


HIDDEN = Expect("hidden")
FORBIDDEN = Expect("forbidden", shows_child=True)


def sees_child(actor, state: str) -> bool:
    """X is registered by A and her SIPs were initiated there; the consent covers B."""
    return actor.works_with_children and (
        actor.place == "A" or (actor.place == "B" and state == "covering")
    )


def expect(entry: Entry, rule: Rule, actor, state: str, scenario) -> Expect:
    if rule == Rule.PUBLIC:
        return Expect("allow")
    if actor.anonymous:
        return Expect("admin_login" if rule == Rule.ADMIN else "login")
    if rule == Rule.ADMIN:
        return Expect("allow") if actor.role == Role.SYSTEM_ADMIN else Expect("admin_login")
    if rule == Rule.STAFF:
        return Expect("allow")
    if rule == Rule.SYSTEM_ADMIN:
        return Expect("allow") if actor.role == Role.SYSTEM_ADMIN else HIDDEN
    if rule == Rule.USER_ADMIN:
        if actor.role == Role.SYSTEM_ADMIN:
            return Expect("allow")
        if "user" in entry.params.values():
            ok = scenario.municipality.pk in actor.admin_of  # the target works at A
        else:
            ok = bool(actor.admin_of)
        return Expect("allow") if ok else HIDDEN
    if rule == Rule.OWN:  # the notification, the document job and the session: one user's
        return Expect("allow") if actor.user == scenario.notification.user else HIDDEN
    if rule == Rule.MANAGER_LOG:
        if actor.role != Role.MANAGER:
            return HIDDEN
        known = actor.principal in (scenario.municipality, scenario.region)
        named = known and sees_child(actor, state)  # otherwise by a reference (decision 30)
        if entry.params:  # the extract, made (and logged) for any child the log knows
            return Expect("allow", named, 1) if known else HIDDEN
        return Expect("allow", named, int(named))
    if rule == Rule.MANAGER:
        return Expect("allow") if actor.role == Role.MANAGER else HIDDEN
    if rule == Rule.CHILD_ROLE:
        if not actor.works_with_children:
            return HIDDEN
        shown = entry.shows_child and sees_child(actor, state)
        return Expect("allow", shown, 1 if entry.looks_up else int(shown))
    if not sees_child(actor, state):
        return HIDDEN
    if any(scenario.gone(kind, state) for kind in entry.params.values()):
        return Expect("missing", logs=1)
    allowed = Expect("allow", True, entry.logs)
    if rule in (Rule.CHILD, Rule.PLAN):
        return allowed
    if rule == Rule.CHILD_OWN:
        # B sees X through the consent, but the record about the person is A's: 404 too.
        return allowed if actor.place == "A" else HIDDEN
    if rule == Rule.PLAN_LEAD:
        return allowed if actor.place == "A" else FORBIDDEN
    if rule == Rule.MEASURE_OWN:
        return allowed if actor.place == "B" else FORBIDDEN
    raise AssertionError(f"no expectation for {rule!r}")
