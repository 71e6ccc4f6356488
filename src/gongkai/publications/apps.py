from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.core import review

        from .choices import REVIEW_KIND
        from .review_hooks import sign_off_blockers

        review.register_kind(REVIEW_KIND, "主动公开信息", blockers=sign_off_blockers)
        post_migrate.connect(_schedule_jobs, sender=self)


def _schedule_jobs(sender, **kwargs) -> None:
    """Scheduled publication runs every minute (django-q2 schedule, created idempotently)."""
    from gongkai.core.jobs import schedule_every

    schedule_every("publications.publish_due", "gongkai.publications.jobs.publish_due", minutes=1)
