from django.urls import include, path

from gongkai.orgs.views import permission_denied

urlpatterns = [
    path("staff/", include("gongkai.orgs.urls")),
    path("staff/calendar/", include("gongkai.core.urls")),
    path("staff/audit/", include("gongkai.audit.urls")),
    path("", include("gongkai.portal.urls")),
]

handler403 = permission_denied
