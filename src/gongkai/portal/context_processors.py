"""What every public page's frame needs: the column navigation and the large-text switch."""

from __future__ import annotations

from django.http import HttpRequest

from .cache import A11Y_LARGE, A11Y_PARAM, A11Y_STANDARD, a11y_mode
from .columns import COLUMNS, SECTIONS


def portal(request: HttpRequest) -> dict:
    mode = a11y_mode(request)
    params = request.GET.copy()
    params[A11Y_PARAM] = A11Y_STANDARD if mode == A11Y_LARGE else A11Y_LARGE
    return {
        "portal_columns": COLUMNS,
        "portal_sections": SECTIONS,
        "a11y_large": mode == A11Y_LARGE,
        "a11y_toggle_url": f"{request.path}?{params.urlencode()}",
    }
