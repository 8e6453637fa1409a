"""A job's page, its progress (polled by htmx) and its download: for the requester only."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from samordna.audit.models import Action
from samordna.audit.services import log_access
from samordna.documents.models import RESULT_DAYS, DocumentJob
from samordna.people.models import Child


def get_own_job_or_404(request: HttpRequest, pk: int) -> DocumentJob:
    """Another user's job answers 404, the same as a job that does not exist."""
    return get_object_or_404(DocumentJob, pk=pk, requested_by=request.user)


@never_cache
@require_safe
@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    context = {"job": get_own_job_or_404(request, pk), "days": RESULT_DAYS}
    return render(request, "documents/job.html", context)


@never_cache
@require_safe
@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar and state, fetched again every second until the job has finished."""
    context = {"job": get_own_job_or_404(request, pk)}
    return render(request, "documents/partials/progress.html", context)


@never_cache
@require_safe
@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_own_job_or_404(request, pk)
    if job.status != DocumentJob.Status.DONE or not job.result:
        raise Http404
    if job.child_id is not None:
        # The child's data is read again now: only while the acting unit may still see it.
        visible = Child.objects.visible_to(request.user, request.acting_unit)
        if not visible.filter(pk=job.child_id).exists():
            raise Http404
        log_access(request, child=job.child, obj=job, action=Action.EXPORT)
    try:
        file = job.result.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        file, as_attachment=True, filename=job.result_name, content_type=job.content_type
    )
