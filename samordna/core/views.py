from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from samordna.core.health import check_health
from samordna.core.start import start_panels


@login_required
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "core/start.html", {"panels": start_panels(request)})


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = check_health()
    return JsonResponse(checks, status=200 if checks["healthy"] else 503)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@never_cache
@require_safe
@login_required
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Called by the session warning's button: the request itself notes the activity."""
    return HttpResponse(status=204)
