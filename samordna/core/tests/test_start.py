import re

from django.urls import reverse

from samordna.accounts.models import Membership, User
from samordna.people.tests.helpers import make_child

NORA = "20140312-9826"


def test_a_caseworker_sees_the_unit_and_colleagues(login, world):
    response = login(world.teacher).get(reverse("core:start"))
    body = response.content.decode()
    assert "Testskolan" in body
    assert world.school_head.get_full_name() in body
    assert "Lägg till användare" not in body


def test_a_local_admin_sees_users_who_have_not_logged_in(login, world):
    response = login(world.local_admin).get(reverse("core:start"))
    body = response.content.decode()
    assert "Har inte loggat in ännu" in body
    assert world.teacher.get_full_name() in body
    assert world.psychologist.get_full_name() not in body


def test_a_manager_sees_the_units_of_the_principal(login, world):
    body = login(world.school_head).get(reverse("core:start")).content.decode()
    assert "Testby kommun" in body
    assert "Socialtjänsten Testby" in body and "Testskolan" in body
    assert "BUP Testland" not in body


def test_a_system_admin_sees_the_system_status(login, world):
    body = login(world.system_admin).get(reverse("core:start")).content.decode()
    assert "Systemstatus" in body
    assert reverse("admin:index") in body


def test_a_user_without_a_unit_is_told_whom_to_ask(login, db):
    user = User.objects.create_user(
        email="ny@x.example", password="x", given_name="Ny", family_name="X"
    )
    body = login(user).get(reverse("core:start")).content.decode()
    assert "Du är inte kopplad till någon enhet" in body
    assert not Membership.objects.filter(user=user).exists()


def test_the_start_page_has_one_h1_and_the_landmarks(login, world):
    body = login(world.teacher).get(reverse("core:start")).content.decode()
    assert body.count("<h1") == 1
    for landmark in ["<header", '<main id="main"', "<footer", 'class="skip-link"']:
        assert landmark in body


def test_the_child_search_posts_so_no_number_reaches_the_url(login, world):
    """As the child list does: the number typed is sent in the body, never in a URL."""
    child = make_child(world.school, given_name="Nora", number=NORA)
    client = login(world.teacher)
    start = client.get(reverse("core:start")).content.decode()
    form = re.search(r'<form method="(\w+)" action="([^"]+)" role="search"', start)
    assert form.groups() == ("post", reverse("people:child_list"))
    assert 'name="csrfmiddlewaretoken"' in start.split(form.group(0))[1].split("</form>")[0]
    response = client.post(form.group(2), {"q": NORA})
    assert response.status_code == 200
    assert list(response.context["page"]) == [child]
    assert NORA not in response.request["PATH_INFO"] + response.request.get("QUERY_STRING", "")
