"""samordna's URLs and, for the benchmark only, the floor: a bare view behind the same
middleware (session, user, second factor, acting unit) that inserts one read-log row, as
every page about a child does, and renders nothing."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from samordna.audit.models import AccessLog, Action
from samordna.urls import urlpatterns as samordna_urlpatterns


@login_required
def bare(request, child_pk: int):
    AccessLog.objects.create(
        user=request.user,
        acting_unit=request.acting_unit,
        child_id=child_pk,
        object_type="people.child",
        object_id=str(child_pk),
        action=Action.VIEW,
    )
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [*samordna_urlpatterns, path("bench/bare/<int:child_pk>/", bare)]
