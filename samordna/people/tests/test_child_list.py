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
    return list(response.context["page"].object_list)


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
