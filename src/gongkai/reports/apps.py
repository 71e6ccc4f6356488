from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self) -> None:
        from gongkai.core import review

        from .choices import REVIEW_KIND

        review.register_kind(REVIEW_KIND, "政府信息公开工作年度报告", blockers=_blockers)


def _blockers(report, review_round) -> list[str]:
    """A step may not approve a report that, checked again now, has an error finding (last year's
    report, which the cross-year rules read, may have been published or imported meanwhile)."""
    from .compile import check_report

    errors = check_report(report).errors
    return [f"报告存在错误 {f.rule}：{f.message}" for f in errors]
