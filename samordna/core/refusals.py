"""One refusal: a step the state of things does not allow (a closed SIP, a meeting not yet
begun, a consent already withdrawn). Services raise `Refused` with a message the user may
read; `refusing` answers it with 409 and the message, and a form sent a second time with
what the first one saved (core/once.py)."""

from functools import wraps

from django.shortcuts import render

from samordna.core.once import AlreadySaved, saved_already


class Refused(Exception):
    """The step cannot be taken now; str(error) says why, in the user's language."""


def refusing(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused as refused:
            plan_pk = kwargs.get("plan_pk", kwargs.get("pk"))
            context = {"message": str(refused), "plan_pk": plan_pk}
            return render(request, "refused.html", context, status=409)
        except AlreadySaved as saved:
            return saved_already(request, saved)

    return wrapper
