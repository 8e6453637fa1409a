"""Reading the log back: the manager's access check, paging and the rows' display details.

Paging does not count. A page fetches one row more than it shows to learn whether a next
page exists, so its cost stays flat however long the log grows (millions of rows), also
with the "no current participation" filter, which a COUNT(*) would have to evaluate for
every row of the principal. The price is that the page shows no total; the rows come in
index order ("-at", "-id"), so a page is a short index range scan plus its offset.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.http import Http404

from samordna.audit.models import AccessLog
from samordna.people.models import Child

PER_PAGE = 50
MAX_PAGE = 10_000  # deeper offsets are slow; narrow the filter instead


def require_manager(request):
    """The principal whose log the user may review: a manager's own. Anyone else gets 404."""
    membership = request.membership
    if membership is None or not membership.reviews_log:
        raise Http404
    return membership.unit.principal


def logged_children(principal):
    """Children the principal's log has rows about: all a manager may learn of a child."""
    logged = AccessLog.objects.for_principal(principal).filter(child_id=OuterRef("pk"))
    return Child.objects.filter(Exists(logged))


def logged_child(principal, number: str) -> Child | None:
    """The child with this number, if the principal's log knows it: the extract links."""
    return logged_children(principal).filter(identity_number=number).first() if number else None


@dataclass(frozen=True)
class LogPage:
    rows: list[AccessLog]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def log_page(rows, number: str | None) -> LogPage:
    try:
        number = min(max(int(number or 1), 1), MAX_PAGE)
    except ValueError:
        number = 1
    offset = (number - 1) * PER_PAGE
    fetched = list(rows.order_by("-at", "-id")[offset : offset + PER_PAGE + 1])
    return LogPage(fetched[:PER_PAGE], number, len(fetched) > PER_PAGE)


def object_type_name(label: str) -> str:
    """The model's verbose name for a stored label such as "people.child"."""
    try:
        return apps.get_model(label)._meta.verbose_name
    except (LookupError, ValueError):
        return label


def attach_children(rows: list[AccessLog]) -> list[Child]:
    """Fetch the rows' children in one query; returns them, for the read log of this page.

    `row.child_record` is None when the child's record has been deleted since.
    """
    children = Child.objects.in_bulk({row.child_id for row in rows})
    for row in rows:
        row.child_record = children.get(row.child_id)
        row.object_type_name = object_type_name(row.object_type)
    return list(children.values())
