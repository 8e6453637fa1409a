"""Writing the read log: one row per read or change of a child's data."""

from django.conf import settings

from samordna.audit.models import AccessLog, Action


def client_ip(request) -> str | None:
    if settings.AUDIT_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # The proxy appends the address it saw last; earlier entries are client-supplied.
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def _row(request, child, obj, action) -> AccessLog:
    return AccessLog(
        user=request.user,
        acting_unit=request.acting_unit,
        child_id=child.pk,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        action=action,
        client_ip=client_ip(request),
    )


def log_access(request, *, child, obj=None, action: str = Action.VIEW) -> None:
    """Log one read or change. Call it inside the transaction of the change it records."""
    _row(request, child, obj or child, action).save()


def log_search(request, children) -> None:
    """Log every child shown in a result list (search, autocomplete, lists)."""
    AccessLog.objects.bulk_create(_row(request, child, child, Action.SEARCH) for child in children)
