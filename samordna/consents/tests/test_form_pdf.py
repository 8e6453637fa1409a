from django.utils import translation

from samordna.audit.models import AccessLog, Action
from samordna.consents.tests.helpers import (
    PURPOSE,
    born_years_ago,
    make_consent,
    make_plan,
    make_unaccompanied_child,
    pdf_text,
    url,
)
from samordna.people.models import ProtectedIdentity
from samordna.people.tests.helpers import client_for, make_child, make_guardian
from samordna.plans.models import Preparation


def signatures_heading() -> str:
    with translation.override("sv"):
        return translation.gettext("Signatures")


def test_it_prints_a_form_filled_in_from_the_plan(login, world, plan, tmp_path):
    karin, jonas = plan.child.guardians.order_by("given_name").reverse()

    response = login(world.teacher).get(url("form_pdf", plan))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="samtyckesblankett-')
    assert "Nora" not in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    for expected in [
        "Nora Sagström",
        plan.child.formatted_identity_number,
        plan.child.street_address,
        PURPOSE,
        signatures_heading(),
        "Karin Sagström",
        "Jonas Sagström",
        karin.street_address,
        "Testskolan (Testby kommun)",
        "2009:400",
    ]:
        assert expected in text


def test_it_never_prints_a_protected_guardians_address(login, world, tmp_path):
    child = make_child(world.school, given_name="Ella")
    make_guardian(
        child,
        given_name="Sara",
        street_address="Hemliga vägen 9",
        protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION,
    )
    plan = make_plan(world, child)

    # Not even for the unit that registered the guardian: the paper leaves the unit.
    text = pdf_text(login(world.teacher).get(url("form_pdf", plan)).content, tmp_path)

    assert "Sara Testsson" in text
    assert "Hemliga" not in text


def test_it_leaves_out_a_protected_childs_address(login, world, tmp_path):
    child = make_child(
        world.school,
        given_name="Ella",
        street_address="Dolda gränd 2",
        protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING,
    )
    plan = make_plan(world, child)

    text = pdf_text(login(world.teacher).get(url("form_pdf", plan)).content, tmp_path)

    assert "Ella Testsson" in text
    assert "Dolda" not in text


def test_it_proposes_the_units_the_preparation_invites(login, world, plan, tmp_path):
    Preparation.objects.create(plan=plan).invited_units.set([world.bup])

    text = pdf_text(login(world.teacher).get(url("form_pdf", plan)).content, tmp_path)

    assert "BUP Testland (Region Testland)" in text
    assert "Testskolan (Testby kommun)" in text
    assert "Socialtjänsten" not in text


def test_it_logs_the_print(login, world, plan):
    login(world.teacher).get(url("form_pdf", plan))

    row = AccessLog.objects.get(action=Action.PRINT)
    assert (row.object_type, row.object_id, row.child_id) == (
        "plans.plan",
        str(plan.pk),
        plan.child.pk,
    )


def test_a_participating_unit_may_print_it_too(world, plan):
    make_consent(plan, [world.social])

    assert client_for(world.social_worker).get(url("form_pdf", plan)).status_code == 200


def sv(text: str) -> str:
    with translation.override("sv"):
        return translation.gettext(text)


def test_the_god_man_signs_for_an_unaccompanied_child(world, tmp_path):
    child = make_unaccompanied_child(world)
    plan = make_plan(world, child, initiating_unit=world.social, convener=world.social_worker)

    text = pdf_text(client_for(world.social_worker).get(url("form_pdf", plan)).content, tmp_path)

    assert "God man: Göran Testholm" in text
    assert "Godmansvägen 4" in text
    assert "Utsedd av överförmyndaren: Överförmyndarnämnden Testby." in text
    assert "Den gode mannen, som överförmyndaren har utsett, samtycker i vårdnadshavarens" in text
    assert "Barnet: Samir Testnouri" in text
    assert "Barnet skriver också under, i den mån barnets ålder och mognad medger det." in text
    assert "Vårdnadshavare:" not in text


def test_only_the_young_person_signs_at_18(login, world, tmp_path):
    child = make_child(world.school, given_name="Vera", number=born_years_ago(18))
    make_guardian(child, given_name="Karin")
    plan = make_plan(world, child)

    text = pdf_text(login(world.teacher).get(url("form_pdf", plan)).content, tmp_path)

    assert "Den unge: Vera Testsson" in text
    assert "Du har fyllt 18 år: du samtycker själv" in text
    assert "Karin" not in text
    assert sv("Guardians") not in text
    assert "Barnet:" not in text


def test_a_child_of_15_signs_and_the_guardians_if_they_consent_too(login, world, tmp_path):
    child = make_child(world.school, given_name="Vera", number=born_years_ago(15))
    make_guardian(child, given_name="Karin")
    plan = make_plan(world, child)

    text = pdf_text(login(world.teacher).get(url("form_pdf", plan)).content, tmp_path)

    assert text.index("Barnet: Vera Testsson") < text.index("Om vårdnadshavarna också samtycker:")
    assert text.index("Om vårdnadshavarna också samtycker:") < text.index(
        "Vårdnadshavare: Karin Testsson"
    )
    assert "Från 15 års ålder behövs barnets eget samtycke, och det räcker på egen hand." in text


def test_the_guardians_sign_for_a_younger_child_and_the_child_as_far_as_able(
    login, world, plan, tmp_path
):
    text = pdf_text(login(world.teacher).get(url("form_pdf", plan)).content, tmp_path)

    assert "Vårdnadshavarna samtycker för barnet, och alla vårdnadshavare skriver under." in text
    for heading in ["Vårdnadshavare: Karin Sagström", "Vårdnadshavare: Jonas Sagström"]:
        assert text.index(heading) < text.index("Barnet: Nora Sagström")
    assert "Barnet skriver också under, i den mån barnets ålder och mognad medger det." in text


def test_a_younger_child_with_nobody_registered_gets_blank_blocks(login, world, tmp_path):
    plan = make_plan(world, make_child(world.school, given_name="Ella"))

    text = pdf_text(login(world.teacher).get(url("form_pdf", plan)).content, tmp_path)

    assert "Ingen vårdnadshavare eller god man är registrerad." in text
    assert text.count("Vårdnadshavare eller god man") >= 3  # the heading and two blocks
    assert "Ett barn under 15 år kan inte samtycka ensamt." in text
