from django.apps import AppConfig


class ServiceItemsConfig(AppConfig):
    name = "gongkai.service_items"
    verbose_name = "政务服务事项"

    def ready(self) -> None:
        from gongkai.core import review

        from .choices import REVIEW_KIND

        review.register_kind(REVIEW_KIND, "政务服务事项")
