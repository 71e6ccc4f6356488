"""Public pages, mounted at the site root before the portal (whose gk/<slug>/<key>/ is a catch-all)."""

from django.urls import path

from . import public_views

app_name = "services"
urlpatterns = [
    path("services/", public_views.zone_list, name="all"),
    path("gk/<slug:slug>/services/", public_views.agency_list, name="agency"),
    path("gk/<slug:slug>/services/<int:pk>/", public_views.item_page, name="item"),
    path(
        "gk/<slug:slug>/services/<int:pk>/samples/<str:sha256>/",
        public_views.sample_download,
        name="sample",
    ),
]
