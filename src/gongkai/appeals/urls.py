from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("new/<int:application_pk>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
]
