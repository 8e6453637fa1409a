"""The inbox: the user's own notifications, marked read as they are followed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.notifications import service
from samordna.notifications.forms import PreferenceForm
from samordna.notifications.models import Notification, NotificationPreference


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


def unread_count(request: HttpRequest) -> HttpResponse:
    """The header's count, fetched again by htmx every minute (nothing to swap when logged out)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(request, "notifications/partials/unread_count.html")


@require_POST
@login_required
def read(request: HttpRequest, pk: int) -> HttpResponse:
    # Another user's notification answers 404, as one that does not exist.
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    service.mark_read(request.user, notification)
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect("notifications:inbox")
    return redirect(notification.url or "notifications:inbox")


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    service.mark_read(request.user)
    messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    preference = NotificationPreference.objects.filter(user=request.user).first()
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        service.save_preference(request.user, form.cleaned_data["email"])
        messages.success(request, _("Your choice is saved."))
        return redirect("notifications:inbox")
    return render(request, "notifications/preferences.html", {"form": form})
