"""The public pages' cache version: one row per scope, bumped when anything published changes."""

from __future__ import annotations

from django.db import models


class CacheVersion(models.Model):
    """A counter that is part of every cached page's key. It lives in the database, not in the
    cache, so every worker process and every app server sees a bump at once, whatever the cache
    backend (the default LocMemCache is per process)."""

    key = models.CharField("范围", max_length=40, primary_key=True)
    value = models.BigIntegerField("版本", default=0)

    class Meta:
        verbose_name = "门户缓存版本"

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
