"""Reading the log back: the manager's access check, paging and the rows' display details.

A row names its child (name and identity number) only when the reviewer's acting unit may
see that child by the access rule (`Child.objects.visible_to`); any other child is shown by
an opaque reference, so that the review never tells a manager more about a child than their
unit's work does. Who read, for which unit, what and when is always shown.

Paging does not count. A page is a keyset page (core/keyset.py): the rows after (or
before) one row, newest first, one more than it shows to learn whether a next page exists,
so its cost stays flat however long the log grows (millions of rows) and however deep the
page, also with the "no participation at the time" filter, which a COUNT(*) would have to
evaluate for every row of the principal. The price is that the page shows no total.
"""

import base64

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from samordna.audit.models import AccessLog
from samordna.core.keyset import KeysetPage, keyset_page
from samordna.people.models import Child

PER_PAGE = 50


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


def logged_child(principal, visible, number: str) -> Child | None:
    """The child with this number, if the principal's log knows it and the reviewer's unit may
    see it (`visible`): the extract links. Any other number gets the answer an unknown one does.
    """
    if not number:
        return None
    return (
        logged_children(principal)
        .filter(pk__in=visible.values("pk"), identity_number=number)
        .first()
    )


def child_reference(principal, child_id: int) -> str:
    """The name of a child the reviewer may not see, such as "Barn #K7Q2-M9XA".

    A keyed hash (HMAC with SECRET_KEY) of the reviewing principal and the child's id: the
    same child keeps its reference in every review of the principal, the reference reveals
    neither the id nor the number, and two principals' references to one child differ.
    """
    key = f"{principal.pk}:{child_id}"
    digest = salted_hmac("samordna.audit.child_reference", key, algorithm="sha256").digest()
    code = base64.b32encode(digest[:5]).decode()
    return _("Child #%(code)s") % {"code": f"{code[:4]}-{code[4:]}"}


def log_page(rows, data) -> KeysetPage:
    """A page of rows, newest first, after or before the row the form names."""
    return keyset_page(
        rows,
        ("-at", "-pk"),
        after=data.get("after"),
        before=data.get("before"),
        size=PER_PAGE,
        count=False,
    )


def object_type_name(label: str) -> str:
    """The model's verbose name for a stored label such as "people.child"."""
    try:
        return apps.get_model(label)._meta.verbose_name
    except (LookupError, ValueError):
        return label


def attach_children(rows: list[AccessLog], visible, principal) -> list[Child]:
    """Name the rows' children that the reviewer's unit may see (`visible`), give the others
    their reference; two queries however many rows. Returns the children named: the page reads
    them, and the read log must say so.

    `row.child_record` is the child named, `row.child_reference` the reference of one that is
    not; both are empty when the child's record has been deleted since.
    """
    ids = {row.child_id for row in rows}
    named = visible.in_bulk(ids)
    hidden = set(Child.objects.filter(pk__in=ids - named.keys()).values_list("pk", flat=True))
    for row in rows:
        row.child_record = named.get(row.child_id)
        row.child_reference = (
            child_reference(principal, row.child_id) if row.child_id in hidden else ""
        )
        row.object_type_name = object_type_name(row.object_type)
    return list(named.values())
