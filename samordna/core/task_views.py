"""Failed background tasks: a list, the traceback and a retry, for system administrators only.

Everyone else gets 404, as for a page that does not exist. Task arguments are ids and keys
(never personal data, see notifications/tasks.py), shown as they are.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from samordna.core import failed_tasks


def system_admin_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_system_admin:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)


@system_admin_required
@require_safe
def failed_task_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(failed_tasks.failed_results(), 50).get_page(request.GET.get("page"))
    for result in page:
        result.name = failed_tasks.task_name(result)
        result.message = failed_tasks.failure_message(result)
    return render(request, "core/failed_tasks.html", {"page": page})


@system_admin_required
@require_safe
def failed_task_detail(request: HttpRequest, pk) -> HttpResponse:
    result = get_object_or_404(failed_tasks.failed_results(), pk=pk)
    result.name = failed_tasks.task_name(result)
    result.message = failed_tasks.failure_message(result)
    return render(request, "core/failed_task.html", {"result": result})


@system_admin_required
@require_POST
def retry_task(request: HttpRequest, pk) -> HttpResponse:
    result = get_object_or_404(failed_tasks.failed_results(), pk=pk)
    try:
        failed_tasks.retry(result, request.user)
    except failed_tasks.NotRetried:
        messages.error(request, _("The task could not be queued again."))
    else:
        messages.success(request, _("The task is queued again."))
    return redirect("core:failed_tasks")
