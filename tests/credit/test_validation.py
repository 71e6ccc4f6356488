"""The validator over row dicts: required and conditional fields, code lists, checksums, dates,
amounts, the 个体工商户 placeholder, the 2016-era template, and header recognition."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.validators import CREDIT_CODE_CHARS, check_credit_code, credit_code_check_char
from gongkai.credit.schema import builtin, check_custom_fields, custom
from gongkai.credit.validation import Validator, credit_code_ok, parse_date

TODAY = date(2026, 11, 27)
A_CODE = "11130200000910020A"


def validator(key="xk", legacy=False):
    return Validator(builtin(key), today=TODAY, agency_name="某局", agency_code=A_CODE, legacy=legacy)


def licence(**changes):
    row = {
        "XK_XDR_MC": "唐山某某建材有限公司",
        "XK_XDR_LB": "法人及非法人组织",
        "XK_XDR_SHXYM": "91350100M000100Y43",
        "XK_FRDB": "王伟",
        "XK_XKWS": "准予行政许可决定书",
        "XK_WSH": "唐高审许〔2026〕1号",
        "XK_XKLB": "普通",
        "XK_NR": "食品经营许可",
        "XK_JDRQ": "2026-11-20",
        "XK_YXQZ": "2026-11-20",
        "XK_YXQZI": "2031-11-19",
        "XK_ZT": "1",
    }
    row.update(changes)
    return {k: v for k, v in row.items() if v is not None}


def penalty(**changes):
    row = {
        "CF_XDR_MC": "唐山某某餐饮管理有限公司",
        "CF_XDR_LB": "法人及非法人组织",
        "CF_XDR_SHXYM": "91350100M000100Y43",
        "CF_FRDB": "王伟",
        "CF_WSH": "唐高审罚〔2026〕1号",
        "CF_WFXW": "未取得食品经营许可从事食品经营活动",
        "CF_SY": "经查……",
        "CF_YJ": "《中华人民共和国食品安全法》第一百二十二条",
        "CF_CFLB": "罚款",
        "CF_NR": "罚款人民币5000元",
        "CF_NR_FK": "0.5",
        "CF_JDRQ": "2026-11-20",
    }
    row.update(changes)
    return {k: v for k, v in row.items() if v is not None}


def reasons(problems):
    return {code: reason for code, _, reason in problems}


def test_a_good_licence_passes_and_is_normalised():
    values, problems = validator().check(licence(XK_YXQZI="长期", XK_ZT="有效", XK_JDRQ="2026年11月20日"))
    assert problems == []
    assert values["XK_YXQZI"] == "2099-12-31"
    assert values["XK_ZT"] == "1"
    assert values["XK_JDRQ"] == "2026-11-20"
    assert (
        values["XK_XKJG"] == "某局" and values["XK_LYDWDM"] == A_CODE
    )  # agency fields default to the importer


def test_required_fields_and_code_lists():
    _, problems = validator().check(licence(XK_NR="", XK_XKLB="临时"))
    found = reasons(problems)
    assert found["XK_NR"] == "必填项为空"
    assert "不在代码表中" in found["XK_XKLB"] and "普通" in found["XK_XKLB"]


def test_conditional_fields_follow_the_subject_category():
    _, problems = validator().check(licence(XK_XDR_SHXYM="", XK_FRDB=""))
    found = reasons(problems)
    assert "法人及非法人组织或个体工商户时必填" in found["XK_XDR_SHXYM"]
    assert "XK_FRDB" in found
    person = licence(XK_XDR_LB="自然人", XK_XDR_SHXYM="", XK_FRDB="")
    assert {c for c, _, _ in validator().check(person)[1]} == {"XK_XDR_ZJLX", "XK_XDR_ZJHM"}
    person.update(XK_XDR_ZJLX="身份证", XK_XDR_ZJHM="11010519491231002X")
    assert validator().check(person)[1] == []
    person["XK_XDR_SHXYM"] = "91350100M000100Y43"
    assert "不填写此项" in reasons(validator().check(person)[1])["XK_XDR_SHXYM"]


def test_checksums_of_credit_code_and_id_number():
    found = reasons(validator().check(licence(XK_XDR_SHXYM="91350100M000100Y44"))[1])
    assert found["XK_XDR_SHXYM"] == "统一社会信用代码校验码错误：应为 3，实际为 4"
    person = licence(
        XK_XDR_LB="自然人",
        XK_XDR_SHXYM="",
        XK_FRDB="",
        XK_XDR_ZJLX="身份证",
        XK_XDR_ZJHM="110105194912310021",
    )
    assert "身份证号码校验码错误" in reasons(validator().check(person)[1])["XK_XDR_ZJHM"]
    passport = dict(person, XK_XDR_ZJLX="护照号", XK_XDR_ZJHM="E12345678")
    assert validator().check(passport)[1] == []


def test_the_individual_business_placeholder():
    shop = licence(XK_XDR_LB="个体工商户", XK_XDR_SHXYM="00000000000000000X")
    assert "须填写行政相对人代码_2（工商注册号）" in reasons(validator().check(shop)[1])["XK_XDR_GSZC"]
    shop["XK_XDR_GSZC"] = "130293600012345"
    assert validator().check(shop)[1] == []
    company = licence(XK_XDR_SHXYM="00000000000000000X")
    assert "只适用于个体工商户" in reasons(validator().check(company)[1])["XK_XDR_SHXYM"]


def test_dates_in_order_and_decisions_not_in_the_future():
    found = reasons(validator().check(licence(XK_JDRQ="2026-11-28", XK_YXQZI="2026-11-01"))[1])
    assert found["XK_JDRQ"] == "许可决定日期不得晚于今天（2026-11-27）"
    assert found["XK_YXQZI"] == "有效期至（2026-11-01）早于有效期自（2026-11-20）"
    assert "不是有效日期" in reasons(validator().check(licence(XK_JDRQ="2026-02-30"))[1])["XK_JDRQ"]
    assert "不能填写“长期”" in reasons(validator().check(licence(XK_JDRQ="长期"))[1])["XK_JDRQ"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01", "2024-05-01"),
        ("2024/5/1", "2024-05-01"),
        ("2024.05.01", "2024-05-01"),
        ("2024年5月1日", "2024-05-01"),
        ("20240501", "2024-05-01"),
        ("2024-05-01 00:00:00", "2024-05-01"),
        (date(2024, 5, 1), "2024-05-01"),
    ],
)
def test_date_spellings(text, expected):
    assert parse_date(text) == expected


def test_amounts_are_in_wan_yuan_and_required_by_the_penalty_kind():
    v = validator("cf")
    assert v.check(penalty(CF_NR_FK="0.500"))[0]["CF_NR_FK"] == "0.5"
    assert "万元" in reasons(v.check(penalty(CF_NR_FK="5000元"))[1])["CF_NR_FK"]
    assert "疑似按“元”填写" in reasons(v.check(penalty(CF_NR_FK="500000"))[1])["CF_NR_FK"]
    assert "不小于 0" in reasons(v.check(penalty(CF_NR_FK="-1"))[1])["CF_NR_FK"]
    assert "处罚类别含罚款时必填" in reasons(v.check(penalty(CF_NR_FK=""))[1])["CF_NR_FK"]
    several = v.check(penalty(CF_CFLB="罚款；没收违法所得", CF_NR_WFFF=""))
    assert several[0]["CF_CFLB"] == "罚款;没收违法所得"
    assert "CF_NR_WFFF" in reasons(several[1])
    assert v.check(penalty(CF_CFLB="警告", CF_NR_FK=""))[1] == []
    assert "含有不在代码表中的值 批评" in reasons(v.check(penalty(CF_CFLB="批评"))[1])["CF_CFLB"]


def test_publication_deadline_given_must_fit_the_rules_in_force():
    v = validator("cf")
    assert v.check(penalty(CF_GSJZQ="2027-11-19"))[1] == []
    found = reasons(v.check(penalty(CF_GSJZQ="2028-11-19"))[1])
    assert "应在 2027-02-19 至 2027-11-19 之间" in found["CF_GSJZQ"]
    assert "2025" in found["CF_GSJZQ"]


def test_the_2016_template_is_adapted():
    v = validator("cf", legacy=True)
    row = {
        "CF_WSH": "唐高审罚〔2016〕5号",
        "CF_WFXW": "无照经营案",
        "CF_CFLB": "罚款",
        "CF_SY": "无照经营",
        "CF_YJ": "《无照经营查处取缔办法》第十四条",
        "CF_XDR_MC": "唐山某某商贸有限公司",
        "CF_XDR_SHXYM": "91350100M000100Y43",
        "CF_FRDB": "王伟",
        "CF_NR": "罚款人民币5000元",
        "CF_JDRQ": "2016/8/1",
    }
    values, problems = v.check(row)
    assert problems == []
    assert values["CF_XDR_LB"] == "法人及非法人组织"
    assert values["CF_NR_FK"] == "0.5"
    person = validator("xk", legacy=True).check({"XK_XDR_ZJHM": "11010519491231002X", "XK_ZT": "0"})[0]
    assert person["XK_XDR_LB"] == "自然人" and person["XK_XDR_ZJLX"] == "身份证" and person["XK_ZT"] == "1"


def test_headers_as_codes_names_legacy_or_remembered():
    schema = builtin("xk")
    assert schema.match_headers(["XK_XDR_MC", "xk_wsh", "行政许可决定文书名称"]).columns == [
        (0, "XK_XDR_MC"),
        (1, "XK_WSH"),
        (2, "XK_XKWS"),
    ]
    names = schema.match_headers([f.name + ("*" if f.required else "") for f in schema.fields])
    assert names.ok and names.template == "current"
    legacy = builtin("cf").match_headers(
        [
            "行政处罚决定书文号",
            "处罚名称",
            "处罚类别1",
            "处罚类别2",
            "处罚事由",
            "处罚依据",
            "行政相对人名称",
            "行政相对人代码_1（统一社会信用代码）",
            "法定代表人姓名",
            "处罚结果",
            "处罚决定日期",
            "处罚机关",
            "当前状态",
            "地方编码",
        ]
    )
    assert legacy.ok and legacy.template == "legacy" and legacy.appends == [(3, "CF_CFLB")]
    own = schema.match_headers(["单位名称", "XK_WSH"])
    assert own.unknown == ["单位名称"] and not own.ok
    mapped = schema.match_headers(["单位名称", "XK_WSH"], {"单位名称": "XK_XDR_MC"})
    assert (0, "XK_XDR_MC") in mapped.columns and mapped.template == "mapped"


def test_custom_sets_validate_the_same_way():
    fields = [
        {"code": "HH", "name": "户号", "type": "text", "required": True},
        {"code": "JE", "name": "应缴金额", "type": "amount", "required": True},
        {"code": "LX", "name": "类型", "type": "choice", "options": ["居民", "非居民"]},
        {"code": "RQ", "name": "缴费日期", "type": "date"},
    ]
    assert check_custom_fields(fields, {"doc_no": "HH"}) == []
    assert "须指定一个字段作为唯一编号" in " ".join(check_custom_fields(fields, {}))
    v = Validator(custom("custom:1", "水费", fields, {"doc_no": "HH"}), today=TODAY)
    assert v.check({"HH": "SF001", "JE": "0.02", "LX": "居民", "RQ": "2026/1/5"}) == (
        {"HH": "SF001", "JE": "0.02", "LX": "居民", "RQ": "2026-01-05"},
        [],
    )
    found = reasons(v.check({"HH": "", "JE": "abc", "LX": "工业"})[1])
    assert set(found) == {"HH", "JE", "LX"}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=CREDIT_CODE_CHARS + "IOZSV", min_size=16, max_size=19), st.booleans())
def test_fast_credit_code_check_agrees_with_the_core_validator(body, fix):
    code = (
        body[:17] + credit_code_check_char(body[:17])
        if fix and len(body) >= 17 and all(c in CREDIT_CODE_CHARS for c in body[:17])
        else body
    )
    assert credit_code_ok(code) == (check_credit_code(code) is None)


def test_validation_is_fast_enough_for_a_million_rows():
    v = validator()
    rows = [licence(XK_WSH=f"唐高审许〔2026〕{i}号") for i in range(20000)]
    import time

    started = time.perf_counter()
    for row in rows:
        v.check(row)
    per_row = (time.perf_counter() - started) / len(rows)
    assert per_row < 60e-6, f"{per_row * 1e6:.1f} µs per row"
    random.seed(0)
