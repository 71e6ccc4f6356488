"""The publication lifecycle through actions: drafting, review, personal data, publication, withdrawal."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.audit.trail import verify
from gongkai.core import review
from gongkai.publications import actions, jobs, queries
from gongkai.publications.models import IndexCounter, Item

ID = "11010519491231002X"


def test_create_normalises_and_computes_the_art_26_due_date(make_item):
    item = make_item(doc_no="高新发[2026]007号", body="<p onclick='x'>正文</p><script>x</script>")
    assert item.doc_no == "高新发〔2026〕7号"
    assert item.body == "<p>正文</p>"
    # law.md worked example: formed Fri 2026-09-18 → 20 working days → Thu 2026-10-22 (National Day week).
    assert item.due_on == date(2026, 10, 22) and not item.due_provisional
    assert item.status == "draft" and item.index_no is None and item.publisher == item.agency.name


def test_due_date_in_an_unentered_year_is_provisional(make_item):
    item = make_item(formed_on=date(2031, 3, 3))
    assert item.due_provisional


def test_validation_errors_are_chinese(make_item, zone):
    with pytest.raises(ValidationError) as err:
        make_item(title=" ", doc_no="乱写", category="21.t1", kind="rule")
    messages = err.value.message_dict
    assert messages["title"] == ["请填写名称"]
    assert "文号" in messages["doc_no"][0]
    assert messages["category"] == ["公开类别不适用于本机关的层级"]  # township category for a county bureau
    assert "规章制定权" in messages["kind"][0]


def test_only_own_agency_clerk_may_draft(zone, staff):
    with pytest.raises(PermissionDenied):
        actions.create_item(
            acting_user=staff["clerk_b"],
            agency=zone["a"],
            title="x",
            category="20.1",
            formed_on=date(2026, 1, 5),
        )
    with pytest.raises(PermissionDenied):
        actions.create_item(
            acting_user=staff["reviewer"],
            agency=zone["a"],
            title="x",
            category="20.1",
            formed_on=date(2026, 1, 5),
        )


def test_full_chain_assigns_index_number_and_audits_every_step(make_item, publish, zone):
    item = publish(make_item())
    year = timezone.localdate().year
    assert item.status == "published" and item.index_no == f"{zone['a'].credit_code}/{year}-00001"
    second = publish(make_item("第二条"))
    assert second.index_no.endswith(f"/{year}-00002")
    actions_seen = list(
        AuditEvent.objects.filter(object_id=str(item.pk), object_type="publications.Item")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions_seen == [
        "publications.create",
        "review.submit",
        "publications.submit",
        "review.approve",
        "review.approve",
        "review.approve",
        "publications.publish",
    ]
    approvals = AuditEvent.objects.filter(action="review.approve", object_id=str(item.pk)).order_by("seq")
    opinions = [e.detail["opinion"] for e in approvals]
    assert opinions == ["同意", "不涉密，同意公开", "同意发布"]
    assert verify().ok


def test_return_with_opinion_then_resubmit_opens_a_new_round(make_item, staff):
    item = make_item()
    actions.submit_item(item, acting_user=staff["clerk"])
    item = actions.review_item(item, acting_user=staff["reviewer"], approve=False, opinion="请补充内容概述")
    assert item.status == "returned"
    event = AuditEvent.objects.filter(action="review.return").latest("seq")
    assert event.detail["opinion"] == "请补充内容概述" and event.actor == staff["reviewer"]
    actions.update_item(item, acting_user=staff["clerk"], summary="补充后的概述")
    item = actions.submit_item(item, acting_user=staff["clerk"])
    rounds = list(review.rounds(item))
    assert [(r.number, r.status) for r in rounds] == [(1, "returned"), (2, "pending")]
    assert (
        rounds[0].snapshot["summary"] == "政务公开有关事项"
        and rounds[1].snapshot["summary"] == "补充后的概述"
    )


def test_each_step_needs_its_role_and_an_opinion(make_item, staff):
    item = make_item()
    actions.submit_item(item, acting_user=staff["clerk"])
    with pytest.raises(PermissionDenied):
        actions.review_item(item, acting_user=staff["leader"], approve=True, opinion="越级签发")
    with pytest.raises(PermissionDenied):
        actions.review_item(item, acting_user=staff["clerk"], approve=True, opinion="自己审核")
    with pytest.raises(PermissionDenied):
        actions.review_item(item, acting_user=staff["leader_b"], approve=True, opinion="外单位")
    with pytest.raises(ValidationError, match="审核意见"):
        actions.review_item(item, acting_user=staff["reviewer"], approve=True, opinion="  ")


def test_editing_after_approval_sends_it_back_through_the_chain(make_item, sign_off, staff):
    item = make_item()
    sign_off(item)
    item.refresh_from_db()
    assert item.status == "approved"
    item = actions.update_item(item, acting_user=staff["clerk"], title="签发后改了标题")
    assert item.status == "draft"
    assert review.current_round(item).status == "superseded"
    with pytest.raises(ValidationError):
        actions.publish_item(item, acting_user=staff["clerk"])
    assert AuditEvent.objects.filter(action="review.supersede", object_id=str(item.pk)).exists()


def test_an_edit_that_changes_nothing_keeps_the_approval(make_item, sign_off, staff):
    item = make_item()
    sign_off(item)
    item = actions.update_item(Item.objects.get(pk=item.pk), acting_user=staff["clerk"], title=item.title)
    assert item.status == "approved"


def test_publish_refuses_content_changed_behind_the_chain(make_item, sign_off, staff):
    item = make_item()
    sign_off(item)
    Item.objects.filter(pk=item.pk).update(body="<p>偷偷改过</p>")  # not through an action
    with pytest.raises(ValidationError, match="审核"):
        actions.publish_item(Item.objects.get(pk=item.pk), acting_user=staff["clerk"])


def test_personal_data_blocks_sign_off_until_masked(make_item, staff):
    item = make_item(body=f"申请人身份证{ID}，电话13800138000。")
    hits = {h.kind: h for h in item.pii_hits.all()}
    assert set(hits) == {"id_number", "mobile"} and all(h.status == "open" for h in hits.values())
    assert ID not in str(list(item.pii_hits.values()))  # never stored in the clear
    actions.submit_item(item, acting_user=staff["clerk"])
    actions.review_item(item, acting_user=staff["reviewer"], approve=True, opinion="同意")
    actions.review_item(item, acting_user=staff["secrecy"], approve=True, opinion="同意")
    with pytest.raises(ValidationError, match="个人信息"):
        actions.review_item(item, acting_user=staff["leader"], approve=True, opinion="签发")
    # Accepting needs a reason and the right role; masking is an edit and restarts the chain.
    with pytest.raises(PermissionDenied):
        actions.accept_pii(hits["mobile"], acting_user=staff["clerk"], reason="办公电话")
    with pytest.raises(ValidationError, match="理由"):
        actions.accept_pii(hits["mobile"], acting_user=staff["secrecy"], reason="")
    actions.accept_pii(hits["mobile"], acting_user=staff["secrecy"], reason="该号码为单位公开的办事电话")
    actions.mask_pii(hits["id_number"], acting_user=staff["clerk"])
    item.refresh_from_db()
    assert "110105********002X" in item.body and ID not in item.body and "13800138000" in item.body
    assert item.status == "draft"  # back through the chain
    actions.submit_item(item, acting_user=staff["clerk"])
    actions.review_item(item, acting_user=staff["reviewer"], approve=True, opinion="同意")
    actions.review_item(item, acting_user=staff["secrecy"], approve=True, opinion="同意")
    item = actions.review_item(item, acting_user=staff["leader"], approve=True, opinion="签发")
    assert item.status == "approved"
    assert {h.kind: h.status for h in item.pii_hits.all()} == {"id_number": "masked", "mobile": "accepted"}


def test_attachment_text_is_scanned_and_cannot_be_masked_online(make_item, staff):
    import io

    import docx

    document = docx.Document()
    document.add_paragraph(f"名单：{ID}")
    buffer = io.BytesIO()
    document.save(buffer)
    item = make_item()
    attachment = actions.add_attachment(
        item, acting_user=staff["clerk"], name="名单.docx", data=buffer.getvalue()
    )
    hit = item.pii_hits.get()
    assert hit.source == "attachment" and hit.attachment == attachment
    with pytest.raises(ValidationError, match="附件"):
        actions.mask_pii(hit, acting_user=staff["clerk"])
    actions.remove_attachment(attachment, acting_user=staff["clerk"])
    assert not item.pii_hits.exists()


def test_bad_attachment_is_refused(make_item, staff):
    with pytest.raises(ValidationError, match="不符"):
        actions.add_attachment(make_item(), acting_user=staff["clerk"], name="a.pdf", data=b"MZ not a pdf")


def test_scheduled_publication_by_the_job(make_item, sign_off, staff):
    item = make_item()
    sign_off(item)
    at = timezone.now() + timedelta(hours=2)
    item = actions.publish_item(item, acting_user=staff["clerk"], at=at)
    assert item.status == "scheduled" and item.index_no is None
    assert actions.publish_due_items(now=timezone.now()) == []
    published = actions.publish_due_items(now=at + timedelta(minutes=1))
    assert [i.pk for i in published] == [item.pk]
    item.refresh_from_db()
    assert item.status == "published" and item.published_at == at and item.index_no
    event = AuditEvent.objects.filter(action="publications.publish").latest("seq")
    assert event.actor is None and event.actor_name == "system" and event.detail["scheduled_by"] == "clerk"


def test_job_function_publishes_due_items(make_item, sign_off, staff):
    item = make_item()
    sign_off(item)
    actions.publish_item(item, acting_user=staff["clerk"], at=timezone.now() + timedelta(minutes=5))
    Item.objects.filter(pk=item.pk).update(scheduled_at=timezone.now() - timedelta(seconds=1))
    assert jobs.publish_due() == 1
    assert Item.objects.get(pk=item.pk).status == "published"


def test_cancel_schedule(make_item, sign_off, staff):
    item = make_item()
    sign_off(item)
    actions.publish_item(item, acting_user=staff["clerk"], at=timezone.now() + timedelta(days=1))
    assert actions.cancel_schedule(item, acting_user=staff["clerk"]).status == "approved"


def test_withdraw_needs_reason_and_role(make_item, publish, staff):
    item = publish(make_item())
    with pytest.raises(PermissionDenied):
        actions.withdraw_item(item, acting_user=staff["clerk"], reason="内容有误")
    with pytest.raises(ValidationError):
        actions.withdraw_item(item, acting_user=staff["leader"], reason="")
    item = actions.withdraw_item(item, acting_user=staff["leader"], reason="数据有误，更正后重新发布")
    assert item.status == "withdrawn" and item.index_no  # the number is kept, never reused
    with pytest.raises(ValidationError):
        actions.update_item(item, acting_user=staff["clerk"], title="改")


def test_index_numbers_are_never_reused_and_imported_numbers_move_the_counter(
    make_item, publish, zone, staff
):
    year = timezone.localdate().year
    code = zone["a"].credit_code
    row = actions.ImportRow(
        line=2,
        index_no=f"{code}/{year}-00007",
        fields={"title": "旧网站的信息", "category": "20.2", "formed_on": date(year, 1, 5)},
        published_on=date(year, 1, 6),
        validity="",
        invalid_on=None,
    )
    (imported,) = actions.import_catalog(zone["a"], [row], acting_user=staff["clerk"], source="test.csv")
    assert imported.index_no == f"{code}/{year}-00007" and imported.status == "published"
    item = publish(make_item())
    assert item.index_no == f"{code}/{year}-00008"
    assert IndexCounter.objects.get(agency=zone["a"], year=year).last == 8
    assert re.fullmatch(r"[0-9A-Z]{18}/\d{4}-\d{5}", item.index_no)


def test_lifecycle_and_section_two_figures(zone, make_item, publish, staff):
    year = timezone.localdate().year
    old = publish(
        make_item(
            "旧办法",
            kind="normative",
            category="20.1",
            written_on=date(year - 1, 3, 1),
            formed_on=date(year - 1, 3, 1),
        )
    )
    new = publish(
        make_item(
            "新办法",
            kind="normative",
            category="20.1",
            written_on=date(year, 2, 1),
            formed_on=date(year, 2, 1),
        )
    )
    other = publish(
        make_item(
            "另一办法",
            kind="normative",
            category="20.1",
            written_on=date(year, 3, 1),
            formed_on=date(year, 3, 1),
        )
    )
    assert new.validity == "valid"
    with pytest.raises(ValidationError):
        actions.set_validity(old, acting_user=staff["clerk"], validity="repealed")  # date required
    actions.set_validity(
        old, acting_user=staff["clerk"], validity="repealed", invalid_on=date(year, 2, 1), repealed_by=new
    )
    actions.set_validity(other, acting_user=staff["clerk"], validity="expired", invalid_on=date(year, 6, 30))
    old.refresh_from_db()
    assert old.validity == "repealed" and old.repealed_by == new
    this_year = queries.section2_documents(zone["a"], year)["normative_documents"]
    last_year = queries.section2_documents(zone["a"], year - 1)["normative_documents"]
    assert last_year == [1, 0, 1]
    assert this_year == [2, 2, 1]
    assert this_year[2] == last_year[2] + this_year[0] - this_year[1]  # the report's X-VALID identity
    with pytest.raises(ValidationError):
        actions.set_validity(
            publish(make_item("一般信息")),
            acting_user=staff["clerk"],
            validity="repealed",
            invalid_on=date(year, 1, 1),
        )


def test_timeliness_lists(zone, make_item, publish):
    today = timezone.localdate()
    overdue = make_item("超期未发布", formed_on=today - timedelta(days=60))
    soon = make_item("即将到期", formed_on=today - timedelta(days=25))
    fresh = make_item("刚形成", formed_on=today)
    late = publish(make_item("逾期发布", formed_on=today - timedelta(days=60)))
    result = queries.timeliness(Item.objects.filter(agency=zone["a"]), today=today)
    assert [i.pk for i in result.overdue] == [overdue.pk]
    assert soon.pk in [i.pk for i in result.due_soon] or soon.due_on < today
    assert fresh.pk not in [i.pk for i in result.overdue + result.due_soon]
    assert [i.pk for i in result.published_late] == [late.pk]


def test_refresh_due_dates_recomputes_provisional_ones(make_item):
    item = make_item(formed_on=date(2031, 3, 3))
    Item.objects.filter(pk=item.pk).update(due_on=date(2031, 1, 1))
    assert actions.refresh_due_dates() == 1
    item.refresh_from_db()
    assert item.due_on > date(2031, 3, 3) and item.due_provisional


def test_interpretation_links(make_item, publish, staff):
    doc = publish(make_item("某办法", kind="normative", category="20.1"))
    reading = make_item("《某办法》政策解读", kind="interpretation", category="20.1", interprets=[doc])
    assert list(doc.interpretations.all()) == [reading]


def test_topics_are_two_levels(zone, make_staff):
    sysadmin = make_staff("sys", "top", "sysadmin")
    top = actions.save_topic(None, acting_user=sysadmin, name="数据开放", parent=None)
    child = actions.save_topic(None, acting_user=sysadmin, name="公共数据", parent=top)
    assert child.code.startswith(top.code) and len(child.code) == len(top.code) + 2
    with pytest.raises(ValidationError, match="两级"):
        actions.save_topic(None, acting_user=sysadmin, name="第三级", parent=child)
    with pytest.raises(PermissionDenied):
        actions.save_topic(None, acting_user=make_staff("adm", "a", "agency_admin"), name="x", parent=None)


def test_failure_rolls_back_change_and_audit(make_item, staff, monkeypatch):
    item = make_item()
    events = AuditEvent.objects.count()

    def boom(*args, **kwargs):
        raise RuntimeError("index down")

    monkeypatch.setattr(review, "submit", boom)
    with pytest.raises(RuntimeError):
        actions.submit_item(item, acting_user=staff["clerk"])
    assert Item.objects.get(pk=item.pk).status == "draft" and AuditEvent.objects.count() == events


def test_published_at_is_aware_and_local_year(make_item, publish):
    item = publish(make_item())
    assert isinstance(item.published_at, datetime) and timezone.is_aware(item.published_at)


def test_scheduled_item_changed_behind_the_chain_is_not_published(make_item, sign_off, staff):
    item = make_item()
    sign_off(item)
    at = timezone.now() + timedelta(hours=1)
    actions.publish_item(item, acting_user=staff["clerk"], at=at)
    Item.objects.filter(pk=item.pk).update(title="绕过审核修改的标题")
    assert actions.publish_due_items(now=at + timedelta(minutes=1)) == []
    item.refresh_from_db()
    assert item.status == "draft" and item.index_no is None
    failure = AuditEvent.objects.filter(action="publications.publish", object_id=str(item.pk)).latest("seq")
    assert failure.result == "failure" and "审核" in failure.detail["reason"]
