from django.utils import translation

from samordna.audit.models import AccessLog, Action
from samordna.consents.tests.helpers import PURPOSE, make_consent, make_plan, pdf_text, url
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
