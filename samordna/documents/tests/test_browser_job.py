"""A slow job run by a real worker thread: the page's bar advances and the download link
appears without a reload, in a real Chromium."""

import threading
from types import SimpleNamespace

import pytest
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from conftest import axe_violations, browser_login
from samordna.documents.jobs import start_job
from samordna.documents.models import DocumentJob
from samordna.documents.tests import builders

pytestmark = pytest.mark.browser


@pytest.fixture
def worker(database_tasks):
    """django-tasks-db's worker in a thread of this process, on the test database."""
    worker = Worker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0.1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test-worker",
    )

    def run():
        try:
            worker.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield worker
    worker.running = False
    for _ in range(10):  # a builder still waiting for a step gives up
        builders.steps.release()
    thread.join(timeout=30)
    assert not thread.is_alive()
    while builders.steps.acquire(blocking=False):
        pass


def test_the_bar_advances_and_the_link_appears_without_a_reload(page, world, worker):
    browser_login(page, world.teacher)
    request = SimpleNamespace(user=world.teacher, acting_unit=world.school)
    job = start_job(request, "test_slow", title="Kallelser, höstterminen", params={"count": 4})
    page.goto(job.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Kallelser, höstterminen")
    bar = page.get_by_label("Förlopp")
    state = page.get_by_role("status")
    expect(bar).to_have_attribute("value", "0")
    expect(page.get_by_role("link", name="Uppdatera")).to_be_visible()
    assert axe_violations(page) == []
    page.evaluate("window.sameDocument = true")  # gone if the page were loaded again

    builders.steps.release()  # one letter of four
    expect(bar).to_have_attribute("value", "25")
    expect(state).to_have_text("25 % klart (1 av 4).")
    assert page.get_by_role("link", name="Ladda ned").count() == 0

    for _ in range(3):
        builders.steps.release()
    download_link = page.get_by_role("link", name="Ladda ned")
    expect(download_link).to_be_visible(timeout=15_000)
    expect(bar).to_have_attribute("value", "100")
    expect(state).to_have_text("100 % klart. Dokumentet är färdigt.")
    assert page.get_by_role("link", name="Uppdatera").count() == 0
    assert page.evaluate("window.sameDocument") is True
    assert axe_violations(page) == []

    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == "lista.txt"
    assert DocumentJob.objects.get().status == DocumentJob.Status.DONE
