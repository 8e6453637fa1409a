"""Builders for the tests, registered as any app registers its own (in document_jobs.py)."""

import threading

from samordna.documents.jobs import DocumentJobError, document_job

SECRET = "Ebbalinnea Hemligström 20130101-9803"
# The browser test hands the slow builder one step at a time.
steps = threading.Semaphore(0)


@document_job("test_letters")
def build_letters(job, progress):
    count = job.params["count"]
    for done in range(1, count + 1):
        progress(done, count)
    return "kallelser.txt", b"brev\n" * count, "text/plain"


@document_job("test_failing")
def build_failing(job, progress):
    progress(1, 2)
    raise RuntimeError(f"Could not read {SECRET}")


@document_job("test_refused")
def build_refused(job, progress):
    raise DocumentJobError("Waiting for its turn.")


@document_job("test_slow")
def build_slow(job, progress):
    count = job.params["count"]
    for done in range(1, count + 1):
        if not steps.acquire(timeout=20):
            raise TimeoutError("the test gave no step")
        progress(done, count)
    return "lista.txt", b"klar\n", "text/plain"
