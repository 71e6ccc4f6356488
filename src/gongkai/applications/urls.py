from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.register, name="register"),
    path("notices/", views.notices, name="notices"),
    path("notices/read/", views.notices_read, name="notices_read"),
    path("templates/", views.templates, name="templates"),
    path("templates/<slug:kind>/", views.template_edit, name="template_edit"),
    path("report/", views.report, name="report"),
    path("<int:pk>/", views.case, name="case"),
    path("<int:pk>/do/<slug:action>/", views.act, name="act"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/letters/<int:letter_id>/<slug:fmt>/", views.letter, name="letter"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
