"""Password complexity for 等保 level 2: at least three of four character classes."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    classes = (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())

    def validate(self, password: str, user=None) -> None:
        present = sum(any(test(c) for c in password) for test in self.classes)
        if present < 3:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、符号中的至少三类", code="password_classes"
            )

    def get_help_text(self) -> str:
        return "密码须包含大写字母、小写字母、数字、符号中的至少三类。"


class MinimumLengthValidator:
    """Django 5.2's own validator changed its message id and lost the Chinese translation."""

    def __init__(self, min_length: int = 12):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短：至少需要 {self.min_length} 个字符", code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"
