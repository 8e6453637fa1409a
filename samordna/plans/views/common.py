"""What the plan's views share: the plan a unit may change, and the answer to a refused step."""

from functools import wraps

from django.shortcuts import render

from samordna.core.once import AlreadySaved, saved_already
from samordna.plans import lifecycle
from samordna.plans.access import get_plan_or_404, require_lead


def refusing(view):
    """A step the plan cannot take (it is closed, not approved yet …) answers 409 and says
    why; a form sent a second time leads to what the first one saved (core/once.py)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except lifecycle.StepRefused as refused:
            context = {"message": str(refused), "plan_pk": kwargs.get("pk")}
            return render(request, "plans/refused.html", context, status=409)
        except AlreadySaved as saved:
            return saved_already(request, saved)

    return wrapper


def get_open_plan_or_404(request, pk, *, lead: bool = False):
    """A plan the acting unit may see (else 404), leads when asked (else 403), open (else 409)."""
    plan = get_plan_or_404(request, pk)
    if lead:
        require_lead(request, plan)
    lifecycle.require_open(plan)
    return plan
