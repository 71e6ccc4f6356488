"""The run-wide watch for ID numbers in logs and URLs (tests/privacy_plugin.py) sees what it must."""

from __future__ import annotations

import logging

from tests import privacy_plugin
from tests.applications.factories import ID_NUMBER


def test_it_finds_valid_numbers_only():
    assert privacy_plugin.leaks_in(f"申请人 {ID_NUMBER} 已登记") == [ID_NUMBER]
    assert privacy_plugin.leaks_in(f"/search/?q={ID_NUMBER.lower()}") == [ID_NUMBER.lower()]
    assert privacy_plugin.leaks_in("110105********002X") == []
    assert privacy_plugin.leaks_in(ID_NUMBER[:-1] + "1") == []  # wrong check digit: not a number
    assert privacy_plugin.leaks_in("order 202611270000000001234") == []


def test_a_log_line_is_caught():
    logger = logging.getLogger("gongkai.test.privacy")
    logger.propagate = False  # kept away from the run-wide handler, which would fail the run
    scanner = privacy_plugin._Scanner()
    logger.addHandler(scanner)
    before = len(privacy_plugin.LEAKS)
    try:
        logger.warning("身份证号 %s", ID_NUMBER)
        assert len(privacy_plugin.LEAKS) == before + 1
    finally:
        del privacy_plugin.LEAKS[before:]
        logger.removeHandler(scanner)


def test_api_flows_leave_no_number_in_logs_or_urls(client, make_staff, seeded_calendar, settings, tmp_path):
    """The public apply/track and staff flows, watched by the run-wide plugin."""
    from gongkai.api import actions as token_actions
    from tests.applications.factories import applicant

    settings.MEDIA_ROOT = tmp_path / "media"
    clerk = make_staff("clerk-a", "a", "clerk")
    before = len(privacy_plugin.LEAKS)
    response = client.post(
        "/api/v1/public/bureau-a/applications", applicant(), content_type="application/json"
    )
    assert response.status_code == 201
    bad = client.post(
        "/api/v1/public/bureau-a/applications",
        applicant(id_number=ID_NUMBER[:-1] + "1"),
        content_type="application/json",
    )
    assert bad.status_code == 400  # logged by django.request as a Bad Request: the number is not
    _t, token = token_actions.create_token(acting_user=clerk, name="隐私测试")
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/v1/applications", {"q": "信息"}, headers=headers)
    assert listed.status_code == 200 and ID_NUMBER not in listed.content.decode()
    assert privacy_plugin.LEAKS[before:] == []


def test_a_subprocess_log_file_is_caught(tmp_path):
    """The scan of the gunicorn servers' and the job worker's output (tests/zz_multiserver)."""
    log = tmp_path / "access.log"
    log.write_text(
        '127.0.0.1 - - [27/Nov/2026:10:00:00 +0800] "GET /healthz HTTP/1.1" 200 2 "-" "python-urllib/3.11"\n'
        f'127.0.0.1 - - [27/Nov/2026:10:00:01 +0800] "GET /search/?q={ID_NUMBER} HTTP/1.1" 200 9 "-" "-"\n'
        "2026-11-27 10:00:02 WARNING django.request Not Found: /no/such/page/\n"
        f'127.0.0.1 - - [27/Nov/2026:10:00:03 +0800] "GET /x?id=%3D{ID_NUMBER[:6]}%20{ID_NUMBER[6:]}" 404\n'
        f"2026-11-27 10:00:04 INFO gongkai 申请人证件号码 {ID_NUMBER[:-1] + '1'}（校验位错误，不是号码）\n",
        encoding="utf-8",
    )
    found = privacy_plugin.leaking_lines(log)
    assert found[0].startswith("access.log:2: ") and ID_NUMBER in found[0]
    assert len(found) == 1  # a split number is not one; a wrong check digit is not a number
    clean = tmp_path / "clean.log"
    clean.write_text("all quiet\n" * 3, encoding="utf-8")
    assert privacy_plugin.leaking_lines(clean) == []
    encoded = tmp_path / "encoded.log"
    encoded.write_bytes(f'"POST /apply/?n=%3{ID_NUMBER[0]}{ID_NUMBER[1:]} HTTP/1.1" 400\n'.encode())
    assert privacy_plugin.leaking_lines(encoded) == [
        f'encoded.log:1: "POST /apply/?n=%3{ID_NUMBER[0]}{ID_NUMBER[1:]} HTTP/1.1" 400'
    ]
