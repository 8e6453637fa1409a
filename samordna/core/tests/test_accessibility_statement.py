"""The accessibility statement says what is tested, what is not, and the known problems;
the tests it rests on exist (their files are named in the template)."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

TEMPLATE = Path(settings.BASE_DIR) / "samordna/core/templates/core/accessibility.html"


def test_it_says_what_is_tested_and_what_is_not(client, db):
    statement = " ".join(client.get(reverse("core:accessibility")).content.decode().split())
    for said in [
        "samordna är delvis förenlig med lagen",
        "Automatisk granskning med axe-core",
        "Bara tangentbord: en uppgift testas med enbart tangentbordet",
        "förstorade till 200 procent och i 320 pixlars bredd",
        "taggad PDF med titel och språk",
        "Ingen har testat samordna med skärmläsare",
        "inte kontrollerats med ett valideringsverktyg för PDF/UA",
        "Kända brister",
    ]:
        assert said in statement, said
    assert "hela tjänsten med tangentbordet" not in statement  # never tested as a whole


def test_the_tests_it_rests_on_exist():
    named = re.findall(r"(\w+/tests/test_\w+\.py)", TEMPLATE.read_text())
    assert len(named) >= 5
    for path in named:
        assert (Path(settings.BASE_DIR) / "samordna" / path).is_file(), path
