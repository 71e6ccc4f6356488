"""Load and soak run on loopback: mixed public reads and staff writes against gunicorn (2 workers)
on PostgreSQL, bounded in time (5 minutes by default).

Reports requests, throughput, p50/p99 latency per kind, every 5xx (the run fails on any), the
audit chain afterwards, and the memory (RSS) of the gunicorn processes sampled every 5 seconds, so
a leak shows as a rising line.

Run:  GONGKAI_DATABASE_URL=postgresql://user@127.0.0.1:5432/postgres \\
      .venv/bin/python bench/soak.py [--seconds 300] [--threads 8] [--write-share 0.25]
The URL names a PostgreSQL server where the user may create databases: a throwaway database
`gongkai_soak_<pid>` is created, migrated, given one agency and a clerk with an API token, and dropped afterwards
(unless --keep). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
READS = [
    ("zone home", "/"),
    ("agency home", "/gk/soak-a/"),
    ("catalog", "/catalog/"),
    ("catalog search", "/search/?q=%E9%80%9A%E7%9F%A5"),
    ("credit search", "/sgs/?q=%E5%85%AC%E5%8F%B8"),
    ("api workdays", "/api/v1/workdays/add?date=2026-09-30&n=20"),
    ("api fees", "/api/v1/fees?pages=2219"),
]


def _port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _admin_url(url: str, database: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + database))


def _psql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def _run(env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "gongkai"), *args], env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        raise SystemExit(f"gongkai {' '.join(args)} 失败：{result.stderr[-6000:]}")
    return result.stdout


SETUP_SCRIPT = """
from gongkai.api import actions
from gongkai.core.validators import credit_code_check_char, org_code_check_char
from gongkai.orgs import actions as orgs

def agency(name, slug, body, parent=None):
    org = body + org_code_check_char(body)
    code17 = "11130200" + org
    return orgs.create_agency(acting_user=None, parent=parent, name=name, short_name=name[-5:], slug=slug,
                              credit_code=code17 + credit_code_check_char(code17), level="county")

top = agency("压力测试管理委员会", "soak-top", "20000001")
bureau = agency("压力测试行政审批局", "soak-a", "20000002", parent=top)
user = orgs.create_staff(acting_user=None, agency=bureau, username="soak-clerk", full_name="压力测试",
                         password="Soak-Password-2026!", roles=["clerk"])
_token, raw = actions.create_token(acting_user=user, name="压力测试")
print(raw, bureau.slug)
"""


def _rss_kb(pid: int) -> int:
    """RSS of a process and its children (gunicorn's master and workers)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending += [int(c) for c in children]
        except (OSError, StopIteration, ValueError):
            continue
    return total


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {}
        self.codes: dict[int, int] = {}
        self.errors: list[str] = []

    def add(self, kind: str, code: int, seconds: float, detail: str = "") -> None:
        with self.lock:
            self.latency.setdefault(kind, []).append(seconds)
            self.codes[code] = self.codes.get(code, 0) + 1
            if code >= 500 and len(self.errors) < 20:
                self.errors.append(f"{code} {kind} {detail[:200]}")


def _request(base: str, path: str, *, token: str | None = None, body: dict | None = None) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        base + path, data=data, headers=headers, method="POST" if data else "GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except OSError as exc:
        return 599, str(exc)


def _writes(slug: str, today: date) -> list[tuple[str, str, dict]]:
    return [
        (
            "api create item",
            "/api/v1/publications",
            {
                "agency": slug,
                "title": f"压力测试信息 {random.randrange(10**9)}",
                "publisher": "压力测试",
                "formed_on": today.isoformat(),
                "category": "20.1",
            },
        ),
        (
            "api register case",
            "/api/v1/applications",
            {
                "agency": slug,
                "channel": "in_person",
                "submitted_on": today.isoformat(),
                "applicant": {
                    "applicant_type": "NP",
                    "applicant_name": "压力测试",
                    "id_type": "passport",
                    "id_number": "E12345678",
                    "phone": "13900000000",
                    "address": "测试路 1 号",
                    "info_title": "压力测试所需信息",
                    "info_description": "压力测试",
                    "delivery_form": "electronic",
                    "delivery_channel": "online",
                },
            },
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--write-share", type=float, default=0.25)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    if not 10 <= args.seconds <= 3600 or not 1 <= args.threads <= 64:
        parser.error("--seconds 应在 10–3600 之间，--threads 应在 1–64 之间")
    server = os.environ.get("GONGKAI_DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        print(
            "请用 GONGKAI_DATABASE_URL 指定一个 PostgreSQL 服务器（本测试只在 PostgreSQL 上运行）",
            file=sys.stderr,
        )
        return 2
    database = f"gongkai_soak_{os.getpid()}"
    _psql(server, f"CREATE DATABASE {database}")
    home = Path(tempfile.mkdtemp(prefix="gongkai-soak-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(
        {
            "GONGKAI_HOME": str(home),
            "GONGKAI_DATABASE_URL": _admin_url(server, database),
            "GONGKAI_SECRET_KEY": "soak-" + "x" * 60,
            "GONGKAI_MEDIA_ROOT": str(home / "media"),
        }
    )
    gunicorn = None
    try:
        _run(env, "migrate", "--noinput")
        token, slug = _run(env, "shell", "-c", SETUP_SCRIPT).split()[-2:]
        port = _port()
        base = f"http://{HOST}:{port}"
        gunicorn = subprocess.Popen(
            [
                *(
                    str(BIN / "gunicorn"),
                    "gongkai.wsgi:application",
                    "--config",
                    "python:gongkai.gunicorn_conf",
                ),
                *("--bind", f"{HOST}:{port}", "--workers", "2"),
            ],
            env=env,
            cwd=home,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while _request(base, "/healthz")[0] != 200:
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn 未能在 60 秒内启动")
            time.sleep(0.3)
        stats, memory = Stats(), []
        stop = time.monotonic() + args.seconds
        today = date.today()

        def client(seed: int) -> None:
            rng = random.Random(seed)
            while time.monotonic() < stop:
                if rng.random() < args.write_share:
                    kind, path, body = rng.choice(_writes(slug, today))
                    started = time.perf_counter()
                    code, detail = _request(base, path, token=token, body=body)
                else:
                    kind, path = rng.choice(READS)
                    started = time.perf_counter()
                    code, detail = _request(base, path, token=token if path.startswith("/api/") else None)
                stats.add(kind, code, time.perf_counter() - started, detail)

        def sampler() -> None:
            begun = time.monotonic()
            while time.monotonic() < stop:
                memory.append((round(time.monotonic() - begun), _rss_kb(gunicorn.pid) // 1024))
                time.sleep(5)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.threads)]
        threads.append(threading.Thread(target=sampler))
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - began
        verify = subprocess.run(
            [str(BIN / "gongkai"), "audit", "verify"], env=env, capture_output=True, text=True, timeout=900
        )
        total = sum(stats.codes.values())
        server_errors = sum(n for code, n in stats.codes.items() if code >= 500)
        everything = [x for values in stats.latency.values() for x in values]
        print(f"时长 {elapsed:.0f} 秒，{args.threads} 个并发客户端，gunicorn 2 个工作进程，PostgreSQL")
        print(
            f"请求 {total} 次，吞吐 {total / elapsed:.1f} 次/秒；状态码 {dict(sorted(stats.codes.items()))}"
        )
        print(f"{'类别':<18}{'次数':>8}{'p50 毫秒':>10}{'p99 毫秒':>10}")
        for kind, values in sorted(stats.latency.items()):
            q = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
            print(f"{kind:<18}{len(values):>8}{q[49] * 1000:>10.1f}{q[98] * 1000:>10.1f}")
        q = statistics.quantiles(everything, n=100)
        print(f"{'全部':<18}{total:>8}{q[49] * 1000:>10.1f}{q[98] * 1000:>10.1f}")
        print(
            "内存（gunicorn 主进程与工作进程 RSS 合计，MB）：" + "，".join(f"{s}s {mb}" for s, mb in memory)
        )
        print(verify.stdout.strip() or verify.stderr.strip())
        for line in stats.errors:
            print("5xx:", line)
        ok = server_errors == 0 and verify.returncode == 0
        print("结果：" + ("通过（无 5xx，审计链完整）" if ok else f"失败（5xx {server_errors} 次）"))
        return 0 if ok else 1
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        if not args.keep:
            _psql(server, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
