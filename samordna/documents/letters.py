"""What every letter for a window envelope shares: the sender block, the recipient's
language, and cutting one laid-out run of letters back into letters.

A run of letters is laid out in one WeasyPrint pass (much faster than one pass each); each
letter's first section carries an id with a prefix (`letter-12`, `cover-12`), so its pages
can be found again and each letter combined with pages laid out elsewhere.
"""

from django.conf import settings

from samordna.documents import postal


def sender_block(unit, person=None) -> dict:
    """The sender block of the window head (documents/pdf/_window.html) and the signature."""
    return {"unit": unit, "lines": postal.unit_lines(unit), "person": person}


def language_of(person) -> str:
    """The recipient's preferred language when samordna speaks it; else the default."""
    code = getattr(person, "preferred_language", "") or ""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def split_letters(pages, prefix: str) -> list[list]:
    """The pages of a run, letter by letter: a new letter starts where a page carries an
    anchor starting with `prefix` that no page before it carried.

    A section longer than a page (a long place, name or address) carries its anchor on every
    page it spans, for WeasyPrint gives each page the anchors of the boxes on it: those pages
    belong to the letter that began before them.
    """
    letters: list[list] = []
    seen: set[str] = set()
    for page in pages:
        anchors = {anchor for anchor in page.anchors if anchor.startswith(prefix)}
        if anchors - seen:
            letters.append([])
            seen |= anchors
        letters[-1].append(page)
    return letters
