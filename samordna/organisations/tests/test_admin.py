"""The principal admin: each board of a municipality is its own principal."""

from samordna.organisations.models import Principal

ADD = "/admin/organisations/principal/add/"


def principal_post(**fields) -> dict:
    data = {
        "name": "Annanby kommun",
        "kind": "municipal",
        "board": "",
        "organisation_number": "2129990020",
        "units-TOTAL_FORMS": "0",
        "units-INITIAL_FORMS": "0",
        "units-MIN_NUM_FORMS": "0",
        "units-MAX_NUM_FORMS": "1000",
    }
    return {**data, **fields}


def test_the_admin_explains_that_each_board_is_its_own_principal(login, world):
    body = login(world.system_admin).get(ADD).content.decode()

    assert "Varje nämnd är en egen huvudman" in body
    assert "En kommuns nämnder har samma organisationsnummer som kommunen." in body


def test_the_admin_refuses_a_municipality_without_a_board(login, world):
    response = login(world.system_admin).post(ADD, principal_post())

    assert response.status_code == 200
    assert "Ange nämnden" in response.content.decode()
    assert not Principal.objects.filter(name="Annanby kommun").exists()


def test_the_admin_adds_two_boards_of_one_municipality(login, world):
    client = login(world.system_admin)

    for board in ["Socialnämnden", "Barn- och utbildningsnämnden"]:
        response = client.post(ADD, principal_post(board=board))
        assert response.status_code == 302

    boards = Principal.objects.filter(organisation_number="212999-0020")
    assert sorted(boards.values_list("board", flat=True)) == [
        "Barn- och utbildningsnämnden",
        "Socialnämnden",
    ]


def test_the_admin_refuses_the_same_board_twice(login, world):
    client = login(world.system_admin)
    client.post(ADD, principal_post(board="Socialnämnden"))

    response = client.post(ADD, principal_post(board="Socialnämnden"))

    assert response.status_code == 200
    assert "Det finns redan en huvudman" in response.content.decode()
    assert Principal.objects.filter(organisation_number="212999-0020").count() == 1
