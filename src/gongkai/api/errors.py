"""Every error of the API as JSON with a Chinese `detail`, and the status codes they map to."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from gongkai.applications.actions import ConflictError


class ApiError(Exception):
    def __init__(self, status: int, detail: str, errors: dict[str, list[str]] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors


def _body(detail: str, errors: dict[str, list[str]] | None = None) -> dict:
    return {"detail": detail, "errors": errors}


def _django_errors(exc: ValidationError) -> tuple[str, dict[str, list[str]] | None]:
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        first = next(iter(errors.values()), ["提交的数据有误"])
        return "；".join(first) or "提交的数据有误", errors
    return "；".join(str(m) for m in exc.messages) or "提交的数据有误", None


def _loc(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "file", "payload")]
    return ".".join(parts) or "请求"


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: str, errors=None) -> HttpResponse:
        return api.create_response(request, _body(detail, errors), status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return respond(request, exc.status, exc.detail, exc.errors)

    @api.exception_handler(ConflictError)
    def conflict(request, exc: ConflictError):
        return respond(request, 409, "；".join(exc.messages))

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        detail, errors = _django_errors(exc)
        return respond(request, 400, detail, errors)

    @api.exception_handler(NinjaValidationError)
    def malformed(request, exc: NinjaValidationError):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_loc(error.get("loc", ())), []).append(str(error.get("msg", "格式不正确")))
        return respond(request, 422, "请求参数格式不正确：" + "、".join(errors) + "", errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(request, 401, "需要有效的接口令牌（Authorization: Bearer <令牌>）")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, str(exc) or "无权执行此操作")

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "未找到该记录")

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        messages = {400: "请求有误", 404: "未找到该记录", 405: "不支持该请求方法", 413: "上传的文件过大"}
        return respond(request, exc.status_code, messages.get(exc.status_code, "请求有误"))
