"""Back-office pages, mounted at staff/service-items/."""

from django.urls import path

from . import views

app_name = "service_items"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_create, name="create"),
    path("import/", views.import_items, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/submit/", views.item_submit, name="submit"),
    path("<int:pk>/review/", views.item_review, name="review"),
    path("<int:pk>/publish/", views.item_publish, name="publish"),
    path("<int:pk>/withdraw/", views.item_withdraw, name="withdraw"),
    path("<int:pk>/materials/", views.material_add, name="material_add"),
    path("materials/<int:pk>/", views.material_edit, name="material_edit"),
    path("materials/<int:pk>/delete/", views.material_delete, name="material_delete"),
    path("materials/<int:pk>/sample/", views.sample_upload, name="sample_upload"),
    path("materials/<int:pk>/sample/delete/", views.sample_delete, name="sample_delete"),
    path("materials/<int:pk>/sample/download/", views.sample_download, name="sample_download"),
]
