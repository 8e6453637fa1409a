"""Word to the units a SIP concerns, after the change commits.

The messages never carry personal data about a child (OSL): they say what happened and
point to samordna, where the reader's access is checked. The unit's staff who work with
children get a notification in their inbox (and e-mail as each has chosen); a unit's
functional mailbox, a shared inbox, also gets the e-mail.
"""

import uuid
from functools import partial

from django.db import transaction

from samordna.accounts.models import child_staff
from samordna.notifications.service import notify
from samordna.notifications.tasks import send_message


def tell_units(units, subject, body, *, kind, url="", besides=None) -> None:
    """`besides`: a user who is told in a message of their own, not in this one."""
    units = list(units)
    users = child_staff(units).exclude(pk=besides.pk) if besides else child_staff(units)
    notify(users, kind=kind, text=body, url=url, subject=subject)
    for unit in units:
        if unit.functional_mailbox:
            # The key makes the message's sending idempotent, however often it is retried.
            transaction.on_commit(
                partial(
                    send_message.enqueue,
                    uuid.uuid4().hex,
                    str(subject),
                    str(body),
                    [unit.functional_mailbox],
                )
            )
