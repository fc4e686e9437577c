"""A committee's host: its pages, its API and its admin (all inside its schema)."""
from django.urls import include, path

from config.urls_common import urlpatterns as common
from roles.admin_sites import tenant_admin_site
from tenants.workspace.views import home, todo_count

urlpatterns = [
    path("", home, name="home"),
    path("todo/count/", todo_count, name="todo_count"),
    path("structure/", include("tenants.structure.urls")),
    path("reminders/", include("tenants.reminders.urls")),
    path("notifications/", include("notifications.urls")),
    path("programmes/", include("tenants.programmes.urls")),
    path("golden-ideas/", include("tenants.golden_ideas.urls")),
    path("proposals/", include("tenants.proposals.urls")),
    path("opinions/", include("tenants.opinions.urls")),
    path("opinion-exchange/", include("shared.opinion_exchange.urls")),
    path("materials/", include("shared.materials.urls")),
    path("search/", include("search.urls")),
    path("benchmark/", include("shared.benchmark.urls")),
    path("network/", include("shared.network.urls")),
    path("people/", include("accounts.urls_people")),
    path("admin/", tenant_admin_site.urls),
    path("api/", include("tenants.structure.api_urls")),
    path("api/", include("tenants.reminders.api_urls")),
    path("api/", include("notifications.api_urls")),
    path("api/", include("tenants.programmes.api_urls")),
    path("api/", include("tenants.golden_ideas.api_urls")),
    path("api/", include("tenants.proposals.api_urls")),
    path("api/", include("tenants.opinions.api_urls")),
    path("api/", include("shared.materials.api_urls")),
    path("api/", include("search.api_urls")),
    path("api/", include("shared.benchmark.api_urls")),
    path("api/", include("accounts.api_people_urls")),
    *common,
]

handler400 = "ui.views.bad_request"
handler404 = "ui.api.not_found"
handler500 = "ui.views.server_error"
