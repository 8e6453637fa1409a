def unread_notifications(request):
    """The header's inbox count: one query, on pages for a logged-in user only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": user.notifications.unread().count()}
