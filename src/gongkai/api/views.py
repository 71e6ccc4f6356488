"""The staff page for one's own API tokens: create (shown once), list, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import actions
from .models import ApiToken


@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    new_token, error, status = None, "", 200
    if request.method == "POST":
        try:
            _token, new_token = actions.create_token(
                acting_user=request.user, name=request.POST.get("name", "")
            )
        except ValidationError as exc:
            error, status = "；".join(exc.messages), 400
    rows = ApiToken.objects.filter(user=request.user)
    context = {"tokens": rows, "new_token": new_token, "error": error}
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        actions.revoke_token(token, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已吊销令牌“{token.name}”")
    return redirect("api_tokens:tokens")


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any address under /api/v1/ that is no endpoint: a JSON 404 like every API error."""
    return JsonResponse({"detail": "接口地址不存在", "errors": None}, status=404)
