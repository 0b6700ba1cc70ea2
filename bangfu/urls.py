"""The site's URLs: each app's pages under its prefix, the API under /api/, the admin site."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from bangfu.accounts.admin_site import restrict_admin_login

restrict_admin_login(admin.site)

# JSON under /api/, Django's own pages elsewhere (bangfu.core.api)
handler400 = "bangfu.core.api.bad_request"
handler403 = "bangfu.core.api.permission_denied"
handler404 = "bangfu.core.api.page_not_found"
handler500 = "bangfu.core.api.server_error"

urlpatterns = [
    path("", include("bangfu.dashboard.urls")),
    path("accounts/", include("bangfu.accounts.urls")),
    path("places/", include("bangfu.places.urls")),
    path("registry/monitoring/", include("bangfu.monitoring.urls")),
    path("registry/", include("bangfu.registry.urls")),
    path("helpers/", include("bangfu.helpers.urls")),
    path("pairings/", include("bangfu.pairing.urls")),
    path("assistance/forms/", include("bangfu.assistance.export_urls")),
    path("assistance/", include("bangfu.assistance.urls")),
    path("reporting/", include("bangfu.reporting.urls")),
    path("reporting/", include("bangfu.groups.urls")),
    path("public/", include("bangfu.reporting.public_urls")),
    path("oversight/", include("bangfu.visits.urls")),
    path("oversight/", include("bangfu.support.urls")),
    path("oversight/", include("bangfu.evaluation.urls")),
    path("data/", include("bangfu.dataio.urls")),
    path("training/", include("bangfu.training.urls")),
    path("institute/", include("bangfu.institute.urls")),
    path("field/", include("bangfu.field.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("bangfu.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("sysadmin/", admin.site.urls),
]
