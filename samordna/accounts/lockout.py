"""django-axes helpers: the lockout counts failures per account and address."""

from django.conf import settings
from django.http import HttpRequest

from samordna.accounts.models import normalise_login


def username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The e-mail address as the login's user lookup sees it (normalise_login): case,
    spaces and other spellings of the same name do not give an attacker five more tries."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        value = getattr(request, "data", request.POST).get(field)
    return normalise_login(value or "")
