"""Every audited action is classed: it changes what the public sees (and so refreshes the portal's
page cache) or it does not. The names are read from the source, so a new action must be placed
on one side here; a public change cannot leave cached pages stale by being forgotten."""

from __future__ import annotations

import re
from pathlib import Path

import gongkai
from gongkai.portal.cache import affects_public

SOURCE = Path(gongkai.__file__).parent
RECORD = re.compile(r'(?<![\w.])record\(\s*f?"([a-z_]+\.[a-z_.{}]+)"')
# Actions that refresh the cache by calling `portal.cache.changed()` themselves.
BUMP_DIRECTLY = {"service_items.publish", "service_items.withdraw"}
# Actions whose effects no public page shows (staff work, accounts, unpublished drafts, logs).
NOT_PUBLIC = {
    "api.token_create",
    "api.token_revoke",
    "appeals.create",
    "appeals.record_result",
    "applications.raise_notices",
    "applications.read_notices",
    "applications.recompute_clocks",
    "applications.reset_template",
    "applications.update_settings",
    "applications.update_template",
    "applications.{action}",  # case handling: the applicant tracks it on an uncached page
    "audit.purge",
    "auth.lockout",
    "auth.login",
    "auth.login_failed",
    "auth.login_refused_locked",
    "auth.logout",
    "auth.password_change",
    "auth.unlock",
    "complaints.{action}",  # the complainant tracks it on an uncached page
    "core.set_calendar_year",
    "credit.define_set",
    "credit.download_error_report",
    "credit.export",
    "credit.import_submitted",  # the import itself is `credit.import`
    "credit.save_mapping",
    "credit.update_set",
    "orgs.activate",
    "orgs.create_staff",
    "orgs.set_roles",
    "publications.accept_pii",
    "publications.add_attachment",  # on a draft; published items are changed by publishing again
    "publications.cancel_schedule",
    "publications.create",
    "publications.mask_pii",
    "publications.refresh_due",
    "publications.remove_attachment",
    "publications.schedule",
    "publications.submit",
    "publications.update",
    "review.approve",
    "review.set_chain",
    "review.submit",
    "review.supersede",
    "service_items.add_material",
    "service_items.attach_sample",
    "service_items.create",
    "service_items.import",
    "service_items.remove_material",
    "service_items.remove_sample",
    "service_items.submit",
    "service_items.update",
    "service_items.update_material",
}


def _audited_actions() -> set[str]:
    names: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        names |= set(RECORD.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_audited_action_is_classed():
    names = _audited_actions()
    assert len(names) > 60
    public = {n for n in names if affects_public(n) or n in BUMP_DIRECTLY}
    unclassed = names - public - NOT_PUBLIC
    assert unclassed == set(), f"请在 PUBLIC_AUDIT_ACTIONS 或本测试的 NOT_PUBLIC 中归类：{sorted(unclassed)}"
    assert public & NOT_PUBLIC == set()
    assert not NOT_PUBLIC - names, f"已不存在的操作：{sorted(NOT_PUBLIC - names)}"


def test_public_changes_are_among_them():
    public = {n for n in _audited_actions() if affects_public(n)}
    assert {
        "publications.publish",
        "publications.withdraw",
        "publications.save_topic",
        "credit.import",
        "credit.withdraw",
        "orgs.update_agency",
        "reports.publish",
    } <= public
