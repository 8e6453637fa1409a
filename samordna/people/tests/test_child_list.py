import pytest
from django.urls import reverse

from samordna.audit.models import AccessLog, Action
from samordna.people.tests.helpers import digits, make_child

URL = reverse("people:child_list")
NORA = "20140312-9826"


@pytest.fixture
def children(world):
    """Nora and Liam at the school; a hidden Nora at social services."""
    return {
        "nora": make_child(world.school, given_name="Nora", family_name="Sagström", number=NORA),
        "liam": make_child(
            world.school, given_name="Liam", family_name="Björkvik", number="20160805-9836"
        ),
        "hidden": make_child(
            world.social, given_name="Nora", family_name="Dold", number="20121130-9842"
        ),
    }


def found(response):
    return list(response.context["page"].rows)


@pytest.mark.parametrize("typed", [NORA, digits(NORA), NORA[2:], digits(NORA)[2:], f"  {NORA} "])
def test_it_finds_a_child_by_number_in_any_format(login, world, children, typed):
    response = login(world.teacher).get(URL, {"q": typed})
    assert response.status_code == 200
    assert found(response) == [children["nora"]]


def test_it_finds_a_child_by_a_reserve_number(login, world):
    child = make_child(world.school, number="20150401R001")
    response = login(world.teacher).get(URL, {"q": "20150401-R001"})
    assert found(response) == [child]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("nora", ["nora"]),
        ("Sagström nora", ["nora"]),
        ("björk", ["liam"]),
        ("Nora Björkvik", []),
        ("", ["liam", "nora"]),
    ],
)
def test_it_finds_children_by_name_words(login, world, children, typed, expected):
    response = login(world.teacher).get(URL, {"q": typed})
    assert found(response) == [children[name] for name in expected]


def test_it_never_shows_a_child_another_unit_registered(login, world, children):
    client = login(world.teacher)
    hidden = children["hidden"]
    for typed in ["Dold", "20121130-9842", "121130-9842"]:
        assert found(client.get(URL, {"q": typed})) == []
        # The results alone: the full page repeats the query in the search box.
        body = client.get(URL, {"q": typed}, HTTP_HX_REQUEST="true").content.decode()
        for secret in [hidden.family_name, hidden.formatted_identity_number, hidden.street_address]:
            assert secret not in body
    assert not AccessLog.objects.filter(child_id=children["hidden"].pk).exists()


def test_it_logs_one_search_row_per_child_shown(login, world, children):
    login(world.teacher).get(URL, {"q": "nora"}, REMOTE_ADDR="192.0.2.3")

    row = AccessLog.objects.get()
    assert (row.child_id, row.object_id) == (children["nora"].pk, str(children["nora"].pk))
    assert (row.user, row.acting_unit, row.action) == (world.teacher, world.school, Action.SEARCH)
    assert row.client_ip == "192.0.2.3"


def test_it_logs_only_the_children_on_the_page(login, world):
    for n in range(30):
        make_child(world.school, given_name=f"Barn{n:02d}")
    response = login(world.teacher).get(URL)
    shown = {child.pk for child in found(response)}
    assert len(shown) == 25
    assert set(AccessLog.objects.values_list("child_id", flat=True)) == shown
    assert AccessLog.objects.count() == 25


def test_it_answers_htmx_with_the_results_only(login, world, children):
    response = login(world.teacher).get(URL, {"q": "nora"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "people/partials/child_results.html"
    body = response.content.decode()
    assert "<html" not in body and "<form" not in body
    assert children["nora"].full_name in body
    assert AccessLog.objects.filter(action=Action.SEARCH).count() == 1


def test_it_answers_a_full_page_without_htmx(login, world, children):
    response = login(world.teacher).get(URL, {"q": "nora"})
    assert "people/child_list.html" in [t.name for t in response.templates]
    assert "<html" in response.content.decode()


def test_its_query_count_does_not_grow_with_the_children(
    login, world, django_assert_max_num_queries
):
    client = login(world.teacher)
    make_child(world.school)
    client.get(URL)  # the session's first request notes it (accounts.UserSession)
    with django_assert_max_num_queries(15) as few:
        client.get(URL)
    for _ in range(30):
        make_child(world.school)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(found(response)) == 25


def test_it_ignores_a_query_that_is_too_long(login, world, children):
    response = login(world.teacher).get(URL, {"q": "x" * 101})
    assert response.status_code == 200
    assert set(found(response)) == {children["nora"], children["liam"]}


def test_the_page_searches_by_post_so_no_number_reaches_the_url(login, world, children):
    client = login(world.teacher)
    page = client.get(URL).content.decode()
    assert 'method="post"' in page and "hx-post=" in page and "hx-push-url" not in page
    response = client.post(URL, {"q": NORA}, HTTP_HX_REQUEST="true")
    assert found(response) == [children["nora"]]
    assert "HX-Push-Url" not in response


def _many(world, count: int) -> list:
    """Children with names that sort in the order made, and two that share a name."""
    made = [
        make_child(world.school, given_name="Ada", family_name=f"Sida{n:03}") for n in range(count)
    ]
    made.append(make_child(world.school, given_name="Ada", family_name=f"Sida{count - 1:03}"))
    return made


def test_it_pages_forward_and_back_by_the_row_not_the_offset(login, world):
    made = _many(world, 54)  # 55 children: pages of 25, 25 and 5
    client = login(world.teacher)

    first = client.post(URL, {"q": "Ada"}).context["page"]
    second = client.post(URL, {"q": "Ada", "after": first.next_after}).context["page"]
    third = client.post(URL, {"q": "Ada", "after": second.next_after}).context["page"]
    back = client.post(URL, {"q": "Ada", "before": third.previous_before}).context["page"]

    assert [*first, *second, *third] == made  # every child once, in name order, ties by id
    assert list(back) == list(second)
    assert (first.previous_before, third.next_after) == (None, None)
    assert (first.count, first.more_than) == (55, False)


def test_its_pager_keeps_the_search_and_no_name_out_of_the_url(login, world):
    _many(world, 30)
    response = login(world.teacher).post(URL, {"q": "Ada"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'name="after"' in body and 'name="q" value="Ada"' in body
    page = response.context["page"]
    assert f'value="{page.next_after}"' in body and "Sida" not in body.split('class="pager"')[1]


def test_a_cursor_naming_a_child_the_unit_may_not_see_gives_the_first_page(login, world, children):
    client = login(world.teacher)
    response = client.post(URL, {"after": children["hidden"].pk, "before": "x"})
    assert found(response) == [children["liam"], children["nora"]]


def test_it_says_more_than_when_the_count_is_capped(login, world, monkeypatch):
    monkeypatch.setattr("samordna.core.keyset.COUNT_CAP", 3)
    _many(world, 4)
    response = login(world.teacher).get(URL)
    assert "Mer än 3 barn" in response.content.decode()


def test_a_deep_page_costs_the_queries_the_first_does(login, world, django_assert_max_num_queries):
    _many(world, 60)
    client = login(world.teacher)
    second = client.post(URL, {"after": client.post(URL).context["page"].next_after})
    with django_assert_max_num_queries(20) as first:
        client.post(URL)
    with django_assert_max_num_queries(len(first.captured_queries) + 1):  # + the cursor's row
        client.post(URL, {"after": second.context["page"].next_after})
