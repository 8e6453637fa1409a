"""Whatever is typed into the registration form, it answers with a form, never an error page,
and whatever a name holds, the pages show it as text."""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from conftest import verified_login
from samordna.people.forms import ChildForm, GuardianForm
from samordna.people.tests.child_urls import child_urls
from samordna.people.tests.helpers import make_child, make_guardian, registration_data

NASTY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\x00",
    "Nora\x00Sagström",
    "' OR 1=1 --",
    "{{ request.user }}",
    "\u202eevil",
    "20140312-9826",
    "20140312-R001",
    "١٢٣٤٥٦٧٨٩٠١٢",  # Arabic-Indic digits
    "2014-03-12",
    " ",
]
ANY_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(min_size=101, max_size=150),  # just past the fields' max_length
    st.sampled_from([*NASTY, "x" * 10_000, "ö" * 5_000 + "<script>"]),  # very long
)
TEXT_FIELDS = [
    "given_name",
    "family_name",
    "identity_number",
    "birth_date",
    "preferred_language",
    "street_address",
    "postal_code",
    "city",
    "phone",
    "email",
    "protected_identity",
]
FUZZ = hsettings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
fields = st.fixed_dictionaries(dict.fromkeys(TEXT_FIELDS, ANY_TEXT))


@contextmanager
def rolled_back():
    """Each example starts from the same database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@FUZZ
@given(data=fields, units=ANY_TEXT, no_number=st.booleans())
def test_it_validates_any_child_form_input(world, data, units, no_number):
    form = ChildForm({**data, "version": "1", "units": [units], "has_no_number": no_number})
    assert form.is_valid() in (True, False)


@FUZZ
@given(data=fields, kind=ANY_TEXT)
def test_it_validates_any_guardian_form_input(world, data, kind):
    form = GuardianForm({**data, "kind": kind})
    assert form.is_valid() in (True, False)


@FUZZ
@given(child=fields, guardian=fields, no_number=st.booleans())
def test_it_answers_any_registration_post(client, world, child, guardian, no_number):
    verified_login(client, world.teacher)
    post = registration_data(guardian, **child, has_no_number="on" if no_number else None)
    with rolled_back():
        response = client.post(reverse("people:child_register"), post)
    assert response.status_code in (200, 302, 409)


@FUZZ
@given(name=ANY_TEXT.filter(lambda text: "\x00" not in text and text.strip()))
def test_it_shows_any_name_as_text(client, world, name):
    verified_login(client, world.teacher)
    with rolled_back():
        child = make_child(world.school, given_name=name[:100], family_name="<b>Test</b>")
        body = client.get(reverse("people:child_detail", args=[child.pk])).content.decode()
    assert escape(child.full_name) in body
    assert "<b>Test</b>" not in body


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'])
def test_it_escapes_html_in_names_on_every_page(login, world, name):
    child = make_child(world.school, given_name=name, street_address=name)
    make_guardian(child, given_name=name)
    client = login(world.teacher)
    pages = [*child_urls(child, "people"), f"{reverse('people:child_list')}?q=Testsson"]

    for url in pages:
        assert name not in client.get(url).content.decode(), url
    detail = client.get(reverse("people:child_detail", args=[child.pk])).content.decode()
    assert escape(name) in detail
