from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.audit.models import AccessLog, Action
from samordna.organisations.models import Unit
from samordna.people.models import ProtectedIdentity, Trustee
from samordna.people.tests.helpers import fictional_number, make_child, make_guardian
from samordna.plans.models import ClosureReason
from samordna.plans.tests.content_helpers import (
    LAW_POINTS,
    add_goal,
    add_measure,
    approve,
    close,
    make_plan,
    pdf_pages,
    pdf_text,
    ready_to_approve,
    share_with,
)


def get_pdf(client, name, plan, **query):
    return client.get(reverse(f"plans:{name}", args=[plan.pk]), query)


def assert_neutral_file_name(response, child):
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith('.pdf"')
    for secret in [child.given_name, child.family_name, child.identity_number[:8]]:
        assert secret not in disposition


def test_it_prints_the_draft_with_the_four_points_and_the_measures(login, world, tmp_path):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    add_goal(plan, "Alva trivs i skolan")
    add_measure(plan, world.school, "Anpassad studiegång", timing="varje dag")
    add_measure(plan, world.social, "Familjestöd", other_actor="Föreningen Stöd")

    response = get_pdf(login(world.teacher), "pdf", plan)

    assert response.status_code == 200
    assert_neutral_file_name(response, plan.child)
    text = pdf_text(response, tmp_path)
    for heading in LAW_POINTS:
        assert _(heading) in text
    assert _("Draft") in text
    for expected in ["Anpassad studiegång", "Familjestöd", "Föreningen Stöd", "Alva trivs"]:
        assert expected in text
    assert plan.child.formatted_identity_number in text
    log = AccessLog.objects.filter(object_id=str(plan.pk)).values_list("action", flat=True)
    assert list(log) == [Action.PRINT]


def test_it_prints_the_latest_approved_version(login, world, tmp_path):
    plan = ready_to_approve(world)
    client = login(world.teacher)
    approve(client, plan)
    add_measure(plan, world.social, "Ej godkänd ännu")

    approved = pdf_text(get_pdf(client, "pdf", plan), tmp_path)
    draft = pdf_text(get_pdf(client, "pdf", plan, utkast="1"), tmp_path)

    assert "Stödsamtal varje vecka" in approved
    assert "Ej godkänd ännu" not in approved
    assert _("Draft") not in approved
    assert "Ej godkänd ännu" in draft and _("Draft") in draft


def test_it_never_prints_a_protected_address_whoever_prints(login, world, tmp_path):
    # The plan is handed to everyone taking part: the registering unit's print is no
    # different from another unit's.
    child = make_child(world.school, street_address="Hemliga gatan 1", phone="0999-11 11 11")
    child.protected_identity = ProtectedIdentity.PROTECTED_REGISTRATION
    child.save()
    make_guardian(child, street_address="Öppna vägen 2")
    plan = make_plan(world, child=child)
    share_with(plan, world, world.social)

    own = pdf_text(get_pdf(login(world.teacher), "pdf", plan), tmp_path)
    other = pdf_text(get_pdf(login(world.social_worker), "pdf", plan), tmp_path)

    for text in (own, other):
        assert "Hemliga gatan 1" not in text and "0999-11 11 11" not in text
        assert "Öppna vägen 2" in text  # the guardian's own details are not protected


def test_my_plan_puts_the_childs_words_first(login, world, tmp_path):
    plan = make_plan(world, child_wishes="Jag vill ha kompisar på rasten")
    add_goal(plan, "Alva går till skolan varje dag")
    add_measure(
        plan, world.school, "Mentorn träffar Alva varje måndag", responsible_person=world.teacher
    )

    response = get_pdf(login(world.teacher), "my_plan_pdf", plan)

    assert_neutral_file_name(response, plan.child)
    text = pdf_text(response, tmp_path)
    wishes = text.index("Jag vill ha kompisar på rasten")
    assert wishes < text.index("Alva går till skolan varje dag")
    assert wishes < text.index("Mentorn träffar Alva varje måndag")
    assert world.teacher.get_full_name() in text
    assert AccessLog.objects.filter(action=Action.PRINT).count() == 1


def test_the_closure_letter_says_why_and_where_to_turn(login, world, tmp_path):
    Unit.objects.filter(pk=world.school.pk).update(
        phone="0999-123 45", postal_address="Box 12", postal_code="99990", postal_city="Testby"
    )
    plan = make_plan(world, family_contact="Ring skolans kurator")
    make_guardian(plan.child, given_name="Kim", street_address="Kims stig 7")
    client = login(world.teacher)
    close(client, plan, reason=ClosureReason.OTHER, note="Familjen flyttar till Norge")

    response = get_pdf(client, "closure_letter", plan)

    assert response.status_code == 200
    assert_neutral_file_name(response, plan.child)
    text = pdf_text(response, tmp_path)
    for expected in [
        "Familjen flyttar till Norge",
        "Testskolan",
        "0999-123 45",
        "Box 12",
        "Ring skolans kurator",
        "Kims stig 7",
        str(_("Other")),
    ]:
        assert expected in text


def test_each_recipient_gets_a_letter_with_only_their_own_address(login, world, tmp_path):
    Unit.objects.filter(pk=world.school.pk).update(
        postal_address="Box 12", postal_code="99990", postal_city="Testby"
    )
    plan = make_plan(world)
    child = plan.child
    make_guardian(child, given_name="Kim", street_address="Kims stig 7")
    make_guardian(
        child,
        given_name="Sam",
        number=fictional_number(date(1981, 3, 4), 993),
        street_address="Hemliga vägen 9",
        phone="0999-77 77 77",
        email="sam@hemlig.example",
        protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION,
    )
    Trustee.objects.create(
        child=child,
        name="Göran Godman",
        street_address="Godmansgatan 1",
        chief_guardian="Överförmyndaren i Testby",
        registered_by_unit=world.school,
    )
    client = login(world.teacher)
    close(client, plan)

    pages = pdf_pages(get_pdf(client, "closure_letter", plan), tmp_path)

    assert len(pages) == 4  # the child, two guardians and the trustee: one page each
    own = {
        "Alva Testsson Testssons gränd 3": "Testssons gränd 3",
        "Kim Testsson Kims stig 7": "Kims stig 7",
        "Sam Testsson c/o Testskolan Box 12 999 90 Testby": None,
        "Göran Godman Godmansgatan 1": "Godmansgatan 1",
    }
    addresses = [address for address in own.values() if address]
    for page, (window, address) in zip(pages, own.items(), strict=True):
        assert window in page
        assert [a for a in addresses if a in page] == ([address] if address else [])
        assert "Hemliga vägen" not in page and "0999-77 77 77" not in page
        assert "sam@hemlig.example" not in page


def test_there_is_no_closure_letter_for_an_open_plan(login, world):
    plan = make_plan(world)

    response = get_pdf(login(world.teacher), "closure_letter", plan)

    assert response.status_code == 404
    assert not AccessLog.objects.exists()
