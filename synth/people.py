"""Invented people, places and institutions.

Full names, not only the pseudonyms of published judgments (张某某): the
pipeline must remove real-looking names from adults' copies, so the generator
makes them. The synthetic names are treated as real personal data everywhere.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫")
GIVEN_MALE = (
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "浩", "宇", "俊", "鹏", "帅", "亮", "凯", "昊",
    "子豪", "浩然", "宇航", "俊杰", "志强", "建华", "国庆", "文博", "一鸣", "天佑", "晨阳", "家豪", "嘉豪",
    "梓轩", "博文", "思远", "振宇", "国强", "海波", "建军", "晓东", "金龙", "永福", "德明", "新民", "泽宇",
)
GIVEN_FEMALE = (
    "丽", "娜", "静", "敏", "燕", "艳", "芳", "婷", "颖", "雪", "琳", "倩", "洁", "薇", "瑶",
    "晓燕", "欣怡", "梓涵", "雨欣", "佳怡", "诗琪", "子涵", "思雨", "梦瑶", "秀英", "桂英", "玉兰",
    "海燕", "美玲", "慧敏", "雅婷", "晓丽", "春梅", "金凤", "丽娟", "文静",
)
NICKNAMES = ("小黑", "阿杰", "胖子", "老三", "阿飞", "小四", "二毛", "猴子", "大头", "阿龙", "小胖", "眼镜")
ETHNICITIES = ("汉族",) * 12 + ("回族", "壮族", "满族", "苗族", "土家族", "畲族", "彝族")
EDUCATION_MINOR = ("初中", "初中", "高中", "小学", "职高", "中专")
EDUCATION_ADULT = ("初中", "高中", "小学", "中专", "大专", "本科", "文盲")
OCCUPATION_MINOR = ("学生", "学生", "无业", "无固定职业", "务工", "餐馆学徒")
OCCUPATION_ADULT = ("无业", "务工", "个体经营者", "农民", "司机", "快递员", "厨师", "无固定职业", "公司职员")
RELATIONS = ("母", "父", "母亲", "父亲", "祖母", "祖父", "外婆", "姑母", "伯父", "舅舅")
LAW_FIRMS = (
    "浙江天册律师事务所", "浙江泽大律师事务所", "浙江金道律师事务所", "浙江六和律师事务所", "浙江之星律师事务所",
    "江苏苏源律师事务所", "广东广和律师事务所", "四川蓉城律师事务所", "湖北山河律师事务所", "北京大成（杭州）律师事务所",
    "浙江浙经律师事务所", "浙江京衡律师事务所",
)
STREETS = (
    "解放路", "延安路", "中山北路", "凤起路", "庆春路", "文三路", "学院路", "建国南路", "秋涛路", "湖墅南路",
    "莫干山路", "文一西路", "江南大道", "人民路", "新华路", "胜利街", "和平路", "幸福里", "东风巷", "长江路",
)
COMMUNITIES = ("小区", "新村", "花园", "公寓", "家园", "苑")
VILLAGES = ("新桥村", "王家村", "下沙村", "石桥村", "东湖村", "李家湾村", "大塘村", "三里村")
SCHOOL_NAMES = ("实验", "育才", "建兰", "丰潭", "春蕾", "清河", "文澜", "青春", "东城", "行知", "启正", "崇文")
SCHOOL_KINDS = ("中学", "初级中学", "高级中学", "职业高级中学", "中等职业学校", "技工学校")
PHONE_PREFIXES = ("130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                  "158", "159", "176", "177", "180", "181", "186", "187", "188", "189", "199")


@dataclass(frozen=True)
class Region:
    """A county-level place: its ID region code and how addresses there are written."""

    code: str
    province: str      # 浙江省
    city: str          # 杭州市
    district: str      # 上城区


REGIONS = (
    Region("330102", "浙江省", "杭州市", "上城区"),
    Region("330105", "浙江省", "杭州市", "拱墅区"),
    Region("330106", "浙江省", "杭州市", "西湖区"),
    Region("330109", "浙江省", "杭州市", "萧山区"),
    Region("330203", "浙江省", "宁波市", "海曙区"),
    Region("330302", "浙江省", "温州市", "鹿城区"),
    Region("330602", "浙江省", "绍兴市", "越城区"),
    Region("320102", "江苏省", "南京市", "玄武区"),
    Region("440106", "广东省", "广州市", "天河区"),
    Region("510104", "四川省", "成都市", "锦江区"),
    Region("420102", "湖北省", "武汉市", "江岸区"),
    Region("341282", "安徽省", "阜阳市", "界首市"),
    Region("411323", "河南省", "南阳市", "淅川县"),
    Region("522101", "贵州省", "遵义市", "红花岗区"),
    Region("362421", "江西省", "吉安市", "吉安县"),
)


@dataclass(frozen=True)
class Court:
    """A basic-level court, its intermediate court, and the matching procuratorate and police."""

    name: str              # 浙江省杭州市上城区人民法院
    code: str              # 浙0102 (goes into case numbers)
    appeal_name: str       # 浙江省杭州市中级人民法院
    appeal_code: str       # 浙01
    procuratorate: str     # 杭州市上城区人民检察院
    proc_abbr: str         # 杭上检 (goes into procuratorate numbers)
    police: str            # 杭州市公安局上城区分局
    police_abbr: str       # 杭上公
    detention_centre: str  # 杭州市看守所
    region: Region

    @property
    def province(self) -> str:
        return self.region.province.removesuffix("省")


COURTS = (
    Court("浙江省杭州市上城区人民法院", "浙0102", "浙江省杭州市中级人民法院", "浙01", "杭州市上城区人民检察院",
          "杭上检", "杭州市公安局上城区分局", "杭上公", "杭州市看守所", REGIONS[0]),
    Court("浙江省杭州市拱墅区人民法院", "浙0105", "浙江省杭州市中级人民法院", "浙01", "杭州市拱墅区人民检察院",
          "杭拱检", "杭州市公安局拱墅区分局", "杭拱公", "杭州市看守所", REGIONS[1]),
    Court("浙江省杭州市西湖区人民法院", "浙0106", "浙江省杭州市中级人民法院", "浙01", "杭州市西湖区人民检察院",
          "杭西检", "杭州市公安局西湖区分局", "杭西公", "杭州市西湖区看守所", REGIONS[2]),
    Court("浙江省宁波市海曙区人民法院", "浙0203", "浙江省宁波市中级人民法院", "浙02", "宁波市海曙区人民检察院",
          "甬海检", "宁波市公安局海曙分局", "甬海公", "宁波市看守所", REGIONS[4]),
    Court("浙江省温州市鹿城区人民法院", "浙0302", "浙江省温州市中级人民法院", "浙03", "温州市鹿城区人民检察院",
          "温鹿检", "温州市公安局鹿城区分局", "温鹿公", "温州市看守所", REGIONS[5]),
    Court("江苏省南京市玄武区人民法院", "苏0102", "江苏省南京市中级人民法院", "苏01", "南京市玄武区人民检察院",
          "宁玄检", "南京市公安局玄武分局", "宁玄公", "南京市看守所", REGIONS[7]),
    Court("广东省广州市天河区人民法院", "粤0106", "广东省广州市中级人民法院", "粤01", "广州市天河区人民检察院",
          "穗天检", "广州市公安局天河区分局", "穗天公", "广州市天河区看守所", REGIONS[8]),
    Court("四川省成都市锦江区人民法院", "川0104", "四川省成都市中级人民法院", "川01", "成都市锦江区人民检察院",
          "成锦检", "成都市公安局锦江区分局", "成锦公", "成都市看守所", REGIONS[9]),
    Court("湖北省武汉市江岸区人民法院", "鄂0102", "湖北省武汉市中级人民法院", "鄂01", "武汉市江岸区人民检察院",
          "武岸检", "武汉市公安局江岸区分局", "武岸公", "武汉市第一看守所", REGIONS[10]),
)
ZHEJIANG_COURTS = tuple(c for c in COURTS if c.region.province == "浙江省")


def full_name(rng: random.Random, gender: str) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
    given = GIVEN_MALE if gender == "male" else GIVEN_FEMALE
    return surname + rng.choice(given)


def is_free(name: str, taken: set[str]) -> bool:
    return not any(name in t or t in name for t in taken)


def distinct_name(rng: random.Random, gender: str, taken: set[str]) -> str:
    """A name that neither contains nor is contained in another name of the dossier,
    so every truth name maps to exactly its own mentions in the text."""
    while True:
        name = full_name(rng, gender)
        if is_free(name, taken):
            taken.add(name)
            return name


def with_surname(rng: random.Random, surname: str, gender: str, taken: set[str]) -> str | None:
    """A free name with the given surname (a father's), or None if ten tries find none."""
    given = GIVEN_MALE if gender == "male" else GIVEN_FEMALE
    for _ in range(10):
        name = surname + rng.choice(given)
        if is_free(name, taken):
            taken.add(name)
            return name
    return None


def address(rng: random.Random, region: Region, with_province: bool = True) -> str:
    head = (region.province if with_province else "") + region.city + region.district
    if rng.random() < 0.25:
        return f"{head}{rng.choice(('城关镇', '新塘街道', '东湖镇', '南星街道'))}{rng.choice(VILLAGES)}{rng.randint(1, 180)}号"
    community = rng.choice(("金桥", "阳光", "景华", "明珠", "翠苑", "和睦", "青年", "滨江")) + rng.choice(COMMUNITIES)
    return (f"{head}{rng.choice(STREETS)}{rng.randint(1, 399)}号{community}"
            f"{rng.randint(1, 30)}幢{rng.randint(1, 6)}单元{rng.randint(1, 28)}0{rng.randint(1, 4)}室")


def school(rng: random.Random, region: Region) -> str:
    if rng.random() < 0.3:
        return f"{region.city}第{rng.choice(('一', '二', '三', '四', '七', '九', '十一', '十四'))}中学"
    return f"{region.city}{region.district}{rng.choice(SCHOOL_NAMES)}{rng.choice(SCHOOL_KINDS)}"


def phone(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 99999999):08d}"


def id_sequence(rng: random.Random, gender: str) -> int:
    """The 3-digit sequence: odd for men, even for women (GB 11643)."""
    n = rng.randint(0, 499) * 2
    return n + 1 if gender == "male" else n


def birth_for_age(rng: random.Random, on: dt.date, age: int) -> dt.date:
    """A birth date making the person exactly `age` on `on` (not on a birthday edge)."""
    earliest = on.replace(year=on.year - age - 1) if not (on.month == 2 and on.day == 29) else dt.date(on.year - age - 1, 2, 28)
    while True:
        born = earliest + dt.timedelta(days=rng.randint(8, 357))
        if born.month == 2 and born.day == 29:
            continue
        return born
