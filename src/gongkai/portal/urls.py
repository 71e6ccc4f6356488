from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.zone_home, name="zone_home"),
    path("search/all/", views.search, name="search"),
    path("go/", views.go, name="go"),
    path("gk/<slug:slug>/", views.agency_home, name="agency_home"),
    path("gk/<slug:slug>/guide/", views.guide, name="guide"),
    path("gk/<slug:slug>/<str:key>/", views.column, name="column"),
]
