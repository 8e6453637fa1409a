"""django-axes helpers: the lockout counts failures per account and address."""

from django.conf import settings
from django.http import HttpRequest


def username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The e-mail address as the login form's user lookup sees it: case and spaces do not
    give an attacker five more tries."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        value = getattr(request, "data", request.POST).get(field)
    return (value or "").strip().lower()
