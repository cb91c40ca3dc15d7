from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from naungan.ops.health import HealthzView

# Every app's API, under /api/v1/ (in this order).
API_APPS = ("accounts", "audit", "cases", "services", "reporting", "stats", "kla", "prevention", "privacy", "push", "field", "transfers", "alerts", "families", "survivor")
api_v1 = [path("", include(f"naungan.{app}.api")) for app in API_APPS]

urlpatterns = [
    path("", include("naungan.web.urls")),
    path("akun/", include("naungan.accounts.urls")),
    path("audit/", include("naungan.audit.urls")),
    path("wilayah/", include("naungan.regions.urls")),
    path("katalog/", include("naungan.catalogues.urls")),
    path("kasus/", include("naungan.cases.urls")),
    path("layanan/", include("naungan.services.urls")),
    path("lapor/", include("naungan.reporting.urls")),
    path("statistik/", include("naungan.stats.urls")),
    path("kla/", include("naungan.kla.urls")),
    path("pencegahan/", include("naungan.prevention.urls")),
    path("privasi/", include("naungan.privacy.urls")),
    path("healthz", HealthzView.as_view(), name="healthz"),
    path("whatsapp/", include("naungan.whatsapp.urls")),
    path("lapangan/", include("naungan.field.urls")),
    path("pindah/", include("naungan.transfers.urls")),
    path("peringatan/", include("naungan.alerts.urls")),
    path("keluarga/", include("naungan.families.urls")),
    path("hak-saya/", include("naungan.survivor.urls")),
    path("", include("naungan.field.urls_root")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from local files (drf-spectacular-sidecar) and its init script by URL: works under the strict CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="web/swagger_ui.html"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]

# The JSON API answers its errors in JSON (a `detail` message); pages keep the Indonesian templates.
handler400 = "naungan.web.error_views.bad_request"
handler403 = "naungan.web.error_views.permission_denied"
handler404 = "naungan.web.error_views.page_not_found"
handler500 = "naungan.web.error_views.server_error"
