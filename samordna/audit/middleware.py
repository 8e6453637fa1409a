from samordna.audit.services import log_refusal


class SecurityEventMiddleware:
    """Logs refused requests as security events: every 403 (a step the user's role or unit
    may not take, a missing CSRF token, the admin), and every 404 by which the access rule
    refused an object (people.access.get_visible_or_404 marks the request). Other 404s, such
    as a mistyped address, are no event."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if status == 403 or (status == 404 and hasattr(request, "refused_object")):
            log_refusal(request, status)
        return response
