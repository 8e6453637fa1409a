def acting_unit(request):
    """The header shows who the user acts for and lets them switch unit."""
    return {
        "membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", []),
    }
