"""Every stored upload and every generated file goes back to the browser only as a download.

Issue 9: "uploaded HTML/SVG/executable files are refused or served only as attachments". Every view
that answers with something other than a rendered template is listed here, in `DOWNLOADS` (files:
each is fetched by the rightful user, with real stored uploads) or `INLINE` (small fixed,
server-generated types, each with its reason). For each download, the response must be:

- 200, with `Content-Disposition: attachment`, its file name encoded safely: an ASCII token, a
  quoted ASCII name with `"` and `\\` escaped, or RFC 5987 `filename*=utf-8''…` (UTF-8,
  percent-encoded) for any other name, so quotes, CR/LF (no header injection) and Chinese names
  come back exactly as stored;
- never `text/html`, XHTML, SVG, XML or script, and always `X-Content-Type-Options: nosniff`.

The uploads are made to pass the refusal checks while still looking like a page: a real PNG or
PDF signature followed by `<html><script>…`, names with quotes, CR/LF and Chinese; an application's
attachment row (as an older backup might hold) is even called `….html` with HTML inside.

How the list is kept complete (`test_every_view_that_answers_with_a_file_is_listed`): the source of
every module of `gongkai` is parsed (AST). A function *answers with a file* when it builds a
`FileResponse`, `StreamingHttpResponse`, `JsonResponse` or a plain `HttpResponse` (its body is not
a rendered template), calls `render`/`TemplateResponse` with a `content_type`, sets a
`Content-Disposition` or calls `content_disposition_header`; or when it calls such a function,
resolved through the module's imports (`from .views import letter_response`,
`compiler.report_json(...)`), to a fixed point. Each URL pattern's view (decorators unwrapped)
that answers with a file must be in `DOWNLOADS` or `INLINE`, and every entry there must still be
such a view: a new download view fails the test until it is listed here, and so tested. Views that
are not plain functions of `gongkai` (Django's sitemaps, feed and auth views; django-ninja's API
views, whose endpoints return JSON through its renderer) are listed in `FRAMEWORK`; the API's own
functions are held to the same AST rule. A second, cruder net: any route whose path names a file
(download, attachment, sample, letters, export, `.csv`, `.xlsx`, `.json`, `.xml`, files) must be
in one of the lists or in `NOT_A_FILE` (upload and delete forms).

Media files are never served by URL: no route serves MEDIA_URL (no `django.views.static.serve`),
and in production nginx answers `/media/` with 404 (deploy/nginx/gongkai.conf, docs/deploy.md).
"""

from __future__ import annotations

import ast
import csv
import functools
import hashlib
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

import gongkai
from tests.applications.factories import TODAY, applicant

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
SRC = Path(gongkai.__file__).resolve().parent
HTML_TAIL = b"<html><body><script>alert(document.cookie)</script></body></html>\n"
PNG_PAGE = b"\x89PNG\r\n\x1a\n" + HTML_TAIL  # passes the PNG signature check, looks like a page
PDF_PAGE = b"%PDF-1.4\n" + HTML_TAIL  # passes the PDF signature check, looks like a page
BANNED_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
}
YEAR = 2024

# --- The lists -----------------------------------------------------------------------------------

# Route → what it serves. Each has a scenario below (`SCENARIOS`) fetching it as the rightful user.
DOWNLOADS = {
    "staff/applications/<int:pk>/attachments/<int:attachment_id>/": "申请人上传的附件（网上申请、登记）",
    "staff/applications/<int:pk>/letters/<int:letter_id>/<slug:fmt>/": "告知书 DOCX/PDF（生成）",
    "gk/<slug:slug>/apply/case/letters/<int:letter_id>/<slug:fmt>/": "申请人查询后下载告知书（生成）",
    "staff/publications/attachments/<int:pk>/": "主动公开信息的附件（后台）",
    "gk/<slug:slug>/item/<int:pk>/files/<int:attachment_pk>/": "主动公开信息的附件（门户）",
    "staff/publications/import/template.csv": "目录导入模板（固定）",
    "staff/service-items/materials/<int:pk>/sample/download/": "样表（后台）",
    "gk/<slug:slug>/services/<int:pk>/samples/<str:sha256>/": "样表（门户）",
    "staff/service-items/import/template.xlsx": "事项导入模板（固定）",
    "staff/credit/jobs/<int:pk>/report.xlsx": "信用导入错误报告（生成）",
    "staff/credit/export/": "信用记录导出 CSV/XLSX（生成）",
    "staff/reports/<int:pk>/download/<slug:fmt>/": "年度报告 DOCX/PDF（后台，生成）",
    "gk/<slug:slug>/annual/<int:year>/<slug:fmt>/": "年度报告 DOCX/PDF（门户，发布时生成）",
    "staff/reports/supervision/export.xlsx": "年报汇总表（生成）",
    "staff/audit/export.csv": "审计日志导出（生成）",
}
# Route → why it may answer inline. All are fixed types generated by the system, never a stored
# upload; each is fetched and its type checked in `test_inline_answers_are_fixed_safe_types`.
INLINE = {
    "healthz": "text/plain 的 ok：负载均衡器的健康检查",
    "api/v1/<path:rest>": "application/json：API 未知地址的中文 404",
    "staff/credit/jobs/<int:pk>/progress.json": "application/json：导入进度（页面轮询），只有计数",
    "staff/reports/<int:pk>/report.json": (
        "application/json：报告的 JSON（gongkai.annual-report/1），浏览器不会把 JSON 当网页执行"
    ),
}
# Views that are not plain functions of gongkai: what they answer with.
FRAMEWORK = {
    "staff/login/": "gongkai LoginView（Django 的 LoginView，模板页面）",
    "staff/logout/": "Django LogoutView（跳转）",
    "feed/": "Django syndication：application/rss+xml，由已发布信息生成",
    "sitemap.xml": "Django sitemaps：application/xml 索引，由已发布信息生成",
    "sitemap-<section>.xml": "Django sitemaps：application/xml，由已发布信息生成",
}
# Routes whose path looks like a file but which are forms or actions (they answer with a page or a
# redirect; the AST rule above confirms none answers with a file).
NOT_A_FILE = {
    "staff/publications/attachments/<int:pk>/delete/",
    "staff/publications/import/",
    "staff/publications/<int:pk>/attach/",
    "staff/service-items/materials/<int:pk>/sample/",
    "staff/service-items/materials/<int:pk>/sample/delete/",
    "staff/service-items/import/",
    "staff/reports/imports/",
    "staff/reports/imports/<int:pk>/",
    "staff/applications/report/",
    "staff/audit/",
}
FILE_LIKE = re.compile(
    r"download|attachment|sample|letter|export|files/|\.(?:csv|xlsx|json|xml|pdf|docx|txt)\b"
)


# --- Finding every view that answers with a file ---------------------------------------------------

_RESPONSES = {"FileResponse", "StreamingHttpResponse", "JsonResponse", "HttpResponse"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _parse_sources() -> tuple[dict, dict]:
    """Every function of gongkai by (module, qualname), and each module's names → (module, name)."""
    functions: dict[tuple[str, str], ast.AST] = {}
    names_of: dict[str, dict[str, tuple[str, str | None]]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module_name(path)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: dict[str, tuple[str, str | None]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                for alias in node.names:
                    names[alias.asname or alias.name] = (base, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    full = alias.name if alias.asname else alias.name.split(".")[0]
                    names[alias.asname or alias.name.split(".")[0]] = (full, None)

        def visit(node, prefix: str, module=module, names=names) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    functions[(module, prefix + child.name)] = child
                    if not prefix:
                        names.setdefault(child.name, (module, child.name))
                    visit(child, f"{prefix}{child.name}.<locals>.")
                elif isinstance(child, ast.ClassDef):
                    visit(child, f"{prefix}{child.name}.")

        visit(tree, "")
        names_of[module] = names
    return functions, names_of


def _answers_directly(function: ast.AST) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name in _RESPONSES or name == "content_disposition_header":
                return True
            if name in ("render", "TemplateResponse") and any(k.arg == "content_type" for k in node.keywords):
                return True
        if isinstance(node, ast.Constant) and str(node.value).lower() == "content-disposition":
            return True
    return False


def _callees(function: ast.AST, names: dict) -> set[tuple[str, str]]:
    """The (module, name) of every call the imports resolve: f(...), module.f(...), package.module.f."""
    found = set()
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in names:
            base, attr = names[func.id]
            if attr:
                found.add((base, attr))
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in names:
            base, attr = names[func.value.id]
            found.add((f"{base}.{attr}" if attr else base, func.attr))
    return found


def file_answering_functions() -> set[tuple[str, str]]:
    functions, names_of = _parse_sources()
    answering = {key for key, function in functions.items() if _answers_directly(function)}
    calls = {key: _callees(function, names_of[key[0]]) for key, function in functions.items()}
    while True:
        more = {key for key in functions if key not in answering and calls[key] & answering}
        if not more:
            return answering
        answering |= more


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def _unwrap(callback):
    """The function under decorators (`__wrapped__`) and `functools.partial`."""
    while True:
        if hasattr(callback, "__wrapped__"):
            callback = callback.__wrapped__
        elif isinstance(callback, functools.partial):
            callback = callback.func
        else:
            return callback


def _view_key(callback) -> tuple[str, str] | None:
    """(module, qualname) of a plain gongkai view function, decorators unwrapped; None otherwise."""
    callback = _unwrap(callback)
    module = getattr(callback, "__module__", "") or ""
    if not module.startswith("gongkai.") or not callable(callback) or hasattr(callback, "view_class"):
        return None
    if not hasattr(callback, "__code__"):  # an instance (a Feed) or a class
        return None
    return module, callback.__qualname__


def test_every_view_that_answers_with_a_file_is_listed():
    answering = file_answering_functions()
    routes = list(_walk(get_resolver().url_patterns))
    found, unknown = set(), []
    for route, callback in routes:
        key = _view_key(callback)
        if key is None:
            inner = _unwrap(callback)
            module = getattr(inner, "__module__", "") or type(inner).__module__
            if route.startswith("api/v1/") and module.startswith("ninja"):
                continue  # django-ninja's views; the API's own functions are checked below
            if route not in FRAMEWORK:
                unknown.append((route, module))
            continue
        if key in answering:
            found.add(route)
    assert unknown == [], "不是 gongkai 视图函数、也未列入 FRAMEWORK 的网址"
    listed = set(DOWNLOADS) | set(INLINE)
    assert found - listed == set(), "返回文件的视图未列入 DOWNLOADS/INLINE（请补上测试）"
    assert listed - found == set(), "DOWNLOADS/INLINE 中的网址已不存在或不再返回文件"
    # The API's endpoints answer through django-ninja's JSON renderer only; its only hand-made
    # response is the JSON 404 of unknown addresses.
    api_functions = {key for key in answering if key[0].startswith("gongkai.api.")}
    assert api_functions == {("gongkai.api.views", "not_found")}
    # The second net: any path that names a file is accounted for.
    loose = (
        {route for route, _cb in routes if FILE_LIKE.search(route) and not route.startswith("api/v1/")}
        - listed
        - set(FRAMEWORK)
        - NOT_A_FILE
    )
    assert loose == set(), "网址看似文件下载，但未列入任何清单"
    # The portal's page cache keeps only a body and its type: no download may be cached.
    from gongkai.portal.cache import CACHED_VIEWS

    for route in DOWNLOADS:
        assert resolve("/" + _sample_path(route)).view_name not in CACHED_VIEWS, route


def _sample_path(route: str) -> str:
    samples = {"int": "1", "slug": "pdf", "str": "x", "path": "x"}
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: samples.get(m.group(1), "x"), route)


def test_media_files_are_never_served_by_url():
    from django.views.static import serve

    for route, callback in _walk(get_resolver().url_patterns):
        assert _unwrap(callback) is not serve, route
    for path in ("/media/applications/2026/11/x.html", django_settings.MEDIA_URL + "x.svg"):
        with pytest.raises(Resolver404):
            resolve(path)
    nginx = (REPO / "deploy" / "nginx" / "gongkai.conf").read_text(encoding="utf-8")
    assert re.search(r"location /media/ \{\s*return 404;\s*\}", nginx)
    assert "alias" not in nginx.split("location /media/")[1].split("}")[0]
    deploy_doc = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert "refuses `/media/`" in deploy_doc and "attachment" in deploy_doc


# --- Checking one response -----------------------------------------------------------------------

_QUOTED = r'filename="(?P<quoted>(?:[\t \x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"'
_TOKEN = r"filename=(?P<token>[A-Za-z0-9!#$%&'*+\-.^_`|~]+)"
_EXTENDED = r"filename\*=(?i:utf-8)''(?P<extended>(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-Fa-f]{2})+)"
DISPOSITION = re.compile(rf"attachment; (?:{_QUOTED}|{_TOKEN}|{_EXTENDED})\Z")


def disposition_name(header: str) -> str:
    """The file name of an `attachment` Content-Disposition, if it is encoded correctly."""
    assert "\r" not in header and "\n" not in header, header
    match = DISPOSITION.match(header)
    assert match, f"Content-Disposition 不规范：{header!r}"
    if match["token"] is not None:
        return match["token"]
    if match["quoted"] is not None:
        return re.sub(r"\\(.)", r"\1", match["quoted"])
    return unquote(match["extended"], encoding="utf-8", errors="strict")


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@dataclass
class Fetch:
    client: Client
    url: str
    filename: str | None = None  # exactly this name, or any well-formed name with `suffix`
    suffix: str = ""
    body: bytes | None = None  # exactly these bytes (a stored upload)


def check_download(fetch: Fetch) -> None:
    response = fetch.client.get(fetch.url)
    where = fetch.url
    assert response.status_code == 200, (where, response.status_code)
    disposition = response.get("Content-Disposition", "")
    assert disposition.startswith("attachment"), (where, disposition)
    name = disposition_name(disposition)
    if fetch.filename is not None:
        assert name == fetch.filename, (where, name)
    assert name.endswith(fetch.suffix), (where, name)
    media_type = response["Content-Type"].split(";")[0].strip().lower()
    assert media_type not in BANNED_TYPES, (where, media_type)
    assert response.get("X-Content-Type-Options") == "nosniff", where
    body = body_of(response)
    if fetch.body is not None:
        assert body == fetch.body, where
    assert body, where


# --- The world: one agency's staff, and something stored of every kind ----------------------------


@pytest.fixture
def world(zone, make_staff, seeded_calendar, settings, tmp_path, monkeypatch):
    from django.core.cache import cache

    from gongkai.applications import actions as case_actions
    from tests.portal import data

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(case_actions, "today", lambda: TODAY)
    cache.clear()
    staff = {
        "clerk": make_staff("clerk-a", "a", "clerk"),
        "reviewer": make_staff("reviewer-a", "a", "reviewer"),
        "secrecy": make_staff("secrecy-a", "a", "secrecy"),
        "leader": make_staff("leader-a", "a", "leader"),
        "auditor": make_staff("auditor-top", "top", "auditor"),
        "office": make_staff("office-top", "top", "agency_admin", "reviewer"),
    }
    data.one_step_chains(zone["a"])
    yield {"zone": zone, "staff": staff, "tmp": tmp_path}
    cache.clear()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Scenarios: how each download is reached with real stored files --------------------------------


def _online_case(world) -> tuple:
    """An application sent through the public form, with two real uploads (multipart)."""
    from gongkai.applications import antibot
    from gongkai.applications.models import Application

    public = Client()
    # A form token issued a minute ago: a person's pace, past the "too fast" check.
    token = signing.dumps({"t": time.time() - 60}, salt=antibot.SALT)
    uploads = [
        SimpleUploadedFile("申请材料（身份证明）.png", PNG_PAGE, "image/png"),
        SimpleUploadedFile("O'Brien; 说明 #1.pdf", PDF_PAGE, "application/pdf"),
    ]
    response = public.post(
        "/gk/bureau-a/apply/",
        {**applicant(), "consent": "on", "token": token, "website": "", "attachments": uploads},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.get(channel="online"), public


def scenario_application_attachments(world) -> list[Fetch]:
    from gongkai.applications import actions
    from gongkai.applications.models import Attachment

    case, _public = _online_case(world)
    clerk = world["staff"]["clerk"]
    # Rows no upload path stores any more (the forms and the action refuse them), as a restored
    # older backup might hold: the worst names and contents are still served only as attachments.
    other, _code = actions.register(
        acting_user=clerk,
        agency=clerk.agency,
        data=applicant(),
        channel="in_person",
        submitted_on=date(2026, 11, 20),
    )
    for name, content in (
        ('页面"x"\r\nSet-Cookie: a=b.html', HTML_TAIL),
        ('plain "quoted" name.svg', b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
    ):
        Attachment.objects.create(
            application=other,
            file=ContentFile(content, name="stored.bin"),
            name=name,
            size=len(content),
            content_type="text/html",
            sha256=hashlib.sha256(content).hexdigest(),
        )
    client = logged_in(clerk)
    fetches = []
    for owner in (case, other):
        for item in owner.attachments.all():
            stored = item.file.open("rb").read()
            fetches.append(
                Fetch(
                    client, f"/staff/applications/{owner.pk}/attachments/{item.pk}/", item.name, body=stored
                )
            )
    names = {f.filename for f in fetches}
    assert {"申请材料（身份证明）.png", "O'Brien; 说明 #1.pdf", 'plain "quoted" name.svg'} <= names
    assert '页面"x"\r\nSet-Cookie: a=b.html' in names
    return fetches


def scenario_staff_letters(world) -> list[Fetch]:
    from gongkai.applications import actions

    clerk = world["staff"]["clerk"]
    case, _code = actions.register(
        acting_user=clerk,
        agency=clerk.agency,
        data=applicant(),
        channel="in_person",
        submitted_on=date(2026, 11, 20),
    )
    letter = case.letters.get()
    client = logged_in(clerk)
    return [
        Fetch(
            client,
            f"/staff/applications/{case.pk}/letters/{letter.pk}/{fmt}/",
            f"{letter.number}{letter.title}.{fmt}",
        )
        for fmt in ("docx", "pdf")
    ]


def scenario_public_letters(world) -> list[Fetch]:
    from gongkai.applications import actions
    from gongkai.applications.choices import LetterKind

    case, public = _online_case(world)
    actions.confirm_receipt(
        case, acting_user=world["staff"]["clerk"], received_on=date(2026, 11, 27), confirmation="系统确认"
    )
    letter = case.letters.get(kind=LetterKind.RECEIPT)
    # The session that sent the application is tracking it already.
    return [
        Fetch(
            public,
            f"/gk/bureau-a/apply/case/letters/{letter.pk}/{fmt}/",
            f"{letter.number}{letter.title}.{fmt}",
        )
        for fmt in ("docx", "pdf")
    ]


def _item_with_attachments(world):
    """A catalog item with uploads through the staff page (multipart) and through the action."""
    from gongkai.publications import actions

    clerk, leader = world["staff"]["clerk"], world["staff"]["leader"]
    item = actions.create_item(
        acting_user=clerk,
        agency=clerk.agency,
        title="关于附件下载的测试通知",
        category="20.5",
        formed_on=date(2026, 11, 20),
        body="正文。",
    )
    client = logged_in(clerk)
    for upload in (
        SimpleUploadedFile("附件一 通知（终稿）.pdf", PDF_PAGE, "application/pdf"),
        SimpleUploadedFile("photo page.png", PNG_PAGE, "text/html"),
    ):
        response = client.post(f"/staff/publications/{item.pk}/attach/", {"file": upload})
        assert response.status_code == 302
    actions.add_attachment(item, acting_user=clerk, name='a"b\r\nX-Injected: 1.png', data=PNG_PAGE)
    actions.add_attachment(item, acting_user=clerk, name='report "final" 2026.pdf', data=PDF_PAGE)
    assert item.attachments.count() == 4
    actions.submit_item(item, acting_user=clerk)
    actions.review_item(item, acting_user=leader, approve=True, opinion="同意发布。")
    return actions.publish_item(item, acting_user=clerk), client


def scenario_publication_attachments_staff(world) -> list[Fetch]:
    item, client = _item_with_attachments(world)
    names = set(item.attachments.values_list("name", flat=True))
    assert 'a"b__X-Injected: 1.png' in names  # control characters replaced when stored
    return [
        Fetch(client, f"/staff/publications/attachments/{a.pk}/", a.name, body=a.file.open("rb").read())
        for a in item.attachments.all()
    ]


def scenario_publication_attachments_public(world) -> list[Fetch]:
    item, _client = _item_with_attachments(world)
    anonymous = Client()
    fetches = []
    for a in item.attachments.all():
        url = f"/gk/bureau-a/item/{item.pk}/files/{a.pk}/"
        stored = a.file.open("rb").read()
        # Twice: a second anonymous fetch must not come from the page cache without its headers.
        fetches += [Fetch(anonymous, url, a.name, body=stored), Fetch(anonymous, url, a.name, body=stored)]
    return fetches


def _service_item_with_samples(world):
    from gongkai.service_items import actions
    from tests.portal import data

    clerk, leader = world["staff"]["clerk"], world["staff"]["leader"]
    item = data.service_item(
        clerk.agency, clerk, leader, code="11130200A4000117001", name="食品经营许可", publish=False
    )
    first, second = item.materials.order_by("order", "pk")
    client = logged_in(clerk)
    response = client.post(
        f"/staff/service-items/materials/{second.pk}/sample/",
        {"file": SimpleUploadedFile("营业执照（示例）.png", PNG_PAGE, "image/png")},
    )
    assert response.status_code == 302
    actions.attach_sample(first, acting_user=clerk, name='申请书"样表"\r\n.pdf', data=PDF_PAGE)
    actions.submit_item(item, acting_user=clerk)
    actions.review_item(item, acting_user=leader, approve=True, opinion="同意。")
    item = actions.publish_item(item, acting_user=clerk)
    return item, client


def scenario_samples_staff(world) -> list[Fetch]:
    item, client = _service_item_with_samples(world)
    fetches = []
    for material in item.materials.exclude(sample=None).select_related("sample"):
        stored = material.sample.file.open("rb").read()
        url = f"/staff/service-items/materials/{material.pk}/sample/download/"
        fetches.append(Fetch(client, url, material.sample_name, body=stored))
    assert {f.filename for f in fetches} == {'申请书"样表"__.pdf', "营业执照（示例）.png"}
    return fetches


def scenario_samples_public(world) -> list[Fetch]:
    from gongkai.service_items.models import SampleFile

    item, _client = _service_item_with_samples(world)
    anonymous = Client()
    fetches = []
    for material in item.public_data["materials"]:
        sample = material["sample"]
        if not sample:
            continue
        stored = SampleFile.objects.get(agency=item.agency, sha256=sample["sha256"]).file.open("rb").read()
        url = f"/gk/bureau-a/services/{item.pk}/samples/{sample['sha256']}/"
        fetches += [Fetch(anonymous, url, sample["name"], body=stored)] * 2
    assert len(fetches) == 4
    return fetches


def scenario_templates_publications(world) -> list[Fetch]:
    client = logged_in(world["staff"]["clerk"])
    return [Fetch(client, "/staff/publications/import/template.csv", "catalog-import-template.csv")]


def scenario_templates_service_items(world) -> list[Fetch]:
    client = logged_in(world["staff"]["clerk"])
    return [Fetch(client, "/staff/service-items/import/template.xlsx", "政务服务事项导入模板.xlsx")]


def _credit_sets():
    from importlib import import_module

    from django.apps import apps

    from gongkai.credit.models import RecordSet

    if RecordSet.objects.filter(key__in=("xk", "cf", "qz")).count() < 3:
        import_module("gongkai.credit.migrations.0002_builtin_sets_search_schedule").seed(apps, None)
    return RecordSet.objects.get(key="xk")


def _credit_csv(rows: list[dict]) -> bytes:
    from gongkai.credit.schema import builtin

    columns = [f.code for f in builtin("xk").fields]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8-sig")


def _bad_credit_rows() -> list[dict]:
    from datetime import timedelta

    from gongkai.credit import samples

    today = date.today()
    rows = list(samples.licensing_rows(3, start=today - timedelta(days=80), end=today - timedelta(days=20)))
    rows[1]["XK_XKLB"] = "临时"  # not in the code table: the job is refused with an error report
    return rows


def scenario_credit_error_report(world) -> list[Fetch]:
    from gongkai.credit import actions

    licensing = _credit_sets()
    clerk = world["staff"]["clerk"]
    fetches = []
    client = logged_in(clerk)
    names = ['许可"清单"\r\nX-Injected: 1.csv', "licences.csv"]
    for name in names:
        job = actions.create_import_job(
            acting_user=clerk,
            agency=clerk.agency,
            record_set=licensing,
            file_name=name,
            source=io.BytesIO(_credit_csv(_bad_credit_rows())),
        )
        actions.run_import(job, acting_user=clerk)
        job.refresh_from_db()
        assert job.error_report, job.message
        expected = f"错误报告-{job.pk}-{Path(job.file_name).stem}.xlsx"
        stored = (Path(django_settings.MEDIA_ROOT) / job.error_report).read_bytes()
        fetches.append(Fetch(client, f"/staff/credit/jobs/{job.pk}/report.xlsx", expected, body=stored))
    # And one uploaded through the staff page (multipart).
    response = client.post(
        "/staff/credit/import/",
        {
            "record_set": licensing.pk,
            "file": SimpleUploadedFile("行政许可 2026.csv", _credit_csv(_bad_credit_rows())),
        },
    )
    assert response.status_code == 302
    job_pk = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    fetches.append(
        Fetch(client, f"/staff/credit/jobs/{job_pk}/report.xlsx", f"错误报告-{job_pk}-行政许可 2026.xlsx")
    )
    return fetches


def scenario_credit_export(world) -> list[Fetch]:
    licensing = _credit_sets()
    client = logged_in(world["staff"]["clerk"])
    agency = world["zone"]["a"]
    name = f"{agency.short_name}-{licensing.name}"
    return [
        Fetch(client, f"/staff/credit/export/?set={licensing.pk}&format=csv", f"{name}.csv"),
        Fetch(client, f"/staff/credit/export/?set={licensing.pk}&format=xlsx", f"{name}.xlsx"),
    ]


def _compiled_report(world):
    from gongkai.reports import actions

    _credit_sets()
    return actions.compile_report(world["zone"]["a"], YEAR, acting_user=world["staff"]["clerk"]).report


def scenario_report_staff(world) -> list[Fetch]:
    report = _compiled_report(world)
    client = logged_in(world["staff"]["clerk"])
    name = f"{report.agency.name}{YEAR}年政府信息公开工作年度报告"
    return [
        Fetch(client, f"/staff/reports/{report.pk}/download/{fmt}/", f"{name}.{fmt}")
        for fmt in ("docx", "pdf")
    ]


def scenario_report_public(world) -> list[Fetch]:
    """Published through the real chain: the files are the ones publication wrote."""
    from gongkai.reports import actions
    from tests.reports.test_actions import finish, through_chain

    staff = world["staff"]
    report = finish(_compiled_report(world), staff)
    report = actions.submit_report(report, acting_user=staff["clerk"])
    report = through_chain(report, staff)
    report = actions.publish_report(report, acting_user=staff["clerk"])
    name = f"{report.agency.name}{YEAR}年政府信息公开工作年度报告"
    anonymous = Client()
    media = Path(django_settings.MEDIA_ROOT)
    return [
        Fetch(
            anonymous,
            f"/gk/bureau-a/annual/{YEAR}/docx/",
            f"{name}.docx",
            body=(media / report.docx_path).read_bytes(),
        ),
        Fetch(
            anonymous,
            f"/gk/bureau-a/annual/{YEAR}/pdf/",
            f"{name}.pdf",
            body=(media / report.pdf_path).read_bytes(),
        ),
    ]


def scenario_supervision_export(world) -> list[Fetch]:
    office = world["staff"]["office"]
    client = logged_in(office)
    year = date.today().year - 1
    return [
        Fetch(
            client,
            f"/staff/reports/supervision/export.xlsx?year={year}",
            f"{office.agency.short_name}{year}年度政府信息公开工作年度报告汇总.xlsx",
        )
    ]


def scenario_audit_export(world) -> list[Fetch]:
    client = logged_in(world["staff"]["auditor"])
    return [Fetch(client, "/staff/audit/export.csv", suffix=".csv")]


SCENARIOS: dict[str, Callable[[dict], list[Fetch]]] = {
    "staff/applications/<int:pk>/attachments/<int:attachment_id>/": scenario_application_attachments,
    "staff/applications/<int:pk>/letters/<int:letter_id>/<slug:fmt>/": scenario_staff_letters,
    "gk/<slug:slug>/apply/case/letters/<int:letter_id>/<slug:fmt>/": scenario_public_letters,
    "staff/publications/attachments/<int:pk>/": scenario_publication_attachments_staff,
    "gk/<slug:slug>/item/<int:pk>/files/<int:attachment_pk>/": scenario_publication_attachments_public,
    "staff/publications/import/template.csv": scenario_templates_publications,
    "staff/service-items/materials/<int:pk>/sample/download/": scenario_samples_staff,
    "gk/<slug:slug>/services/<int:pk>/samples/<str:sha256>/": scenario_samples_public,
    "staff/service-items/import/template.xlsx": scenario_templates_service_items,
    "staff/credit/jobs/<int:pk>/report.xlsx": scenario_credit_error_report,
    "staff/credit/export/": scenario_credit_export,
    "staff/reports/<int:pk>/download/<slug:fmt>/": scenario_report_staff,
    "gk/<slug:slug>/annual/<int:year>/<slug:fmt>/": scenario_report_public,
    "staff/reports/supervision/export.xlsx": scenario_supervision_export,
    "staff/audit/export.csv": scenario_audit_export,
}


def test_every_listed_download_has_a_scenario():
    assert set(SCENARIOS) == set(DOWNLOADS)


@pytest.mark.parametrize("route", sorted(DOWNLOADS))
def test_download_is_an_attachment(route, world):
    fetches = SCENARIOS[route](world)
    assert fetches
    for fetch in fetches:
        assert resolve(fetch.url.split("?")[0]).route == route, fetch.url
        check_download(fetch)


def test_inline_answers_are_fixed_safe_types(world):
    from gongkai.credit import actions

    clerk = world["staff"]["clerk"]
    client = logged_in(clerk)
    job = actions.create_import_job(
        acting_user=clerk,
        agency=clerk.agency,
        record_set=_credit_sets(),
        file_name="licences.csv",
        source=io.BytesIO(_credit_csv(_bad_credit_rows())),
    )
    report = _compiled_report(world)
    expected = {
        "/healthz": "text/plain",
        "/api/v1/no/such/thing": "application/json",
        f"/staff/credit/jobs/{job.pk}/progress.json": "application/json",
        f"/staff/reports/{report.pk}/report.json": "application/json",
    }
    assert {resolve(url).route for url in expected} == set(INLINE)
    for url, media_type in expected.items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert response["Content-Type"].split(";")[0] == media_type, url
        assert response.get("X-Content-Type-Options") == "nosniff", url


def test_the_disposition_check_itself():
    assert disposition_name('attachment; filename="a\\"b.pdf"') == 'a"b.pdf'
    assert disposition_name("attachment; filename*=utf-8''%E6%A0%B7%E8%A1%A8.pdf") == "样表.pdf"
    for bad in (
        'attachment; filename="a"b.pdf"',
        "attachment; filename=样表.pdf",
        'inline; filename="a.pdf"',
        "attachment; filename*=utf-8''a b.pdf",
    ):
        with pytest.raises(AssertionError):
            disposition_name(bad)


def test_the_ast_rule_sees_a_file_answering_view(tmp_path):
    """The rule that keeps the list complete would see a view serving a stored file inline."""
    tree = ast.parse(
        "def sneaky(request, pk):\n"
        "    return HttpResponse(Attachment.objects.get(pk=pk).file.read())\n"
        "def page(request):\n"
        "    return render(request, 'x.html', {})\n"
        "def svg(request):\n"
        "    return render(request, 'x.svg', {}, content_type='image/svg+xml')\n"
    )
    found = {f.name: _answers_directly(f) for f in tree.body}
    assert found == {"sneaky": True, "page": False, "svg": True}
