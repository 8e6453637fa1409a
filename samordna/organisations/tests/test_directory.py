import pytest
from django.urls import reverse

from samordna.organisations.models import Unit


def test_it_lists_units_of_every_principal(login, world):
    response = login(world.teacher).get(reverse("organisations:directory"))
    assert {u.name for u in response.context["page"]} == {
        "Testskolan",
        "Socialtjänsten Testby",
        "BUP Testland",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [("bup", {"BUP Testland"}), ("kurator", {"Testskolan"}), ("psykolog", {"BUP Testland"})],
)
def test_it_finds_units_by_name_function_or_person(login, world, query, expected):
    response = login(world.teacher).get(reverse("organisations:directory"), {"q": query})
    assert {u.name for u in response.context["page"]} == expected


def test_it_filters_by_kind_and_principal(login, world):
    client = login(world.teacher)
    response = client.get(reverse("organisations:directory"), {"kind": Unit.Kind.CAMHS})
    assert [u.name for u in response.context["page"]] == ["BUP Testland"]
    response = client.get(reverse("organisations:directory"), {"principal": world.municipality.pk})
    assert len(response.context["page"]) == 2


def test_it_returns_only_the_results_to_htmx(login, world):
    response = login(world.teacher).get(
        reverse("organisations:directory"), {"q": "test"}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in response.content.decode()
    assert "Testskolan" in response.content.decode()


def test_its_query_count_does_not_grow_with_units(login, world, django_assert_max_num_queries):
    client = login(world.teacher)
    for n in range(30):
        Unit.objects.create(
            principal=world.region, name=f"Vårdcentral {n}", kind=Unit.Kind.PRIMARY_CARE
        )
    client.get(reverse("organisations:directory"))  # the session's first request notes it
    # 11: a fixed budget for the page and the header (acting unit, inbox count), not per unit.
    with django_assert_max_num_queries(11):
        client.get(reverse("organisations:directory"))


def test_the_unit_page_shows_staff_functions_and_contact(login, world):
    world.counsellor.holders.add(world.teacher)
    body = (
        login(world.psychologist)
        .get(reverse("organisations:unit_detail", args=[world.school.pk]))
        .content.decode()
    )
    assert "Kurator" in body
    assert world.teacher.get_full_name() in body
    assert world.school_head.email in body


def test_the_directory_requires_login(client, world):
    assert client.get(reverse("organisations:directory")).status_code == 302


@pytest.mark.parametrize("page", ["unit", "user"])
def test_the_header_offers_the_viewers_own_units_not_those_on_the_page(login, world, page):
    """The unit page lists a unit's staff and the user page a user's roles: neither may take
    the place of the header's own list of the viewer's units (they once shared a name)."""
    from samordna.accounts.models import Membership, Role

    viewer = world.local_admin
    Membership.objects.create(user=viewer, unit=world.school, role=Role.LOCAL_ADMIN)
    url = (
        reverse("organisations:unit_detail", args=[world.bup.pk])
        if page == "unit"
        else reverse("accounts:user_detail", args=[world.social_worker.pk])
    )
    body = login(viewer).get(url).content.decode()
    switcher = body.split('id="acting-unit"')[1].split("</select>")[0]
    assert switcher.count("<option") == 2
    assert "Testskolan" in switcher and "Socialtjänsten Testby" in switcher
    assert "Handläggare" not in switcher and "BUP Testland" not in switcher
