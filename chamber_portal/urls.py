from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from bailiffs import views as bailiff_views
from chamber_portal.core.health import healthz
from chamber_portal.core.notification_views import (
    notification_list,
    notification_mark_read,
    notification_preferences,
)
from chamber_portal.core.observability.metrics import metrics_view
from chamber_portal.core.observability.views import livez
from chamber_portal.core.views import home
from intake.access_log import application_access_log
from oversight.monthly_report_views import monthly_report_view

from .api_urls import urlpatterns as api_urlpatterns

admin.site.site_header = _("Chamber Portal administration")
admin.site.site_title = _("Chamber Portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("metrics", metrics_view, name="metrics"),
    path("notifications/", notification_list, name="notifications"),
    path("notifications/read/", notification_mark_read, name="notifications_mark_read"),
    path("notifications/settings/", notification_preferences, name="notification_preferences"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The second factor, the user's tokens and "sign out everywhere" (issue 13).
    path("accounts/", include("chamber_portal.core.security.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("applications/", include("intake.urls")),
    # Who read an application's personal data (administrators and national staff; issue 13).
    path("applications/<int:pk>/access-log/", application_access_log, name="application_access_log"),
    path("webhooks/", include("webhooks.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_urlpatterns)),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's script from a URL of its own (no inline script); its page alone keeps an inline <style>.
    path("api/v1/docs/", csp_update({"style-src": [UNSAFE_INLINE]})(csp_update({"style-src": [UNSAFE_INLINE]},
                                                                              REPORT_ONLY=True)(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"))), name="api-docs"),
]
# Uploads are never served as static files: each download passes an access check (intake:document_download).

# The bailiff registry (staff), the public registry (no login), the distribution log (staff) and the
# bailiff's workspace.
urlpatterns += [
    path("bailiffs/", include("bailiffs.urls")),
    path("registry/", bailiff_views.public_registry, name="public_registry"),
    path("distribution/", include("assignment.urls")),
    path("complaints/", include("complaints.urls")),
    path("inspections/", include("inspections.urls")),
    path("cases/", include("assignment.workspace_urls")),
    # The Chamber's dashboard (/dashboard/, staff) and the public page on the evenness of distribution
    # (/evenness/, no login).
    path("", include("oversight.urls")),
]

# Documents with legal effect (issue 16): /verify/<code>/ (public, no personal data) and each PDF's download
# (whoever sees its object).
urlpatterns += [path("", include("chamber_portal.documents.urls"))]

# The regional chambers' monthly report to the Republican Chamber (staff; HTML and XLSX).
urlpatterns += [path("reports/monthly/", monthly_report_view, name="monthly_report")]
