"""The synthetic corpus of the search benchmarks: realistic Chinese materials.

1,000–6,000 characters each; 政协 and 协商 in nearly every one; topic vocabularies; the
domain terms of search/dictionary.txt; numbers and punctuation. Deterministic per seed.
"""
from __future__ import annotations

import datetime
import random
import time

COMMON = (
    "委员 建议 工作 推进 开展 全面 加强 提升 质量 发展 民生 群众 基层 组织 活动 调研 报告 "
    "会议 主席 常委 提案 办理 落实 机制 平台 履职 能力 服务 经济 社会 文化 生态 教育 就业 "
    "产业 企业 城市 县区 全市 全省 年度 计划 专项 行动 品牌 建设 实践 探索 经验 交流 成果 "
    "转化 问题 解决 做法 成效 明显 突出 围绕 聚焦 中心 大局 团结 民主 共识 凝聚 智慧 力量 "
    "高质量 现代化 新时代 部门 政府 意见 程序 制度 规范 参与 反映 收集 梳理 推动 督办"
).split()
TOPICS = {
    "乡村振兴": "乡村振兴 农村 农民 合作社 产业园 土地 流转 种植 电商 特色 农产品 人才 返乡",
    "养老服务": "养老服务 老年人 养老院 社区 照料 医养 结合 护理 床位 居家 失能",
    "营商环境": "营商环境 民营企业 审批 融资 减税 降费 市场主体 政务服务 一网通办",
    "生态保护": "生态保护 河长制 水质 污染 治理 长江 湿地 绿色 低碳 碳排放 植树",
    "教育": "义务教育 学校 教师 学生 课后 服务 双减 职业教育 学前 托育",
    "医疗": "医疗 医院 医共体 家庭医生 分级诊疗 医保 药品 卫生院 公共卫生",
    "文化旅游": "文化旅游 景区 非遗 古镇 民宿 游客 文创 博物馆 红色 资源",
    "城市更新": "城市更新 老旧小区 改造 加装 电梯 停车 物业 社区 治理 背街 小巷",
    "科技创新": "科技创新 研发 专利 高新技术 孵化器 人才 成果转化 数字化 智能制造",
    "民族团结": "民族团结 少数民族 宗教 和谐 交往 交流 交融 双语 边疆",
}
THEMES = ["有事来协商", "双助", "提案", "书香政协", "凝聚共识", "党建", "委员管理", "数字政协"]
OCCASIONS = ["", "", "全省政协工作经验交流会", "市县政协工作座谈会", "提案工作推进会", "书香政协建设交流会"]
PUNCT = "，，，，。。、；"


def _dictionary_terms():
    from search.segmentation import dictionary_terms

    return list(dictionary_terms())


def make_text(rng: random.Random, n_chars: int, topics: list[str], terms: list[str]) -> str:
    words = [w for t in topics for w in TOPICS[t].split()]
    out = ["市政协", "围绕", rng.choice(words), "开展", "协商", "，"]
    size = sum(len(w) for w in out)
    while size < n_chars:
        r = rng.random()
        if r < 0.35:
            w = rng.choice(words)
        elif r < 0.37:
            w = rng.choice(terms)
        elif r < 0.39:
            w = str(rng.randint(2, 2025))
        elif r < 0.42:
            w = rng.choice(["政协", "协商"])
        else:
            w = rng.choice(COMMON)
        out.append(w)
        size += len(w)
        if rng.random() < 0.12:
            out.append(rng.choice(PUNCT))
            size += 1
    return "".join(out)[:n_chars] + "。"


def make_documents(start: int, count: int, orgs: list[tuple[int, str, str, int]], seed: int):
    from search.contract import IndexedDocument

    rng = random.Random(seed + start)
    terms = _dictionary_terms()
    docs = []
    for i in range(start, start + count):
        org_id, org_name, level, province_id = orgs[rng.randrange(len(orgs))]
        topics = rng.sample(list(TOPICS), rng.choice([1, 2, 2, 3]))
        day = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(3650))
        title = f"关于{rng.choice(TOPICS[topics[0]].split())}的{rng.choice(['调研报告', '经验交流', '协商建议', '工作做法', '实践与思考'])}"
        v = rng.random()
        docs.append(IndexedDocument(
            id=i + 1, title=title, body=make_text(rng, rng.randint(1000, 6000), topics, terms),
            author=f"{org_name}{rng.choice(['办公室', '研究室', '提案委员会'])}",
            organisation_id=org_id, organisation_name=org_name, level=level,
            province_id=province_id, year=day.year, published_on=day,
            themes=tuple(rng.sample(THEMES, rng.choice([0, 1, 1, 2]))),
            occasion=rng.choice(OCCASIONS),
            visibility="platform" if v < 0.8 else "province" if v < 0.95 else "draft",
        ))
    return docs


def cpu_check() -> float:
    """Seconds for a fixed pure-Python loop: these shared machines' speed varies by 2× from
    hour to hour, so the figures are printed beside it (0.18–0.26 s seen on them)."""
    t0 = time.perf_counter()
    s = 0
    for i in range(5_000_000):
        s += i
    return time.perf_counter() - t0
