from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samordna.audit.models import AccessLog, Action
from samordna.audit.review import PER_PAGE
from samordna.plans.tests.factories import give_consent, make_plan

URL = reverse("audit:review")


def _review(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def _rows(response) -> list[AccessLog]:
    return response.context["page"].rows


def test_it_shows_the_rows_of_the_managers_own_principal_only(login, world, make_child, log_row):
    child = make_child(unit=world.bup)  # another principal's child, read by the school too
    at_school = log_row(child)
    at_social = log_row(child, user=world.social_worker, unit=world.social)
    log_row(child, user=world.psychologist, unit=world.bup)
    response = _review(login(world.school_head))
    assert [row.pk for row in _rows(response)] == [at_social.pk, at_school.pk]


@pytest.mark.parametrize(
    "role", ["teacher", "social_worker", "local_admin", "psychologist", "system_admin"]
)
def test_it_answers_404_to_every_other_role(login, world, role):
    assert login(getattr(world, role)).get(URL).status_code == 404


def test_it_requires_login(client, world):
    assert client.get(URL).status_code == 302


def test_it_shows_the_columns(login, world, make_child, log_row):
    child = make_child(given_name="Alva", family_name="Exempel")
    log_row(child, client_ip="198.51.100.7")
    body = _review(login(world.school_head)).content.decode()
    for text in ["Alva Exempel", child.formatted_identity_number, "Larare Testsson"]:
        assert text in body
    assert "Testskolan" in body
    assert "198.51.100.7" in body


@pytest.mark.parametrize("written", ["long", "short", "hyphen"])
def test_it_filters_by_a_childs_number_in_any_accepted_format(
    login, world, make_child, log_row, written
):
    child, other = make_child(980), make_child(981)
    row = log_row(child)
    log_row(other)
    number = child.identity_number
    query = {"long": number, "short": number[2:], "hyphen": f"{number[2:8]}-{number[8:]}"}
    response = _review(login(world.school_head), child=query[written])
    assert [r.pk for r in _rows(response)] == [row.pk]
    assert response.context["extract_child"] == child


def test_it_explains_an_invalid_number_and_shows_no_rows(login, world, make_child, log_row):
    log_row(make_child())
    response = _review(login(world.school_head), child="20140399-9800")
    assert list(response.context["form"].errors) == ["child"]
    assert "page" not in response.context


def test_it_reveals_nothing_about_a_child_outside_the_principals_log(
    login, world, make_child, log_row
):
    child = make_child(unit=world.bup, given_name="Hemlig")
    log_row(child, user=world.psychologist, unit=world.bup)
    response = _review(login(world.school_head), child=child.identity_number)
    assert _rows(response) == []
    assert response.context["extract_child"] is None
    assert "Hemlig" not in response.content.decode()
    assert not AccessLog.objects.filter(user=world.school_head).exists()


def test_it_filters_by_user_unit_and_period(login, world, make_child, log_row):
    child = make_child()
    recent = log_row(child)
    old = log_row(child, age=timedelta(days=40))
    social = log_row(child, user=world.social_worker, unit=world.social)
    client = login(world.school_head)
    assert [r.pk for r in _rows(_review(client, user=world.teacher.pk))] == [recent.pk, old.pk]
    assert [r.pk for r in _rows(_review(client, unit=world.social.pk))] == [social.pk]
    # The filter's days are local days (Europe/Stockholm), not UTC ones.
    day_after = (timezone.localdate(old.at) + timedelta(days=1)).isoformat()
    assert [r.pk for r in _rows(_review(client, date_to=day_after))] == [old.pk]
    since = day_after
    assert old.pk not in [r.pk for r in _rows(_review(client, date_from=since))]


def test_it_refuses_users_and_units_of_other_principals(login, world):
    client = login(world.school_head)
    response = _review(client, user=world.psychologist.pk, unit=world.bup.pk)
    assert set(response.context["form"].errors) == {"user", "unit"}


def test_it_flags_reads_by_a_unit_without_participation(login, world, make_child, log_row):
    child = make_child(unit=world.school)
    by_school = log_row(child)
    by_social = log_row(child, user=world.social_worker, unit=world.social)
    client = login(world.school_head)
    flags = {row.pk: row.no_participation for row in _rows(_review(client))}
    assert flags == {by_school.pk: False, by_social.pk: True}
    assert [r.pk for r in _rows(_review(client, flagged="on"))] == [by_social.pk]
    assert "Ingen medverkan vid tillfället" in _review(client).content.decode()


def test_it_flags_a_read_by_the_reason_the_unit_had_at_its_time(login, world, make_child, log_row):
    """The access index keeps ended reasons: a read while the consent covered the unit stays
    unflagged after the unit is taken out; one before the consent, or after, is flagged."""
    child = make_child(unit=world.school)
    plan = make_plan(child, world.school, world.teacher)
    consent = give_consent(
        plan, world.social, documented_by=world.teacher, given_on=date.today() - timedelta(10)
    )
    social = {"user": world.social_worker, "unit": world.social}
    before = log_row(child, age=timedelta(days=20), **social)
    during = log_row(child, age=timedelta(days=1), **social)
    consent.units.remove(world.social)
    after = log_row(child, **social)

    flags = {row.pk: row.no_participation for row in _rows(_review(login(world.school_head)))}

    assert flags == {before.pk: True, during.pk: False, after.pk: True}


def test_it_logs_each_child_shown_once(login, world, make_child, log_row):
    first, second, hidden = make_child(980), make_child(981), make_child(982, unit=world.bup)
    log_row(first)
    log_row(first, action=Action.UPDATE)
    log_row(second)
    log_row(hidden, user=world.psychologist, unit=world.bup)
    _review(login(world.school_head))
    logged = AccessLog.objects.filter(user=world.school_head)
    assert sorted(logged.values_list("child_id", flat=True)) == sorted([first.pk, second.pk])
    assert set(logged.values_list("action", "acting_unit")) == {(Action.SEARCH, world.school.pk)}


def test_it_shows_a_row_whose_child_record_is_gone(login, world, make_child, log_row):
    log_row(make_child(), object_type="people.child")
    AccessLog.objects.create(
        user=world.teacher,
        acting_unit=world.school,
        child_id=999_999,
        object_type="people.guardian",
        object_id="1",
        action=Action.VIEW,
    )
    response = _review(login(world.school_head))
    assert [r.child_record for r in _rows(response)][0] is None
    assert "Uppgifterna är raderade" in response.content.decode()


def test_it_names_object_types_by_their_verbose_name(login, world, make_child, log_row):
    log_row(make_child(), object_type="people.guardian")
    body = _review(login(world.school_head)).content.decode()
    assert "Guardian" in body or "Vårdnadshavare" in body
    assert "people.guardian" not in body


def test_it_pages_fifty_rows_without_counting(login, world, make_child, log_row):
    child = make_child()
    for _ in range(PER_PAGE + 1):
        log_row(child)
    client = login(world.school_head)
    teacher = world.teacher.pk  # the review's own log rows are not counted in
    first = _review(client, user=teacher).context["page"]
    assert (len(first.rows), first.count, first.previous_before) == (PER_PAGE, None, None)
    second = _review(client, user=teacher, after=first.next_after).context["page"]
    assert (len(second.rows), second.next_after) == (1, None)
    back = _review(client, user=teacher, before=second.previous_before).context["page"]
    assert back.rows == first.rows
    assert _review(client, user=teacher, after="x").context["page"].rows == first.rows


def test_its_pager_carries_the_filter(login, world, make_child, log_row):
    child = make_child()
    for _ in range(PER_PAGE + 1):
        log_row(child)
    body = _review(login(world.school_head), user=world.teacher.pk).content.decode()
    pager = body.split('class="pager"')[1].split("</nav>")[0]
    assert f'name="user" value="{world.teacher.pk}"' in pager and 'name="after"' in pager


def test_its_query_count_does_not_grow_with_rows(login, world, make_child, log_row):
    client = login(world.school_head)

    def queries(children: int) -> int:
        for serial in range(children):
            child = make_child(980 + serial + (5 if children > 5 else 0))
            log_row(child)
            log_row(child, user=world.social_worker, unit=world.social)
        _review(client, flagged="")  # the session's own bookkeeping is not the review's
        with CaptureQueriesContext(connection) as captured:
            _review(client, flagged="")
        return len(captured)

    assert queries(3) == queries(12)


def test_the_menu_offers_the_review_to_managers_only(login, world):
    assert URL in login(world.school_head).get("/").content.decode()
    assert URL not in login(world.teacher).get("/").content.decode()


def test_the_filter_posts_so_no_number_reaches_the_url(login, world, make_child, log_row):
    child = make_child(980)
    row = log_row(child)
    log_row(make_child(981))
    client = login(world.school_head)
    page = client.get(reverse("audit:review")).content.decode()
    assert '<form method="post" class="search"' in page
    response = client.post(reverse("audit:review"), {"child": child.identity_number})
    rows = _rows(response)  # the row, and the review's own read of the child just now
    assert row in rows and {r.child_id for r in rows} == {child.pk}


def test_a_row_records_whether_the_unit_had_a_reason_when_written(login, world, make_child, rf):
    """`had_reason` is the access index's answer at the moment of the read, kept: a consent
    recorded later with an earlier date does not make an earlier look-up a read with reason."""
    from samordna.audit.services import log_access

    child = make_child(unit=world.school)
    login(world.teacher).get(reverse("people:child_detail", args=[child.pk]))
    request = rf.get("/")
    request.user, request.acting_unit = world.social_worker, world.social
    log_access(request, child=child)  # a look-up by a unit with no reason
    plan = make_plan(child, world.school, world.teacher)
    give_consent(
        plan, world.social, documented_by=world.teacher, given_on=date.today() - timedelta(10)
    )

    rows = {row.acting_unit_id: row for row in AccessLog.objects.filter(child_id=child.pk)}
    assert (rows[world.school.pk].had_reason, rows[world.social.pk].had_reason) == (True, False)
    flagged = _rows(_review(login(world.school_head), flagged="on"))
    assert [row.pk for row in flagged] == [rows[world.social.pk].pk]
