from django.urls import path

from . import views

app_name = "credit"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_file, name="import"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/progress.json", views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/report.xlsx", views.job_report, name="job_report"),
    path("jobs/<int:pk>/mapping/", views.job_mapping, name="job_mapping"),
    path("jobs/<int:pk>/rerun/", views.job_rerun, name="job_rerun"),
    path("records/", views.record_list, name="records"),
    path("records/<int:pk>/", views.record_detail, name="record"),
    path("records/<int:pk>/withdraw/", views.record_withdraw, name="withdraw"),
    path("records/<int:pk>/repair/", views.record_repair, name="repair"),
    path("export/", views.export_records, name="export"),
    path("quality/", views.quality, name="quality"),
    path("sets/", views.set_list, name="sets"),
    path("sets/new/", views.set_edit, name="set_create"),
    path("sets/<int:pk>/edit/", views.set_edit, name="set_edit"),
    path("settings/", views.credit_settings, name="settings"),
]
