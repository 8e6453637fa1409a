"""Who may administer which users: a local administrator their own principal's, no more."""

from django.shortcuts import get_object_or_404

from samordna.accounts.models import ADMINISTERS_USERS, User, roles_that
from samordna.organisations.models import Principal, Unit


def administered_principals(user: User):
    if user.is_system_admin:
        return Principal.objects.all()
    return Principal.objects.filter(
        units__memberships__user=user,
        units__memberships__role__in=roles_that(ADMINISTERS_USERS),
    ).distinct()


def administered_units(user: User):
    return Unit.objects.filter(principal__in=administered_principals(user))


def administered_users(user: User):
    return User.objects.filter(memberships__unit__in=administered_units(user)).distinct()


def get_administered_user_or_404(admin: User, pk: int) -> User:
    """The same 404 for a user that does not exist and one of another principal."""
    return get_object_or_404(administered_users(admin), pk=pk)


def can_administer_users(user: User) -> bool:
    return user.may(ADMINISTERS_USERS)
