"""The plan read as the law asks (SoL 2 kap. 7 §, HSL 16 kap. 4 §).

The plan shall show (1) which measures are needed, (2) which measures each principal is
responsible for, (3) which measures are taken by someone other than the municipality or
region, and (4) which principal has the overall responsibility. The plan page reads the
measures as model objects, the printed plan as a version's (or the draft's) snapshot dicts:
the same grouping serves both.
"""

from collections.abc import Callable, Iterable
from operator import itemgetter

from samordna.organisations.models import Principal

# Principals that are neither a municipality nor a region.
OUTSIDE_KINDS = frozenset({Principal.Kind.PRIVATE, Principal.Kind.STATE, Principal.Kind.OTHER})


def by_principal(measures: Iterable, principal: Callable, unit: Callable) -> list:
    """[(principal, [(unit, [measure, …]), …]), …], principals and units in name order."""
    grouped: dict = {}
    for measure in measures:
        grouped.setdefault(principal(measure), {}).setdefault(unit(measure), []).append(measure)
    return [
        (owner, sorted(units.items(), key=lambda pair: str(pair[0])))
        for owner, units in sorted(grouped.items(), key=lambda pair: str(pair[0]))
    ]


def is_outside(other_provider: str, principal_kind: str | None) -> bool:
    """Point 3: a named other provider, or a principal that is neither municipality nor region."""
    return bool(other_provider) or principal_kind in OUTSIDE_KINDS


def law_points(measures: list, principal: Callable, unit: Callable, outside: Callable) -> dict:
    return {
        "measures": measures,
        "by_principal": by_principal(measures, principal, unit),
        "outside": [measure for measure in measures if outside(measure)],
    }


def from_models(measures: Iterable) -> dict:
    """For Measure objects fetched with responsible_unit__principal."""
    return law_points(
        list(measures),
        principal=lambda m: m.responsible_unit.principal,
        unit=lambda m: m.responsible_unit,
        outside=lambda m: is_outside(m.other_provider, m.responsible_unit.principal.kind),
    )


def from_content(content: dict) -> dict:
    """For the measures of a snapshot (services.snapshot, PlanVersion.content)."""
    return law_points(
        content.get("measures", []),
        principal=itemgetter("principal"),
        unit=itemgetter("unit"),
        outside=lambda m: is_outside(m.get("other_provider"), m.get("principal_kind")),
    )
