from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = "公众门户"

    def ready(self) -> None:
        from .cache import connect_audit_signal

        connect_audit_signal()
