"""Demo agencies and one account per role, after the seed's 高新区 (idempotent)."""

from __future__ import annotations

import json
from pathlib import Path

from .actions import create_agency, create_staff
from .models import Agency, User

DATA = Path(__file__).with_name("data") / "demo.json"


def load() -> list[str]:
    """Create what is missing; return the login lines to print."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    agencies: dict[str, Agency] = {}
    for spec in data["agencies"]:
        spec = dict(spec)
        key, parent = spec.pop("key"), spec.pop("parent")
        existing = Agency.objects.filter(credit_code=spec["credit_code"]).first()
        agencies[key] = existing or create_agency(acting_user=None, parent=agencies.get(parent), **spec)
    lines = []
    for spec in data["staff"]:
        agency = agencies[spec["agency"]]
        if not User.objects.filter(username=spec["username"]).exists():
            create_staff(
                acting_user=None,
                agency=agency,
                username=spec["username"],
                full_name=spec["full_name"],
                password=data["password"],
                roles=spec["roles"],
            )
        user = User.objects.get(username=spec["username"])
        lines.append(f"{spec['username']:<10} {user.role_labels:<16} {agency.short_name}")
    return [f"演示账户（密码均为 {data['password']}）：", *lines]
