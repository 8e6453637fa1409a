import re

from samordna.audit.models import AccessLog, Action
from samordna.consents.models import Consent
from samordna.consents.tests.helpers import (
    JPEG,
    PDF,
    consent_data,
    make_consent,
    upload,
    url,
    whole_withdrawal,
)
from samordna.people.tests.helpers import client_for


def _record_paper_consent(login, world, plan, content=PDF) -> Consent:
    data = consent_data(plan, [world.social], form="paper", document=upload(content))
    assert login(world.teacher).post(url("record", plan), data).status_code == 302
    return Consent.objects.get()


def test_it_hands_out_the_signed_form_to_a_covered_unit(login, world, plan):
    consent = _record_paper_consent(login, world, plan)

    response = client_for(world.social_worker).get(url("document", plan, consent))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f'attachment; filename="samtycke-{consent.given_on:%Y-%m-%d}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]


def test_it_serves_a_photo_as_an_image(login, world, plan):
    consent = _record_paper_consent(login, world, plan, JPEG)

    response = login(world.teacher).get(url("document", plan, consent))

    assert response["Content-Type"] == "image/jpeg"
    assert re.search(r'filename="samtycke-\d{4}-\d{2}-\d{2}\.jpg"', response["Content-Disposition"])


def test_it_logs_the_download_as_a_print_of_the_consent(login, world, plan):
    consent = _record_paper_consent(login, world, plan)

    client_for(world.social_worker).get(url("document", plan, consent))

    rows = AccessLog.objects.filter(acting_unit=world.social, action=Action.PRINT)
    assert [(row.object_type, row.object_id, row.child_id) for row in rows] == [
        ("consents.consent", str(consent.pk), plan.child.pk)
    ]


def test_it_answers_404_without_a_document(login, world, plan):
    consent = make_consent(plan, [world.social])

    assert login(world.teacher).get(url("document", plan, consent)).status_code == 404


def test_it_answers_404_when_the_file_is_gone(login, world, plan, media_root):
    consent = make_consent(plan, [world.social], document=PDF)
    (media_root / consent.document.name).unlink()

    assert login(world.teacher).get(url("document", plan, consent)).status_code == 404


def test_it_answers_404_to_an_outsider_and_logs_no_print(login, world, plan):
    consent = make_consent(plan, [world.social], document=PDF)

    assert login(world.psychologist).get(url("document", plan, consent)).status_code == 404
    assert not AccessLog.objects.filter(action=Action.PRINT).exists()


def test_it_still_hands_out_the_form_of_a_withdrawn_consent(login, world, plan):
    consent = make_consent(plan, [world.social], document=PDF)
    login(world.teacher).post(url("withdraw", plan, consent), whole_withdrawal(consent))

    assert login(world.teacher).get(url("document", plan, consent)).status_code == 200


def test_it_refuses_other_methods(login, world, plan):
    consent = make_consent(plan, [world.social], document=PDF)

    assert login(world.teacher).post(url("document", plan, consent)).status_code == 405
