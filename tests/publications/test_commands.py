from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from gongkai.publications import actions, search
from gongkai.publications.models import Item, SearchDoc


def test_publish_due_command(make_item, sign_off, staff):
    item = make_item("定时发布的信息")
    sign_off(item)
    actions.publish_item(item, acting_user=staff["clerk"], at=timezone.now() + timedelta(minutes=5))
    Item.objects.filter(pk=item.pk).update(scheduled_at=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("publications", "publish-due", stdout=out)
    assert "共发布 1 条" in out.getvalue() and "定时发布的信息" in out.getvalue()
    assert Item.objects.get(pk=item.pk).status == "published"


def test_reindex_and_refresh_due_commands(make_item, publish):
    item = publish(make_item("重建的信息"))
    SearchDoc.objects.all().delete()
    out = StringIO()
    call_command("publications", "reindex", stdout=out)
    assert "1 条" in out.getvalue() and search.run(search.Query("重建")).ids == [item.pk]
    call_command("publications", "refresh-due", stdout=out)
    assert "公开期限" in out.getvalue()
