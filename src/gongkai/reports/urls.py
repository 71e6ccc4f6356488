"""Back-office pages, mounted at staff/reports/."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("compile/", views.compile_new, name="compile"),
    path("reminders/read/", views.reminders_read, name="reminders_read"),
    path("fees/", views.fee_source, name="fee_source"),
    path("chain/", views.chain, name="chain"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/export.xlsx", views.supervision_export, name="supervision_export"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.imported_detail, name="imported"),
    path("inspections/", views.inspections, name="inspections"),
    path("findings/<int:pk>/rectify/", views.rectify, name="rectify"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/recompile/", views.recompile, name="recompile"),
    path("<int:pk>/narrative/", views.narrative, name="narrative"),
    path("<int:pk>/redraft/", views.redraft, name="redraft"),
    path("<int:pk>/fees/", views.fees, name="fees"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/review/", views.decide, name="review"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/cell/", views.cell, name="cell"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/report.json", views.report_json, name="json"),
    path("<int:pk>/download/<slug:fmt>/", views.download, name="download"),
]
