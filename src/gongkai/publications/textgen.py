"""Realistic-looking catalog items built from a vocabulary, for the demo and the search benchmark.

Deterministic for a given random.Random, so demo data and benchmark corpora are reproducible.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

FIELDS = (
    ("安全生产", "20.13", "0802"), ("食品安全", "20.13", "0803"), ("环境保护", "20.13", "0902"),
    ("政务公开", "20.15", "0101"), ("财政预算", "20.7", "0301"), ("政府采购", "20.9", "0301"),
    ("招商引资", "20.3", "0702"), ("市场监管", "20.6", "0801"), ("社会保障", "20.11", "1402"),
    ("就业创业", "20.11", "1401"), ("义务教育", "20.11", "1002"), ("医疗卫生", "20.11", "1201"),
    ("城乡建设", "20.10", "0901"), ("交通运输", "20.10", "0602"), ("农业农村", "20.3", "0501"),
    ("水利工程", "20.10", "0503"), ("文化旅游", "20.15", "1101"), ("科技创新", "20.3", "1001"),
    ("营商环境", "20.5", "0101"), ("应急管理", "20.12", "0103"), ("消防安全", "20.13", "0802"),
    ("住房保障", "20.11", "0901"), ("养老服务", "20.11", "1601"), ("乡村振兴", "20.11", "1603"),
    ("数字经济", "20.3", "0603"), ("行政审批", "20.5", "0101"), ("公共资源交易", "20.9", "0301"),
    ("人才引进", "20.14", "1403"), ("生态保护", "20.13", "0902"), ("统计调查", "20.4", "0203"),
    ("行政事业性收费", "20.8", "0301"), ("公务员招录", "20.14", "1403"), ("机构职能", "20.2", "1701"),
    ("防汛抗旱", "20.12", "0103"), ("扶贫救助", "20.11", "1603"), ("质量监督", "20.13", "0801"),
)  # fmt: skip
ACTIONS = (
    "进一步加强",
    "切实做好",
    "深入开展",
    "全面推进",
    "认真落实",
    "规范",
    "优化",
    "调整",
    "建立健全",
    "持续深化",
)
DOC_TYPES = ("管理办法", "实施方案", "工作方案", "实施细则", "暂行规定", "指导意见", "行动计划", "工作要点")
PLACES = ("高新区", "开发区", "本区", "全区", "辖区")
LAWS = (
    "中华人民共和国政府信息公开条例", "中华人民共和国安全生产法", "中华人民共和国行政许可法",
    "优化营商环境条例", "中华人民共和国预算法", "中华人民共和国政府采购法", "中华人民共和国环境保护法",
    "中华人民共和国食品安全法", "中华人民共和国行政处罚法", "国务院关于加强数字政府建设的指导意见",
)  # fmt: skip
SENTENCES = (
    "为深入贯彻落实{law}，{action}{field}工作，结合{place}实际，制定本{doc}。",
    "各有关单位要高度重视{field}工作，明确责任分工，细化工作措施，确保各项任务落到实处。",
    "{place}各部门要按照职责分工，加强协调配合，形成工作合力，推动{field}工作取得新成效。",
    "本{doc}自印发之日起施行，有效期五年。此前有关规定与本{doc}不一致的，以本{doc}为准。",
    "对在{field}工作中表现突出的单位和个人，按照有关规定给予表扬；对工作不力的，依规依纪严肃处理。",
    "各单位应于每季度末将{field}工作进展情况报送{agency}，联系电话：0315-3178{num4}。",
    "{year}年，{place}{field}工作稳步推进，全年共办理相关事项{num}件，群众满意度持续提升。",
    "坚持以人民为中心的发展思想，聚焦群众反映强烈的突出问题，{action}{field}领域监督检查。",
    "加大政务公开力度，通过政府网站、政务新媒体等渠道及时发布{field}相关信息，主动回应社会关切。",
    "严格执行{law}有关规定，依法履行{field}监管职责，切实维护人民群众合法权益。",
    "本年度{field}项目预算资金{num}万元，主要用于基础设施建设、设备购置和日常运行维护。",
    "经研究决定，对{place}{field}相关事项作如下调整，请各单位遵照执行。",
    "申请人可通过政务服务网或到政务服务大厅窗口办理，法定办结时限为{small}个工作日，承诺办结时限为{smaller}个工作日。",
    "检查中发现的问题已全部移交有关部门依法处理，并责令相关单位限期整改。",
)  # fmt: skip
TITLES = (
    ("关于印发《{place}{field}{doc}》的通知", "normative"),
    ("关于{action}{field}工作的通知", "general"),
    ("{agency}{year}年{field}工作要点", "general"),
    ("{agency}关于{year}年度{field}情况的公告", "general"),
    ("《{place}{field}{doc}》政策解读", "interpretation"),
    ("{year}年{month}月{field}统计信息", "general"),
    ("关于公布{place}{field}事项清单的通知", "general"),
    ("{agency}{year}年部门预算公开说明", "general"),
    ("{place}{year}年{field}专项检查情况通报", "general"),
    ("关于做好{year}年{field}有关工作的意见", "normative"),
)  # fmt: skip


@dataclass
class Generated:
    title: str
    summary: str
    body_paragraphs: list[str]
    doc_no: str
    category: str
    topic_code: str
    kind: str
    written_on: date


def generate(rng: random.Random, agency_short: str, doc_code: str, day: date) -> Generated:
    field, category, topic_code = rng.choice(FIELDS)
    template, kind = rng.choice(TITLES)
    values = {
        "field": field,
        "action": rng.choice(ACTIONS),
        "doc": rng.choice(DOC_TYPES),
        "place": rng.choice(PLACES),
        "agency": agency_short,
        "year": day.year,
        "month": day.month,
        "law": rng.choice(LAWS),
    }
    title = template.format(**values)
    if kind == "normative":
        category = "20.1"
    paragraphs = []
    for _ in range(rng.randint(3, 7)):
        sentence_count = rng.randint(1, 3)
        sentences = [
            rng.choice(SENTENCES).format(
                **values,
                num=rng.randint(12, 9800),
                num4=f"{rng.randint(0, 9999):04d}",
                small=rng.choice((20, 15, 10)),
                smaller=rng.choice((5, 3, 7)),
            )
            for _ in range(sentence_count)
        ]
        paragraphs.append("".join(sentences))
    summary = (
        f"{values['action']}{field}工作的有关事项。"
        if kind != "interpretation"
        else f"对{field}{values['doc']}的解读。"
    )
    doc_no = ""
    if kind == "normative" or rng.random() < 0.35:
        doc_no = f"{doc_code}〔{day.year}〕{rng.randint(1, 120)}号"
    written_on = day - timedelta(days=rng.randint(0, 10))
    return Generated(title, summary, paragraphs, doc_no, category, topic_code, kind, written_on)
