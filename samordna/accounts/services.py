"""Every change to staff accounts goes through these verbs."""

import secrets

from django.db import transaction

from samordna.accounts.forms import PasswordLinkForm
from samordna.accounts.middleware import SESSION_KEY
from samordna.accounts.models import Membership, User


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
    Membership.objects.create(user=user, unit=unit, role=role, title=title)
    transaction.on_commit(lambda: send_password_link(request, user))
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
def add_membership(*, user, unit, role, title) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        user=user, unit=unit, defaults={"role": role, "title": title}
    )
    return membership


@transaction.atomic
def update_staff_user(form) -> User:
    return form.save()


@transaction.atomic
def remove_membership(membership: Membership) -> None:
    membership.delete()


def switch_unit(request, unit_id: int) -> bool:
    """Act for another of the user's units. False when the user has no membership there."""
    if not request.user.memberships.filter(unit_id=unit_id).exists():
        return False
    request.session[SESSION_KEY] = unit_id
    return True
