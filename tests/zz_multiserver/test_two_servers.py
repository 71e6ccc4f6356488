"""Two app servers and one worker on one PostgreSQL: no silent overwrite, one intact audit chain.

On PostgreSQL two gunicorn processes (and `gongkai worker`) serve the API from this run's test
database; threads hit both at once. SQLite is a single-machine database: there the same
optimistic-locking guarantee is shown in-process (two stale copies of one case), and the chain
after many actions; the two-server part is PostgreSQL-only, as the test id says.

The servers' and the worker's own output (gunicorn's access log in the deployed format — the path
of every request, never its query string — and Django's log on stderr) goes to files; requests carrying ID numbers in their bodies, a bad
one (logged as a Bad Request) and unknown addresses (logged as Not Found) are sent, and afterwards
no line of those files may hold an ID number (tests/privacy_plugin.py sees this process only).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta

import pytest
from django.db import connection

from gongkai.applications import actions as case_actions
from gongkai.applications.models import Application
from gongkai.audit import trail
from gongkai.audit.models import AuditEvent
from tests.applications.factories import applicant

VENDOR = connection.vendor
CASE_ID = "postgresql-two-gunicorn-servers" if VENDOR == "postgresql" else "sqlite-in-process-only"
TODAY = date.today()
# PostgreSQL: committed data, which the server processes see; the database is flushed afterwards,
# taking the migrations' data with it, so this folder is named to run after every other
# transactional test (pytest-django runs them in file order). SQLite: the test's own transaction.
pytestmark = pytest.mark.django_db(transaction=VENDOR == "postgresql")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(base: str, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        base + "/api/v1" + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _raw(base: str, method: str, path: str, body: bytes | None = None, content_type: str = "") -> int:
    headers = {"Content-Type": content_type} if content_type else {}
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code


def _personal_data_traffic(bases: list[str], token: str) -> None:
    """Requests that carry a valid ID number in their bodies, on the ordinary and the error paths,
    plus unknown addresses and a query string, so that a leak into the logs would show."""
    for base in bases:
        code, body = _call(base, "POST", "/public/bureau-a/applications", token, applicant())
        assert code == 201, body
        registered = {"channel": "in_person", "submitted_on": TODAY.isoformat(), "applicant": applicant()}
        code, body = _call(base, "POST", "/applications", token, registered)
        assert code == 201, body
        # Refused after reading the number (e-mail delivery without an address): logged as a Bad Request.
        code, body = _call(base, "POST", "/public/bureau-a/applications", token, applicant(email=""))
        assert code == 400, body
        # The web form without its CSRF token: refused, and logged as Forbidden.
        form = urllib.parse.urlencode(applicant()).encode()
        assert _raw(base, "POST", "/gk/bureau-a/apply/", form, "application/x-www-form-urlencoded") == 403
        assert _raw(base, "GET", "/no/such/page/") == 404
        assert _raw(base, "GET", "/api/v1/no/such/endpoint") == 404
        assert _call(base, "GET", "/applications/2147483647", token)[0] == 404
        assert _call(base, "GET", "/applications?q=%E4%BF%A1%E6%81%AF", token)[0] == 200


def _no_number_in_the_logs(servers) -> None:
    from tests.privacy_plugin import leaking_lines

    servers["stop"]()  # every process has flushed its output
    logs = sorted(servers["logs"].iterdir())
    text = {path.name: path.read_text(encoding="utf-8", errors="replace") for path in logs}
    # The check can see what it must: request lines with their query strings, the error paths.
    access = text["gunicorn-0.out.log"] + text["gunicorn-1.out.log"]
    assert '"POST /api/v1/public/bureau-a/applications HTTP/1.1" 201' in access
    assert '"GET /api/v1/applications HTTP/1.1" 200' in access  # the path, not the query string
    assert "?q=" not in access and "%E4%BF%A1" not in access
    assert '"GET /no/such/page/ HTTP/1.1" 404' in access
    errors = text["gunicorn-0.err.log"] + text["gunicorn-1.err.log"]
    for logged in (
        "Not Found: /no/such/page/",
        "Bad Request: /api/v1/public/bureau-a/applications",
        "Forbidden",
    ):
        assert logged in errors, logged
    leaks = [line for path in logs for line in leaking_lines(path)]
    assert leaks == [], "身份证号出现在应用服务器或后台任务的输出中：\n" + "\n".join(leaks[:20])


def _register(clerk) -> Application:
    case, _code = case_actions.register(
        acting_user=clerk,
        agency=clerk.agency,
        data=applicant(),
        channel="in_person",
        submitted_on=TODAY - timedelta(days=3),
    )
    return case


@pytest.fixture
def servers(tmp_path):
    """Two gunicorn app servers (2 workers each) and one job worker on this run's database."""
    s = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        {
            "GONGKAI_HOME": str(tmp_path),
            "GONGKAI_DATABASE_URL": f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}",
            "GONGKAI_SECRET_KEY": secrets.token_urlsafe(64),
            "GONGKAI_MEDIA_ROOT": str(tmp_path / "media"),
        }
    )
    logs = tmp_path / "logs"
    logs.mkdir()
    processes, bases, outputs = [], [], []

    def start(command: list[str], name: str) -> subprocess.Popen:
        out = open(logs / f"{name}.out.log", "wb")  # noqa: SIM115 - closed in stop()
        err = open(logs / f"{name}.err.log", "wb")  # noqa: SIM115 - closed in stop()
        outputs.extend((out, err))
        process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=out, stderr=err)
        processes.append(process)
        return process

    def stop() -> None:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)
        for handle in outputs:
            handle.close()

    try:
        for i in range(2):
            port = _free_port()
            start(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "gongkai.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--timeout",
                    "120",
                    # As deployed (deploy/systemd): an access log in the project's format; here on stdout.
                    "--config",
                    "python:gongkai.gunicorn_conf",
                    "--access-logfile",
                    "-",
                    "--error-logfile",
                    "-",
                    "--log-level",
                    "info",
                ],
                f"gunicorn-{i}",
            )
            bases.append(f"http://127.0.0.1:{port}")
        worker = start([sys.executable, "-m", "gongkai", "worker"], "worker")
        deadline = time.monotonic() + 60
        for base in bases:
            while True:
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "应用服务器未能在 60 秒内启动"
                time.sleep(0.3)
        yield {"bases": bases, "worker": worker, "logs": logs, "stop": stop}
    finally:
        stop()


def _two_servers(servers, make_staff, seeded_calendar):
    from gongkai.api import actions as token_actions

    clerk = make_staff("clerk-a", "a", "clerk")
    _t, token = token_actions.create_token(acting_user=clerk, name="并发测试")
    _t, token2 = token_actions.create_token(acting_user=clerk, name="并发测试二")
    a, b = servers["bases"]
    events_before = AuditEvent.objects.count()

    # 1. The same case edited from both servers at once, with the version both read: one wins,
    #    the other is told in Chinese, nothing is overwritten.
    outcomes = []
    for _round in range(6):
        case = _register(clerk)
        got = _call(a, "GET", f"/applications/{case.pk}", token)
        assert got[0] == 200, got
        version = got[1]["version"]
        barrier, results = threading.Barrier(2), {}

        def reply(base=a, case=case, version=version, results=results, barrier=barrier):
            barrier.wait()
            results["reply"] = _call(
                base,
                "POST",
                f"/applications/{case.pk}/reply",
                token,
                {"kind": "disclose", "text": "予以公开", "version": version},
            )

        def correct(base=b, case=case, version=version, results=results, barrier=barrier):
            barrier.wait()
            body = {
                "kind": "request_correction",
                "on": TODAY.isoformat(),
                "items": "请写明所需信息的文号",
                "deadline": (TODAY + timedelta(days=15)).isoformat(),
                "version": version,
            }
            results["correct"] = _call(base, "POST", f"/applications/{case.pk}/events", token2, body)

        threads = [threading.Thread(target=reply), threading.Thread(target=correct)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        codes = sorted(code for code, _ in results.values())
        assert codes == [200, 409], results
        loser = next(body for code, body in results.values() if code == 409)
        assert "已被他人修改" in loser["detail"]
        case.refresh_from_db()
        winner = next(name for name, (code, _) in results.items() if code == 200)
        assert case.status == ("closed" if winner == "reply" else "awaiting_correction")
        assert case.version == version + 1
        outcomes.append(winner)

    # 2. Many concurrent writes from both servers: every one succeeds, one unbroken chain.
    failures: list = []

    def create_items(base: str, n: int, tag: str) -> None:
        for i in range(n):
            code, body = _call(
                base,
                "POST",
                "/publications",
                token,
                {
                    "title": f"并发测试信息 {tag}-{i}",
                    "publisher": "测试高新区行政审批局",
                    "formed_on": TODAY.isoformat(),
                    "category": "20.1",
                },
            )
            if code != 201:
                failures.append((code, body))

    threads = [
        threading.Thread(target=create_items, args=(base, 10, f"{k}{j}"))
        for k, base in enumerate((a, b))
        for j in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert failures == []
    result = trail.verify()
    assert result.ok, result.problem
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # no gap, no duplicate
    assert AuditEvent.objects.count() - events_before >= 60 + 6 * 2
    assert servers["worker"].poll() is None  # the job worker ran alongside throughout

    # 3. Personal data through both servers; then nothing they or the worker wrote holds a number.
    _personal_data_traffic([a, b], token)
    _no_number_in_the_logs(servers)


def _in_process(make_staff, seeded_calendar):
    from gongkai.publications import actions as pub

    clerk = make_staff("clerk-a", "a", "clerk")
    case = _register(clerk)
    first, second = Application.objects.get(pk=case.pk), Application.objects.get(pk=case.pk)
    first.expected_version = second.expected_version = case.version
    case_actions.reply(first, acting_user=clerk, kind="disclose", text="予以公开")
    with pytest.raises(case_actions.ConflictError, match="已被他人修改"):
        case_actions.request_correction(
            second, acting_user=clerk, items="请写明文号", deadline=TODAY + timedelta(days=15), on=TODAY
        )
    case.refresh_from_db()
    assert case.status == "closed" and case.version == first.version
    for i in range(30):
        pub.create_item(
            acting_user=clerk,
            agency=clerk.agency,
            title=f"顺序写入测试 {i}",
            publisher="测试高新区行政审批局",
            formed_on=TODAY,
            category="20.1",
        )
    assert trail.verify().ok


@pytest.mark.parametrize("vendor", [pytest.param(VENDOR, id=CASE_ID)])
def test_concurrent_edits_and_audit_chain(vendor, request):
    if vendor == "postgresql":
        servers = request.getfixturevalue("servers")
        _two_servers(
            servers, request.getfixturevalue("make_staff"), request.getfixturevalue("seeded_calendar")
        )
    else:  # in-process: the test's own transaction is enough, and nothing is flushed afterwards
        _in_process(request.getfixturevalue("make_staff"), request.getfixturevalue("seeded_calendar"))
