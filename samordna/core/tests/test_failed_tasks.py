"""The system administrator's list of failed tasks, its traceback page and the retry."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from samordna.core.models import TaskRetry

# Whether flaky() fails: the worker runs in this process, so the test can switch it.
BROKEN = {"flaky": True}


@task()
def flaky(key: str, *, times: int = 1) -> str:
    if BROKEN["flaky"]:
        raise RuntimeError(f"the mail server refused {key}")
    return key


@pytest.fixture
def failed(transactional_db, settings):
    """One failed task in the database, as a worker leaves it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    BROKEN["flaky"] = True
    flaky.enqueue("key-7", times=2)
    run_worker()
    return DBTaskResult.objects.get()


def run_worker():
    call_command("run_worker", "--batch", "--worker-id", "failed-tasks-test")


def test_a_failed_task_is_listed_for_the_system_admin(login, world, failed):
    response = login(world.system_admin).get(reverse("core:failed_tasks"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Misslyckade uppgifter</h1>" in body
    assert ">flaky</a>" in body
    assert "RuntimeError: the mail server refused key-7" in body
    assert "<td>1</td>" in body  # the first attempt
    assert reverse("core:retry_task", args=[failed.pk]) in body
    assert "Försök igen" in body


def test_the_detail_page_shows_the_traceback_and_arguments(login, world, failed):
    url = reverse("core:failed_task", args=[failed.pk])
    body = login(world.system_admin).get(url).content.decode()
    assert "Traceback (most recent call last)" in body
    assert "samordna.core.tests.test_failed_tasks.flaky" in body
    assert "key-7" in body and "times" in body


def test_the_start_page_counts_the_failed_tasks(login, world, failed):
    body = login(world.system_admin).get(reverse("core:start")).content.decode()
    assert (
        f'<a href="{reverse("core:failed_tasks")}">Misslyckade uppgifter</a>: <strong>1</strong>'
        in body
    )


def test_a_retry_queues_the_same_task_and_the_list_empties(login, world, failed):
    client = login(world.system_admin)
    response = client.post(reverse("core:retry_task", args=[failed.pk]), follow=True)
    assert "Uppgiften är köad igen." in response.content.decode()

    new = DBTaskResult.objects.exclude(pk=failed.pk).get()
    assert new.status == "READY"
    assert new.task_path == failed.task_path
    assert new.args_kwargs == failed.args_kwargs == {"args": ["key-7"], "kwargs": {"times": 2}}
    retry = TaskRetry.objects.get()
    assert (retry.failed_result, retry.new_result_id, retry.attempt) == (failed, new.pk, 2)
    assert retry.retried_by == world.system_admin
    assert "Ingen uppgift har misslyckats." in response.content.decode()

    BROKEN["flaky"] = False
    run_worker()
    new.refresh_from_db()
    assert new.status == "SUCCESSFUL" and new.return_value == "key-7"
    body = client.get(reverse("core:failed_tasks")).content.decode()
    assert "Ingen uppgift har misslyckats." in body


def test_a_task_that_fails_again_is_listed_as_its_second_attempt(login, world, failed):
    client = login(world.system_admin)
    client.post(reverse("core:retry_task", args=[failed.pk]))
    run_worker()
    again = DBTaskResult.objects.exclude(pk=failed.pk).get()
    assert again.status == "FAILED"
    body = client.get(reverse("core:failed_tasks")).content.decode()
    assert reverse("core:retry_task", args=[again.pk]) in body
    assert reverse("core:retry_task", args=[failed.pk]) not in body
    assert "<td>2</td>" in body


def test_a_result_is_retried_only_once(login, world, failed):
    client = login(world.system_admin)
    url = reverse("core:retry_task", args=[failed.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 404
    assert DBTaskResult.objects.count() == 2
    assert TaskRetry.objects.count() == 1


def test_others_get_404(login, world, failed):
    for user in [world.teacher, world.school_head, world.local_admin, world.region_admin]:
        client = login(user)
        for url in [
            reverse("core:failed_tasks"),
            reverse("core:failed_task", args=[failed.pk]),
            reverse("core:retry_task", args=[failed.pk]),
        ]:
            assert client.get(url).status_code == 404, (user.email, url)
            assert client.post(url).status_code == 404, (user.email, url)
        body = client.get(reverse("core:start")).content.decode()
        assert reverse("core:failed_tasks") not in body
    assert DBTaskResult.objects.count() == 1
    assert not TaskRetry.objects.exists()


def test_the_retry_needs_a_post_with_the_csrf_token(login, world, failed):
    client = login(world.system_admin)
    url = reverse("core:retry_task", args=[failed.pk])
    assert client.get(url).status_code == 405
    client.handler.enforce_csrf_checks = True
    assert client.post(url).status_code == 403
    assert not TaskRetry.objects.exists()
    client.get(reverse("core:failed_tasks"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
    assert TaskRetry.objects.count() == 1


def test_a_task_whose_code_is_gone_is_not_retried(login, world, failed):
    DBTaskResult.objects.filter(pk=failed.pk).update(task_path="samordna.gone.task")
    response = login(world.system_admin).post(
        reverse("core:retry_task", args=[failed.pk]), follow=True
    )
    assert "Uppgiften kunde inte köas igen." in response.content.decode()
    assert DBTaskResult.objects.count() == 1
    assert not TaskRetry.objects.exists()
