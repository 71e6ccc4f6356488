"""Progress of a running import, kept in a small JSON file beside the uploads.

The import writes every record inside one transaction (all or nothing), which on SQLite holds
the database's write lock until it ends; progress therefore cannot go through the database. A
file replaced atomically can be read by any web process while the import runs, and a stale
heartbeat tells the page that the import process died (its transaction was rolled back).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from django.conf import settings

STALE_AFTER_SECONDS = 120


def _path(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "credit" / "progress" / f"{int(job_id)}.json"


def write(job_id: int, *, rows: int, fraction: float, phase: str = "导入中") -> None:
    path = _path(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    payload = {
        "rows": rows,
        "fraction": round(min(max(fraction, 0.0), 1.0), 4),
        "phase": phase,
        "at": time.time(),
    }
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def read(job_id: int) -> dict | None:
    try:
        data = json.loads(_path(job_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    data["stale"] = time.time() - data.get("at", 0) > STALE_AFTER_SECONDS
    return data


def clear(job_id: int) -> None:
    _path(job_id).unlink(missing_ok=True)
