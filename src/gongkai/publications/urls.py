"""Back-office pages, mounted at staff/publications/."""

from django.urls import path

from . import views

app_name = "publications"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_create, name="create"),
    path("queue/", views.queue, name="queue"),
    path("timeliness/", views.timeliness, name="timeliness"),
    path("register/", views.register, name="register"),
    path("import/", views.import_catalog, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("chain/", views.chain, name="chain"),
    path("topics/", views.topics, name="topics"),
    path("topics/<int:pk>/", views.topic_edit, name="topic_edit"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/submit/", views.item_submit, name="submit"),
    path("<int:pk>/review/", views.item_review, name="review"),
    path("<int:pk>/attach/", views.item_attach, name="attach"),
    path("<int:pk>/publish/", views.item_publish, name="publish"),
    path("<int:pk>/unschedule/", views.item_unschedule, name="unschedule"),
    path("<int:pk>/withdraw/", views.item_withdraw, name="withdraw"),
    path("<int:pk>/validity/", views.item_validity, name="validity"),
    path("<int:pk>/rounds/<int:number>/", views.round_snapshot, name="round"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("pii/<int:pk>/mask/", views.pii_mask, name="pii_mask"),
    path("pii/<int:pk>/accept/", views.pii_accept, name="pii_accept"),
]
