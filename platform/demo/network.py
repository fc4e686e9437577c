"""The demo network: two provinces of committees, written for this project.

Facts (names of places, GB/T 2260 codes, rounded populations, unit names of a
municipal CPPCC) are public; the people are invented.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    short_name: str
    level: str
    region_code: str
    parent: str | None  # region code
    population: int  # residents, rounded (2020 census order of magnitude)


ORGANISATIONS: list[DemoOrganisation] = [
    DemoOrganisation("sichuan", "政协四川省委员会", "四川", "province", "510000", None, 83_670_000),
    DemoOrganisation("chengdu", "政协成都市委员会", "成都", "city", "510100", "510000", 20_940_000),
    DemoOrganisation("zigong", "政协自贡市委员会", "自贡", "city", "510300", "510000", 2_490_000),
    DemoOrganisation("luzhou", "政协泸州市委员会", "泸州", "city", "510500", "510000", 4_250_000),
    DemoOrganisation("mianyang", "政协绵阳市委员会", "绵阳", "city", "510700", "510000", 4_870_000),
    DemoOrganisation("suining", "政协遂宁市委员会", "遂宁", "city", "510900", "510000", 2_810_000),
    DemoOrganisation("neijiang", "政协内江市委员会", "内江", "city", "511000", "510000", 3_140_000),
    DemoOrganisation("leshan", "政协乐山市委员会", "乐山", "city", "511100", "510000", 3_160_000),
    DemoOrganisation("nanchong", "政协南充市委员会", "南充", "city", "511300", "510000", 5_610_000),
    DemoOrganisation("guangan", "政协广安市委员会", "广安", "city", "511600", "510000", 3_250_000),
    DemoOrganisation("bazhong", "政协巴中市委员会", "巴中", "city", "511900", "510000", 2_710_000),
    DemoOrganisation("ziyang", "政协资阳市委员会", "资阳", "city", "512000", "510000", 2_310_000),
    DemoOrganisation("ganzi", "政协甘孜藏族自治州委员会", "甘孜", "city", "513300", "510000", 1_110_000),
    DemoOrganisation("ziliujing", "政协自贡市自流井区委员会", "自流井区", "county", "510302", "510300", 380_000),
    DemoOrganisation("shehong", "政协射洪市委员会", "射洪", "county", "510981", "510900", 870_000),
    DemoOrganisation("shunqing", "政协南充市顺庆区委员会", "顺庆区", "county", "511302", "511300", 740_000),
    DemoOrganisation("wusheng", "政协武胜县委员会", "武胜", "county", "511622", "511600", 550_000),
    DemoOrganisation("yanjiang", "政协资阳市雁江区委员会", "雁江区", "county", "512002", "512000", 870_000),
    DemoOrganisation("anyue", "政协安岳县委员会", "安岳", "county", "512021", "512000", 1_070_000),
    DemoOrganisation("zhejiang", "政协浙江省委员会", "浙江", "province", "330000", None, 64_570_000),
    DemoOrganisation("jinhua", "政协金华市委员会", "金华", "city", "330700", "330000", 7_050_000),
    DemoOrganisation("yiwu", "政协义乌市委员会", "义乌", "county", "330782", "330700", 1_860_000),
]

# The units of a municipal CPPCC office and its special committees.
UNITS_CITY = [
    ("办公室", "office"), ("研究室", "office"), ("提案委员会", "committee"),
    ("经济委员会", "committee"), ("农业农村委员会", "committee"),
    ("社会和法制委员会", "committee"), ("文化文史和学习委员会", "committee"),
    ("民族宗教和外事侨务委员会", "committee"), ("联络委员会", "committee"),
]
UNITS_COUNTY = [
    ("办公室", "office"), ("提案委员会", "committee"), ("经济和农业农村委员会", "committee"),
    ("社会事业委员会", "committee"), ("文化文史和学习联络委员会", "committee"),
]
SECTORS = [
    "中国共产党", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社",
    "无党派人士", "工商联", "经济界", "农业界", "教育界", "科学技术界",
    "文化艺术界", "医药卫生界", "社会福利和社会保障界", "少数民族界", "特邀人士",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "建国志强秀英桂兰明华文静海燕晓东丽娟永红春梅国庆玉兰德明淑芳子涵雨轩思远嘉怡俊杰欣然浩宇梓萱晨阳佳琪"
AFFILIATIONS = [
    "市第一中学副校长", "市人民医院主任医师", "某农业合作社理事长", "某律师事务所主任",
    "某科技公司总经理", "市文化馆研究馆员", "某街道社区书记", "职业技术学院教授",
    "某村党支部书记", "市工商联副主席", "某商会会长", "市图书馆馆长",
]
# Deadlines offsets (days from today) with titles of the reporting cycle and 金点子 selection.
DEADLINES = [
    (3, "月报：本月工作进展报送", "办公室"),
    (6, "金点子推荐申报截止", "研究室"),
    (20, "季晒：本季度亮点材料报送", "办公室"),
    (-2, "委员履职档案年度更新", "联络委员会"),
]
