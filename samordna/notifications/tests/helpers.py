"""What a mail must never contain: the child's names, identity number or street address."""

from samordna.people.tests.helpers import make_child


def secret_child(unit):
    return make_child(
        unit,
        given_name="Ebbalinnea",
        family_name="Hemligström",
        street_address="Dolda vägen 17",
    )


def child_secrets(child) -> list[str]:
    number = child.identity_number
    return [
        child.given_name,
        child.family_name,
        number,  # YYYYMMDDNNNN
        f"{number[:8]}-{number[8:]}",  # YYYYMMDD-NNNN
        f"{number[2:8]}-{number[8:]}",  # YYMMDD-NNNN
        number[2:],  # YYMMDDNNNN
        child.street_address,
    ]


def assert_no_child_data(messages, child) -> None:
    assert messages, "no e-mail to scan"
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        for secret in child_secrets(child):
            assert secret not in text, (secret, message.subject)
