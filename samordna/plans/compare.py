"""Two states of a plan side by side: approved versions, or a version and the draft.

Both sides are `services.snapshot` dicts. Goals and measures are matched by id (in versions
stored before ids were kept: by their text), so a measure that changed shows as changed,
not as one removed and one added.
"""

from dataclasses import dataclass, field

from samordna.plans import measures
from samordna.plans.models import Goal, Plan


def _label(model, name):
    return model._meta.get_field(name).verbose_name


PLAN_FIELDS = [
    ("child_wishes", _label(Plan, "child_wishes")),
    ("purpose", _label(Plan, "purpose")),
    ("needs", _label(Plan, "needs")),
    ("overall_responsibility", _label(Plan, "overall_responsibility")),
    ("coordinator", _label(Plan, "coordinator")),
    ("family_contact", _label(Plan, "family_contact")),
]
GOAL_FIELDS = [("term", _label(Goal, "term")), ("text", _label(Goal, "text"))]


@dataclass
class Change:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass
class ItemChange:
    """A goal or measure that was added, removed or changed; `changes` lists its fields."""

    kind: str  # "added", "removed" or "changed"
    title: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class Comparison:
    fields: list[Change]
    goals: list[ItemChange]
    measures: list[ItemChange]

    @property
    def changed_fields(self) -> list[Change]:
        return [change for change in self.fields if change.changed]

    @property
    def has_changes(self) -> bool:
        return bool(self.changed_fields or self.goals or self.measures)


def _text(value) -> str:
    return "" if value is None else str(value)


def _changes(fields, old: dict, new: dict) -> list[Change]:
    return [Change(label, _text(old.get(key)), _text(new.get(key))) for key, label in fields]


def _items(fields, title_key: str, old: list, new: list) -> list[ItemChange]:
    def key(item):
        return item.get("id") or item.get(title_key)

    before = {key(item): item for item in old}
    after = {key(item): item for item in new}
    result = []
    for item_key, item in after.items():
        if item_key not in before:
            result.append(ItemChange("added", item[title_key], _changes(fields, {}, item)))
            continue
        changes = [c for c in _changes(fields, before[item_key], item) if c.changed]
        if changes:
            result.append(ItemChange("changed", item[title_key], changes))
    for item_key, item in before.items():
        if item_key not in after:
            result.append(ItemChange("removed", item[title_key], _changes(fields, item, {})))
    return result


def compare(old: dict, new: dict) -> Comparison:
    """What changed from `old` to `new`; every plan field, only the goals and measures that
    were added, removed or changed."""
    return Comparison(
        fields=_changes(PLAN_FIELDS, old, new),
        goals=_items(GOAL_FIELDS, "text", old.get("goals", []), new.get("goals", [])),
        measures=_items(
            measures.COMPARED, "description", old.get("measures", []), new.get("measures", [])
        ),
    )
