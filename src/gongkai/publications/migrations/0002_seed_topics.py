"""Seed the default 主题分类 from data/topics.json (editable afterwards in the back office)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "topics.json"


def seed(apps, schema_editor):
    Topic = apps.get_model("publications", "Topic")
    for order, spec in enumerate(json.loads(DATA.read_text(encoding="utf-8"))["topics"], 1):
        parent, _ = Topic.objects.get_or_create(code=spec["code"], defaults={"name": spec["name"], "order": order})
        for child_order, child in enumerate(spec["children"], 1):
            Topic.objects.get_or_create(
                code=child["code"], defaults={"name": child["name"], "order": child_order, "parent": parent}
            )


def unseed(apps, schema_editor):
    Topic = apps.get_model("publications", "Topic")
    Topic.objects.filter(parent__isnull=False).delete()
    Topic.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
