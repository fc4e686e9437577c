"""Organisation names in a compilation: the patterns that find them and the short names that compare them."""

from __future__ import annotations

import re

from shared.materials.splitting.text import _fold, _key

_HAN = "\u4e00-\u9fff"
# A place may be masked in a published volume: "xx市政协", "××区政协", "政协XX县委员会".
_MASK = "xXｘＸ×＊*○〇某"
_PLACE = f"[{_HAN}{_MASK}]"
# A part of the committee: "市政协办公室", "政协成都市委员会提案委员会", "县政协文史委",
# or its outpost in a town or a park: "汉旺镇政协联络组", "经开区政协联络处", "高新区政协工作站".
_UNIT = (
    rf"(?:办公室|办公厅|机关(?:党组)?|党组|研究室|联络处|联络组|联络室|工作站|工作组|工委|工作委员会"
    rf"|[{_HAN}]{{1,8}}?(?:委员会|专委会|委))"
)
# A 界别 group speaking as one: "农业界别委员小组", "经济界别", "农业界", "市政协特邀界别组".
_SECTORS = (
    "经济|农业和农村|农业|教育|科技|科学技术|文化艺术|文化|文艺|体育|新闻出版|新闻|医药卫生|医卫|卫生"
    "|社会科学|社科|社会福利和社会保障|社会福利|少数民族|民族|宗教|特邀|对外友好|港澳|环境资源|工商联|工商"
    "|妇联|共青团|青联|科协|侨联|台联|无党派人士|无党派|中共|民革|民盟|民建|民进|农工党|致公党|九三学社|台盟"
    "|工会|法律|律师|企业|非公有制经济|新的社会阶层"
)
_GROUP = (
    rf"(?:{_PLACE}{{0,12}}?政协)?(?:(?:{_SECTORS})界(?:别(?:委员)?(?:小组|组|活动组|联络组)?|(?:委员)?(?:小组|组))?"
    rf"|第[一二三四五六七八九十\d]{{1,3}}界别(?:委员)?(?:活动)?(?:小组|组))"
)
# A party or federation's own committee: "民盟xx市委员会", "九三学社某某市委", "县工商联".
_PARTY = (
    rf"{_PLACE}{{0,10}}?(?:民革|民盟|民建|民进|农工党|致公党|九三学社|台盟){_PLACE}{{0,10}}?"
    rf"(?:委员会|委会|市委|县委|区委|州委|支部|总支)"
)
# A place named alone, as an organisation line ("威远县", "彭山区", masked "某县"): two to
# four characters before 县/区/市/旗, none of them a word a title would use.
_BARE_PLACE = (
    rf"(?:(?![{_HAN}]*(?:的|建设|打造|推动|推进|助力|促进|发展|创新|示范|美丽|提升|加强))"
    rf"[{_HAN}{_MASK}]{{2,4}}(?:县|区|市|旗)|[{_MASK}]{{1,3}}(?:县|区|市|旗))"
)
# A park's committee outpost named without 政协: "高新区工委", "临港经开区联络处".
_PARK = rf"{_PLACE}{{0,10}}?(?:经开区|高新区|新区|开发区|园区|自贸区)(?:工委|工作委员会|联络处|联络组|工作站)"
_ORG = (
    rf"(?:中国人民政治协商会议|政协)\s*{_PLACE}{{2,24}}?\s*委员会(?:{_UNIT})?"
    rf"|{_PLACE}{{0,20}}?(?:省|市|州|县|区|旗|盟|镇|乡|街道)\s*政协(?:{_UNIT})?"
    rf"|{_GROUP}|{_PARTY}|{_PARK}|{_BARE_PLACE}"
)

# A speaker named after the organisation: "xx市政协  张某", "成都市政协主席 王某某".
_ROLE = (
    r"(?:副?主席|副?秘书长|副?主任(?:委员)?|常委|委员|副?书记|副?部长|副?局长|副?处长|副?组长|副?会长"
    r"|副?站长|副?主委|召集人|负责人|干部|联络员|董事长|总经理|院长|校长|教授|律师|医生)"
)
_PERSON = rf"[{_HAN}{_MASK}]{{2,4}}(?:[·•][{_HAN}]{{1,6}})*"  # 张某某, 阿依·买买提
_AUTHOR_AFTER_ORG = (
    rf"(?:\s*[{_HAN}]{{0,8}}?{_ROLE}\s*|\s+)(?P<author>{_PERSON}(?:\s*[、，,]\s*{_PERSON})*)"
)
# A line naming who wrote or gave the speech: "发言人：张某", "执笔人: 李某某".
AUTHOR_LINE = re.compile(
    r"^\s*[(（]?\s*(?:发言人|发言|执笔人|执笔|作者|撰稿人|撰稿|报告人|供稿|整理)\s*[:：]\s*(?P<author>[^:：]{1,40}?)\s*[)）]?\s*$"
)
# A speaker's role and name on their own line under a heading: "主任  刘某某",
# "县政协副主席 周某某", "——政协委员、律师 王某": a gap between the role and the name.
# Or the name first, the role in brackets: "罗某某（县政协主席）".
SPEAKER_LINE = re.compile(
    rf"^\s*(?:——|—)?\s*(?:[(（]?\s*[{_HAN}{_MASK}、，,]{{0,20}}?{_ROLE}[\s\u3000]+"
    rf"(?P<author>{_PERSON}(?:\s*[、，,]\s*{_PERSON})*)\s*[)）]?"
    rf"|(?P<named>{_PERSON})\s*[(（][{_HAN}{_MASK}、，,]{{0,20}}?{_ROLE}[)）])\s*$"
)

_ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 "
    "普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 "
    "珞巴 基诺 各"
).split()
_ETHNIC = "|".join(sorted(_ETHNIC_GROUPS, key=len, reverse=True))
_AUTONOMOUS = re.compile(rf"^(?P<stem>.{{2,}}?)(?:(?:{_ETHNIC})族)+自治(?:区|州|县|旗)$")
_UPPER_SUFFIXES = ("省", "市", "州", "地区", "盟")
_DIVISION_SUFFIXES = ("省", "市", "州", "地区", "盟", "县", "区", "旗")


def _lowest_division(name: str) -> str:
    """The last level of a nested place name: "自贡市自流井区" → "自流井区".

    Cuts after the first upper-level name (at least two characters before its
    suffix) that leaves a complete place behind, then repeats; so "荆州市沙市区"
    gives "沙市区" and "乐山市市中区" gives "市中区".
    """
    while True:
        for cut in range(3, len(name) - 1):
            head, tail = name[:cut], name[cut:]
            if head.endswith(_UPPER_SUFFIXES) and tail.endswith(_DIVISION_SUFFIXES):
                name = tail
                break
        else:
            return name


def organisation_short_name(full_name: str) -> str:
    """The name people use for a committee's place.

    "政协资阳市委员会" → "资阳", "政协甘孜藏族自治州委员会" → "甘孜",
    "政协自贡市自流井区委员会" → "自流井区" (districts keep 区), "成都市政协" → "成都".
    """
    name = re.sub(r"\s+", "", _fold(full_name)).strip(":：,，。 ")
    for prefix in ("中国人民政治协商会议", "政协"):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    for suffix in ("委员会", "政协"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if not name:
        return full_name.strip()

    place = _lowest_division(name)
    autonomous = _AUTONOMOUS.match(place)
    if autonomous:
        return autonomous.group("stem")
    for suffix in ("特别行政区", "自治区", "自治州", "自治县", "自治旗"):
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    if place.endswith("区") and not place.endswith("地区"):  # districts keep 区
        return place
    for suffix in ("地区", "省", "市", "州", "盟", "县", "旗"):
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return place


def _org_key(name: str) -> str:
    return _key(organisation_short_name(name))


def _clean_org(name: str) -> str:
    return re.sub(r"\s+", "", name)
