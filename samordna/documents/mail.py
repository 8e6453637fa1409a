"""The one way samordna builds an e-mail: under a kind of documents.kinds, named in a header.

The header lets the tests check every message of the whole suite (conftest's mail backend
refuses one without a known kind) and lets an operator see in a mail log which kind of
message went out, without its content.
"""

from django.core.mail import EmailMessage

from samordna.documents import kinds

KIND_HEADER = "X-Samordna-Document"


def message(kind: str, subject: str, body: str, to: list[str]) -> EmailMessage:
    return EmailMessage(subject, body, None, to, headers={KIND_HEADER: kinds.require(kind)})
