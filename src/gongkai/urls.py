from django.urls import include, path

from gongkai.api.api import api
from gongkai.api.views import not_found as api_not_found
from gongkai.orgs.views import permission_denied
from gongkai.portal.views import healthz

urlpatterns = [
    path("staff/", include("gongkai.orgs.urls")),
    path("staff/calendar/", include("gongkai.core.urls")),
    path("staff/audit/", include("gongkai.audit.urls")),
    path("staff/publications/", include("gongkai.publications.urls")),
    path("staff/applications/", include("gongkai.applications.urls")),
    path("staff/appeals/", include("gongkai.appeals.urls")),
    path("staff/credit/", include("gongkai.credit.urls")),
    path("staff/reports/", include("gongkai.reports.urls")),
    path("staff/service-items/", include("gongkai.service_items.urls")),
    path("staff/complaints/", include("gongkai.complaints.urls")),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", api_not_found),
    path("staff/api-tokens/", include("gongkai.api.urls")),
    # Before the portal: its gk/<slug>/<key>/ would catch the catalog's statutory/ and rules/ columns.
    path("", include("gongkai.publications.catalog_urls")),
    # Before the portal too: gk/<slug>/apply/ would otherwise be taken for a column key.
    path("", include("gongkai.applications.public_urls")),
    # Before the portal too: gk/<slug>/sgs/ (双公示) would otherwise be taken for a column key.
    path("", include("gongkai.credit.public_urls")),
    # Before the portal too: gk/<slug>/annual/ is the 政府信息公开年报 column, with its reports.
    path("", include("gongkai.reports.public_urls")),
    # Before the portal too: gk/<slug>/services/ (政务服务事项) and gk/<slug>/supervision/ (监督).
    path("", include("gongkai.service_items.public_urls")),
    path("", include("gongkai.complaints.public_urls")),
    path("", include("gongkai.portal.urls")),
]

handler403 = permission_denied
