"""What the apps' staff views share: reading a form's version, putting an action's refusal on a
form or in a message, and the POST-then-redirect of a button that runs one action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def posted_version(data) -> int | None:
    """The `version` a form was rendered with (optimistic locking), or None when it is missing or
    not a plain number (the page is then treated as stale, never as a 500)."""
    raw = data.get("version", "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 10 else None


def error_text(exc: ValidationError) -> str:
    """An action's refusal as one line for a message."""
    return "；".join(exc.messages)


def add_errors(form, exc: ValidationError) -> None:
    """An action's refusal on the form: each error at its field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def act_and_redirect(
    request: HttpRequest, to: Any, action: Callable[..., Any], obj: Any, success: str, **kwargs: Any
) -> HttpResponse:
    """Run `action(obj, acting_user=…, **kwargs)`, say how it went, and go back to `to` (a URL or a
    model with `get_absolute_url`)."""
    try:
        action(obj, acting_user=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success)
    return redirect(to)
