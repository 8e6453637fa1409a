"""What a consent covers: the whole SIP for every unit in it (said the same way on the record
page, the consent list and the printed form), and never a whole municipality."""

from samordna.consents.models import Consent
from samordna.consents.tests.helpers import consent_data, make_consent, pdf_text, url
from samordna.organisations.models import Principal, Unit

SHARED = (
    "Allt som finns om SIP:en i samordna kan ses av varje enhet som samtycket omfattar: planen "
    "med mål och insatser, mötena med kallelser och protokoll"
)
PROTECTED = "Skyddade uppgifter (skyddad folkbokföring eller sekretessmarkering) visas bara"
BESIDES = "vad enheterna dessutom får utbyta vid möten och samtal"


def plain(html: str) -> str:
    return " ".join(html.split())


def test_the_record_page_says_what_is_shared(login, world, plan):
    body = plain(login(world.teacher).get(url("record", plan)).content.decode())

    assert SHARED in body
    assert PROTECTED in body
    assert BESIDES.capitalize() in body  # the free text's label


def test_the_consent_list_says_what_is_shared(login, world, plan):
    make_consent(plan, [world.social], information="Skolnärvaro.")

    body = plain(login(world.teacher).get(url("list", plan)).content.decode())

    assert SHARED in body
    assert "Utbyts dessutom vid möten och samtal" in body


def test_the_printed_form_says_what_is_shared_and_promises_nothing_else(
    login, world, plan, tmp_path
):
    text = pdf_text(login(world.teacher).get(url("form_pdf", plan)).content, tmp_path)

    assert SHARED in text
    assert "Vad verksamheterna dessutom får utbyta vid möten och samtal" in text
    assert "Bara de uppgifter som står ovan" not in text  # the old promise samordna broke
    assert "Skola och socialtjänst är olika verksamheter med sekretess mellan sig" in text


def test_it_refuses_a_whole_municipality_as_a_principal(login, world, plan):
    data = consent_data(plan, principals=[str(world.municipality.pk)])

    response = login(world.teacher).post(url("record", plan), data)

    assert list(response.context["form"].errors) == ["principals"]
    assert (
        "Testby kommun anger ingen nämnd: ett samtycke kan inte gälla en hel kommun. Skola och "
        "socialtjänst är olika huvudmän" in response.content.decode()
    )
    assert not Consent.objects.exists()


def test_it_accepts_a_board_of_the_municipality(login, world, plan):
    board = Principal.objects.create(
        name="Testby kommun",
        board="Socialnämnden",
        kind=Principal.Kind.MUNICIPAL,
        organisation_number="2129990012",
    )
    Unit.objects.create(principal=board, name="Familjeenheten", kind=Unit.Kind.SOCIAL_SERVICES)
    client = login(world.teacher)

    page = client.get(url("record", plan)).content.decode()
    assert "Socialnämnden i Testby kommun" in page
    response = client.post(url("record", plan), consent_data(plan, principals=[str(board.pk)]))

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert list(consent.principals.all()) == [board]
    assert "Socialnämnden i Testby kommun" in client.get(url("list", plan)).content.decode()


def test_a_region_is_one_principal(login, world, plan):
    data = consent_data(plan, principals=[str(world.region.pk)])

    assert login(world.teacher).post(url("record", plan), data).status_code == 302
