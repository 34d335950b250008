"""A deterministic synthetic library of legal texts, for the window at library scale.

``ensure_law_library(root, docs)`` writes ``docs`` Markdown files in the national
database's format (``# title``, history lines, ``<!-- INFO END -->``, ``## 第X章``
headings, ``第X条`` articles with ``（一）`` items) into category folders shaped like the
bundled library's (法律 departments, 行政法规, 部门规章/<ministry>, 地方性法规/<province>,
司法解释), so the index build parses them exactly as it parses the real laws.

Titles are built from the words of real law titles plus a region or a ministry, so a
pinyin or character filter matches many documents, as it does in a real library; some
titles come in several dated versions (``名称(2019-04-23).md``).  The article text is
drawn from a fixed pool of legal sentences.  Document 0 is the largest, with 1,900
articles (the size of 人民检察院刑事诉讼规则); the others have 3–120 articles.

Documents are generated from ``(seed, number)`` alone, so the first ``N`` documents of a
larger library are the library of size ``N``.
"""

from __future__ import annotations

import random
from pathlib import Path

from index.bench.synthetic import generated_once
from index.numerals import int_to_cn

__all__ = ["GENERATOR_VERSION", "ensure_law_library", "generate_law", "law_library_dir"]

GENERATOR_VERSION = 1
DEFAULT_SEED = 20261202
LARGEST_ARTICLES = 1900

_DEPARTMENTS = (
    "宪法相关法",
    "民法商法",
    "行政法",
    "经济法",
    "社会法",
    "刑法",
    "诉讼与非诉讼程序法",
)
_MINISTRIES = (
    "公安部",
    "财政部",
    "教育部",
    "科学技术部",
    "工业和信息化部",
    "生态环境部",
    "交通运输部",
    "农业农村部",
    "商务部",
    "国家卫生健康委员会",
    "应急管理部",
    "市场监督管理总局",
    "人力资源社会保障部",
    "自然资源部",
    "住房和城乡建设部",
    "国家网信办",
)
_PROVINCES = (
    "北京市",
    "上海市",
    "天津市",
    "重庆市",
    "河北省",
    "山西省",
    "辽宁省",
    "吉林省",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "海南省",
    "四川省",
    "贵州省",
    "云南省",
    "陕西省",
    "甘肃省",
    "青海省",
)
_SUBJECTS = (
    "数据安全",
    "个人信息保护",
    "网络安全",
    "安全生产",
    "食品安全",
    "药品管理",
    "道路交通安全",
    "环境保护",
    "大气污染防治",
    "水污染防治",
    "土地管理",
    "城乡规划",
    "建筑市场",
    "消防",
    "劳动合同",
    "社会保险",
    "就业促进",
    "义务教育",
    "职业教育",
    "科学技术进步",
    "知识产权保护",
    "反不正当竞争",
    "价格管理",
    "政府采购",
    "招标投标",
    "行政许可",
    "行政处罚",
    "行政复议",
    "政府信息公开",
    "档案管理",
    "统计",
    "审计",
    "税收征收管理",
    "预算管理",
    "未成年人保护",
    "妇女权益保障",
    "老年人权益保障",
    "残疾人保障",
    "文物保护",
    "旅游",
    "物业管理",
    "消费者权益保护",
    "农产品质量安全",
    "森林防火",
    "防震减灾",
    "突发事件应对",
    "优化营商环境",
    "电子商务",
    "公共文化服务",
    "慈善事业",
)
_KINDS = ("条例", "办法", "规定", "实施办法", "实施细则", "管理办法", "若干规定")
_CHAPTERS = (
    "总则",
    "管理职责",
    "一般规定",
    "监督检查",
    "保障措施",
    "权利和义务",
    "许可和备案",
    "应急处置",
    "法律责任",
    "附则",
)
_SENTENCES = (
    "为了规范相关活动，保障公民、法人和其他组织的合法权益，维护公共利益，根据有关法律，制定本{kind}。",
    "在本行政区域内从事相关活动及其监督管理，适用本{kind}。",
    "县级以上人民政府应当加强对相关工作的领导，建立健全工作协调机制，将所需经费列入本级预算。",
    "有关主管部门应当按照职责分工，做好相关监督管理工作，依法查处违法行为。",
    "任何单位和个人不得非法收集、使用、加工、传输他人的个人信息，不得非法买卖、提供或者公开他人的个人信息。",
    "开展数据处理活动，应当依照法律、法规的规定，建立健全全流程数据安全管理制度，组织开展数据安全教育培训。",
    "生产经营单位应当具备有关法律、行政法规和国家标准或者行业标准规定的安全生产条件。",
    "违反本{kind}规定，由有关主管部门责令改正，给予警告；拒不改正的，处一万元以上十万元以下罚款。",
    "国家机关工作人员在监督管理工作中滥用职权、玩忽职守、徇私舞弊的，依法给予处分；构成犯罪的，依法追究刑事责任。",
    "当事人对行政处罚决定不服的，可以依法申请行政复议或者提起行政诉讼。",
    "鼓励和支持社会力量参与相关工作，对在相关工作中做出显著成绩的单位和个人，按照国家有关规定给予表彰和奖励。",
    "有关部门应当自受理申请之日起二十日内作出决定；不予许可的，应当书面说明理由。",
    "监督检查人员依法履行职责时，应当出示执法证件，被检查单位应当予以配合，不得拒绝、阻碍。",
    "本{kind}自公布之日起施行。",
)
_ITEMS = (
    "制定并组织实施相关发展规划；",
    "建立健全信息共享和风险评估机制；",
    "依法查处违法行为，及时处理投诉举报；",
    "组织开展宣传教育和业务培训；",
    "法律、法规规定的其他职责。",
)


def _title(rng: random.Random, folder: tuple[str, ...], number: int) -> str:
    subject = rng.choice(_SUBJECTS)
    if folder[0] in _DEPARTMENTS:
        return f"中华人民共和国{subject}法"
    if folder[0] == "行政法规":
        return f"{subject}{rng.choice(('条例', '实施条例', '管理条例'))}"
    if folder[0] == "司法解释":
        part = int_to_cn(number % 97 + 1)
        return f"最高人民法院关于审理{subject}案件适用法律若干问题的解释（{part}）"
    if folder[0] == "部门规章":
        return f"{subject}{rng.choice(_KINDS[1:])}"
    return f"{folder[1]}{subject}{rng.choice(_KINDS)}"


def _folder(rng: random.Random) -> tuple[str, ...]:
    roll = rng.random()
    if roll < 0.08:
        return (rng.choice(_DEPARTMENTS),)
    if roll < 0.2:
        return ("行政法规",)
    if roll < 0.25:
        return ("司法解释",)
    if roll < 0.45:
        return ("部门规章", rng.choice(_MINISTRIES))
    return ("地方性法规", rng.choice(_PROVINCES))


def generate_law(seed: int, number: int) -> tuple[tuple[str, ...], str, str]:
    """(folders, file name, Markdown text) of document ``number``."""
    rng = random.Random(f"{seed}:{number}:{GENERATOR_VERSION}")
    folder = _folder(rng)
    title = _title(rng, folder, number)
    kind = next((k for k in sorted(_KINDS, key=len, reverse=True) if title.endswith(k)), "法")
    year = rng.randint(1995, 2025)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    versioned = rng.random() < 0.15
    name = title + (f"({year}-{month:02d}-{day:02d})" if versioned else "")
    # Numbers keep files apart: two documents never share a path.
    file_name = f"{name}_{number:05d}.md"
    articles = LARGEST_ARTICLES if number == 0 else int(rng.triangular(3, 120, 18))
    lines = [f"# {title}", "", f"{year}年{month}月{day}日 第{number % 90 + 1}次会议通过", ""]
    if rng.random() < 0.5:
        lines += [f"{year + 1}年1月1日 施行", ""]
    lines += ["<!-- INFO END -->", ""]
    chapters = max(1, articles // rng.randint(6, 14)) if articles > 8 else 0
    per_chapter = articles // chapters if chapters else articles + 1
    for article in range(1, articles + 1):
        if chapters and (article - 1) % per_chapter == 0:
            chapter = (article - 1) // per_chapter + 1
            heading = _CHAPTERS[min(chapter - 1, len(_CHAPTERS) - 1)]
            if article - 1 + per_chapter > articles:
                heading = "附则"
            lines += [f"## 第{int_to_cn(chapter)}章  {heading}", ""]
        text = rng.choice(_SENTENCES).format(kind=kind)
        lines += [f"第{int_to_cn(article)}条 {text}", ""]
        if rng.random() < 0.25:
            for i, item in enumerate(rng.sample(_ITEMS, rng.randint(2, 4)), 1):
                lines += [f"（{int_to_cn(i)}）{item}", ""]
        if rng.random() < 0.3:
            lines += [rng.choice(_SENTENCES).format(kind=kind), ""]
    return folder, file_name, "\n".join(lines)


def law_library_dir(root: Path, docs: int, seed: int = DEFAULT_SEED) -> Path:
    return root / f"laws-v{GENERATOR_VERSION}-s{seed}-n{docs}"


def ensure_law_library(root: Path, docs: int, seed: int = DEFAULT_SEED) -> Path:
    """The library of ``docs`` documents under ``root``, generated once and then reused."""

    def write(target: Path) -> None:
        for number in range(docs):
            folder, name, text = generate_law(seed, number)
            where = target.joinpath(*folder)
            where.mkdir(parents=True, exist_ok=True)
            (where / name).write_text(text, "utf-8")

    expected = {"version": GENERATOR_VERSION, "seed": seed, "docs": docs}
    return generated_once(law_library_dir(root, docs, seed), expected, "*.md", write)
