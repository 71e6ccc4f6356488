"""Public pages of 监督, mounted at the site root before the portal's catch-all."""

from django.urls import path

from . import public_views

app_name = "supervision"
urlpatterns = [
    path("supervision/", public_views.zone, name="zone"),
    path("supervision/track/", public_views.track, name="track"),
    path("supervision/case/", public_views.case, name="case"),
    path("supervision/case/leave/", public_views.leave, name="leave"),
    path("gk/<slug:slug>/supervision/", public_views.agency_page, name="agency"),
    path("gk/<slug:slug>/supervision/complaint/", public_views.complaint_form, name="form"),
    path("gk/<slug:slug>/supervision/complaint/done/", public_views.done, name="done"),
]
