"""Status lists and the legal constants of proactive disclosure (law.md, Proactive disclosure)."""

from __future__ import annotations

from django.db import models

from gongkai.portal.columns import ARTICLE_20

# Art. 26 (条例, 2019): published within 20 working days of the information being formed or changed.
PUBLICATION_DEADLINE_WORKDAYS = 20
# How close to the due date an unpublished item is listed as "即将到期" (working days).
DUE_SOON_WORKDAYS = 5

# Art. 21 (条例, 2019): further categories for 设区的市级、县级人民政府及其部门 and 乡（镇）人民政府.
ARTICLE_21_CITY_COUNTY = ("市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助")
ARTICLE_21_TOWNSHIP = ("贫困救助", "集体土地征收补偿", "户籍管理")

# Category codes: "20.1"…"20.15" (Art. 20 items), "21.c1"… (city/county), "21.t1"… (township).
ARTICLE_20_CATEGORIES: tuple[tuple[str, str], ...] = tuple(
    (f"20.{i}", label) for i, label in enumerate(ARTICLE_20, 1)
)
ARTICLE_21_CITY_CATEGORIES: tuple[tuple[str, str], ...] = tuple(
    (f"21.c{i}", label) for i, label in enumerate(ARTICLE_21_CITY_COUNTY, 1)
)
ARTICLE_21_TOWNSHIP_CATEGORIES: tuple[tuple[str, str], ...] = tuple(
    (f"21.t{i}", label) for i, label in enumerate(ARTICLE_21_TOWNSHIP, 1)
)
ALL_CATEGORIES = dict(ARTICLE_20_CATEGORIES + ARTICLE_21_CITY_CATEGORIES + ARTICLE_21_TOWNSHIP_CATEGORIES)
CHINESE_NUMERALS = "一二三四五六七八九十"


def category_number(code: str) -> str:
    """ "20.6" → "第二十条第（六）项" style label prefix used on government sites."""
    if code.startswith("20."):
        n = int(code[3:])
        numeral = CHINESE_NUMERALS[n - 1] if n <= 10 else "十" + CHINESE_NUMERALS[n - 11]
        return f"第二十条第（{numeral}）项"
    return "第二十一条"


def category_label(code: str) -> str:
    return ALL_CATEGORIES.get(code, code)


def categories_for_level(level: str) -> list[tuple[str, str]]:
    """Art. 20 for everyone; Art. 21 city/county categories for 设区的市、县 and 乡镇; township ones for 乡镇."""
    result = list(ARTICLE_20_CATEGORIES)
    if level in ("city", "county", "township"):
        result += ARTICLE_21_CITY_CATEGORIES
    if level == "township":
        result += ARTICLE_21_TOWNSHIP_CATEGORIES
    return result


class ItemKind(models.TextChoices):
    GENERAL = "general", "一般信息"
    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    INTERPRETATION = "interpretation", "政策解读"


# Kinds that have a lifecycle (有效 / 失效 / 废止) and appear in the register.
REGISTER_KINDS = (ItemKind.RULE, ItemKind.NORMATIVE)


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "审核中"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已签发待发布"
    SCHEDULED = "scheduled", "定时发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


EDITABLE = (Status.DRAFT, Status.RETURNED, Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED)
UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.RETURNED, Status.APPROVED, Status.SCHEDULED)


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class PiiKind(models.TextChoices):
    ID_NUMBER = "id_number", "身份证号码"
    MOBILE = "mobile", "手机号码"
    BANK_CARD = "bank_card", "银行卡号"


class PiiStatus(models.TextChoices):
    OPEN = "open", "待处理"
    MASKED = "masked", "已遮盖"
    ACCEPTED = "accepted", "已说明理由接受"


class PiiSource(models.TextChoices):
    TITLE = "title", "名称"
    SUMMARY = "summary", "内容概述"
    BODY = "body", "正文"
    ATTACHMENT = "attachment", "附件"


REVIEW_KIND = "publications.item"
