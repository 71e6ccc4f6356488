from django.urls import path

from . import public_views

app_name = "sgs"
urlpatterns = [
    path("sgs/", public_views.zone_search, name="search"),
    path("gk/<slug:slug>/sgs/", public_views.agency_page, name="agency"),
    path("gk/<slug:slug>/sgs/<int:pk>/", public_views.record_page, name="record"),
]
