"""The standard columns of a 政府信息公开 platform (law.md, Art. 24), in the order sites show them."""

from __future__ import annotations

COLUMNS: tuple[tuple[str, str], ...] = (
    ("guide", "政府信息公开指南"),
    ("rules", "政府信息公开制度"),
    ("statutory", "法定主动公开内容"),
    ("annual", "政府信息公开年报"),
)

# The other sections of an agency's portal, after the standard columns (nav key, label, URL name).
# The key is what a page passes as `column` to mark its section as current.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("apply", "依申请公开", "apply:form"),
    ("sgs", "双公示", "sgs:agency"),
    ("services", "政务服务事项", "services:agency"),
    ("supervision", "监督", "supervision:agency"),
)

# Art. 20: the fifteen categories every agency must publish proactively.
ARTICLE_20 = (
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
)
