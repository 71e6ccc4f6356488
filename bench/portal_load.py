"""Load test of the public portal on loopback: gunicorn with 2 workers, hit by wrk, bounded in time.

Targets (issue 8): the zone home, an agency home and a catalog page each sustain at least 200
requests/s with no errors, and at least half the throughput of a minimal Django view (`/healthz`,
which goes through the same middleware but touches no database) served the same way. The pages
come from the portal's page cache (gongkai.portal.cache): the run checks that they are cache hits
first, and `--compare-uncached` measures them again with the cache turned off, to show that the
cache is what makes the throughput.

Run:  .venv/bin/python bench/portal_load.py [--seconds 10] [--connections 8] [--compare-uncached]
Needs Debian's `wrk` (make bench installs it). A temporary SQLite database is migrated and loaded
with the demo data (`gongkai load-demo`) and removed afterwards unless --keep is given. Only
127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
MIN_RPS = 200.0
MIN_RATIO = 0.5
TARGETS = {
    "zone home": "/",
    "agency home": "/gk/gxq-xzspj/",
    "catalog page": "/gk/gxq-xzspj/list/",
}
BASELINE = ("minimal view", "/healthz")


@dataclass
class Measure:
    name: str
    path: str
    rps: float
    requests: int
    errors: int
    non_2xx: int
    latency_p99_ms: float | None


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 5.0) -> tuple[int, dict[str, str], bytes]:
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError("只对本机回环地址施压")
    with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only, checked above
        return response.status, dict(response.headers), response.read()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, port: int | None = None) -> Iterator[str]:
    """gunicorn gongkai.wsgi:application on loopback; yields the base URL, stops it afterwards."""
    port = port or free_port()
    command = [
        str(BIN / "gunicorn"),
        "gongkai.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env, cwd=env.get("GONGKAI_HOME", ROOT))
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"{base}/healthz", timeout=1)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn 未能启动")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_REQUESTS = re.compile(r"(\d+) requests in")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_NON2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_P99 = re.compile(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)


def run_wrk(name: str, url: str, *, seconds: int, connections: int, threads: int) -> Measure:
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError("只对本机回环地址施压")
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("缺少 wrk：请运行 make bench（会安装 Debian 的 wrk 软件包）")
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    socket_errors = sum(int(n) for n in _SOCKET.search(out).groups()) if _SOCKET.search(out) else 0
    non_2xx = int(_NON2XX.search(out).group(1)) if _NON2XX.search(out) else 0
    p99 = _P99.search(out)
    latency = None
    if p99:
        value, unit = float(p99.group(1)), p99.group(2)
        latency = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    return Measure(
        name=name,
        path="/" + url.split("/", 3)[3],
        rps=float(_RPS.search(out).group(1)),
        requests=int(_REQUESTS.search(out).group(1)),
        errors=socket_errors + non_2xx,
        non_2xx=non_2xx,
        latency_p99_ms=latency,
    )


def warm(base: str, paths: dict[str, str], *, expect_hits: bool) -> None:
    """Fill every worker's cache; with the cache on, each page must then be served from it."""
    for name, path in paths.items():
        hits = 0
        for _ in range(12):
            status, headers, _ = _get(base + path)
            if status != 200:
                raise RuntimeError(f"{name}（{path}）返回 {status}")
            hits += headers.get("X-Portal-Cache") == "hit"
        if expect_hits and not hits:
            raise RuntimeError(f"{name}（{path}）没有命中页面缓存")


def measure(
    base: str, paths: dict[str, str], *, seconds: int, connections: int, threads: int
) -> list[Measure]:
    return [
        run_wrk(name, base + path, seconds=seconds, connections=connections, threads=threads)
        for name, path in paths.items()
    ]


def judge(results: list[Measure], *, min_rps: float, min_ratio: float) -> tuple[list[str], bool]:
    """The table and whether every page met the targets against the baseline (the first result)."""
    baseline = results[0]
    lines = [
        f"{'page':<14} {'path':<24} {'req/s':>9} {'requests':>9} {'errors':>7} {'p99 ms':>8} {'ratio':>6}"
    ]
    ok = baseline.errors == 0
    for m in results:
        ratio = m.rps / baseline.rps if baseline.rps else 0.0
        p99 = f"{m.latency_p99_ms:.1f}" if m.latency_p99_ms is not None else "-"
        lines.append(
            f"{m.name:<14} {m.path:<24} {m.rps:>9.1f} {m.requests:>9} {m.errors:>7} {p99:>8} {ratio:>6.2f}"
        )
        if m is not baseline:
            ok = ok and m.errors == 0 and m.rps >= min_rps and ratio >= min_ratio
    return lines, ok


def environment(home: Path, database_url: str, *, cache_seconds: int | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "GONGKAI_HOME": str(home),
            "GONGKAI_DATABASE_URL": database_url,
            "GONGKAI_MEDIA_ROOT": str(home / "media"),
            "GONGKAI_DEBUG": "false",
            "GONGKAI_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        }
    )
    if cache_seconds is not None:
        env["GONGKAI_PORTAL_CACHE_SECONDS"] = str(cache_seconds)
    return env


def prepare(env: dict[str, str]) -> None:
    """Migrate and load the demo data (which publishes, so the page cache is started)."""
    gongkai = str(BIN / "gongkai")
    for args in (["migrate", "--no-input", "-v0"], ["load-demo"]):
        subprocess.run([gongkai, *args], env=env, check=True, capture_output=True, timeout=900)


def run(
    env: dict[str, str],
    *,
    seconds: int,
    connections: int,
    threads: int,
    min_rps: float,
    min_ratio: float,
    targets: dict[str, str] | None = None,
    compare_uncached: bool = False,
) -> tuple[list[str], bool]:
    paths = {BASELINE[0]: BASELINE[1], **(targets or TARGETS)}
    with gunicorn(env) as base:
        warm(base, {k: v for k, v in paths.items() if v != BASELINE[1]}, expect_hits=True)
        results = measure(base, paths, seconds=seconds, connections=connections, threads=threads)
    lines, ok = judge(results, min_rps=min_rps, min_ratio=min_ratio)
    lines.insert(
        0, f"gunicorn 2 workers on {HOST}, wrk -t{threads} -c{connections} -d{seconds}s, page cache on"
    )
    if compare_uncached:
        off = dict(env, GONGKAI_PORTAL_CACHE_SECONDS="0")
        with gunicorn(off) as base:
            warm(base, {k: v for k, v in paths.items() if v != BASELINE[1]}, expect_hits=False)
            uncached = measure(base, paths, seconds=seconds, connections=connections, threads=threads)
        more, _ = judge(uncached, min_rps=0, min_ratio=0)
        lines += ["", "for comparison, the page cache turned off (GONGKAI_PORTAL_CACHE_SECONDS=0):", *more]
    verdict = "OK" if ok else "FAILED"
    lines.append(
        f"targets: pages ≥ {min_rps:.0f} req/s, no errors, ≥ {min_ratio:.0%} of the minimal view: {verdict}"
    )
    return lines, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="门户页面负载测试（gunicorn 2 个工作进程，wrk，本机回环）")
    parser.add_argument("--seconds", type=int, default=10, help="每个页面的压测时长（秒）")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--min-rps", type=float, default=MIN_RPS)
    parser.add_argument("--min-ratio", type=float, default=MIN_RATIO)
    parser.add_argument("--compare-uncached", action="store_true", help="再关闭页面缓存测一遍，作对比")
    parser.add_argument("--keep", action="store_true", help="保留临时数据库和目录")
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="gongkai-portal-load-"))
    try:
        env = environment(home, f"sqlite:///{home / 'bench.sqlite3'}")
        started = time.monotonic()
        prepare(env)
        print(f"demo data loaded in {time.monotonic() - started:.1f} s ({home})")
        lines, ok = run(
            env,
            seconds=args.seconds,
            connections=args.connections,
            threads=args.threads,
            min_rps=args.min_rps,
            min_ratio=args.min_ratio,
            compare_uncached=args.compare_uncached,
        )
        print("\n".join(lines))
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
