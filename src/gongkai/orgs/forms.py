"""Forms of the back office's organisation area."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from . import actions
from .choices import Role
from .models import Agency, User


class LoginForm(AuthenticationForm):
    """Django's login plus the 等保 lockout: counted failures, a timed lock, every attempt audited."""

    error_messages = {
        "invalid_login": "用户名或密码错误。",
        "inactive": "该账户已停用，请联系机关管理员。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"

    def clean(self):
        username = self.cleaned_data.get("username")
        user = User.objects.filter(username=username).first() if username else None
        if user is not None and user.is_locked():
            actions.record_locked_attempt(user)
            raise self._locked_error(user)
        try:
            return super().clean()
        except ValidationError:
            if username:
                user = actions.record_login_failure(username)
                if user is not None and user.is_locked():
                    raise self._locked_error(user) from None
            raise

    @staticmethod
    def _locked_error(user: User) -> ValidationError:
        until = timezone.localtime(user.locked_until)
        return ValidationError(
            f"连续 {settings.GONGKAI_LOCKOUT_THRESHOLD} 次登录失败，账户已锁定，请于 {until:%H:%M} 后再试，"
            "或联系机关管理员解锁。",
            code="locked",
        )


class AgencyForm(forms.ModelForm):
    website = forms.URLField(label="网站", required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = actions.AGENCY_FIELDS


class AgencyCreateForm(AgencyForm):
    parent = forms.ModelChoiceField(queryset=Agency.objects.none(), label="上级机关")

    class Meta(AgencyForm.Meta):
        fields = ["parent", *actions.AGENCY_FIELDS]

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Role.choices, label="角色", required=False, **kwargs)


class StaffCreateForm(forms.Form):
    username = forms.RegexField(
        label="用户名",
        max_length=150,
        regex=r"^[A-Za-z0-9_.-]+$",
        error_messages={"invalid": "用户名只能包含字母、数字和 _ . -"},
    )
    full_name = forms.CharField(label="姓名", max_length=50)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, strip=False)
    roles = RolesField()

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise ValidationError("该用户名已被使用")
        return username


class StaffRolesForm(forms.Form):
    roles = RolesField()


class PasswordForm(forms.Form):
    new_password = forms.CharField(label="新密码", widget=forms.PasswordInput, strip=False)
    confirm = forms.CharField(label="确认新密码", widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("new_password") != data.get("confirm"):
            raise ValidationError("两次输入的新密码不一致")
        return data


class OwnPasswordForm(PasswordForm):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput, strip=False)
    field_order = ["old_password", "new_password", "confirm"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_old_password(self) -> str:
        if not self.user.check_password(self.cleaned_data["old_password"]):
            raise ValidationError("原密码不正确")
        return self.cleaned_data["old_password"]
