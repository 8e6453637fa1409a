from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from samordna.accounts.models import Membership
from samordna.organisations.models import Function, Principal, Unit


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """The actor directory: which units exist, who works there, which functions they have."""
    # No NUL characters: PostgreSQL cannot compare text with them.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    kind = request.GET.get("kind", "")
    principal = request.GET.get("principal", "")
    units = (
        Unit.objects.search(query)
        .select_related("principal")
        .annotate(staff_count=Count("memberships", distinct=True))
        .order_by("principal__name", "name")
        .prefetch_related(Prefetch("functions", queryset=Function.objects.order_by("title")))
    )
    if kind in Unit.Kind.values:
        units = units.filter(kind=kind)
    # Plain digits, few enough for an id: int() refuses "²" and strings of 4,300 digits.
    if principal.isascii() and principal.isdigit() and len(principal) <= 18:
        units = units.filter(principal_id=int(principal))
    page = Paginator(units, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "kind": kind,
        "principal": principal,
        "kinds": Unit.Kind.choices,
        "principals": Principal.objects.all(),
    }
    template = "organisations/partials/unit_results.html" if request.htmx else None
    return render(request, template or "organisations/directory.html", context)


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("principal"), pk=pk)
    return render(
        request,
        "organisations/unit_detail.html",
        {
            "unit": unit,
            "staff": Membership.objects.filter(unit=unit, user__is_active=True)
            .select_related("user")
            .order_by("user__family_name", "user__given_name"),
            "functions": unit.functions.prefetch_related("holders"),
        },
    )
