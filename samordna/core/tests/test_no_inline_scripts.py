"""No template under samordna/ may hold code the Content-Security-Policy would refuse:
inline <script>, style="..." attributes, on*= event handlers or javascript: links.

<style> elements are allowed only in the PDF templates: WeasyPrint renders them on the
server and no browser ever sees them.
"""

import re
from pathlib import Path

from django.conf import settings

TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.DOTALL)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\ssrc=)", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"=\s*[\"']?\s*javascript:", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)


def problems(text: str, *, pdf: bool = False) -> list[str]:
    found = [f"inline script: {m[0]}" for m in INLINE_SCRIPT.finditer(text)]
    if not pdf:
        found += ["<style> element" for _m in STYLE_ELEMENT.finditer(text)]
    for tag in TAG.findall(text):
        for name, pattern in [
            ("style attribute", STYLE_ATTRIBUTE),
            ("event handler", EVENT_ATTRIBUTE),
            ("javascript: URL", JAVASCRIPT_URL),
        ]:
            if pattern.search(tag):
                found.append(f"{name}: {tag[:80]}")
    return found


def templates() -> list[Path]:
    root = Path(settings.BASE_DIR) / "samordna"
    return sorted(path for path in root.rglob("*.html") if "templates" in path.parts)


def test_no_template_has_inline_code():
    failures = []
    for path in templates():
        pdf = "pdf" in path.name or "pdf" in path.parent.name
        failures += [f"{path}: {p}" for p in problems(path.read_text(), pdf=pdf)]
    assert len(templates()) > 20
    assert not failures, "\n".join(failures)


def test_the_check_finds_what_it_looks_for():
    assert problems("<script>alert(1)</script>")
    assert problems('<script type="module">x()</script>')
    assert problems('<p style="color: red">x</p>')
    assert problems('<button type="button" onclick="go()">x</button>')
    assert problems('<a href="javascript:go()">x</a>')
    assert problems("<style>p { color: red }</style>")
    assert not problems('<script src="/static/js/htmx.min.js" defer></script>')
    assert not problems('<button type="button" data-on="x" class="online">x</button>')
    assert not problems("<style>@page { size: A4 }</style>", pdf=True)
