from pathlib import Path

import polib
from django.conf import settings


def test_the_swedish_catalogue_is_complete():
    path = Path(settings.BASE_DIR) / "samordna/locale/sv/LC_MESSAGES/django.po"
    catalogue = polib.pofile(str(path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == [], f"untranslated: {missing[:10]}"
    assert fuzzy == [], f"fuzzy: {fuzzy[:10]}"
