"""Every kind of document samordna hands to someone: PDFs, files and e-mail.

Each goes to a person outside the screen it was made on, so each is where personal data
can leak. A document is made only under a kind named here (`documents.pdf` and
`documents.mail` refuse others), and the protected-identity test
(documents/tests/test_protected_identity.py) renders every kind for a child whose mother has
protected personal data: a kind it cannot render fails that test. Add a kind here and a
sample there in the same change.
"""

KINDS: dict[str, str] = {
    # PDFs
    "plan": "The SIP as a PDF (its latest approved version, or the draft)",
    "my_plan": "“My plan”, the plan in plain language for the child",
    "closure_letters": "Letters to the child, each guardian and the trustee when a SIP closes",
    "consent_form": "The consent form to sign",
    "invitation_letters": "Invitation letters to the family, one or all of a meeting's",
    "cancellation_letters": "Letters to those invited by letter when a meeting is cancelled",
    "protocol": "The protocol of a SIP meeting",
    "protocol_post": "The protocol with a cover letter for each of the family",
    "log_extract": "The log extract for one child, as PDF",
    # Other files
    "log_extract_csv": "The log extract for one child, as CSV",
    # E-mail (a calendar file travels with the invitation)
    "mail_notification": "A notification or a daily digest by e-mail",
    "mail_invitation": "An invitation, move, reminder or cancellation by e-mail, with .ics",
    "mail_password_reset": "The password reset e-mail",
    "mail_welcome": "The welcome e-mail to a new user",
}


class UnknownKind(LookupError):
    """A document was made under a kind that is not in KINDS."""


def require(kind: str) -> str:
    if kind not in KINDS:
        raise UnknownKind(f"{kind!r} is not a document kind: add it to samordna.documents.kinds")
    return kind
