"""Helpers for test_bad_input: which views take input, what their forms hold, hostile values
for each kind of field, and what a safe answer looks like.

The forms are read from the pages themselves (the HTML the user's browser would get), so a
field added to a form is fuzzed without anyone touching the tests.
"""

import inspect
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import strategies as st

# --- Which views take input -----------------------------------------------------------------


def url_patterns(patterns=None, namespace=None):
    """(qualified name, callback) of every named route, walking included URLconfs."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if pattern.namespace and namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern.callback


def _unwrapped(view):
    """The decorated function's chain, outermost first."""
    while view is not None:
        yield view
        view = getattr(view, "__wrapped__", None)


def _source(view) -> str:
    try:
        return inspect.getsource(list(_unwrapped(view))[-1])
    except (OSError, TypeError):
        return ""


def accepts_post(view) -> bool:
    """A class-based view with a post() method, a function view limited to methods that
    include POST (require_POST, require_http_methods), or an unrestricted one that reads
    request.POST or looks at request.method."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post") and "post" in view_class.http_method_names
    for function in _unwrapped(view):
        for cell in function.__closure__ or ():
            try:
                contents = cell.cell_contents
            except ValueError:
                continue
            # require_http_methods(request_method_list): a list of upper-case method names.
            methods = contents if isinstance(contents, list | tuple) else ()
            if methods and all(isinstance(m, str) and m.isupper() for m in methods):
                return "POST" in methods
    source = _source(view)
    return "request.POST" in source or "request.method" in source


def reads_query(view) -> bool:
    """A function view that reads request.GET itself: a search, a filter, a page number."""
    return getattr(view, "view_class", None) is None and "request.GET" in _source(view)


# --- The forms on a page --------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, hidden, number, date, datetime, choice, bool, file
    value: str | list = ""
    options: list = field(default_factory=list)
    multiple: bool = False
    input_type: str = "text"


@dataclass
class Form:
    method: str
    action: str
    fields: dict = field(default_factory=dict)


TEXT_INPUTS = {"text", "email", "tel", "search", "url", "password"}


class _FormParser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.option: dict | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urlsplit(attrs.get("action") or self.page_path).path
            self.form = Form(attrs.get("method", "get").lower(), action)
            self.forms.append(self.form)
        if self.form is None or attrs.get("disabled") is not None:
            return
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            self._input(name, attrs)
        elif tag == "button" and name:
            self._add_option(name, attrs.get("value", ""), multiple=False)
        elif tag == "select" and name:
            self.select = Field(name, "choice", multiple="multiple" in attrs)
            self.select.value = [] if self.select.multiple else ""
            self.form.fields[name] = self.select
        elif tag == "option" and self.select is not None:
            self.option = {"value": attrs.get("value"), "text": ""}
            if "selected" in attrs:
                self.option["selected"] = True
        elif tag == "textarea" and name:
            self.textarea = Field(name, "text", input_type="textarea")
            self.form.fields[name] = self.textarea

    def _input(self, name, attrs):
        kind = attrs.get("type", "text").lower()
        value = attrs.get("value", "")
        if kind in ("submit", "button", "reset", "image"):
            return
        if kind in ("radio", "checkbox"):
            self._add_option(name, attrs.get("value", "on"), multiple=kind == "checkbox")
            if "checked" in attrs:
                existing = self.form.fields[name]
                if existing.multiple:
                    existing.value.append(attrs.get("value", "on"))
                else:
                    existing.value = attrs.get("value", "on")
            return
        kinds = {"number": "number", "date": "date", "datetime-local": "datetime", "file": "file"}
        self.form.fields[name] = Field(
            name, kinds.get(kind, "hidden" if kind == "hidden" else "text"), value, input_type=kind
        )

    def _add_option(self, name, value, *, multiple):
        existing = self.form.fields.setdefault(
            name, Field(name, "choice", [] if multiple else "", multiple=multiple)
        )
        existing.options.append(value)

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option" and self.option is not None:
            value = self.option["value"]
            value = self.option["text"].strip() if value is None else value
            self.select.options.append(value)
            if self.option.get("selected"):
                if self.select.multiple:
                    self.select.value.append(value)
                else:
                    self.select.value = value
            self.option = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def forms_on(html: str, page_path: str) -> list[Form]:
    parser = _FormParser(page_path)
    parser.feed(html)
    for form in parser.forms:
        for one in form.fields.values():
            # A single checkbox without a value of its own is a yes/no field.
            if one.kind == "choice" and one.multiple and one.options == ["on"]:
                one.kind, one.multiple, one.value = "bool", False, "on" if one.value else ""
    return parser.forms


# --- Hostile values -------------------------------------------------------------------------

# Lone surrogates cannot travel in HTTP (UTF-8 cannot encode them): every other code point can.
ANY_CHAR = st.characters(exclude_categories=("Cs",))
PAYLOADS = [
    '<script>alert("samordna")</script>',
    '"><img src=x onerror=alert("samordna")>',
    "'><svg onload=alert('samordna')>",
]
NASTY = [
    "\x00",
    "Nora\x00Sagström",
    "\u202eNora Sagström\u202c",  # right-to-left override
    "مرحبا، نورا",  # Arabic
    "שלום נורה",  # Hebrew
    "e\u0301\u0302\u0303\u0304\u0305\u0306",  # combining marks piled on one letter
    "Z̴̡̢͔a̷͙l̶g̵o̸",
    "👩🏽‍⚕️👨‍👩‍👧🏳️‍🌈",
    "\u200b\u200d\ufeff",
    "𝔑𝔬𝔯𝔞",
    "１２３４",  # full-width digits
    "١٢٣٤",  # Arabic-Indic digits
    "\r\n\t",
    " ",
    "' OR 1=1 --",
    "%s %(name)s {{ request.user }} {% debug %}",
    "javascript:alert(1)",
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example",
]


class Long(str):
    """A long string that a failing example prints as the expression that made it."""

    def __new__(cls, part: str, times: int, prefix: str = ""):
        made = super().__new__(cls, prefix + part * times)
        made.expression = f"{prefix!r} + {part!r} * {times}" if prefix else f"{part!r} * {times}"
        return made

    def __repr__(self):
        return self.expression


LONG = [
    Long("x", 10_001),
    Long("å", 10_001),
    Long("👍", 10_001),
    Long("a\u0301", 5_001, prefix="\u202e"),
    Long(PAYLOADS[0], 300),
    Long("1", 10_001),
    Long("\x00", 10_001),
]
HOSTILE_TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=40),
    st.sampled_from(NASTY + PAYLOADS),
    st.builds(
        lambda before, payload, after: before + payload + after,
        st.text(ANY_CHAR, max_size=8),
        st.sampled_from(PAYLOADS + NASTY),
        st.text(ANY_CHAR, max_size=8),
    ),
    st.sampled_from(LONG),
)
WRONG_NUMBERS = st.sampled_from(
    [
        "abc",
        "12a",
        "-1",
        "0",
        "1.5",
        "1e309",
        "NaN",
        "Infinity",
        "2147483648",
        "9223372036854775808",
        "99999999999999999999999999",
        "١٢",
        "0x10",
        "",
    ]
)
WRONG_DATES = st.sampled_from(
    [
        "2026-02-30",
        "2025-02-29",
        "2026-13-01",
        "2026-00-10",
        "0000-00-00",
        "0001-01-01",
        "9999-12-31",
        "10000-01-01",
        "-2026-01-01",
        "31/12/2026",
        "igår",
        "2026-02-28T25:61",
        "2026-W05",
        "",
    ]
)


def _dates() -> list[str]:
    today = date.today()
    return [(today + timedelta(days=n)).isoformat() for n in (0, -1, 30, 60)]


def plausible(one: Field):
    """A value that the form would probably accept, so that the hostile ones beside it get
    as far as the database."""
    if one.kind == "hidden":
        return st.just(one.value)
    if one.kind == "date":
        return st.sampled_from(_dates())
    if one.kind == "datetime":
        return st.sampled_from([f"{day}T10:00" for day in _dates()[2:]])
    if one.kind == "number":
        return st.sampled_from([one.value or "60", "60"])
    if one.kind == "bool":
        return st.sampled_from(["on", None])
    if one.kind == "file":
        return st.none()
    if one.kind == "choice":
        options = [option for option in one.options if option != ""] or [""]
        if one.multiple:
            return st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True)
        return st.sampled_from(options)
    if one.input_type == "email" or "mail" in one.name:
        return st.just("ny.person@testby.example")
    if one.input_type == "password":
        return st.just("a-long-test-password-42")
    return st.sampled_from(one.value and [one.value] or ["Testvärde", "Åsa Öberg"])


def hostile(one: Field, foreign_ids: list[str]):
    """Text where text belongs; wrong types, other organisations' ids and text elsewhere."""
    ids = st.sampled_from(foreign_ids)
    if one.kind in ("text", "hidden"):
        return HOSTILE_TEXT if one.kind == "text" else st.one_of(WRONG_NUMBERS, HOSTILE_TEXT)
    if one.kind == "number":
        return st.one_of(WRONG_NUMBERS, HOSTILE_TEXT)
    if one.kind in ("date", "datetime"):
        return st.one_of(WRONG_DATES, HOSTILE_TEXT)
    if one.kind == "bool":
        return st.one_of(st.sampled_from(["off", "false", "0", "2"]), HOSTILE_TEXT)
    if one.kind == "file":
        return st.builds(
            lambda name, content: SimpleUploadedFile(name, content, "application/pdf"),
            st.sampled_from(
                [
                    "<script>alert(1)</script>.pdf",
                    "../../etc/passwd",
                    "Nora\x00.pdf",
                    "👍" * 300 + ".pdf",
                    "\u202efdp.exe",
                ]
            ),
            st.sampled_from([b"", b"%PDF-1.4\n%%EOF\n", b"\x00" * 64, b"<html>"]),
        )
    one_wrong = st.one_of(ids, WRONG_NUMBERS, HOSTILE_TEXT)
    if one.multiple:
        return st.lists(st.one_of(st.sampled_from(one.options or [""]), one_wrong), max_size=4)
    return one_wrong


def values_for(fields: dict, foreign_ids: list[str]):
    """A whole form: each field plausible or hostile, so that examples range from one bad
    field among good ones to every field bad."""
    return st.fixed_dictionaries(
        {name: st.one_of(plausible(one), hostile(one, foreign_ids)) for name, one in fields.items()}
    ).map(lambda data: {name: value for name, value in data.items() if value is not None})


# --- What a safe answer looks like ----------------------------------------------------------

SWEDISH = re.compile(
    r"[åäöÅÄÖ]|\b(och|att|inte|ett|en|som|med|till|av|om|det|den|eller|fyll|ange|välj|"
    r"giltig|giltigt|giltiga|ogiltig|datum|fält|fältet|måste|högst|minst|tecken|finns|redan|"
    r"sidan|hittades|kan|skriv|beskriv|rätta|följande)\b",
    re.IGNORECASE,
)
ENGLISH = re.compile(
    r"\b(the|this|is|are|enter|please|must|field|valid|select|choose|value|not|required|"
    r"characters|ensure|cannot|was|has|have|page|found|bad|request|forbidden)\b",
    re.IGNORECASE,
)


class _MessageParser(HTMLParser):
    """The texts a user is told why something was refused: field errors, the error summary,
    error and warning messages, and the heading and text of an error page."""

    CLASSES = {"error", "error-summary", "message-error", "message-warning", "banner-warning"}

    def __init__(self, page_text: bool):
        super().__init__(convert_charrefs=True)
        self.page_text = page_text
        self.depth = 0
        self.capturing = 0
        self.in_main = False
        self.texts: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "br", "img", "meta", "link", "hr"):
            return
        self.depth += 1
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "main":
            self.in_main = True
        wanted = classes & self.CLASSES or (self.page_text and self.in_main and tag in ("h1", "p"))
        if wanted and not self.capturing:
            self.capturing = self.depth

    def handle_endtag(self, tag):
        if tag in ("input", "br", "img", "meta", "link", "hr"):
            return
        if self.capturing and self.depth == self.capturing:
            text = " ".join("".join(self.current).split())
            if text:
                self.texts.append(text)
            self.current, self.capturing = [], 0
        if tag == "main":
            self.in_main = False
        self.depth -= 1

    def handle_data(self, data):
        if self.capturing:
            self.current.append(data)


def refusal_texts(html: str, *, error_page: bool) -> list[str]:
    """The error messages on the page; on an error page without any, its heading and text."""
    parser = _MessageParser(page_text=False)
    parser.feed(html)
    if parser.texts or not error_page:
        return parser.texts
    parser = _MessageParser(page_text=True)
    parser.feed(html)
    return parser.texts


def sent_strings(values: dict) -> list[str]:
    strings = []
    for value in values.values():
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, str) and one.strip():
                strings += [one, one.strip()]
    return sorted(set(strings), key=len, reverse=True)


def not_swedish(text: str, values: dict) -> bool:
    """True when the message, with whatever the user typed taken out, reads as English or
    has no Swedish in it at all."""
    text = " ".join(text.split())
    for value in sent_strings(values):
        value = " ".join(value.split())
        if len(value) >= 3:  # "e" or "ä" typed in a field is no reason to cut up the text
            text = text.replace(value, " ")
    return bool(ENGLISH.search(text)) or not SWEDISH.search(text)


def raw_payloads(html: str, values: dict) -> list[str]:
    """The HTML payloads sent that the page shows unescaped."""
    sent = sent_strings(values)
    found = [p for p in PAYLOADS if p in html and any(p in value for value in sent)]
    if "<script>alert" in html:
        found.append("<script>alert")
    return found
