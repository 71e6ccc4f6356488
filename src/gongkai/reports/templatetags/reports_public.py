"""`{% annual_reports agency as reports %}`: the agency's published annual reports, newest first
(the portal's home page lists them in its 政府信息公开年报 panel)."""

from django import template

register = template.Library()


@register.simple_tag
def annual_reports(agency, limit: int = 5):
    from gongkai.reports.public_views import published

    return list(published(agency)[:limit])
