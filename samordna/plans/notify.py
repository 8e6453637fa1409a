"""Word to the units a SIP concerns, by e-mail from the background worker after the change
commits.

The messages never carry personal data about a child (OSL): they say what happened and
point to samordna, where the reader's access is checked. Each unit is reached through its
functional mailbox, or else its staff who work with children.
"""

import uuid
from functools import partial

from django.db import transaction

from samordna.accounts.models import CHILD_DATA_ROLES
from samordna.notifications.tasks import send_message


def recipients(unit) -> list[str]:
    if unit.functional_mailbox:
        return [unit.functional_mailbox]
    return list(
        unit.memberships.filter(role__in=CHILD_DATA_ROLES, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def tell_units(units, subject, body) -> None:
    for unit in units:
        to = recipients(unit)
        if to:
            # The key makes the message's sending idempotent, however often it is retried.
            transaction.on_commit(
                partial(send_message.enqueue, uuid.uuid4().hex, str(subject), str(body), to)
            )
