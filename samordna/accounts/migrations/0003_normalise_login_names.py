"""Existing addresses in the one spelling the login now looks up exactly (issue 14 §6)."""

import unicodedata

from django.db import migrations


def normalise_login(value):
    # A copy of samordna.accounts.models.normalise_login as it was when this was written.
    return unicodedata.normalize("NFKC", value.strip()).casefold()


def normalise_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    users = list(User.objects.only("email"))
    taken = {}
    for user in users:
        taken.setdefault(normalise_login(user.email), []).append(user.email)
    clashes = {name: spellings for name, spellings in taken.items() if len(spellings) > 1}
    if clashes:
        raise RuntimeError(
            "These accounts' e-mail addresses are the same address spelt differently; "
            "change or remove all but one of each, then migrate again: "
            + "; ".join(" = ".join(spellings) for spellings in clashes.values())
        )
    for user in users:
        name = normalise_login(user.email)
        if name != user.email:
            User.objects.filter(pk=user.pk).update(email=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [migrations.RunPython(normalise_addresses, migrations.RunPython.noop)]
