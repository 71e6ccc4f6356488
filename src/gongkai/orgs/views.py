"""The back office's organisation area: home, agencies, staff, own password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from . import actions
from .forms import (
    AgencyCreateForm,
    AgencyForm,
    LoginForm,
    OwnPasswordForm,
    PasswordForm,
    StaffCreateForm,
    StaffRolesForm,
)
from .models import Agency, User
from .permissions import get_visible_or_404, has_perm, require, visible_agencies


class LoginView(auth_views.LoginView):
    template_name = "orgs/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _form_errors_to(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    context = {
        "agency": agency,
        "children": agency.children.all() if agency else [],
        "can_change": agency is not None and has_perm(request.user, "orgs.change_agency", agency),
    }
    return render(request, "orgs/home.html", context)


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = visible_agencies(request.user).select_related("parent")
    can_add = has_perm(request.user, "orgs.add_agency", request.user.agency)
    return render(request, "orgs/agency_list.html", {"agencies": agencies, "can_add": can_add})


@login_required
@require_safe
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_visible_or_404(Agency.objects.select_related("parent"), request.user, None, pk=pk)
    context = {
        "agency": agency,
        "can_change": has_perm(request.user, "orgs.change_agency", agency),
        "can_manage_staff": has_perm(request.user, "orgs.manage_staff", agency),
        "staff": agency.staff.order_by("username").prefetch_related("roles"),
    }
    return render(request, "orgs/agency_detail.html", context)


@login_required
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_visible_or_404(Agency.objects.all(), request.user, None, pk=pk)
    require(request.user, "orgs.change_agency", agency)
    form = AgencyForm(request.POST or None, instance=Agency.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_agency(
                agency, acting_user=request.user, **{f: form.cleaned_data[f] for f in form.fields}
            )
        except ValidationError as exc:
            _form_errors_to(form, exc)
        else:
            messages.success(request, "机关信息已保存。")
            return redirect("orgs:agency_detail", pk=agency.pk)
    return render(request, "orgs/agency_form.html", {"form": form, "agency": agency})


@login_required
def agency_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "orgs.add_agency", request.user.agency)
    form = AgencyCreateForm(request.POST or None, parents=visible_agencies(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            agency = actions.create_agency(acting_user=request.user, **data)
        except ValidationError as exc:
            _form_errors_to(form, exc)
        else:
            messages.success(request, f"已新建机关：{agency.name}")
            return redirect("orgs:agency_detail", pk=agency.pk)
    return render(request, "orgs/agency_form.html", {"form": form, "agency": None})


@login_required
def staff_create(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_visible_or_404(Agency.objects.all(), request.user, None, pk=pk)
    require(request.user, "orgs.manage_staff", agency)
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_staff(acting_user=request.user, agency=agency, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors_to(form, exc)
        else:
            messages.success(request, f"已新建账户：{form.cleaned_data['username']}")
            return redirect("orgs:agency_detail", pk=agency.pk)
    return render(request, "orgs/staff_form.html", {"form": form, "agency": agency})


def _managed_staff(request: HttpRequest, pk: int) -> User:
    user = get_visible_or_404(User.objects.select_related("agency"), request.user, pk=pk)
    require(request.user, "orgs.manage_staff", user.agency)
    return user


@login_required
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _managed_staff(request, pk)
    form = StaffRolesForm(request.POST or None, initial={"roles": sorted(staff.role_set)})
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_staff_roles(staff, form.cleaned_data["roles"], acting_user=request.user)
        except ValidationError as exc:
            _form_errors_to(form, exc)
        else:
            messages.success(request, "角色已保存。")
            return redirect("orgs:agency_detail", pk=staff.agency_id)
    reset_form = PasswordForm()
    return render(request, "orgs/staff_edit.html", {"form": form, "staff": staff, "reset_form": reset_form})


@login_required
@require_POST
def staff_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _managed_staff(request, pk)
    actions.unlock_staff(staff, acting_user=request.user)
    messages.success(request, f"已解锁账户：{staff.username}")
    return redirect("orgs:staff_edit", pk=staff.pk)


@login_required
@require_POST
def staff_active(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _managed_staff(request, pk)
    try:
        actions.set_staff_active(staff, request.POST.get("active") == "1", acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("orgs:staff_edit", pk=staff.pk)


@login_required
@require_POST
def staff_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _managed_staff(request, pk)
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            actions.change_password(staff, form.cleaned_data["new_password"], acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "密码已重置。")
    else:
        messages.error(request, "；".join(m for errors in form.errors.values() for m in errors))
    return redirect("orgs:staff_edit", pk=staff.pk)


@login_required
def own_password(request: HttpRequest) -> HttpResponse:
    form = OwnPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_password(request.user, form.cleaned_data["new_password"], acting_user=request.user)
        except ValidationError as exc:
            form.add_error("new_password", exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("orgs:home")
    return render(request, "orgs/password.html", {"form": form})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)
