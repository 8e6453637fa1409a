"""The meeting's long document jobs, run by the worker with a progress bar."""

from samordna.documents.jobs import document_job
from samordna.meetings import letters
from samordna.meetings.models import Meeting


@document_job("meeting_letters")
def meeting_letters(job, progress) -> tuple[str, bytes, str]:
    """Every postal invitee's letter in one PDF, to print and post."""
    meeting = Meeting.objects.select_related("plan__child", "unit").get(pk=job.params["meeting"])
    content = letters.batch_pdf(meeting, unit=job.unit, progress=progress)
    return "kallelser.pdf", content, "application/pdf"
