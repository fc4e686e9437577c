"""Demo data of 比学赶超: a catalogue per province, three years and four quarters of values, publications.

Values are invented (seeded, so every build gives the same figures); the kinds
of indicator are the activities a municipal CPPCC reports in its annual review.
Safe to run again: nothing is added when the rows exist.
"""
from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tenancy.models import Level

# code, name, unit, value type, direction, applies to, collection, basis, weight, typical city value per year
CATALOGUE = [
    ("consultations", "协商活动场次", "场", "count", "higher", "both", "reported", "absolute", 1.5, 28),
    ("proposals_filed", "提案立案件数（每名委员）", "件", "count", "higher", "both", "computed", "per_member", 1.0, 300),
    ("proposals_closed", "提案办结率", "%", "percent", "higher", "both", "reported", "rate", 1.0, 96),
    ("venues", "“有事来协商”平台数（每万人）", "个", "count", "higher", "both", "reported", "per_10k", 1.0, 180),
    ("micro_consultations", "小微协商次数（每万人）", "次", "count", "higher", "both", "reported", "per_10k", 1.0, 520),
    ("problems_solved", "为群众办实事解难题（每万人）", "件", "count", "higher", "both", "reported", "per_10k", 1.5, 900),
    ("reading", "书香政协读书活动", "场", "count", "higher", "both", "reported", "absolute", 0.5, 40),
    ("training", "委员培训人次（每名委员）", "人次", "count", "higher", "both", "reported", "per_member", 1.0, 90),
    ("endorsements", "议政成果获主要领导肯定性签批", "件次", "count", "higher", "both", "reported", "absolute", 2.0, 9),
    ("commendations", "获省政协通报表扬", "项", "count", "higher", "both", "reported", "absolute", 1.5, 2),
    ("materials", "向全省报送交流材料", "篇", "count", "higher", "both", "computed", "absolute", 1.0, 6),
    ("opinion_reports", "社情民意信息报送（每名委员）", "条", "count", "higher", "both", "reported", "per_member", 1.0, 160),
    ("opinion_adopted", "社情民意信息被采用", "条", "count", "higher", "both", "computed", "absolute", 1.0, 25),
    ("research_reports", "专题调研报告", "篇", "count", "higher", "both", "reported", "absolute", 1.0, 12),
    ("workstations", "委员（界别）工作室", "个", "count", "higher", "both", "reported", "absolute", 0.5, 8),
    ("golden_ideas", "入选“金点子”", "条", "count", "higher", "city", "reported", "absolute", 1.0, 10),
    ("oral_exchanges", "在省政协会议口头交流发言", "次", "count", "higher", "city", "reported", "absolute", 1.0, 4),
    ("archive_rate", "委员履职档案完整率", "%", "percent", "higher", "both", "reported", "rate", 0.5, 88),
    ("handling_days", "提案平均办理天数", "天", "number", "lower", "both", "reported", "absolute", 1.0, 75),
]
# Where the computed indicators take their values (shared.benchmark.computed; the committees that use
# the proposals or reports pages push them, the others keep typing them).
COMPUTED_SOURCES = {"proposals_filed": "proposals.accepted", "opinion_adopted": "opinions.adopted"}
DEFINITIONS = {
    "consultations": "全年以全会、常委会、专题、对口、界别、提案办理等形式开展的协商活动场次。",
    "proposals_filed": "本期经审查立案的提案件数，按委员人数折算（使用提案功能的政协由平台按立案提案计算）。",
    "proposals_closed": "本期应办结提案中已办结并答复的比例。",
    "venues": "在乡镇（街道）、村（社区）建成并投入使用的“有事来协商”平台数，按常住人口每万人折算。",
    "micro_consultations": "依托基层协商平台开展的小微协商次数，按常住人口每万人折算。",
    "problems_solved": "通过协商推动解决的群众急难愁盼问题件数，按常住人口每万人折算。",
    "reading": "组织委员开展的读书分享、学习交流活动场次。",
    "training": "委员参加各级培训的人次，按委员人数折算。",
    "endorsements": "议政成果获得省政协领导和本级党委、政府主要领导肯定性签批的件次。",
    "commendations": "工作获得省政协通报表扬的项数。",
    "materials": "在平台交流材料库中共享的经验材料篇数（由平台统计）。",
    "opinion_reports": "报送社情民意信息条数，按委员人数折算。",
    "opinion_adopted": "社情民意信息被上级采用的条数（使用社情民意信息功能的政协由平台按采用记录计算）。",
    "research_reports": "形成的专题调研报告篇数。",
    "workstations": "建成的委员（界别）工作室个数。",
    "golden_ideas": "当年入选“金点子”的建议条数。",
    "oral_exchanges": "在省政协重要会议上作口头交流发言的次数。",
    "archive_rate": "建立完整履职档案的委员占委员总数的比例。",
    "handling_days": "提案从交办到答复的平均天数（越短越好）。",
}
# What the catch-up page searches the leaders' exchange materials for (themes of the provincial list or words).
SEARCH_TERMS = {
    "consultations": "界别协商 协商议事",
    "proposals_filed": "提案",
    "proposals_closed": "提案办理 提案",
    "venues": "有事来协商",
    "micro_consultations": "小微协商 有事来协商",
    "problems_solved": "民生实事 双助",
    "reading": "书香政协",
    "training": "培训 委员管理",
    "endorsements": "签批 批示",
    "opinion_reports": "社情民意",
    "opinion_adopted": "社情民意",
    "research_reports": "调研",
    "workstations": "委员工作站 委员会客厅 工作室",
    "golden_ideas": "金点子",
    "oral_exchanges": "交流发言",
    "archive_rate": "履职档案 委员管理",
    "handling_days": "提案办理",
}
YEARS = (2023, 2024, 2025)
QUARTER_YEAR = 2025
# The demo publishes every year and the first three quarters; the fourth is left for the province to review and publish.
UNPUBLISHED_QUARTER = 4
# Committees whose fourth-quarter values await review.
PENDING_REVIEW = ("ziyang", "mianyang", "shehong")
# Committees that do a little better than their size says (the seeds' 资阳 is in the leading group).
STRONG = {"ziyang": 1.35, "chengdu": 1.2, "yanjiang": 1.2, "jinhua": 1.2}


def _scale(organisation) -> float:
    return 1.0 if organisation.level == Level.CITY else 0.45


def _annual(rng: random.Random, spec, organisation, year: int, level: float) -> float:
    code, _name, _unit, vtype, direction, _applies, _coll, _basis, _w, typical = spec
    strength = STRONG.get(organisation.schema_name, 1.0)
    if vtype == "percent":
        base = typical + (level - 1) * 12 + rng.uniform(-2, 2) + (strength - 1) * 10
        return max(40.0, min(100.0, base + (year - 2023) * rng.uniform(0, 1.5)))
    if direction == "lower":
        return max(20.0, typical * level * rng.uniform(0.9, 1.1) / strength - (year - 2023) * rng.uniform(0, 4))
    size = _scale(organisation)
    if spec[7] == "per_10k":
        size *= (organisation.population or 1_000_000) / 3_000_000
    growth = (1 + rng.uniform(0.0, 0.18)) ** (year - 2023)
    return max(0.0, typical * size * strength * level * rng.uniform(0.9, 1.1) * growth)


def _round(spec, value: float) -> Decimal:
    if spec[3] == "count":
        return Decimal(int(round(value)))
    return Decimal(str(round(value, 1)))


def demo_fill_network(organisations) -> None:
    """Called once after every demo committee exists; `organisations` maps slug to Organisation."""
    from accounts.models import User

    from . import services
    from .composite import Method
    from .models import (
        Indicator, PeriodPublication, PublicationVersion, ReportedValue, ReportedValueVersion, ValueStatus,
    )

    years = {y: services.period_ensure(year=y) for y in YEARS}
    # this year, open: the committees that use the proposals and reports pages compute its values
    # (demo.services pushes them once every committee exists); nobody has typed any yet
    services.period_ensure(year=max(timezone.localdate().year, QUARTER_YEAR + 1))
    quarters = {q: services.period_ensure(year=QUARTER_YEAR, quarter=q) for q in range(1, 5)}
    for province_slug in ("sichuan", "zhejiang"):
        province = organisations.get(province_slug)
        if province is None:
            continue
        with transaction.atomic():
            services.peer_groups_ensure(province=province)
            indicators = {}
            for order, spec in enumerate(CATALOGUE):
                code, name, unit, vtype, direction, applies, collection, basis, weight, _typical = spec
                indicator, _created = Indicator.objects.get_or_create(
                    province=province, code=code,
                    defaults=dict(
                        name=name, definition=DEFINITIONS[code], unit=unit, value_type=vtype,
                        direction=direction, applies_to=applies, collection=collection, basis=basis,
                        weight=weight, order=order, search_terms=SEARCH_TERMS.get(code, ""),
                        computed_source=COMPUTED_SOURCES.get(code, ""),
                    ),
                )
                if indicator.computed_source != COMPUTED_SOURCES.get(code, ""):
                    indicator.collection, indicator.computed_source = collection, COMPUTED_SOURCES.get(code, "")
                    indicator.save(update_fields=["collection", "computed_source"])
                if not indicator.search_terms and SEARCH_TERMS.get(code):
                    indicator.search_terms = SEARCH_TERMS[code]
                    indicator.save(update_fields=["search_terms"])
                indicators[code] = (indicator, spec)
            network = [
                o for o in organisations.values()
                if o.province_id == province.pk and o.level in (Level.CITY, Level.COUNTY)
            ]
            if ReportedValue.objects.filter(organisation__in=network).exists():
                continue
            rows = []
            for organisation in network:
                for code, (indicator, spec) in indicators.items():
                    if spec[5] not in ("both", organisation.level):
                        continue
                    rng = random.Random(f"{organisation.region_code}:{code}")
                    annual = {}
                    level = rng.uniform(0.6, 1.4)  # where this committee stands on this indicator
                    for year, period in years.items():
                        annual[year] = _annual(rng, spec, organisation, year, level)
                        rows.append((organisation, indicator, period, _round(spec, annual[year]), ValueStatus.ACCEPTED))
                    for q, period in quarters.items():
                        if spec[3] == "count" or spec[4] == "lower":
                            share = 0.25 * rng.uniform(0.75, 1.25) if spec[3] == "count" else 1.0
                            value = annual[QUARTER_YEAR] * (share if spec[3] == "count" else rng.uniform(0.9, 1.1))
                        else:
                            value = min(100.0, annual[QUARTER_YEAR] * rng.uniform(0.95, 1.03))
                        status = ValueStatus.ACCEPTED
                        if q == UNPUBLISHED_QUARTER and organisation.schema_name in PENDING_REVIEW:
                            status = ValueStatus.SUBMITTED
                        rows.append((organisation, indicator, period, _round(spec, value), status))
            created = ReportedValue.objects.bulk_create([
                ReportedValue(organisation=o, indicator=i, period=p, value=v, status=s) for o, i, p, v, s in rows
            ])
            ReportedValueVersion.objects.bulk_create([
                ReportedValueVersion(reported_value=r, version=1, value=r.value, status=r.status) for r in created
            ])
            officer = User.objects.filter(username=f"{province_slug}_officer").first()
            method = Method().describe()
            snapshot = [services._indicator_snapshot(i) for i, _spec in indicators.values()]
            published = [*years.values(), *(p for q, p in quarters.items() if q != UNPUBLISHED_QUARTER)]
            for edition, period in enumerate(sorted(published, key=lambda p: p.sort_key), start=1):
                publication, _created = PeriodPublication.objects.get_or_create(
                    province=province, period=period,
                    defaults={"published_by": officer, "method": {
                        "edition": edition, "method": method, "values": "accepted", "indicators": snapshot,
                        "rank_bands": {"draws": 1000, "seed": 20260101, "weight_jitter": 0.2, "band": [0.05, 0.95]},
                        "pending_at_publication": 0,
                    }},
                )
                PublicationVersion.objects.get_or_create(
                    publication=publication, version=1, defaults={"published_by": officer, "changes": []},
                )
