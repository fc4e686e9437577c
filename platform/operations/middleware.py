"""Health checks answered before tenant routing (any host, no Domain lookup, no session), and
the request context services read (the client address of their audit events)."""
from operations.health import healthz, readyz
from operations.services import _client_ip, request_ip

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


class RequestContextMiddleware:
    """Keeps the client address for the request's duration, for audit events written by services."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_ip.set(_client_ip(request))
        try:
            return self.get_response(request)
        finally:
            request_ip.reset(token)
