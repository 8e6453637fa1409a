"""One description of a measure: what a version stores of it, what a comparison shows, and
how the plan reads as the law asks.

A version stores each measure as the dict `describe` makes from FIELDS; the comparison
(plans/compare.py) shows the FIELDS marked compared; the plan page, the printed plan and the
protocol group those dicts by `law_points`, from the draft or from a version alike. To add a
field to measures: the model (and its migration), the form, one Field here, and the
template that shows it (plans/partials/law_points.html, shared by page, PDF and protocol).

The law (SoL 10 kap. 8–9 §§, HSL 16 kap. 4 §, LUS 4 kap. 1–4 §§; seed 002) asks the plan to
show (1) which measures are needed, (2) which measures each principal is responsible for,
(3) which measures are taken by someone other than the municipality or region, and (4)
which principal has the overall responsibility. Versions stored before a key existed lack
it: the readers here default it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samordna.organisations.models import Principal
from samordna.plans.models import Measure


def _label(name: str):
    return Measure._meta.get_field(name).verbose_name


def _time(measure) -> str:
    """The dates, as "from" or "until" when only one is known; else the free time text."""
    starts, ends = measure.starts_on, measure.ends_on
    if starts and ends:
        return f"{starts} – {ends}"
    if starts:
        return _("from %(day)s") % {"day": starts}
    if ends:
        return _("until %(day)s") % {"day": ends}
    return measure.timing


def _unit(measure):
    return measure.responsible_unit


@dataclass(frozen=True)
class Field:
    key: str
    label: str | Promise
    value: Callable[[Measure], object]
    compared: bool = True


FIELDS = [
    Field("description", _label("description"), lambda m: m.description),
    Field("goal", _label("goal"), lambda m: m.goal.text if m.goal else ""),
    Field(
        "principal",
        _("principal"),
        lambda m: str(m.answerable_principal) if m.responsible_unit_id else "",
    ),
    Field("unit", _label("responsible_unit"), lambda m: str(_unit(m) or "")),
    Field("other_actor", _label("other_actor"), lambda m: m.other_actor),
    Field("person", _label("responsible_person"), lambda m: str(m.responsible_person or "")),
    Field("time", _label("timing"), _time),
    Field("timing", _("when and how often"), lambda m: m.timing),
    Field("status", _label("status"), lambda m: m.get_status_display()),
    # For the law's grouping and the page, not shown as changes of their own:
    Field(
        "principal_kind",
        "",
        lambda m: m.answerable_principal.kind if m.responsible_unit_id else "",
        compared=False,
    ),
    # The provider itself, when a contracted one answers under another principal.
    Field(
        "provider",
        "",
        lambda m: (
            str(_unit(m).principal)
            if m.responsible_unit_id and _unit(m).principal.contracted_by_id
            else ""
        ),
        compared=False,
    ),
    Field("other_actor_kind", "", lambda m: m.get_other_actor_kind_display(), compared=False),
    Field("outside", "", lambda m: m.is_outside, compared=False),
    Field("unassigned", "", lambda m: m.is_unassigned, compared=False),
    Field("kept_by", "", lambda m: str(m.kept_by_unit), compared=False),
    Field("kept_by_id", "", lambda m: m.kept_by_unit_id, compared=False),
]
COMPARED = [(field.key, field.label) for field in FIELDS if field.compared]


def describe(measure) -> dict:
    """The measure as a version stores it; `id` matches it between versions."""
    return {"id": measure.pk, **{field.key: field.value(measure) for field in FIELDS}}


def related(measures):
    """What `describe` reads, fetched with the measures."""
    return measures.select_related(
        "goal",
        "responsible_unit__principal__contracted_by",
        "responsible_person",
        "kept_by_unit",
    )


def _outside(measure: dict) -> bool:
    if "outside" in measure:
        return measure["outside"]
    # Versions from before: a named other provider, or a principal neither municipal nor
    # regional.
    return (
        bool(measure.get("other_provider"))
        or measure.get("principal_kind") in Principal.OUTSIDE_KINDS
    )


def actor(measure: dict) -> str:
    """Who carries out a measure that is not a municipal or regional unit's own."""
    return measure.get("other_actor") or measure.get("other_provider") or measure.get("unit", "")


def law_points(measures: list[dict]) -> dict:
    """The measures (describe's dicts) grouped as the law's four points read them:

    measures: every measure, needs no one has taken on included (point 1);
    by_principal: [(principal, [(unit, [measure, …]), …]), …] of the measures a
        municipality or region answers for, a contracted provider's under the principal
        that contracted it, in name order (point 2);
    outside: the measures taken by someone else (point 3);
    unassigned: the needs no principal has taken on yet.
    """
    grouped: dict = {}
    for measure in measures:
        if measure.get("unassigned") or _outside(measure) or not measure.get("unit"):
            continue
        units = grouped.setdefault(measure.get("principal", ""), {})
        units.setdefault(measure["unit"], []).append(measure)
    by_principal = [
        (principal, sorted(units.items(), key=itemgetter(0)))
        for principal, units in sorted(grouped.items(), key=itemgetter(0))
    ]
    return {
        "measures": measures,
        "by_principal": by_principal,
        "outside": [measure for measure in measures if _outside(measure)],
        "unassigned": [measure for measure in measures if measure.get("unassigned")],
    }
