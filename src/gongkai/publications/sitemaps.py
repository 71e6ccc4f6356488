"""The sitemap of the public site: agency homes and every published item (paged by Django)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.orgs.models import Agency

from .choices import Status
from .models import Item


class AgencySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Agency.objects.order_by("pk")

    def location(self, agency):
        return reverse("portal:agency_home", args=[agency.slug])


class ItemSitemap(Sitemap):
    limit = 10_000
    changefreq = "monthly"

    def items(self):
        return Item.objects.filter(status=Status.PUBLISHED).select_related("agency").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"agencies": AgencySitemap, "items": ItemSitemap}
