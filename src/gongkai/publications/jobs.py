"""Background jobs of publications (run by `gongkai worker`, or by hand: `gongkai publications publish-due`)."""

from __future__ import annotations


def publish_due() -> int:
    """Publish every scheduled item whose time has come; also refresh provisional Art. 26 due dates."""
    from . import actions

    published = actions.publish_due_items(acting_user=None)
    actions.refresh_due_dates(acting_user=None)
    return len(published)
