from datetime import timedelta

import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from samordna.audit.models import AccessLog, Action
from samordna.documents.jobs import GENERIC_ERROR
from samordna.documents.models import DocumentJob
from samordna.documents.tests import builders
from samordna.people.tests.helpers import make_child


def done_job(make_job, **fields) -> DocumentJob:
    job = make_job(status=DocumentJob.Status.DONE, done=3, total=3, **fields)
    job.result.save("x.txt", ContentFile(b"brev\n"), save=False)
    job.result_name, job.content_type = "kallelser.txt", "text/plain"
    job.save()
    return job


def test_it_shows_a_running_job_that_polls(login, world, make_job):
    job = make_job(status=DocumentJob.Status.RUNNING, done=1, total=4)
    body = login(world.teacher).get(job.get_absolute_url()).content.decode()
    assert "<h1>Kallelser</h1>" in body
    assert '<progress id="job-bar" max="100" value="25">25 %</progress>' in body
    assert '<label for="job-bar">Förlopp</label>' in body
    assert "25 % klart (1 av 4)." in body
    assert 'hx-trigger="every 1s"' in body
    assert reverse("documents:progress", args=[job.pk]) in body
    assert ">Uppdatera</a>" in body  # without JavaScript
    assert "Ladda ned" not in body
    assert 'aria-live="polite"' in body


def test_a_job_stuck_for_half_an_hour_stops_polling_and_says_so(login, world, make_job):
    job = make_job(status=DocumentJob.Status.RUNNING, done=1, total=4)
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        body = login(world.teacher).get(job.get_absolute_url()).content.decode()
    assert "Det här tar ovanligt lång tid" in body
    assert 'hx-trigger="every 1s"' not in body


def test_a_queued_job_waits_for_its_turn(login, world, make_job):
    body = login(world.teacher).get(make_job().get_absolute_url()).content.decode()
    assert "Väntar på sin tur." in body
    assert 'value="0"' in body


def test_a_done_job_shows_100_percent_and_the_link_and_stops_polling(login, world, make_job):
    job = done_job(make_job)
    body = login(world.teacher).get(job.get_absolute_url()).content.decode()
    assert 'value="100"' in body
    assert "100 % klart. Dokumentet är färdigt." in body
    assert f'href="{reverse("documents:download", args=[job.pk])}"' in body
    assert "Ladda ned" in body
    assert "hx-trigger" not in body.split("<main")[1]


def test_the_partial_updates_the_live_region_out_of_band(login, world, make_job):
    job = make_job(status=DocumentJob.Status.RUNNING, done=1, total=2)
    client = login(world.teacher)
    response = client.get(reverse("documents:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert 'hx-trigger="every 1s"' in body
    assert 'id="job-state" role="status" aria-live="polite" hx-swap-oob="innerHTML"' in body
    assert "50 % klart (1 av 2)." in body
    assert response["Cache-Control"].startswith("max-age=0")

    job.status = DocumentJob.Status.DONE
    job.save()
    body = client.get(reverse("documents:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in body.content.decode()
    assert "Ladda ned" in body.content.decode()


def test_a_failed_job_shows_the_generic_message(login, world, make_job):
    job = make_job(status=DocumentJob.Status.FAILED, error=GENERIC_ERROR)
    body = login(world.teacher).get(job.get_absolute_url()).content.decode()
    assert "Dokumentet kunde inte skapas." in body
    assert builders.SECRET not in body
    assert "Ladda ned" not in body and "hx-trigger" not in body.split("<main")[1]


def test_the_owner_downloads_the_file(login, world, make_job):
    job = done_job(make_job)
    response = login(world.teacher).get(reverse("documents:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"brev\n"
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == 'attachment; filename="kallelser.txt"'
    assert {"no-store", "private"} <= set(response["Cache-Control"].split(", "))
    assert not AccessLog.objects.exists()  # no child in it


def test_a_job_not_done_has_nothing_to_download(login, world, make_job):
    job = make_job(status=DocumentJob.Status.RUNNING)
    assert login(world.teacher).get(reverse("documents:download", args=[job.pk])).status_code == 404


def test_another_user_gets_404_everywhere(login, world, make_job):
    job = done_job(make_job)
    client = login(world.school_head)  # same unit, not the requester
    for name in ["documents:job", "documents:progress", "documents:download"]:
        assert client.get(reverse(name, args=[job.pk])).status_code == 404, name
    missing = client.get(reverse("documents:job", args=[job.pk + 1000]))
    assert missing.status_code == 404


def test_anonymous_users_are_sent_to_the_login(client, world, make_job):
    job = done_job(make_job)
    response = client.get(reverse("documents:download", args=[job.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_download_of_a_childs_data_is_logged(login, world, make_job):
    child = make_child(world.school)
    job = done_job(make_job, child=child)
    response = login(world.teacher).get(reverse("documents:download", args=[job.pk]))
    assert response.status_code == 200
    log = AccessLog.objects.get()
    assert (log.user, log.acting_unit, log.child_id) == (world.teacher, world.school, child.pk)
    assert (log.object_type, log.object_id, log.action) == (
        "documents.documentjob",
        str(job.pk),
        Action.EXPORT,
    )


def test_a_child_the_unit_may_no_longer_see_is_not_downloaded(login, world, make_job):
    child = make_child(world.social)
    job = done_job(make_job, child=child)
    response = login(world.teacher).get(reverse("documents:download", args=[job.pk]))
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_the_views_answer_only_get(login, world, make_job):
    job = done_job(make_job)
    client = login(world.teacher)
    for name in ["documents:job", "documents:progress", "documents:download"]:
        assert client.post(reverse(name, args=[job.pk])).status_code == 405, name
