"""Background jobs of the credit app (run by `gongkai worker`; by hand: `gongkai credit expire`)."""

from __future__ import annotations


def run_import_job(job_id: int) -> str:
    """An import queued from the web page: runs as the user who uploaded the file."""
    from . import actions
    from .models import ImportJob

    job = ImportJob.objects.select_related("agency", "record_set", "created_by").get(pk=job_id)
    return actions.run_import(job, acting_user=job.created_by).state


def expire_due() -> int:
    """Daily (migration 0002 schedules it): take penalties whose period ended off the public pages."""
    from .actions import expire_due as expire

    return expire(acting_user=None)
