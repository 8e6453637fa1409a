from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from samordna.accounts import access, services, sessions, two_factor
from samordna.accounts.forms import MembershipForm, NewStaffUserForm, StaffUserForm
from samordna.accounts.models import Membership
from samordna.core.refusals import Refused


@login_required
@require_POST
def switch_unit(request: HttpRequest) -> HttpResponse:
    try:
        unit_id = int(request.POST.get("unit", ""))
    except ValueError:
        unit_id = 0
    if not 0 < unit_id < 2**63:  # no id the database could hold (SQLite: OverflowError)
        unit_id = 0
    if not services.switch_unit(request, unit_id):
        raise Http404
    target = request.POST.get("next", "")
    # A path on this site only: redirect() would take any other text for a URL name.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}
    ):
        target = "core:start"
    return redirect(target)


@require_safe
@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    """The user's own sessions, this one marked, each other one with a button to end it."""
    records = sessions.active(request.user)
    return render(
        request,
        "accounts/sessions.html",
        {"records": records, "current": request.session.session_key},
    )


@login_required
@require_POST
def end_session(request: HttpRequest, pk: int) -> HttpResponse:
    # Another user's session, and this one, answer 404 as one that does not exist.
    sessions.end(request, get_object_or_404(sessions.others(request), pk=pk))
    messages.success(request, _("The session was ended; whoever used it is logged out."))
    return redirect("accounts:sessions")


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    sessions.end_others(request)
    messages.success(request, _("All your other sessions were ended; only this one is left."))
    return redirect("accounts:sessions")


def _require_user_admin(request: HttpRequest) -> None:
    if not access.can_administer_users(request.user):
        raise Http404


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_user_admin(request)
    units = access.administered_units(request.user)
    # No NUL characters: PostgreSQL cannot compare text with them.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    users = access.administered_users(request.user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(unit__in=units).select_related("unit"),
            to_attr="administered_memberships",
        )
    )
    if query:
        users = users.filter(
            Q(given_name__icontains=query)
            | Q(family_name__icontains=query)
            | Q(email__icontains=query)
        )
    return render(request, "accounts/user_list.html", {"users": users, "query": query})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _require_user_admin(request)
    form = NewStaffUserForm(
        request.POST or None, admin=request.user, units=access.administered_units(request.user)
    )
    if request.method == "POST" and form.is_valid():
        user = services.create_staff_user(request=request, **form.cleaned_data)
        messages.success(
            request,
            _("%(name)s was added and received a link to choose a password.")
            % {"name": user.get_full_name()},
        )
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_user_admin(request)
    user = access.get_administered_user_or_404(request.user, pk)
    units = access.administered_units(request.user)
    form = StaffUserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.update_staff_user(form)
        messages.success(request, _("The changes were saved."))
        return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "staff": user,
            "form": form,
            "roles": user.memberships.filter(unit__in=units).select_related("unit"),
            "membership_form": MembershipForm(admin=request.user, units=units),
            "has_app": two_factor.app_device(user) is not None,
        },
    )


@login_required
@require_POST
def reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """For a user who lost their phone: they set up a new app at their next login."""
    _require_user_admin(request)
    user = access.get_administered_user_or_404(request.user, pk)
    two_factor.reset(user, by=request.user)
    messages.success(
        request, _("Two-factor login was reset. The user sets up a new app at the next login.")
    )
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_user_admin(request)
    user = access.get_administered_user_or_404(request.user, pk)
    units = access.administered_units(request.user)
    form = MembershipForm(request.POST, admin=request.user, units=units)
    if form.is_valid():
        try:
            services.add_membership(by=request.user, user=user, **form.cleaned_data)
        except Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The role was saved."))
        return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "staff": user,
            "form": StaffUserForm(instance=user),
            "roles": user.memberships.filter(unit__in=units).select_related("unit"),
            "membership_form": form,
        },
        status=400,
    )


@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    _require_user_admin(request)
    user = access.get_administered_user_or_404(request.user, pk)
    membership = get_object_or_404(
        user.memberships.filter(unit__in=access.administered_units(request.user)),
        pk=membership_pk,
    )
    try:
        services.remove_membership(membership, by=request.user)
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The role was removed."))
    return redirect("accounts:user_detail", pk=user.pk)
