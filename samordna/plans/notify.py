"""Word to the units a SIP concerns, by e-mail after the change commits.

The messages never carry personal data about a child (OSL): they say what happened and
point to samordna, where the reader's access is checked. Each unit is reached through its
functional mailbox, or else its staff who work with children.
"""

from django.core.mail import send_mass_mail
from django.db import transaction

from samordna.accounts.models import CHILD_DATA_ROLES


def recipients(unit) -> list[str]:
    if unit.functional_mailbox:
        return [unit.functional_mailbox]
    return list(
        unit.memberships.filter(role__in=CHILD_DATA_ROLES, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def tell_units(units, subject, body) -> None:
    messages = [(str(subject), str(body), None, recipients(unit)) for unit in units]
    messages = [message for message in messages if message[3]]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
