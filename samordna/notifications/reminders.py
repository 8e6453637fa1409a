"""Reminders samordna sends by itself, each once: its key names the fact it reminds of.

Run every 15 minutes by the worker (run_worker) or by `manage.py send_reminders`. Running
the sweep again, or on two workers at once, creates nothing new: notify() keeps one
notification per user and key. Closed SIPs are never reminded of.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import child_staff
from samordna.consents.models import Consent
from samordna.meetings.mail import REMINDER
from samordna.meetings.models import Meeting, Participant
from samordna.meetings.tasks import send_invitation
from samordna.notifications.models import Kind
from samordna.notifications.service import notify
from samordna.plans.models import JoinRequest, Measure, Plan, Status

FOLLOW_UP_DUE_WITHIN = timedelta(days=7)
CONSENT_EXPIRES_WITHIN = timedelta(days=30)
JOIN_WAITING_LONGER_THAN = timedelta(days=3)
CONFIRM_BEFORE = timedelta(days=7)


def leading_unit(plan):
    return plan.coordinator_unit or plan.initiating_unit


def _remind(unit, plan, key: str, text, url: str = "") -> int:
    url = url or reverse("plans:detail", args=[plan.pk])
    return len(notify(child_staff([unit]), kind=Kind.REMINDER, text=text, url=url, key=key))


def meetings_tomorrow() -> int:
    now = timezone.now()
    meetings = Meeting.objects.filter(
        status=Meeting.Status.BOOKED, starts_at__gte=now, starts_at__lte=now + timedelta(hours=24)
    ).exclude(plan__status=Status.CLOSED)
    return sum(
        _remind(
            leading_unit(m.plan),
            m.plan,
            f"reminder:meeting:{m.pk}:{m.starts_at:%Y%m%d%H%M}",
            _("A SIP meeting that your unit leads takes place within 24 hours."),
        )
        for m in meetings.select_related("plan__coordinator_unit", "plan__initiating_unit")
    )


def measures_overdue() -> int:
    measures = Measure.objects.filter(
        ends_on__lt=timezone.localdate(),
        status__in=[Measure.Status.PLANNED, Measure.Status.ONGOING],
    ).exclude(plan__status=Status.CLOSED)
    return sum(
        _remind(
            m.kept_by_unit,
            m.plan,
            f"reminder:measure_overdue:{m.pk}:{m.ends_on}",
            _(
                "A measure your unit wrote down in a SIP has passed its end date but is still "
                "planned or ongoing. Update its status."
            ),
        )
        for m in measures.select_related("plan", "kept_by_unit")
    )


def follow_ups_due() -> int:
    today = timezone.localdate()
    plans = Plan.objects.open().filter(
        next_follow_up__gte=today, next_follow_up__lte=today + FOLLOW_UP_DUE_WITHIN
    )
    return sum(
        _remind(
            leading_unit(plan),
            plan,
            f"reminder:followup_due:{plan.pk}:{plan.next_follow_up}",
            _("A follow-up of a SIP that your unit leads is due within a week."),
        )
        for plan in plans.select_related("coordinator_unit", "initiating_unit")
    )


def without_follow_up() -> int:
    plans = Plan.objects.filter(status=Status.ACTIVE, next_follow_up__isnull=True).annotate(
        last_follow_up=Max("follow_ups__id")
    )
    return sum(
        _remind(
            leading_unit(plan),
            plan,
            # Once per state: again only after a follow-up that booked no next one.
            f"reminder:no_follow_up:{plan.pk}:{plan.last_follow_up or 0}",
            _("An active SIP that your unit leads has no follow-up booked."),
        )
        for plan in plans.select_related("coordinator_unit", "initiating_unit")
    )


def consents_expiring() -> int:
    today = timezone.localdate()
    consents = (
        Consent.objects.valid()
        .filter(valid_until__lte=today + CONSENT_EXPIRES_WITHIN)
        .exclude(plan__status=Status.CLOSED)
    )
    return sum(
        _remind(
            leading_unit(c.plan),
            c.plan,
            f"reminder:consent_expiring:{c.pk}:{c.valid_until}",
            _("A consent in a SIP that your unit leads expires within 30 days."),
        )
        for c in consents.select_related("plan__coordinator_unit", "plan__initiating_unit")
    )


def joins_waiting() -> int:
    # A request for a child without a SIP waits for one (plans.services.ask_to_take_part).
    joins = JoinRequest.objects.filter(
        plan__isnull=False,
        status=JoinRequest.Status.PENDING,
        created_at__lt=timezone.now() - JOIN_WAITING_LONGER_THAN,
    ).exclude(plan__status=Status.CLOSED)
    return sum(
        _remind(
            leading_unit(j.plan),
            j.plan,
            f"reminder:join_waiting:{j.pk}",
            _("A unit has waited more than three days for an answer to take part in a SIP."),
            url=reverse("plans:join_requests", args=[j.plan_id]),
        )
        for j in joins.select_related("plan__coordinator_unit", "plan__initiating_unit")
    )


def invitations_unanswered() -> int:
    """One week before a meeting: the convener learns who has not answered, and each
    invitee by e-mail who has not gets a reminder with the same link and calendar file."""
    now = timezone.now()
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.BOOKED,
            starts_at__gt=now,
            starts_at__lte=now + CONFIRM_BEFORE,
            participants__response=Participant.Response.PENDING,
            participants__invited_sequence__isnull=False,
        )
        .exclude(plan__status=Status.CLOSED)
        .distinct()
        .select_related("plan__coordinator_unit", "plan__initiating_unit", "convener")
    )
    sent = 0
    for meeting in meetings:
        waiting = meeting.participants.filter(
            response=Participant.Response.PENDING, invited_sequence=meeting.sequence
        ).select_related("user", "function__unit")
        key = f"reminder:unanswered:{meeting.pk}:{meeting.sequence}"
        url = reverse("meetings:detail", args=[meeting.plan_id, meeting.pk])
        text = _("Invitees to a SIP meeting in a week have not answered. Contact them.")
        recipients = (
            [meeting.convener] if meeting.convener_id else child_staff([leading_unit(meeting.plan)])
        )
        sent += len(notify(recipients, kind=Kind.REMINDER, text=text, url=url, key=key))
        for participant in waiting:
            if not participant.by_post and participant.email_address:
                # Queued now; its own key keeps it to one reminder per invitation.
                send_invitation.enqueue(participant.pk, meeting.sequence, REMINDER)
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
