"""`gongkai check-deploy`: Django's `check --deploy` plus this project's own production checks."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

LOOPBACK = {"localhost", "127.0.0.1", "[::1]", "::1"}


def problems() -> list[str]:
    """Our checks, in Chinese; empty when the settings are fit for production."""
    found: list[str] = []
    if not os.environ.get("GONGKAI_SECRET_KEY"):
        found.append(
            "未显式设置 GONGKAI_SECRET_KEY：生产环境的密钥必须由运维统一生成并妥善保管，各应用服务器相同"
        )
    if settings.DEBUG:
        found.append("GONGKAI_DEBUG 已开启：生产环境必须关闭")
    hosts = set(settings.ALLOWED_HOSTS)
    if not hosts - LOOPBACK:
        found.append("GONGKAI_ALLOWED_HOSTS 只有本机地址：请设置对外服务的域名")
    if "*" in hosts:
        found.append("GONGKAI_ALLOWED_HOSTS 含有 *：请只列出对外服务的域名")
    if connection.vendor != "postgresql":
        found.append(
            "生产环境应使用 PostgreSQL（GONGKAI_DATABASE_URL=postgresql://…），SQLite 只适合单机试用"
        )
    media = Path(settings.MEDIA_ROOT)
    if not media.is_dir():
        found.append(f"附件目录 {media} 不存在：请创建共享存储目录并通过 GONGKAI_MEDIA_ROOT 指定")
    else:
        try:
            with tempfile.NamedTemporaryFile(dir=media, prefix=".check-deploy-"):
                pass
        except OSError:
            found.append(f"附件目录 {media} 不可写：请检查运行账号对该目录的写权限")
        if media.resolve().is_relative_to(Path(settings.PROJECT_DIR).resolve()):
            found.append(
                f"附件目录 {media} 位于程序目录内：多台应用服务器须使用共享存储（GONGKAI_MEDIA_ROOT 指向 NFS 等挂载点）"
            )
    if settings.GONGKAI_AUDIT_RETENTION_DAYS < 180:
        found.append("审计日志保存期限不足 180 天（网络安全法第二十一条）")
    cache = settings.CACHES["default"]
    if "locmem" in cache["BACKEND"].lower():
        found.append("缓存为进程内缓存：多台应用服务器须共享缓存与频率限制计数（GONGKAI_CACHE=database）")
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as exc:
        found.append(f"无法连接数据库：{str(exc).strip().splitlines()[-1][:200]}")
    else:
        if cache["BACKEND"].endswith("DatabaseCache") and cache["LOCATION"] not in tables:
            found.append(f"缓存表 {cache['LOCATION']} 不存在：请运行 gongkai createcachetable")
    return found


class Command(BaseCommand):
    help = "检查生产部署配置：Django 的 check --deploy 以及本系统的检查（密钥、域名、数据库、附件目录、审计保存期限、缓存）"

    def handle(self, *args, **options) -> None:
        found = []
        try:
            call_command("check", deploy=True, fail_level="WARNING", stdout=self.stdout, stderr=self.stderr)
        except CommandError as exc:
            self.stderr.write(str(exc))
            found.append("Django 的部署检查（check --deploy）有警告或错误，见上")
        found += problems()
        for problem in found:
            self.stderr.write(f"✗ {problem}")
        if found:
            raise CommandError(f"部署检查发现 {len(found)} 个问题")
        self.stdout.write("部署检查通过")
