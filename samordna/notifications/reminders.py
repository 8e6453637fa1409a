"""Reminders samordna sends by itself, each once: its key names the fact it reminds of.

Run every 15 minutes by the worker (run_worker) or by `manage.py send_reminders`. Running
the sweep again, or on two workers at once, creates nothing new: notify() keeps one
notification per user and key. Closed SIPs are never reminded of.

Set-based, so that a sweep over a region (20,000 open SIPs) costs a few queries per kind of
reminder: each kind selects what is due in one query and gives `Due` items; `_send` finds
the staff of all their units and the keys already sent in one query each, and only the
reminders not yet sent reach notify(). A sweep that finds nothing new writes nothing.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import Membership, User
from samordna.consents.models import Consent
from samordna.meetings.mail import REMINDER
from samordna.meetings.models import Meeting, Participant
from samordna.meetings.tasks import send_invitation
from samordna.notifications.models import Kind, Notification, SentMessage
from samordna.notifications.service import notify
from samordna.plans.access import leading_unit_id
from samordna.plans.models import JoinRequest, Measure, Plan, Status

FOLLOW_UP_DUE_WITHIN = timedelta(days=7)
CONSENT_EXPIRES_WITHIN = timedelta(days=30)
JOIN_WAITING_LONGER_THAN = timedelta(days=3)
CONFIRM_BEFORE = timedelta(days=7)


KEYS_PER_QUERY = 500


# The plan's leading unit as values (plans.access.leading_unit_id): the coordinator's unit,
# else the initiating one.
LEAD = ("plan__coordinator_unit", "plan__initiating_unit")


@dataclass(frozen=True)
class Due:
    """A reminder that is due: to the child staff of `unit_id`, or to `user`, once per key."""

    key: str
    text: object
    url: str
    unit_id: int | None = None
    user: User | None = None


def plan_url(plan_id: int) -> str:
    return reverse("plans:detail", args=[plan_id])


def _staff(unit_ids: set[int]) -> dict[int, list[User]]:
    """The active users who work with children at each unit (child_staff), in one query."""
    staff = defaultdict(list)
    memberships = Membership.objects.child_staff(unit_ids).select_related("user")
    for membership in memberships.order_by("user_id"):
        staff[membership.unit_id].append(membership.user)
    return staff


def _sent(keys: list[str]) -> set[tuple[str, int]]:
    """(key, user id) of the reminders among `keys` that were sent before."""
    sent = set()
    for start in range(0, len(keys), KEYS_PER_QUERY):
        chunk = keys[start : start + KEYS_PER_QUERY]
        sent |= set(Notification.objects.filter(key__in=chunk).values_list("key", "user_id"))
    return sent


def _send(dues) -> int:
    """Notify each due reminder's recipients who have not had it; returns how many."""
    dues = list(dues)
    staff = _staff({due.unit_id for due in dues if due.unit_id})
    sent = _sent(sorted({due.key for due in dues}))
    created = 0
    for due in dues:
        users = [due.user] if due.user else staff[due.unit_id]
        users = [user for user in users if (due.key, user.pk) not in sent]
        if users:
            created += len(
                notify(users, kind=Kind.REMINDER, text=due.text, url=due.url, key=due.key)
            )
    return created


def meetings_tomorrow() -> int:
    now = timezone.now()
    meetings = Meeting.objects.filter(
        status=Meeting.Status.BOOKED, starts_at__gte=now, starts_at__lte=now + timedelta(hours=24)
    ).exclude(plan__status=Status.CLOSED)
    text = _("A SIP meeting that your unit leads takes place within 24 hours.")
    return _send(
        Due(f"reminder:meeting:{pk}:{starts_at:%Y%m%d%H%M}", text, plan_url(plan), c or i)
        for pk, starts_at, plan, c, i in meetings.values_list("pk", "starts_at", "plan", *LEAD)
    )


def measures_overdue() -> int:
    measures = Measure.objects.filter(
        ends_on__lt=timezone.localdate(),
        status__in=[Measure.Status.PLANNED, Measure.Status.ONGOING],
    ).exclude(plan__status=Status.CLOSED)
    text = _(
        "A measure your unit wrote down in a SIP has passed its end date but is still "
        "planned or ongoing. Update its status."
    )
    return _send(
        Due(f"reminder:measure_overdue:{pk}:{ends_on}", text, plan_url(plan_id), unit_id)
        for pk, ends_on, plan_id, unit_id in measures.values_list(
            "pk", "ends_on", "plan_id", "kept_by_unit_id"
        )
    )


def follow_ups_due() -> int:
    today = timezone.localdate()
    plans = Plan.objects.open().filter(
        next_follow_up__gte=today, next_follow_up__lte=today + FOLLOW_UP_DUE_WITHIN
    )
    text = _("A follow-up of a SIP that your unit leads is due within a week.")
    return _send(
        Due(f"reminder:followup_due:{pk}:{due_on}", text, plan_url(pk), c or i)
        for pk, due_on, c, i in plans.values_list(
            "pk", "next_follow_up", "coordinator_unit", "initiating_unit"
        )
    )


def without_follow_up() -> int:
    plans = Plan.objects.filter(status=Status.ACTIVE, next_follow_up__isnull=True).annotate(
        last_follow_up=Max("follow_ups__id")
    )
    text = _("An active SIP that your unit leads has no follow-up booked.")
    return _send(
        # Once per state: again only after a follow-up that booked no next one.
        Due(f"reminder:no_follow_up:{pk}:{last or 0}", text, plan_url(pk), c or i)
        for pk, last, c, i in plans.values_list(
            "pk", "last_follow_up", "coordinator_unit", "initiating_unit"
        )
    )


def consents_expiring() -> int:
    today = timezone.localdate()
    consents = (
        Consent.objects.valid()
        .filter(valid_until__lte=today + CONSENT_EXPIRES_WITHIN)
        .exclude(plan__status=Status.CLOSED)
    )
    text = _("A consent in a SIP that your unit leads expires within 30 days.")
    return _send(
        Due(f"reminder:consent_expiring:{pk}:{until}", text, plan_url(plan), c or i)
        for pk, until, plan, c, i in consents.values_list("pk", "valid_until", "plan", *LEAD)
    )


def joins_waiting() -> int:
    # A request for a child without a SIP waits for one (plans.services.ask_to_take_part).
    joins = JoinRequest.objects.filter(
        plan__isnull=False,
        status=JoinRequest.Status.PENDING,
        created_at__lt=timezone.now() - JOIN_WAITING_LONGER_THAN,
    ).exclude(plan__status=Status.CLOSED)
    text = _("A unit has waited more than three days for an answer to take part in a SIP.")
    return _send(
        Due(
            f"reminder:join_waiting:{pk}", text, reverse("plans:join_requests", args=[plan]), c or i
        )
        for pk, plan, c, i in joins.values_list("pk", "plan", *LEAD)
    )


def invitations_unanswered() -> int:
    """One week before a meeting: the convener learns who has not answered, and each
    invitee by e-mail who has not gets a reminder with the same link and calendar file."""
    now = timezone.now()
    waiting = (
        Participant.objects.filter(
            meeting__status=Meeting.Status.BOOKED,
            meeting__starts_at__gt=now,
            meeting__starts_at__lte=now + CONFIRM_BEFORE,
            response=Participant.Response.PENDING,
            invited_sequence=F("meeting__sequence"),
        )
        .exclude(meeting__plan__status=Status.CLOSED)
        .select_related("meeting__plan", "meeting__convener", "user", "function__unit")
    )
    meetings, mailed = {}, []
    for participant in waiting:
        meetings[participant.meeting_id] = participant.meeting
        if not participant.by_post and participant.email_address:
            mailed.append(participant)
    text = _("Invitees to a SIP meeting in a week have not answered. Contact them.")
    sent = _send(
        Due(
            f"reminder:unanswered:{meeting.pk}:{meeting.sequence}",
            text,
            reverse("meetings:detail", args=[meeting.plan_id, meeting.pk]),
            None if meeting.convener_id else leading_unit_id(meeting.plan),
            meeting.convener,
        )
        for meeting in meetings.values()
    )
    # One reminder per invitation: those sent before are not queued again (send_invitation
    # would skip them too, but a task per invitee and sweep is churn at a region's scale).
    keys = {f"invitation:{p.pk}:{p.invited_sequence}:{REMINDER}": p for p in mailed}
    done = set(SentMessage.objects.filter(key__in=keys).values_list("key", flat=True))
    for key, participant in keys.items():
        if key not in done:
            send_invitation.enqueue(participant.pk, participant.invited_sequence, REMINDER)
    return sent


REMINDERS = [
    invitations_unanswered,
    meetings_tomorrow,
    measures_overdue,
    follow_ups_due,
    without_follow_up,
    consents_expiring,
    joins_waiting,
]


def sweep() -> int:
    """Send every reminder that is due and not yet sent; returns how many notifications."""
    # Stored texts are in the installation's language, whoever reads them.
    with translation.override(settings.LANGUAGE_CODE):
        return sum(reminder() for reminder in REMINDERS)
