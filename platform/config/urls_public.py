"""The bare host: the platform console and the platform's admin."""
from django.urls import include, path
from django.views.generic import RedirectView

from config.urls_common import urlpatterns as common
from console import api as console_api
from roles.admin_sites import platform_admin_site

home = RedirectView.as_view(pattern_name="console:home", permanent=False)
home.access_public = True

urlpatterns = [
    path("", home, name="home"),
    path("console/", include("console.urls")),
    path("admin/", platform_admin_site.urls),
    path("api/organisations/", console_api.OrganisationListApi.as_view(), name="api-organisations"),
    *common,
]

handler400 = "ui.views.bad_request"
handler404 = "ui.api.not_found"
handler500 = "ui.views.server_error"
