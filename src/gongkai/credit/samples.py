"""Realistic, deterministic 双公示 rows for the demo, the tests and the benchmark.

Companies get valid 统一社会信用代码 (GB 32100 with the embedded GB 11714 check), people valid
身份证 numbers (GB 11643); names, 文书号 and contents read like a 行政审批局's register.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

from gongkai.core.validators import CREDIT_CODE_CHARS, credit_code_check_char, org_code_check_char

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅丹萍鹏辉宇浩然子轩欣怡梓涵晨阳博文思远佳琪雨泽"
BRANDS = "华鑫盛泰达远恒信宏源隆丰瑞祥嘉利荣晟昌鼎润博安康宇航腾飞振兴凯旋金海银河东方新港冀唐凤凰开滦曹妃京津渤海燕山"
INDUSTRIES = (
    "建材",
    "科技",
    "商贸",
    "食品",
    "物流",
    "机械",
    "医药",
    "餐饮管理",
    "电子",
    "环保",
    "新能源",
    "钢铁",
    "陶瓷",
    "建筑工程",
    "装饰工程",
    "农业",
    "信息技术",
    "汽车销售",
    "房地产开发",
    "劳务派遣",
)
FORMS = ("有限公司", "有限责任公司", "股份有限公司")
SHOPS = ("便利店", "饭店", "五金店", "理发店", "烟酒商行", "水果店", "药店", "汽修部")
PLACES = ("唐山", "唐山市", "唐山高新区", "河北", "唐山市路北区")
LICENCES = (
    ("食品经营许可", "食品经营许可证", "普通"),
    ("公共场所卫生许可", "公共场所卫生许可证", "普通"),
    ("建筑工程施工许可", "建筑工程施工许可证", "普通"),
    ("药品零售企业许可", "药品经营许可证", "普通"),
    ("道路货物运输经营许可", "道路运输经营许可证", "普通"),
    ("人力资源服务许可", "人力资源服务许可证", "普通"),
    ("劳务派遣经营许可", "劳务派遣经营许可证", "普通"),
    ("企业设立登记", "营业执照", "登记"),
    ("特种设备使用登记", "特种设备使用登记证", "登记"),
    ("城镇污水排入排水管网许可", "排水许可证", "普通"),
)
PENALTIES = (
    (
        "未取得食品经营许可从事食品经营活动",
        "《中华人民共和国食品安全法》第一百二十二条",
        "罚款;没收违法所得",
        "食品",
    ),
    ("未按规定进行特种设备定期检验", "《中华人民共和国特种设备安全法》第八十三条", "罚款", "特种设备"),
    ("占用、堵塞消防通道", "《中华人民共和国消防法》第六十条", "罚款", "消防"),
    ("未按规定公示营业执照", "《市场主体登记管理条例》第四十八条", "警告", "其他"),
    ("未依法取得施工许可擅自施工", "《建筑工程施工许可管理办法》第十二条", "罚款", "安全生产"),
)


def credit_code(rng: random.Random, kind: str = "91") -> str:
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = body + org_code_check_char(body)
    if org[-1] not in CREDIT_CODE_CHARS:
        return credit_code(rng, kind)
    code17 = kind + "130200" + org
    return code17 + credit_code_check_char(code17)


def id_number(rng: random.Random, birth: date) -> str:
    body = f"130203{birth:%Y%m%d}{rng.randrange(1000):03d}"
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def company(rng: random.Random) -> str:
    brand = "".join(rng.sample(BRANDS, 2))
    return f"{rng.choice(PLACES)}{brand}{rng.choice(INDUSTRIES)}{rng.choice(FORMS)}"


def _subject(rng: random.Random, prefix: str, natural_share: float = 0.08, shop_share: float = 0.1) -> dict:
    roll = rng.random()
    if roll < natural_share:
        birth = date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
        return {
            f"{prefix}XDR_MC": person(rng),
            f"{prefix}XDR_LB": "自然人",
            f"{prefix}XDR_ZJLX": "身份证",
            f"{prefix}XDR_ZJHM": id_number(rng, birth),
        }
    if roll < natural_share + shop_share:
        owner = person(rng)
        return {
            f"{prefix}XDR_MC": f"唐山高新区{owner[0]}记{rng.choice(SHOPS)}",
            f"{prefix}XDR_LB": "个体工商户",
            f"{prefix}XDR_SHXYM": credit_code(rng, "92"),
            f"{prefix}FRDB": owner,
        }
    return {
        f"{prefix}XDR_MC": company(rng),
        f"{prefix}XDR_LB": "法人及非法人组织",
        f"{prefix}XDR_SHXYM": credit_code(rng),
        f"{prefix}FRDB": person(rng),
    }


def licensing_rows(
    count: int,
    *,
    start: date,
    end: date,
    seed: int = 2023,
    doc_prefix: str = "唐高审许",
    first_serial: int = 1,
) -> Iterator[dict]:
    rng = random.Random(seed)
    span = max((end - start).days, 0)
    for n in range(count):
        day = start + timedelta(days=int(span * n / max(count, 1)))
        while day.weekday() >= 5 and day < end:
            day += timedelta(days=1)
        matter, certificate, kind = rng.choice(LICENCES)
        row = _subject(rng, "XK_")
        row.update(
            {
                "XK_XKWS": f"准予{matter}决定书",
                "XK_WSH": f"{doc_prefix}〔{day.year}〕{first_serial + n}号",
                "XK_XKLB": kind,
                "XK_XKZS": certificate,
                "XK_XKBH": f"JY{day:%Y%m%d}{first_serial + n:06d}",
                "XK_NR": f"准予{matter}",
                "XK_JDRQ": day.isoformat(),
                "XK_YXQZ": day.isoformat(),
                "XK_YXQZI": (day.replace(year=day.year + 5) - timedelta(days=1)).isoformat()
                if not (day.month == 2 and day.day == 29)
                else f"{day.year + 5}-02-28",
                "XK_ZT": "1",
                "XK_SXBM": f"1113020000091002{(first_serial + n) % 7:01d}XK{(first_serial + n) % 40 + 1:04d}",
            }
        )
        yield row


def penalty_rows(
    count: int, *, start: date, end: date, seed: int = 61, doc_prefix: str = "唐高审罚", first_serial: int = 1
) -> Iterator[dict]:
    rng = random.Random(seed)
    span = max((end - start).days, 0)
    for n in range(count):
        day = start + timedelta(days=int(span * n / max(count, 1)))
        while day.weekday() >= 5 and day < end:
            day += timedelta(days=1)
        act, basis, kinds, sector = rng.choice(PENALTIES)
        row = _subject(rng, "CF_", natural_share=0.1)
        fine = rng.choice(("0.2", "0.5", "1", "2", "3.5", "5"))
        row.update(
            {
                "CF_WSH": f"{doc_prefix}〔{day.year}〕{first_serial + n}号",
                "CF_WFXW": act,
                "CF_SY": f"经查，当事人{act}，违反了有关规定。",
                "CF_YJ": basis,
                "CF_CFLB": kinds,
                "CF_NR": f"{'警告' if kinds == '警告' else f'罚款人民币{int(float(fine) * 10000)}元'}",
                "CF_JDRQ": day.isoformat(),
                "CF_YZCD": "一般",
                "CF_LY": sector,
            }
        )
        if "罚款" in kinds:
            row["CF_NR_FK"] = fine
        if "没收" in kinds:
            row["CF_NR_WFFF"] = "0.1"
        yield row


def write_csv(path: Path, rows: Iterable[dict], columns: list[str], *, encoding: str = "utf-8-sig") -> int:
    count = 0
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
            count += 1
    return count
