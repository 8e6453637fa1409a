"""The log extract for one child: what a guardian may ask for (GDPR art. 15, PDL 8 kap. 3 §).

It lists who read or changed the child's data, when and for which unit, limited to the
principal of the manager who makes it: each principal answers for its own log. It names the
child only when the manager's unit may see the child, otherwise it gives the review's
reference (audit.review). The file names carry the date only, never the child's name or
number, and the CSV has neither.
"""

import csv
from dataclasses import dataclass, field
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.audit.models import AccessLog
from samordna.audit.review import child_reference, object_type_name
from samordna.documents import kinds, pdf

HEADERS = [_("Time"), _("User"), _("Acting unit"), _("Object type"), _("Action")]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NAME = "loggutdrag"


@dataclass
class Extract:
    principal: object
    child: object
    rows: list[AccessLog]
    date_from: date | None
    date_to: date | None
    generated_by: object
    child_reference: str = ""  # instead of the name and number, for a child not to be named
    generated_at: datetime = field(default_factory=timezone.now)

    @property
    def first_day(self) -> date | None:
        """The period shown: the one asked for, else the days of the first and last rows."""
        return self.date_from or (timezone.localdate(self.rows[-1].at) if self.rows else None)

    @property
    def last_day(self) -> date | None:
        return self.date_to or (timezone.localdate(self.rows[0].at) if self.rows else None)


def build(request, principal, child, period, *, named: bool) -> Extract:
    rows = period.filter(AccessLog.objects.for_principal(principal).filter(child_id=child.pk))
    rows = list(rows.select_related("user", "acting_unit").order_by("-at", "-id"))
    for row in rows:
        row.object_type_name = object_type_name(row.object_type)
    return Extract(
        principal=principal,
        child=child,
        rows=rows,
        date_from=period.cleaned_data["date_from"],
        date_to=period.cleaned_data["date_to"],
        generated_by=request.user,
        child_reference="" if named else child_reference(principal, child.pk),
    )


def _cell(value) -> str:
    """A spreadsheet must not run text as a formula (CSV injection)."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(extract: Extract) -> HttpResponse:
    """UTF-8 with a byte order mark and ';' between fields, as Excel in Sweden expects."""
    kinds.require("log_extract_csv")
    response = pdf.attachment("\ufeff", NAME, "text/csv; charset=utf-8")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(str(header) for header in HEADERS)
    for row in extract.rows:
        writer.writerow(
            _cell(value)
            for value in (
                f"{timezone.localtime(row.at):%Y-%m-%d %H:%M:%S}",
                row.user.get_full_name(),
                row.acting_unit.name,
                row.object_type_name,
                row.get_action_display(),
            )
        )
    return response


def pdf_response(extract: Extract) -> HttpResponse:
    return pdf.response("log_extract", "audit/extract_pdf.html", {"extract": extract}, NAME)
