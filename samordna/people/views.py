from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.audit.models import Action
from samordna.audit.services import log_search
from samordna.core import versioning
from samordna.core.keyset import keyset_page
from samordna.core.once import AlreadySaved, save_once, saved_already
from samordna.people import identity, services
from samordna.people.access import get_child_or_404, get_visible_or_404, may_read_children
from samordna.people.forms import (
    ChildForm,
    ChildSearchForm,
    GuardianFormSet,
    GuardianItemForm,
    RelativeForm,
    TakePartForm,
    TrusteeForm,
)
from samordna.people.models import Child, Guardian, Relative, Trustee
from samordna.plans import services as plans_services
from samordna.plans.access import join_token
from samordna.plans.models import JoinRequest, Plan

# The kinds of people around a child, as they appear in URLs.
ITEM_KINDS = {
    "vardnadshavare": (Guardian, GuardianItemForm),
    "narstaende": (Relative, RelativeForm),
    "god-man": (Trustee, TrusteeForm),
}


def _require_child_role(request: HttpRequest) -> None:
    if not may_read_children(request.user, request.acting_unit):
        raise Http404


def _get_own_child_or_404(request: HttpRequest, pk: int) -> Child:
    """Only the unit that registered the child changes the record about the person.

    Checked before the read is logged: a refused request has read nothing.
    """
    own = Child.objects.filter(registered_by_unit=request.acting_unit)
    return get_visible_or_404(request, own, pk)


def search_children(request: HttpRequest, query: str):
    children = Child.objects.visible_to(request.user, request.acting_unit)
    if not query:
        return children
    try:
        return children.filter(identity_number=identity.normalise(query).value)
    except ValidationError:
        pass
    match = Q()
    for word in query.split()[:4]:
        match &= Q(given_name__icontains=word) | Q(family_name__icontains=word)
    return children.filter(match)


CHILD_ORDER = ("family_name", "given_name", "pk")  # the index child_name


@login_required
def child_list(request: HttpRequest) -> HttpResponse:
    _require_child_role(request)
    # The page searches by POST: an identity number typed into it must not end up in the
    # address bar, the browser's history or a proxy's log. GET still works for links.
    data = request.POST if request.method == "POST" else request.GET
    form = ChildSearchForm(data)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    children = search_children(request, query).select_related("registered_by_unit")
    page = keyset_page(children, CHILD_ORDER, after=data.get("after"), before=data.get("before"))
    log_search(request, page.rows)
    template = "people/partials/child_results.html" if request.htmx else "people/child_list.html"
    return render(request, template, {"form": form, "page": page, "query": query})


REGISTER = "people/child_register.html"


@login_required
def child_register(request: HttpRequest) -> HttpResponse:
    """Register a child. A typed number takes two steps, and the first answer is the same
    whether samordna knows the number or not: it never says that a child is registered or has
    a SIP (decision 29). The second registers the child, or, for a child samordna knows and
    the unit may not see, sends the unit's request to take part."""
    _require_child_role(request)
    form = ChildForm(request.POST or None, initial={"version": 1})
    guardians = GuardianFormSet(request.POST or None, prefix="guardian")
    take_part = TakePartForm(request.POST if "confirm" in request.POST else None)
    context = {"form": form, "guardians": guardians, "take_part": take_part}
    if request.method == "POST" and form.is_valid() and guardians.is_valid():
        number = form.cleaned_data.get("identity_number")
        known = services.find_child_by_number(number) if number else None
        if known is not None:
            return _known_number(request, known, context)
        if number and not take_part.is_valid():
            return render(request, REGISTER, context | {"checking": True})
        try:
            child = save_once(
                request,
                form,
                lambda: services.register_child(request, form, guardians),
                done=reverse("people:child_list"),
            )
        except AlreadySaved as saved:
            return saved_already(request, saved)
        except IntegrityError:  # the number, a reserve number or a guardian taken a moment ago
            known = services.find_child_by_number(number) if number else None
            if known is not None:
                return _known_number(request, known, context)
            form.add_error(None, _("Someone saved the same person a moment ago. Save again."))
        else:
            messages.success(request, _("The child was registered."))
            return redirect("people:child_detail", pk=child.pk)
    return render(request, REGISTER, context)


def _known_number(request: HttpRequest, child: Child, context: dict) -> HttpResponse:
    """The record if the unit may see the child. Otherwise the look-up is noted (logged, the
    registering unit told), the first step answers as for an unknown number, and the second
    sends the request to take part."""
    if Child.objects.visible_to(request.user, request.acting_unit).filter(pk=child.pk).exists():
        messages.info(request, _("The child is already registered; here is the record."))
        return redirect("people:child_detail", pk=child.pk)
    services.note_look_up(request, child)
    take_part = context["take_part"]
    if not take_part.is_valid():
        return render(request, REGISTER, context | {"checking": True})
    plans_services.ask_to_take_part(request, child, take_part.cleaned_data["reason"])
    return render(request, "people/asked_to_take_part.html")


@login_required
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = get_child_or_404(request, pk)
    return render(
        request,
        "people/child_detail.html",
        {
            "child": child,
            "guardianships": child.guardianships.select_related("guardian"),
            "relatives": child.relatives.all(),
            "trustees": child.trustees.all(),
            "units": child.units.select_related("principal"),
            "may_edit": child.registered_by_unit_id == request.acting_unit.pk,
            **plans_for_child_page(request, child),
            **waiting_requests(request, child),
        },
    )


def plans_for_child_page(request: HttpRequest, child: Child) -> dict:
    """The SIPs this unit takes part in, and whether another open one exists (never what)."""
    plans = list(
        Plan.objects.visible_to(request.user, request.acting_unit)
        .filter(child=child)
        .order_by("-created_at")
    )
    has_open = Plan.objects.open().filter(child=child).exists()
    hidden_open_plan = has_open and not any(not plan.is_closed for plan in plans)
    return {
        "plans": plans,
        "hidden_open_plan": hidden_open_plan,
        "join_token": join_token(child) if hidden_open_plan else "",
        "may_start_plan": not has_open,
    }


def waiting_requests(request: HttpRequest, child: Child) -> dict:
    """For the registering unit: units that asked to take part while the child has no SIP."""
    if child.registered_by_unit_id != request.acting_unit.pk:
        return {}
    waiting = child.join_requests.filter(plan=None, status=JoinRequest.Status.PENDING)
    return {"waiting_requests": waiting.select_related("unit__principal", "requested_by")}


@login_required
def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = _get_own_child_or_404(request, pk)
    form = ChildForm(request.POST or None, instance=child)
    return versioning.edit(
        request,
        form,
        lambda: services.update_child(request, child, form),
        template="people/child_edit.html",
        context={"child": child},
        done=reverse("people:child_detail", args=[child.pk]),
        saved=_("The changes were saved."),
    )


@login_required
def child_item(request: HttpRequest, pk: int, kind: str, item_pk: int | None = None):
    """Add or change a guardian, relative or trustee of the child."""
    if kind not in ITEM_KINDS:
        raise Http404
    model, form_class = ITEM_KINDS[kind]
    child = _get_own_child_or_404(request, pk)
    item = None
    initial = {}
    if item_pk is not None:
        item = get_visible_or_404(request, model.objects.all(), item_pk, child=child)
        if model is Guardian:
            initial["kind"] = item.guardianships.get(child=child).kind
    form = form_class(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_once(
                request,
                form,
                lambda: services.save_child_item(request, child, form),
                done=reverse("people:child_detail", args=[child.pk]),
            )
        except AlreadySaved as saved:
            return saved_already(request, saved)
        messages.success(request, _("The changes were saved."))
        return redirect("people:child_detail", pk=child.pk)
    return render(
        request,
        "people/child_item.html",
        {"child": child, "form": form, "item": item, "model_name": model._meta.verbose_name},
    )


def _units_of_records(records) -> dict[int, set[int]]:
    """The units each historical record of a child names, by record id."""
    units = defaultdict(set)
    if records:
        through = records[0].units.model  # the history of the child's units
        rows = through.objects.filter(history__in=records).values_list("history_id", "unit_id")
        for history_id, unit_id in rows:
            units[history_id].add(unit_id)
    return units


@login_required
def child_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed what in the record, and when."""
    child = get_child_or_404(request, pk, action=Action.VIEW)
    records = list(child.history.select_related("history_user").order_by("-history_date")[:101])
    fields = [*Child._meta.fields, *Child._meta.many_to_many]  # not reverse relations
    label = {field.name: field.verbose_name for field in fields}
    units = _units_of_records(records)

    def changed(record, older) -> list:
        # The units are compared here, from one query: diff_against asks two per record.
        diff = record.diff_against(older, excluded_fields=["units"]).changes
        names = [label.get(change.field, change.field) for change in diff]
        if units[record.pk] != units[older.pk]:
            names.append(label["units"])
        return names

    changes = [
        {"record": record, "fields": changed(record, older) if older else []}
        for record, older in zip(records[:100], [*records[1:], None], strict=False)
    ]
    return render(request, "people/child_history.html", {"child": child, "changes": changes})
