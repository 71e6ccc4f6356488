from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("new/", views.calendar_edit, name="calendar_new"),
    path("<int:year>/", views.calendar_edit, name="calendar_edit"),
    path("workdays/", views.workday_calc, name="workday_calc"),
]
