"""Every change to staff accounts goes through these verbs."""

import secrets

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.accounts.forms import PasswordLinkForm
from samordna.accounts.middleware import SESSION_KEY
from samordna.accounts.models import (
    CHILD_DATA_ROLES,
    REVIEWS_LOG,
    Membership,
    MembershipChange,
    User,
    roles_that,
)
from samordna.core.refusals import Refused
from samordna.notifications.models import Kind
from samordna.notifications.service import notify


@transaction.atomic
def create_staff_user(*, request, email, given_name, family_name, phone, unit, role, title):
    """Create a user with a random password nobody knows and send a link to choose one."""
    user = User.objects.create_user(
        email=email,
        password=secrets.token_urlsafe(32),
        given_name=given_name,
        family_name=family_name,
        phone=phone,
    )
    transaction.on_commit(lambda: send_password_link(request, user))
    membership = Membership.objects.create(user=user, unit=unit, role=role, title=title)
    _record(request.user, membership, MembershipChange.Change.ADDED)
    return user


def send_password_link(request, user: User) -> None:
    form = PasswordLinkForm({"email": user.email})
    form.mail_kind = "mail_welcome"
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="registration/welcome_subject.txt",
            email_template_name="registration/welcome_email.txt",
        )


@transaction.atomic
def add_membership(*, by: User, user: User, unit, role, title) -> Membership:
    """Give a role at a unit, or change the one there (each user has one role per unit)."""
    _refuse_own(by, user)
    membership = Membership.objects.select_for_update().filter(user=user, unit=unit).first()
    if membership is None:
        membership = Membership.objects.create(user=user, unit=unit, role=role, title=title)
    elif membership.role == role:
        membership.title = title
        membership.save(update_fields=["title"])
        return membership
    else:
        _record(by, membership, MembershipChange.Change.REMOVED)
        membership.role, membership.title = role, title
        membership.save(update_fields=["role", "title"])
    _record(by, membership, MembershipChange.Change.ADDED)
    return membership


@transaction.atomic
def update_staff_user(form) -> User:
    return form.save()


@transaction.atomic
def remove_membership(membership: Membership, *, by: User) -> None:
    _refuse_own(by, membership.user)
    _record(by, membership, MembershipChange.Change.REMOVED)
    membership.delete()


def _refuse_own(by: User, user: User) -> None:
    """Nobody changes their own roles: another administrator does, and it is recorded."""
    if by.pk == user.pk:
        raise Refused(_("You cannot change your own roles. Ask another administrator."))


def _record(by: User, membership: Membership, change: str) -> None:
    """Record the change; a role that works with children given is told to the unit's
    managers, who review its log (or, where it has none, the principal's)."""
    MembershipChange.objects.create(
        changed_by=by,
        user=membership.user,
        unit=membership.unit,
        role=membership.role,
        change=change,
    )
    if change == MembershipChange.Change.ADDED and membership.role in CHILD_DATA_ROLES:
        _tell_managers(by, membership)


def _tell_managers(by: User, membership: Membership) -> None:
    unit = membership.unit

    def managers(**where):
        # One filter(): the manager's role must be the membership at the unit (or principal).
        active = User.objects.filter(
            is_active=True, memberships__role__in=roles_that(REVIEWS_LOG), **where
        )
        return active.exclude(pk__in=[by.pk, membership.user_id]).distinct()

    recipients = managers(memberships__unit=unit)
    if not recipients.exists():
        recipients = managers(memberships__unit__principal_id=unit.principal_id)
    text = _("%(by)s gave %(user)s the role %(role)s at %(unit)s.") % {
        "by": by.get_full_name(),
        "user": membership.user.get_full_name(),
        "role": membership.get_role_display().lower(),
        "unit": unit.name,
    }
    notify(
        recipients,
        kind=Kind.ROLE_GIVEN,
        text=text,
        url=reverse("audit:role_changes"),
        subject=_("A new role at your unit"),
    )


def switch_unit(request, unit_id: int) -> bool:
    """Act for another of the user's units. False when the user has no membership there."""
    if not request.user.memberships.filter(unit_id=unit_id).exists():
        return False
    request.session[SESSION_KEY] = unit_id
    return True
