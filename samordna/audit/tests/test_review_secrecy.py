"""The log review keeps secrecy: it names a child only where the reviewer's unit may see the
child, and the unit that registered a child sees who at other organisations looked it up."""

import re
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from samordna.accounts.models import Role
from samordna.audit.models import AccessLog, Action
from samordna.audit.review import child_reference
from samordna.audit.tests.conftest import identity_number
from samordna.people.tests.helpers import make_child as new_child

URL = reverse("audit:review")
REFERENCE = re.compile(r"Barn #[A-Z2-7]{4}-[A-Z2-7]{4}")


def _secrets(child) -> list[str]:
    number = child.identity_number
    return [child.given_name, child.family_name, number, number[2:], f"{number[2:8]}-{number[8:]}"]


def _pdf_text(response, tmp_path) -> str:
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "extract.pdf"
    path.write_bytes(response.content)
    return subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


@pytest.fixture
def social_case(world, make_child, log_row):
    """Social services' child: the school's teacher looked the number up, the social worker
    read the record. Both units answer to the same principal in the test world."""
    child = make_child(984, unit=world.social, given_name="Hemlig", family_name="Socialsson")
    log_row(child, action=Action.SEARCH)
    log_row(child, user=world.social_worker, unit=world.social)
    return child


@pytest.fixture
def protected_child(world, make_child, log_row):
    """BUP's child with protected identity, whose number a teacher at the school tried."""
    child = make_child(
        985,
        unit=world.bup,
        given_name="Skyddad",
        family_name="Regionsson",
        protected_identity="registration",
    )
    log_row(child, action=Action.SEARCH)
    return child


@pytest.mark.parametrize("case", ["social_case", "protected_child"])
def test_a_school_manager_sees_a_reference_not_the_child(login, world, request, case):
    child = request.getfixturevalue(case)
    response = login(world.school_head).get(URL)
    body = response.content.decode()
    for secret in _secrets(child):
        assert secret not in body
    rows = [row for row in response.context["page"].rows if row.child_id == child.pk]
    references = {row.child_reference for row in rows}
    assert len(references) == 1 and REFERENCE.fullmatch(references.pop())
    assert all(row.child_record is None for row in rows)
    # Still who read, for which unit, what and when.
    assert "Larare Testsson" in body and "Testskolan" in body and "Sökträff" in body
    # Nothing named, nothing read: the review logs no read of the child.
    assert not AccessLog.objects.filter(user=world.school_head, child_id=child.pk).exists()


def test_the_reference_is_stable_and_reveals_neither_id_nor_number(login, world, social_case):
    client = login(world.school_head)
    first = REFERENCE.findall(client.get(URL).content.decode())
    second = REFERENCE.findall(client.get(URL).content.decode())
    assert first and set(first) == set(second) == {
        child_reference(world.municipality, social_case.pk)
    }
    reference = first[0]
    assert str(social_case.pk) not in reference.removeprefix("Barn #")
    assert social_case.identity_number[-4:] not in reference
    assert reference != child_reference(world.region, social_case.pk)


@pytest.mark.parametrize("case", ["social_case", "protected_child"])
def test_searching_a_number_the_unit_may_not_see_answers_as_an_unknown_number(
    login, world, request, case
):
    child = request.getfixturevalue(case)
    unknown = identity_number(990)
    client = login(world.school_head)

    def page(number: str) -> str:
        response = client.post(URL, {"child": number})
        assert response.status_code == 200
        assert response.context["page"].rows == []
        assert response.context["extract_child"] is None
        body = response.content.decode().replace(number, "NUMMER")
        return re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", body)  # the page's CSRF tokens

    assert page(child.identity_number) == page(unknown)
    assert not AccessLog.objects.filter(user=world.school_head).exists()


@pytest.mark.parametrize("case", ["social_case", "protected_child"])
def test_the_extract_gives_the_reference_not_the_child(login, world, request, case, tmp_path):
    child = request.getfixturevalue(case)
    client = login(world.school_head)
    text = _pdf_text(client.get(reverse("audit:extract_pdf", args=[child.pk])), tmp_path)
    assert child_reference(world.municipality, child.pk) in text
    assert "Larare Testsson" in text
    csv_text = client.get(reverse("audit:extract_csv", args=[child.pk])).content.decode()
    assert "Larare Testsson" in csv_text
    for secret in _secrets(child):
        assert secret not in text
        assert secret not in csv_text


def test_the_registering_unit_sees_who_elsewhere_looked_its_child_up(login, world, protected_child):
    bup_head = make_user("chef@testland.example", world.bup, Role.MANAGER)
    response = login(bup_head).get(URL)
    [row] = [row for row in response.context["page"].rows if row.user == world.teacher]
    assert (row.child_record, row.action, row.no_participation) == (
        protected_child,
        Action.SEARCH,
        True,
    )
    cells = [
        cell.strip()
        for cell in re.findall(r"<td>(.*?)</td>", response.content.decode(), re.S)
        if "Larare Testsson" in cell or "Testskolan" in cell
    ]
    assert cells == ["Larare Testsson", "Testskolan<br>Testby kommun"]
    assert "192.0.2.10" not in response.content.decode()  # their principal's to review
    # Found by the number too, with the extract of the registering principal's own log.
    by_number = login(bup_head).post(URL, {"child": protected_child.identity_number})
    assert row.pk in [r.pk for r in by_number.context["page"].rows]
    assert by_number.context["extract_child"] == protected_child


def test_the_principals_other_managers_see_the_look_ups_without_the_child(
    login, world, social_case, log_row
):
    """A read by another principal of a child the municipality registered: the school's
    manager sees it, by the reference, since the school may not see the child."""
    by_bup = log_row(social_case, user=world.psychologist, unit=world.bup)
    response = login(world.school_head).get(URL)
    [row] = [row for row in response.context["page"].rows if row.pk == by_bup.pk]
    assert row.child_reference and row.child_record is None
    assert "Psykolog Testsson" in response.content.decode()
    for secret in _secrets(social_case):
        assert secret not in response.content.decode()


def test_the_review_page_makes_a_fixed_number_of_queries(
    login, world, log_row, django_assert_max_num_queries
):
    """Named, referenced, other principals' and deleted children: no query per row."""
    client = login(world.school_head)

    def queries(children: int) -> int:
        for _ in range(children):
            ours, theirs = new_child(world.school), new_child(world.social)
            log_row(ours)
            log_row(ours, user=world.psychologist, unit=world.bup)
            log_row(theirs, action=Action.SEARCH)
        # Last, so that the reviews' own search rows do not push it off the first page.
        gone = AccessLog(user=world.teacher, acting_unit=world.school, object_id="1")
        gone.child_id, gone.object_type, gone.action = 999_000 + children, "people.child", "view"
        gone.save()
        client.get(URL)  # the session's first request notes it (accounts.UserSession)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL)
        rows = response.context["page"].rows
        assert any(row.child_record for row in rows) and any(row.child_reference for row in rows)
        assert any(not (row.child_record or row.child_reference) for row in rows)  # deleted
        return len(captured)

    few = queries(3)
    assert few == queries(12)
    with django_assert_max_num_queries(few):
        client.get(URL)
