"""Back-office pages of 政务服务事项, mounted at staff/service-items/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from gongkai.core import review
from gongkai.core.web import act_and_redirect, add_errors, error_text
from gongkai.orgs.permissions import get_visible_or_404, has_perm, require, scope_queryset

from . import actions, imports
from .choices import REVIEW_KIND, Status
from .forms import ImportForm, ItemForm, MaterialForm, ReviewForm, SampleForm, WithdrawForm
from .models import Material, SampleFile, ServiceItem


def sample_response(sample: SampleFile, name: str) -> FileResponse:
    """Always a download, never rendered by the browser (nosniff, sandbox CSP)."""
    response = FileResponse(sample.file.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _item(request: HttpRequest, pk: int) -> ServiceItem:
    return get_visible_or_404(ServiceItem.objects.select_related("agency"), request.user, pk=pk)


def _material(request: HttpRequest, pk: int) -> Material:
    return get_visible_or_404(
        Material.objects.select_related("item__agency", "sample"), request.user, "item__agency", pk=pk
    )


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    qs = scope_queryset(ServiceItem.objects.select_related("agency"), request.user).order_by(
        "agency__path", "code"
    )
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    agency = request.user.agency
    context = {
        "page": page,
        "statuses": Status.choices,
        "status": status,
        "q": q,
        "query": f"status={status}&q={q}" if (status or q) else "",
        "can_create": agency is not None and has_perm(request.user, "service_items.edit", agency),
        "can_import": agency is not None and has_perm(request.user, "service_items.import", agency),
        "queue": review.pending_for(request.user, REVIEW_KIND),
    }
    return render(request, "service_items/item_list.html", context)


def _save(request: HttpRequest, form: ItemForm, item: ServiceItem | None) -> ServiceItem | None:
    data = {k: form.cleaned_data.get(k) for k in actions.ITEM_FIELDS}
    try:
        if item is None:
            return actions.create_item(acting_user=request.user, agency=request.user.agency, **data)
        return actions.update_item(item, acting_user=request.user, **data)
    except ValidationError as exc:
        add_errors(form, exc)
        return None


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "service_items.edit", request.user.agency)
    agency = request.user.agency
    initial = {"implementer": agency.name, "consult_phone": agency.phone, "place": agency.office_address}
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = _save(request, form, None)
        if item is not None:
            messages.success(request, "事项已保存为草稿，请添加申请材料后送审。")
            return redirect("service_items:detail", pk=item.pk)
    return render(request, "service_items/item_form.html", {"form": form, "item": None})


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "service_items.edit", item.agency)
    initial = {k: getattr(item, k) for k in actions.ITEM_FIELDS}
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        was = item.status
        saved = _save(request, form, item)
        if saved is not None:
            note = "（修改后须重新送审）" if was != saved.status else ""
            messages.success(request, f"已保存。{note}")
            return redirect("service_items:detail", pk=item.pk)
    return render(request, "service_items/item_form.html", {"form": form, "item": item})


@login_required
@require_safe
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    user = request.user
    latest = review.current_round(item)
    can_edit = has_perm(user, "service_items.edit", item.agency)
    context = {
        "item": item,
        "materials": list(item.materials.select_related("sample")),
        "round": latest,
        "rounds": list(review.history([item])),
        "can_edit": can_edit,
        "can_submit": can_edit and item.status in (Status.DRAFT, Status.RETURNED),
        "can_decide": item.status == Status.IN_REVIEW and review.can_decide(user, latest),
        "can_publish": has_perm(user, "service_items.publish", item.agency)
        and item.status == Status.APPROVED,
        "can_withdraw": has_perm(user, "service_items.withdraw", item.agency) and item.is_public,
        "material_form": MaterialForm(
            prefix="new", prefix_label="新增", initial={"copies": 1, "required": True}
        ),
        "review_form": ReviewForm(),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "service_items/item_detail.html", context)


def _post(request: HttpRequest, item: ServiceItem, action, success: str, **kwargs) -> HttpResponse:
    return act_and_redirect(
        request, reverse("service_items:detail", args=[item.pk]), action, item, success, **kwargs
    )


@login_required
@require_POST
def item_submit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "service_items.edit", item.agency)
    return _post(request, item, actions.submit_item, "已送审。")


@login_required
@require_POST
def item_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "core.review", item.agency)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写审核意见。")
        return redirect("service_items:detail", pk=item.pk)
    approve = request.POST.get("decision") == "approve"
    return _post(
        request,
        item,
        actions.review_item,
        "已同意。" if approve else "已退回。",
        approve=approve,
        opinion=form.cleaned_data["opinion"],
    )


@login_required
@require_POST
def item_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "service_items.publish", item.agency)
    return _post(request, item, actions.publish_item, "已发布到门户。")


@login_required
@require_POST
def item_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "service_items.withdraw", item.agency)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写撤下原因。")
        return redirect("service_items:detail", pk=item.pk)
    return _post(request, item, actions.withdraw_item, "已从门户撤下。", reason=form.cleaned_data["reason"])


@login_required
@require_POST
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, "service_items.edit", item.agency)
    form = MaterialForm(request.POST, prefix="new")
    if not form.is_valid():
        messages.error(
            request, "申请材料填写有误：" + "；".join(e for errs in form.errors.values() for e in errs)
        )
        return redirect("service_items:detail", pk=item.pk)
    data = {k: form.cleaned_data[k] for k in actions.MATERIAL_FIELDS}
    try:
        actions.add_material(item, acting_user=request.user, **data)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已增加申请材料：{data['name']}")
    return redirect("service_items:detail", pk=item.pk)


@login_required
def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    item = material.item
    require(request.user, "service_items.edit", item.agency)
    form = MaterialForm(
        request.POST or None,
        instance=None,
        initial={k: getattr(material, k) for k in actions.MATERIAL_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_material(
                material,
                acting_user=request.user,
                **{k: form.cleaned_data[k] for k in actions.MATERIAL_FIELDS},
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "申请材料已修改。")
            return redirect("service_items:detail", pk=item.pk)
    context = {"form": form, "material": material, "item": item, "sample_form": SampleForm()}
    return render(request, "service_items/material_form.html", context)


@login_required
@require_POST
def material_delete(request: HttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    require(request.user, "service_items.edit", material.item.agency)
    try:
        actions.remove_material(material, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已删除申请材料：{material.name}")
    return redirect("service_items:detail", pk=material.item_id)


@login_required
@require_POST
def sample_upload(request: HttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    require(request.user, "service_items.edit", material.item.agency)
    form = SampleForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择样表文件。")
        return redirect("service_items:material_edit", pk=material.pk)
    upload = form.cleaned_data["file"]
    try:
        actions.attach_sample(material, acting_user=request.user, name=upload.name, data=upload.read())
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("service_items:material_edit", pk=material.pk)
    messages.success(request, f"已上传样表：{upload.name}")
    return redirect("service_items:detail", pk=material.item_id)


@login_required
@require_POST
def sample_delete(request: HttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    require(request.user, "service_items.edit", material.item.agency)
    try:
        actions.remove_sample(material, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "已删除样表。")
    return redirect("service_items:detail", pk=material.item_id)


@login_required
@require_safe
def sample_download(request: HttpRequest, pk: int) -> FileResponse:
    material = _material(request, pk)
    if material.sample is None:
        return redirect("service_items:detail", pk=material.item_id)
    return sample_response(material.sample, material.sample_name)


@login_required
def import_items(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    require(request.user, "service_items.import", agency)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = imports.validate(imports.read_workbook(upload.name, upload.read()))
        except imports.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            bad = report.total - len(report.rows)
            if bad and not form.cleaned_data["partial"]:
                form.add_error(
                    None, f"共 {report.total} 个事项，其中 {bad} 个有误，未导入任何数据。请改正后重新导入。"
                )
            elif report.rows:
                try:
                    outcome = actions.import_items(
                        agency,
                        report.rows,
                        acting_user=request.user,
                        source=upload.name,
                        submit=form.cleaned_data["submit"],
                    )
                except ValidationError as exc:
                    form.add_error(None, error_text(exc))
                else:
                    messages.success(
                        request,
                        f"已导入：新增 {len(outcome.created)} 个、更新 {len(outcome.updated)} 个事项"
                        + (f"，送审 {outcome.submitted} 个" if outcome.submitted else "")
                        + (f"；{bad} 个有误的事项未导入" if bad else ""),
                    )
                    return redirect("service_items:list")
            else:
                form.add_error(None, "文件中没有可导入的事项。")
    return render(request, "service_items/import.html", {"form": form, "report": report})


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        imports.template_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E6%94%BF%E5%8A%A1%E6%9C%8D%E5%8A%A1%E4%BA%8B%E9%A1%B9%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response
