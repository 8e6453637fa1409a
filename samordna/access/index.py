"""Writing the access index (decision 34).

`refresh(child_ids)` recomputes those children's rows from their sources, in the
transaction of the change that calls it. The sources are the registering unit (here) and
the grants other apps register with `register_grant` (consents/access.py: the units a
consent covers); each source is a function of a list of child ids giving `Row`s, and each
connects the signals that refresh the children its rows depend on.

The rows are a pure function of the sources but for one thing: a row no source gives any
more is ended (`ended_at`), not deleted, so that the log review knows what reason a unit
had at the time of a read. `differences()` compares the index with its sources (the
nightly `manage.py check_child_access` and the test suite's guard).
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from samordna.access.models import ChildAccess, Reason
from samordna.people.models import Child

logger = logging.getLogger(__name__)

CHUNK = 500  # children per round of queries


@dataclass(frozen=True)
class Row:
    child_id: int
    unit_id: int
    reason: str
    consent_id: int | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    ended_at: datetime | None = None


# A Row and a stored ChildAccess name their fields alike: one key and one set of dates.
def _key(row: Row | ChildAccess) -> tuple:
    return (row.child_id, row.unit_id, row.reason, row.consent_id)


def _dates(row: Row | ChildAccess) -> tuple:
    return (row.valid_from, row.valid_until, row.ended_at)


Grant = Callable[[list[int]], Iterable[Row]]
_grants: list[Grant] = []


def register_grant(grant: Grant) -> Grant:
    """Add a source of rows besides registration: `grant(child_ids)` gives the rows of
    those children. The app that registers it refreshes the index when its data changes."""
    _grants.append(grant)
    return grant


def registered(child_ids: list[int]) -> Iterator[Row]:
    """The unit that registered a child sees it, for as long as it is the registering unit."""
    children = Child.objects.filter(pk__in=child_ids)
    for pk, unit_id in children.values_list("pk", "registered_by_unit_id"):
        yield Row(pk, unit_id, Reason.REGISTERED)


def expected(child_ids: list[int]) -> dict[tuple, Row]:
    """The rows the sources give for the children, by key."""
    return {_key(row): row for source in (registered, *_grants) for row in source(child_ids)}


def _stored(child_ids: list[int]) -> dict[tuple, ChildAccess]:
    return {_key(access): access for access in ChildAccess.objects.filter(child__in=child_ids)}


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted({pk for pk in ids if pk is not None})
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def refresh(child_ids: Iterable[int]) -> None:
    """Write the children's rows as their sources give them now; end the rows no source
    gives any more. Called in the transaction of the change (a savepoint of it)."""
    for chunk in _chunks(child_ids):
        with transaction.atomic():
            _refresh(chunk)


def _refresh(child_ids: list[int]) -> None:
    # Refreshes of one child queue behind each other (on PostgreSQL): each reads the
    # sources as the one before it committed them.
    list(Child.objects.select_for_update().filter(pk__in=child_ids).values_list("pk"))
    stored = _stored(child_ids)
    new, changed = [], []
    for key, row in expected(child_ids).items():
        access = stored.pop(key, None)
        if access is None:
            new.append(ChildAccess(**asdict(row)))
        elif _dates(access) != _dates(row):
            access.valid_from, access.valid_until, access.ended_at = _dates(row)
            changed.append(access)
    now = timezone.now()
    for access in stored.values():
        if access.ended_at is None:
            access.ended_at = now
            changed.append(access)
    ChildAccess.objects.bulk_create(new)
    ChildAccess.objects.bulk_update(changed, ["valid_from", "valid_until", "ended_at"])


@dataclass
class Differences:
    """Where the index and its sources disagree."""

    missing: list[Row]  # a source gives the row; the index lacks it or has other dates
    extra: list[ChildAccess]  # the index gives access no source gives

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra)

    def __str__(self) -> str:
        lines = [f"missing or changed: {row}" for row in self.missing]
        lines += [f"not given by any source: {access!r}" for access in self.extra]
        return "\n".join(lines)


def differences(child_ids: Iterable[int] | None = None) -> Differences:
    """Compare the index with the rows its sources give (every child if none are named).
    Ended rows no source gives are the index's history, not a difference."""
    if child_ids is None:
        child_ids = Child.objects.values_list("pk", flat=True)
    found = Differences([], [])
    for chunk in _chunks(child_ids):
        stored = _stored(chunk)
        for key, row in expected(chunk).items():
            access = stored.pop(key, None)
            if access is None or _dates(access) != _dates(row):
                found.missing.append(row)
        found.extra += [access for access in stored.values() if access.ended_at is None]
    return found


def check(*, fix: bool = False) -> Differences:
    """The nightly check: compare every child's rows with the sources and log a difference
    (ids only); with `fix`, refresh the children concerned."""
    found = differences()
    if found:
        logger.error(
            "The access index differs from its sources: %d row(s) missing or changed, "
            "%d giving access without a source%s",
            len(found.missing),
            len(found.extra),
            "; corrected" if fix else "; run check_child_access --fix after finding the cause",
        )
        if fix:
            refresh({row.child_id for row in found.missing} | {a.child_id for a in found.extra})
    return found


def _registration_saved(sender, instance, **kwargs) -> None:
    refresh([instance.pk])


def connect() -> None:
    """Refresh a child's rows whenever the child is saved: registered, or its registering
    unit changed. (Child.objects...update() refreshes too: people/access.py.)"""
    post_save.connect(_registration_saved, sender=Child, dispatch_uid="access_registration")
