"""Fictional demo data: two municipalities (each board its own principal), a region, a
contracted private home and a state agency, with staff; six children whose SIPs show each
way a SIP goes, every date counted from the day the demo is loaded.

Every name, number and address is invented: the .example domains are reserved, the
organisation numbers use a series no real organisation has, and the identity numbers use
birth numbers 980–999, the series Skatteverket keeps for test persons. Loading twice changes
nothing: each part is loaded only when it is missing.
"""

from django.db import transaction
from django.utils import timezone

from samordna.accounts.models import User
from samordna.core.demo.organisations import DEMO_PASSWORD, STAFF, demo_logins, load_organisations
from samordna.core.demo.people import load_children
from samordna.core.demo.plans import load_plans
from samordna.people.models import Child
from samordna.plans.models import Plan

__all__ = ["DEMO_PASSWORD", "demo_logins", "load_demo"]


@transaction.atomic
def load_demo(today=None) -> bool:
    """Create the demo organisations, staff, children and SIPs. False when all were there."""
    today = today or timezone.localdate()
    loaded = False
    if not User.objects.filter(email=STAFF[0][0]).exists():
        load_organisations()
        loaded = True
    if not Child.objects.exists():
        load_children(today)
        loaded = True
    if not Plan.objects.exists():
        load_plans(today)
        loaded = True
    return loaded
