"""Public pages of the 政府信息公开年报 column (before the portal's gk/<slug>/<key>/ catch-all)."""

from django.urls import path

from . import public_views

app_name = "annual"
urlpatterns = [
    path("gk/<slug:slug>/annual/", public_views.column, name="column"),
    path("gk/<slug:slug>/annual/<int:year>/", public_views.report, name="report"),
    path("gk/<slug:slug>/annual/<int:year>/<slug:fmt>/", public_views.download, name="download"),
]
