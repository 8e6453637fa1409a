"""Writing the read log: one row per read or change of a child's data."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from samordna.access.models import ChildAccess
from samordna.audit import triggers
from samordna.audit.models import (
    AccessLog,
    Action,
    RetentionRun,
    SecurityEvent,
    SecurityEventCount,
)


def client_ip(request) -> str | None:
    if settings.AUDIT_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # The proxy appends the address it saw last; earlier entries are client-supplied.
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def _row(request, child, obj, action, reasons: set[int]) -> AccessLog:
    return AccessLog(
        user=request.user,
        acting_unit=request.acting_unit,
        child_id=child.pk,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        action=action,
        client_ip=client_ip(request),
        had_reason=child.pk in reasons,
    )


def _with_reason(request, children) -> set[int]:
    """Which of the children the acting unit has a reason to see now (the access index): the
    row records it, so that the flagged review need not ask again (decision 36)."""
    rows = ChildAccess.objects.on().filter(
        unit=request.acting_unit, child__in=[child.pk for child in children]
    )
    return set(rows.values_list("child_id", flat=True))


def log_access(
    request, *, child, obj=None, action: str = Action.VIEW, found_visible: bool = False
) -> None:
    """Log one read or change. Call it inside the transaction of the change it records.
    `found_visible` from a fetch that has just found the child through the access rule
    (people.access.get_visible_or_404): the unit has a reason, no need to ask the index."""
    reasons = {child.pk} if found_visible else _with_reason(request, [child])
    _row(request, child, obj or child, action, reasons).save()


def log_search(request, children) -> None:
    """Log every child shown in a result list (search, autocomplete, lists)."""
    children = list(children)
    if not children:
        return
    reasons = _with_reason(request, children)
    AccessLog.objects.bulk_create(
        _row(request, child, child, Action.SEARCH, reasons) for child in children
    )


def log_refusal(request, status: int) -> None:
    """Record a refused request as a security event: who, from where, which method and path,
    what was refused. At most SECURITY_EVENTS_PER_MINUTE events per user, address and minute;
    the minute's count records them all, so that a scanner cannot fill the table."""
    user = getattr(request, "user", None)
    user = user if user is not None and user.is_authenticated else None
    address = client_ip(request) or ""
    minute = timezone.now().replace(second=0, microsecond=0)
    with transaction.atomic():
        tally, _new = SecurityEventCount.objects.get_or_create(
            at=minute, user=user, client_ip=address
        )
        # The update locks the row: simultaneous refusals count one after the other.
        SecurityEventCount.objects.filter(pk=tally.pk).update(count=F("count") + 1)
        tally.refresh_from_db(fields=["count"])
        if tally.count > settings.SECURITY_EVENTS_PER_MINUTE:
            return
        match = request.resolver_match
        SecurityEvent.objects.create(
            user=user,
            acting_unit=getattr(request, "acting_unit", None),
            client_ip=address,
            method=request.method[:10],
            path=request.path[:300],
            status=status,
            refused=getattr(request, "refused_object", match.view_name if match else "")[:100],
        )


def retention_cutoff(now: datetime, years: int) -> datetime:
    """The same moment `years` calendar years back (29 February becomes the 28th)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def prune_access_log(*, batch_size: int = 5000) -> RetentionRun:
    """Delete log rows past the retention period, in batches, and record that it was done.

    Each batch commits on its own so that a long prune never holds one huge transaction;
    the database itself refuses to delete rows younger than the legal minimum.
    """
    years = max(triggers.MINIMUM_RETENTION_YEARS, settings.AUDIT_RETENTION_YEARS)
    cutoff = retention_cutoff(timezone.now(), years)
    expired = AccessLog.objects.filter(at__lt=cutoff).order_by("id")
    deleted = 0
    while batch := list(expired.values_list("id", flat=True)[:batch_size]):
        with transaction.atomic():
            deleted += AccessLog.objects.filter(pk__in=batch).delete()[0]
    return RetentionRun.objects.create(cutoff=cutoff, deleted=deleted)
