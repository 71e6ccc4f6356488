"""The public catalog, mounted at the site root before the portal (whose gk/<slug>/<key>/ is a catch-all)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import catalog_views as views
from .sitemaps import SITEMAPS

app_name = "catalog"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("feed/", views.LatestFeed(), name="feed"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "catalog:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("catalog/", views.all_list, name="all_list"),
    path("catalog/register/", views.all_register, name="all_register"),
    path("gk/<slug:slug>/statutory/", views.statutory, name="statutory"),
    path("gk/<slug:slug>/rules/", views.rules_column, name="rules"),
    path("gk/<slug:slug>/list/", views.agency_list, name="agency_list"),
    path("gk/<slug:slug>/register/", views.agency_register, name="register"),
    path("gk/<slug:slug>/item/<int:pk>/", views.item_page, name="item"),
    path("gk/<slug:slug>/item/<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
]
