"""Back-office pages of proactive disclosure: drafting, review, publication, register, import."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from gongkai.core import review
from gongkai.core.web import act_and_redirect, add_errors, error_text, posted_version
from gongkai.orgs.permissions import get_visible_or_404, has_perm, require, scope_queryset

from . import actions, imports, pii, queries
from .choices import EDITABLE, REVIEW_KIND, PiiStatus, Status
from .content import display_html
from .forms import (
    AcceptPiiForm,
    AttachmentForm,
    ChainForm,
    ImportForm,
    ItemForm,
    PublishForm,
    ReviewForm,
    TopicForm,
    ValidityForm,
    WithdrawForm,
)
from .models import Attachment, Item, PiiHit, Topic


def _item(request: HttpRequest, pk: int) -> Item:
    return get_visible_or_404(Item.objects.select_related("agency", "topic"), request.user, pk=pk)


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    qs = scope_queryset(Item.objects.select_related("agency"), request.user).order_by("-updated_at", "-pk")
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(doc_no__icontains=q) | Q(index_no__icontains=q))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    agency = request.user.agency
    context = {
        "page": page,
        "statuses": Status.choices,
        "status": status,
        "q": q,
        "can_create": agency is not None and has_perm(request.user, "publications.edit", agency),
        "can_import": agency is not None and has_perm(request.user, "publications.import", agency),
        "can_configure": agency is not None and has_perm(request.user, "core.configure_review", agency),
        "queue_count": len(review.pending_for(request.user, REVIEW_KIND)),
    }
    return render(request, "publications/item_list.html", context)


def _save_form(request: HttpRequest, form: ItemForm, item: Item | None) -> Item | None:
    data = dict(form.cleaned_data)
    interprets = data.pop("interprets")
    try:
        if item is None:
            return actions.create_item(
                acting_user=request.user, agency=form.agency, interprets=interprets, **data
            )
        return actions.update_item(item, acting_user=request.user, interprets=interprets, **data)
    except ValidationError as exc:
        add_errors(form, exc)
        return None


STALE_EDIT = "编辑页面缺少有效的版本号，可能已过期：为免覆盖他人的修改，本次保存未生效，请刷新后重新编辑"


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    require(request.user, "publications.edit", agency)
    form = ItemForm(request.POST or None, agency=agency, initial={"formed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        item = _save_form(request, form, None)
        if item is not None:
            messages.success(request, "草稿已保存。")
            return redirect("publications:detail", pk=item.pk)
    return render(request, "publications/item_form.html", {"form": form, "item": None})


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "publications.edit", item.agency)
    if item.status not in EDITABLE:
        messages.error(request, f"{item.get_status_display()}的信息不能修改内容。")
        return redirect("publications:detail", pk=item.pk)
    form = ItemForm(request.POST or None, agency=item.agency, initial=ItemForm.initial_for(item))
    # The form carries the `version` it was opened at (optimistic locking): a save from a page older
    # than someone else's change is refused (409) and changes nothing; what was typed stays in the
    # form, which keeps its old version, so only a reload (showing the other change) can save.
    version, status = item.version, 200
    if request.method == "POST":
        valid = form.is_valid()
        expected = version = posted_version(request.POST)
        if expected is None:
            form.add_error(None, STALE_EDIT)
            messages.error(request, STALE_EDIT)
            status = 400
        else:
            try:
                actions.check_version(item, expected)  # a stale page first, even if the form is invalid
                if valid:
                    was = item.status
                    data = dict(form.cleaned_data)
                    interprets = data.pop("interprets")
                    saved = actions.update_item(
                        item,
                        acting_user=request.user,
                        interprets=interprets,
                        expected_version=expected,  # checked again under the row lock
                        **data,
                    )
                    note = "（已送审的内容被修改，须重新送审）" if was != saved.status else ""
                    messages.success(request, f"已保存。{note}")
                    return redirect("publications:detail", pk=item.pk)
            except actions.ConflictError as exc:
                add_errors(form, exc)
                messages.error(request, error_text(exc))
                status = 409
            except ValidationError as exc:
                add_errors(form, exc)
    context = {"form": form, "item": item, "version": version}
    return render(request, "publications/item_form.html", context, status=status)


@login_required
@require_safe
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    user = request.user
    latest = review.current_round(item)
    rounds = list(review.history([item]))
    hits = list(item.pii_hits.select_related("attachment", "resolved_by"))
    context = {
        "item": item,
        "attachments": item.attachments.all(),
        "round": latest,
        "rounds": rounds,
        "hits": hits,
        "open_hits": [h for h in hits if h.status == PiiStatus.OPEN],
        "can_edit": has_perm(user, "publications.edit", item.agency) and item.status in EDITABLE,
        "can_submit": has_perm(user, "publications.edit", item.agency)
        and item.status in (Status.DRAFT, Status.RETURNED),
        "can_decide": item.status == Status.IN_REVIEW and review.can_decide(user, latest),
        "blockers": review.blockers(item, latest) if latest and latest.step else [],
        "can_mask": item.status in EDITABLE
        and (
            has_perm(user, "publications.edit", item.agency)
            or has_perm(user, "publications.accept_pii", item.agency)
        ),
        "can_accept": has_perm(user, "publications.accept_pii", item.agency),
        "can_publish": has_perm(user, "publications.publish", item.agency)
        and item.status in (Status.APPROVED, Status.SCHEDULED),
        "can_withdraw": has_perm(user, "publications.withdraw", item.agency)
        and item.status == Status.PUBLISHED,
        "can_lifecycle": has_perm(user, "publications.lifecycle", item.agency)
        and item.has_lifecycle
        and item.status == Status.PUBLISHED,
        "review_form": ReviewForm(),
        "attachment_form": AttachmentForm(),
        "publish_form": PublishForm(),
        "withdraw_form": WithdrawForm(),
        "accept_form": AcceptPiiForm(),
        "validity_form": ValidityForm(
            initial={
                "validity": item.validity,
                "invalid_on": item.invalid_on,
                "repealed_by": item.repealed_by.index_no if item.repealed_by_id else "",
                "note": item.validity_note,
            }
        ),
        "interpretations": item.interpretations.filter(status=Status.PUBLISHED),
        "body": _masked(item.body),
    }
    return render(request, "publications/item_detail.html", context)


def _masked(body: str) -> str:
    """Staff pages show personal data masked (the hits table says what and where); the real value
    stays in the draft until it is masked for good or accepted."""
    return display_html(pii.replace_hits(body, lambda hit: True)[0])


@login_required
@require_safe
def round_snapshot(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Exactly what a review round approved (or returned)."""
    item = _item(request, pk)
    review_round = next((r for r in review.history([item]) if r.number == number), None)
    if review_round is None:
        return redirect("publications:detail", pk=item.pk)
    return render(
        request,
        "publications/round.html",
        {
            "item": item,
            "round": review_round,
            "snap": review_round.snapshot,
            "body": _masked(review_round.snapshot["body"]),
        },
    )


def _post_action(request: HttpRequest, item: Item, action, success: str, **kwargs) -> HttpResponse:
    return act_and_redirect(
        request, reverse("publications:detail", args=[item.pk]), action, item, success, **kwargs
    )


@login_required
@require_POST
def item_submit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "publications.edit", item.agency)
    return _post_action(request, item, actions.submit_item, "已送审。")


@login_required
@require_POST
def item_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "core.review", item.agency)
    form = ReviewForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if not form.is_valid():
        messages.error(request, "请填写审核意见。")
        return redirect("publications:detail", pk=item.pk)
    message = "已同意。" if approve else "已退回。"
    return _post_action(
        request, item, actions.review_item, message, approve=approve, opinion=form.cleaned_data["opinion"]
    )


@login_required
@require_POST
def item_attach(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "publications.edit", item.agency)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
        return redirect("publications:detail", pk=item.pk)
    upload = form.cleaned_data["file"]
    try:
        actions.add_attachment(item, acting_user=request.user, name=upload.name, data=upload.read())
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已上传附件：{upload.name}")
    return redirect("publications:detail", pk=item.pk)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_visible_or_404(
        Attachment.objects.select_related("item__agency"), request.user, "item__agency", pk=pk
    )
    require(request.user, "publications.edit", attachment.item.agency)
    try:
        actions.remove_attachment(attachment, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "附件已删除。")
    return redirect("publications:detail", pk=attachment.item_id)


def attachment_response(attachment: Attachment) -> FileResponse:
    """Always a download, never rendered by the browser (nosniff, octet-stream for active types)."""
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_safe
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_visible_or_404(
        Attachment.objects.select_related("item__agency"), request.user, "item__agency", pk=pk
    )
    return attachment_response(attachment)


def _hit(request: HttpRequest, pk: int) -> PiiHit:
    return get_visible_or_404(
        PiiHit.objects.select_related("item__agency"), request.user, "item__agency", pk=pk
    )


@login_required
@require_POST
def pii_mask(request: HttpRequest, pk: int) -> HttpResponse:
    hit = _hit(request, pk)
    if not has_perm(request.user, "publications.accept_pii", hit.item.agency):
        require(request.user, "publications.edit", hit.item.agency)
    try:
        actions.mask_pii(hit, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已遮盖：{hit.masked}")
    return redirect("publications:detail", pk=hit.item_id)


@login_required
@require_POST
def pii_accept(request: HttpRequest, pk: int) -> HttpResponse:
    hit = _hit(request, pk)
    require(request.user, "publications.accept_pii", hit.item.agency)
    form = AcceptPiiForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请说明接受的理由。")
        return redirect("publications:detail", pk=hit.item_id)
    try:
        actions.accept_pii(hit, acting_user=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已接受：{hit.masked}")
    return redirect("publications:detail", pk=hit.item_id)


@login_required
@require_POST
def item_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "publications.publish", item.agency)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(m for errors in form.errors.values() for m in errors))
        return redirect("publications:detail", pk=item.pk)
    at = form.cleaned_data["at"]
    message = f"已设定于 {timezone.localtime(at):%Y-%m-%d %H:%M} 发布。" if at else "已发布。"
    return _post_action(request, item, actions.publish_item, message, at=at)


@login_required
@require_POST
def item_unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "publications.publish", item.agency)
    return _post_action(request, item, actions.cancel_schedule, "已取消定时发布。")


@login_required
@require_POST
def item_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "publications.withdraw", item.agency)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写撤回原因。")
        return redirect("publications:detail", pk=item.pk)
    return _post_action(request, item, actions.withdraw_item, "已撤回。", reason=form.cleaned_data["reason"])


@login_required
@require_POST
def item_validity(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "publications.lifecycle", item.agency)
    form = ValidityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(m for errors in form.errors.values() for m in errors))
        return redirect("publications:detail", pk=item.pk)
    data = form.cleaned_data
    return _post_action(
        request,
        item,
        actions.set_validity,
        "有效性已更新。",
        validity=data["validity"],
        invalid_on=data["invalid_on"],
        repealed_by=data["repealed_by"],
        note=data["note"],
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Rounds waiting for a step the user can decide."""
    rounds = review.pending_for(request.user, REVIEW_KIND)
    items = {i.pk: i for i in Item.objects.filter(pk__in=[int(r.object_id) for r in rounds])}
    rows = [(r, items.get(int(r.object_id))) for r in rounds]
    return render(request, "publications/queue.html", {"rows": [(r, i) for r, i in rows if i]})


@login_required
def timeliness(request: HttpRequest) -> HttpResponse:
    """Art. 26: unpublished items past or near their due date, and items published late this year."""
    result = queries.timeliness(scope_queryset(Item.objects.all(), request.user))
    return render(request, "publications/timeliness.html", {"result": result, "today": timezone.localdate()})


@login_required
def register(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    year = timezone.localdate().year
    with contextlib.suppress(ValueError):
        year = int(request.GET.get("year", year))
    docs = scope_queryset(queries.register(), request.user).order_by("-published_at")
    context = {
        "docs": Paginator(docs, 50).get_page(request.GET.get("page")),
        "year": year,
        "figures": queries.section2_documents(agency, year) if agency else None,
    }
    return render(request, "publications/register.html", context)


@login_required
def import_catalog(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    require(request.user, "publications.import", agency)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = imports.validate(agency, imports.read_table(upload.name, upload.read()))
        except imports.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            if report.rows and (not report.errors or form.cleaned_data["partial"]):
                try:
                    created = actions.import_catalog(
                        agency, report.rows, acting_user=request.user, source=upload.name
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                    return render(request, "publications/import.html", {"form": form, "report": report})
                skipped = report.total - len(created)
                messages.success(
                    request, f"已导入 {len(created)} 条。" + (f"有误未导入 {skipped} 行。" if skipped else "")
                )
                if not report.errors:
                    return redirect("publications:list")
            elif report.errors:
                messages.error(
                    request, f"共 {report.total} 行，其中有误的 {report.bad_rows} 行，未导入任何数据。"
                )
    return render(request, "publications/import.html", {"form": form, "report": report})


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename=catalog-import-template.csv"
    return response


@login_required
def chain(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    require(request.user, "core.configure_review", agency)
    steps = review.steps_for(agency, REVIEW_KIND)
    form = ChainForm(request.POST or None, steps=steps)
    if request.method == "POST" and form.is_valid():
        try:
            review.set_chain(agency, REVIEW_KIND, form.steps(), acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "审核流程已保存，新送审的信息按此流程审核。")
            return redirect("publications:chain")
    return render(request, "publications/chain.html", {"form": form, "steps": steps, "agency": agency})


@login_required
def topics(request: HttpRequest) -> HttpResponse:
    require(request.user, "publications.manage_topics")
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = actions.save_topic(None, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已新增主题分类：{topic}")
            return redirect("publications:topics")
    tree = Topic.objects.filter(parent__isnull=True).prefetch_related("children").order_by("code")
    return render(request, "publications/topics.html", {"form": form, "tree": tree})


@login_required
def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "publications.manage_topics")
    topic = Topic.objects.filter(pk=pk).first()
    if topic is None:
        return redirect("publications:topics")
    initial = {"name": topic.name, "parent": topic.parent, "active": topic.active}
    form = TopicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_topic(topic, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("publications:topics")
    return render(request, "publications/topic_form.html", {"form": form, "topic": topic})
