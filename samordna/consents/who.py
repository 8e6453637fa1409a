"""Who consents to a SIP for a child: the one rule that the consent form, the record page,
the consent list and the printed consent form follow.

- A young person of 18 or over consents alone; the guardians are not asked.
- From settings.SIP_CHILD_CONSENT_AGE (15) the child's own consent is required, and it may
  stand alone; guardians (or the god man) who consent as well are recorded too.
- Below that age the representatives consent: every registered guardian or, for a child
  with no guardian registered (an unaccompanied child), the god man (people.Trustee). The
  child consents too as far as age and maturity allow [000]; then the staff member records
  an assessment of the child's age and maturity.
- A younger child with neither guardian nor god man cannot consent alone.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

ADULT_AGE = 18


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class Situation(StrEnum):
    ADULT = "adult"  # 18 or over: the young person consents alone
    OWN = "own"  # from the consent age: the child's own consent, which may stand alone
    REPRESENTED = "represented"  # younger: the guardians, or the god man, consent
    UNREPRESENTED = "unrepresented"  # younger, and nobody registered who can consent


@dataclass(frozen=True)
class WhoConsents:
    """The rule applied to one child on one day."""

    situation: Situation
    name: str
    age: int
    consent_age: int
    guardians: tuple
    trustees: tuple

    @property
    def by_trustee(self) -> bool:
        """No guardian registered: the god man is the child's representative."""
        return not self.guardians and bool(self.trustees)

    @property
    def representatives(self) -> tuple:
        """The adults who consent for the child (or with the child): never for an adult."""
        if self.situation == Situation.ADULT:
            return ()
        return self.guardians or self.trustees

    @property
    def representative_field(self) -> str | None:
        """The form field that records the representatives: guardians or trustees."""
        if not self.representatives:
            return None
        return "guardians" if self.guardians else "trustees"

    @property
    def child_required(self) -> bool:
        return self.situation in (Situation.ADULT, Situation.OWN)

    @property
    def asks_maturity(self) -> bool:
        """Below the consent age a child who consents too needs the staff's assessment."""
        return self.situation == Situation.REPRESENTED

    @property
    def can_consent(self) -> bool:
        return self.situation != Situation.UNREPRESENTED

    # --- What staff read on the record page ----------------------------------------------
    @property
    def rule(self) -> str:
        values = {"name": self.name, "age": self.age, "consent_age": self.consent_age}
        if self.situation == Situation.ADULT:
            text = _(
                "%(name)s is %(age)s: a young person of 18 or over consents alone. The "
                "guardians are not asked."
            )
        elif self.situation == Situation.OWN and self.by_trustee:
            text = _(
                "%(name)s is %(age)s: from %(consent_age)s the child's own consent is required, "
                "and it is enough on its own. Record the god man's consent too if the god "
                "man also consented."
            )
        elif self.situation == Situation.OWN:
            text = _(
                "%(name)s is %(age)s: from %(consent_age)s the child's own consent is required, "
                "and it is enough on its own. Record the guardians too if they consented as "
                "well."
            )
        elif self.situation == Situation.REPRESENTED and self.by_trustee:
            text = _(
                "%(name)s is %(age)s and has no guardian registered: the god man consents in "
                "the guardians' place. The child consents too as far as age and maturity "
                "allow; if so, record your assessment of the child's age and maturity."
            )
        elif self.situation == Situation.REPRESENTED:
            text = _(
                "%(name)s is %(age)s: every guardian consents. The child consents too as far "
                "as age and maturity allow; if so, record your assessment of the child's age "
                "and maturity."
            )
        else:
            text = self.cannot_consent
        return text % values

    @property
    def cannot_consent(self) -> str:
        return _(
            "%(name)s is under %(consent_age)s and has neither a guardian nor a god man "
            "registered, and a child under %(consent_age)s cannot consent alone. Register the "
            "child's guardians. A child without a guardian in Sweden (an unaccompanied child) "
            "gets a god man appointed by the överförmyndare: contact the överförmyndare in the "
            "municipality where the child lives, and register the god man with the child's "
            "details once appointed."
        ) % {"name": self.name, "consent_age": self.consent_age}

    @property
    def informed_label(self) -> str:
        """Who must have been told what a SIP and the consent mean, before consenting."""
        if self.situation == Situation.ADULT or not self.representatives:
            return _("%(name)s has been told what a SIP is and what the consent means.") % {
                "name": self.name
            }
        if self.by_trustee:
            return _(
                "The child and the god man have been told what a SIP is and what the consent means."
            )
        return _(
            "The child and the guardians have been told what a SIP is and what the consent means."
        )

    # --- What the family reads on the printed form ----------------------------------------
    @property
    def for_family(self) -> str:
        values = {"age": self.age, "consent_age": self.consent_age}
        if self.situation == Situation.ADULT:
            text = _(
                "You are 18 or over: you consent yourself, and only your signature is needed. "
                "Your guardians are not asked."
            )
        elif self.situation == Situation.OWN and self.by_trustee:
            text = _(
                "From the age of %(consent_age)s the child's own consent is needed, and it is "
                "enough on its own. The child signs. If the god man consents too, the god man "
                "signs as well."
            )
        elif self.situation == Situation.OWN:
            text = _(
                "From the age of %(consent_age)s the child's own consent is needed, and it is "
                "enough on its own. The child signs. If the guardians consent too, they sign "
                "as well."
            )
        elif self.by_trustee:
            text = _(
                "The child has no guardian in Sweden. The god man, appointed by the "
                "överförmyndare, consents in the guardian's place and signs. The child's age "
                "and maturity decide how far the child speaks for itself: the child signs too "
                "as far as age and maturity allow."
            )
        elif self.situation == Situation.REPRESENTED:
            text = _(
                "The guardians consent for the child, and every guardian signs. The child's "
                "age and maturity decide how far the child speaks for itself: the child signs "
                "too as far as age and maturity allow."
            )
        else:
            text = _(
                "A child under %(consent_age)s cannot consent alone. Every guardian consents "
                "and signs; for a child without a guardian in Sweden, the god man appointed by "
                "the överförmyndare. The child signs too as far as age and maturity allow."
            )
        return text % values

    # --- The check the form runs --------------------------------------------------------
    def problems(self, *, child: bool, representatives, maturity: str = "") -> dict:
        """What is wrong with a recorded consent, by form field (None: the whole form)."""
        if not self.can_consent:
            return {None: self.cannot_consent}
        errors = {}
        if self.child_required and not child:
            errors["child_consents"] = (
                _("A young person of 18 or over consents alone: record the young person's consent.")
                if self.situation == Situation.ADULT
                else _("The child is %(age)s: the child's own consent is required.")
                % {"age": self.age}
            )
        if self.situation == Situation.REPRESENTED:
            chosen = set(representatives)
            missing = [person for person in self.representatives if person not in chosen]
            if missing:
                names = ", ".join(str(person) for person in missing)
                errors[self.representative_field] = (
                    _("The god man must consent. Missing: %(names)s.")
                    if self.by_trustee
                    else _("Every guardian must consent. Missing: %(names)s.")
                ) % {"names": names}
            if child and not maturity.strip():
                errors["maturity_assessment"] = _(
                    "The child is under %(consent_age)s and consents too: record your "
                    "assessment of the child's age and maturity."
                ) % {"consent_age": self.consent_age}
        return errors


def who_consents(child, on: date | None = None) -> WhoConsents:
    age = age_on(child.birth_date, on or timezone.localdate())
    consent_age = settings.SIP_CHILD_CONSENT_AGE
    guardians = tuple(child.guardians.all())
    trustees = tuple(child.trustees.all())
    if age >= ADULT_AGE:
        situation = Situation.ADULT
    elif age >= consent_age:
        situation = Situation.OWN
    elif guardians or trustees:
        situation = Situation.REPRESENTED
    else:
        situation = Situation.UNREPRESENTED
    return WhoConsents(situation, child.full_name, age, consent_age, guardians, trustees)
