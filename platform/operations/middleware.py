"""Health checks answered before tenant routing: any host, no Domain lookup, no session."""
from operations.health import healthz, readyz

HEALTH_VIEWS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """First in MIDDLEWARE, so a probe by pod IP works and liveness never touches the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = HEALTH_VIEWS.get(request.path)
        if view is not None:
            return view(request)
        return self.get_response(request)
