def acting_unit(request):
    """The header shows who the user acts for and lets them switch unit."""
    return {
        "membership": getattr(request, "membership", None),
        # Named so that no view's own "memberships" can take its place in the header.
        "acting_memberships": getattr(request, "memberships", []),
    }
