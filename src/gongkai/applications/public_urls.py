from django.urls import path

from . import public_views

app_name = "apply"
urlpatterns = [
    path("gk/<slug:slug>/apply/", public_views.apply, name="form"),
    path("gk/<slug:slug>/apply/done/", public_views.done, name="done"),
    path("gk/<slug:slug>/apply/track/", public_views.track, name="track"),
    path("gk/<slug:slug>/apply/case/", public_views.case, name="case"),
    path("gk/<slug:slug>/apply/case/leave/", public_views.leave, name="leave"),
    path("gk/<slug:slug>/apply/case/letters/<int:letter_id>/<slug:fmt>/", public_views.letter, name="letter"),
]
