"""A user's own sessions: recorded as they are used, listed, and ended by their user.

The record follows the session's own clock (samordna.core.middleware): it is written at
login, when the session middleware notes activity (at most once a minute, never for a
background poll) and when the session key changes (the second factor cycles it), so the
page costs one write a minute per user and a poll never keeps a session looking alive.
"""

import logging
from datetime import UTC, datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from samordna.accounts.models import UserSession
from samordna.audit.services import client_ip
from samordna.core.middleware import ACTIVITY_RESOLUTION, SESSION_LAST_ACTIVITY, SESSION_STARTED

log = logging.getLogger(__name__)

# In the session: the key and last activity the record was written for.
RECORDED = "samordna_session_recorded"


def record_login(sender, request, user, **kwargs) -> None:
    """At login (user_logged_in, after core's start_session_clock): record the session."""
    if request.session.session_key is None:  # login() flushed another user's session
        request.session.save()
    record(request, user)


def record(request, user) -> None:
    """Bring the request's session's record up to date, if its key or activity changed."""
    session = request.session
    noted = [session.session_key, session.get(SESSION_LAST_ACTIVITY)]
    if session.get(RECORDED) == noted or noted[1] is None:
        return
    started = session.get(SESSION_STARTED, noted[1])
    fields = {
        "user": user,
        "last_active": datetime.fromtimestamp(noted[1], UTC),
        "user_agent": request.headers.get("User-Agent", "")[:300],
        "ip_address": client_ip(request),
    }
    UserSession.objects.update_or_create(
        session_id=noted[0],
        defaults=fields,
        create_defaults={**fields, "started": datetime.fromtimestamp(started, UTC)},
    )
    session[RECORDED] = noted


def active(user) -> QuerySet[UserSession]:
    """The user's sessions that would still let them in: not past either limit."""
    now = timezone.now()
    idle = timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + ACTIVITY_RESOLUTION)
    return UserSession.objects.filter(
        user=user,
        session__expire_date__gt=now,
        last_active__gte=now - idle,
        started__gte=now - timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT),
    )


def others(request) -> QuerySet[UserSession]:
    return UserSession.objects.filter(user=request.user).exclude(
        session_id=request.session.session_key
    )


def end(request, record: UserSession) -> None:
    """Log out another session of the user's own (one of others(request))."""
    _delete(record)
    log.info("User %s ended their session %s", request.user.pk, record.pk)


def end_others(request) -> int:
    """Log out every session of the user's but this one; how many there were."""
    ended = 0
    for record in others(request):
        _delete(record)
        ended += 1
    log.info("User %s ended %s other sessions", request.user.pk, ended)
    return ended


def _delete(record: UserSession) -> None:
    # Through the session engine, as logout does; the record goes with the session row.
    import_module(settings.SESSION_ENGINE).SessionStore(record.session_id).delete()
