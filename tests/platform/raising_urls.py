"""A committee's URL conf plus one page that fails: what a visitor sees when a view raises."""
from config.urls_tenant import handler404, handler500, urlpatterns as tenant_urlpatterns  # noqa: F401
from django.urls import path


def failing_page(request):
    raise RuntimeError("a bug in a view")


failing_page.access_public = True

urlpatterns = [path("failing-page/", failing_page), *tenant_urlpatterns]
