from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "gongkai.complaints"
    verbose_name = "投诉举报"
