"""The written forms of Chinese criminal documents, as regular expressions.

Kept apart from the components so a reviewer can read, in one place, which
phrases make a role, a header, a sentence or a date: each pattern names the
legal term it stands for.
"""
from __future__ import annotations

import re

import regex

from extractors.numerals import CN_NUM, DATE, DAY_FORMS, YEAR_DIGIT_CHARS
from extractors.reading.normalise import MIDDLE_DOTS

HAN = r"\u4e00-\u9fff"


# a glyph OCR may write in a phrase's place: none of whitespace, punctuation or digits
GLYPH = r"[^\s，,。；;：:、\d]"


def approximately(pattern: str, errors: str = "d<=1,s<=1,e<=1") -> str:
    """`pattern` (a phrase, its line breaks allowed) found with one glyph OCR lost or misread
    (the `regex` module's fuzzy matching; for patterns compiled with `regex`): the general form
    of what were literal repairs of single misreadings (决定行, 六定执行, 有徒刑, 单罚金, ”决如下).
    An error is never whitespace, punctuation or a digit: a clause boundary is not a misreading."""
    return f"(?:{pattern}){{{errors}:{GLYPH}}}"


def broken(word: str) -> str:
    """A pattern for `word` that a hard line break OCR left inside it (行\n为) does not hide."""
    return "\n?".join(map(re.escape, word))


# ------------------------------------------------------------ document headers
# A title counts as a header only when a case number or a line break follows it:
# "以…174号起诉书指控" and "…号刑事判决。" are citations, not headers.
_TITLES = (r"(?P<title>附条件不起诉决定书|不起诉决定书|起诉书|刑事附带民事判决书|刑事附带民事裁定书|刑事判决书|刑事裁定书"
           r"|社会调查报告|社会调查评估报告|调查评估报告|逮捕决定书|逮捕证|拘留证|取保候审决定书|监视居住决定书"
           r"|卷宗封面|诉讼卷宗|立案决定书|犯罪记录封存通知书|封存通知书|起诉意见书|讯问笔录)")
DOC_TITLE = re.compile(
    _TITLES + r"(?:之[一二三四五六七八九十])?"
    r"(?=[ \t\u3000]*(?:\n|$|[（(〔\[]\s*(?:19|20)\d{2}|[ \t\u3000]*[" + HAN + r"]{2,20}(?:法院|检察院|公安局)"
    # a case number printed without its bracketed year (格刑初字第117号)
    r"|[" + HAN + r"]{1,4}刑[" + HAN + r"]{1,3}第?\s*\d{1,6}\s*号))"
)
# A title alone on its line but for one stray glyph a seal or a speck left after it
# (附条件不起诉决定书乐): a line that is nothing but a title is a header.
SMUDGED_TITLE = re.compile(r"(?m)^[ \t\u3000]*" + _TITLES + r"[^\s，。,；;：:、]$")
# A title of five glyphs or more alone on its line, garbled past one glyph (社会调本报 for
# 社会调查报告): one error for every three of its glyphs, at most one of them a lost glyph, so a
# heading inside a document (社会调查, 基本情况) is none. Group `t<i>` names GARBLED_TITLES[i].
GARBLED_TITLES = tuple(t for t in _TITLES[len("(?P<title>"):-1].split("|") if len(t) >= 5)
GARBLED_TITLE = regex.compile(
    r"(?me)^[ \t\u3000]*(?:" + "|".join(
        f"(?P<t{i}>{approximately(t, f's<={len(t) // 3},i<={len(t) // 3},d<=1,e<={len(t) // 3}')})"
        for i, t in enumerate(GARBLED_TITLES))
    + r")[ \t\u3000]*$")
# A court's header whose title a seal or a scan made unreadable: the court's case number
# (刑初 / 刑终 / 刑再 / 刑监 after the bracketed year) on a line of its own, the prosecution or
# the appellant on the next. The empty `title` group stands where the title was.
UNTITLED_HEADER = re.compile(
    r"(?m)^[ \t\u3000]*(?P<title>)(?:[（(]\s*(?:19|20)\d{2}|[（(]?\s*\d{0,3})\s*[）)]\s*[" + HAN + r"]{1,2}\d{0,6}"
    r"刑[一二三四]?[初终再监]"
    r"[" + HAN + r"]{0,2}第?\s*\d{1,6}\s*号[ \t\u3000]*\n[ \t\u3000]*(?=原?公诉机关|抗诉机关|上诉人|原审被告人)"
)
# What only an appeal or a retrial writes: its appellants' role word, its case number. Seen
# outside any appeal or retrial the file was found to hold, a ruling that may have changed the
# sentences went unread (its header lost to OCR).
APPEAL_MARK = re.compile(r"上\s*诉\s*人\s*[（(]\s*原\s*审|刑\s*[一二三四]?\s*[终再监]\s*(?:字\s*)?第?\s*\d{1,6}\s*号")
# the sentence that lists the evidence of the findings: its opening (上述事实，…有…; 认定上述事实的证据有)
# and its close (…等证据证实，足以认定)
EVIDENCE_LIST_OPEN = re.compile(r"\s*(?:" + "|".join(map(broken, ("上述事实", "以上事实", "认定上述事实", "上述犯罪事实"))) + ")")
EVIDENCE_LIST_CLOSE = re.compile("|".join(map(broken, ("等证据", "证据证实", "予以证实", "足以认定", "予以确认"))))
# a ruling the document recites as having sent the case back for a new trial (…刑终52号刑事裁定书，
# 裁定：…二、发回某法院重新审判): the document is that new trial's, later than the ruling
REMANDED = re.compile(r"[^。]{0,100}?发回[^。]{0,30}?(?:重新审判|重审)")
TITLE_KINDS: dict[str, str] = {
    "附条件不起诉决定书": "conditional_non_prosecution_decision",
    "不起诉决定书": "non_prosecution_decision",
    "起诉书": "indictment",
    "社会调查报告": "social_investigation", "社会调查评估报告": "social_investigation",
    "调查评估报告": "social_investigation",
    "逮捕决定书": "compulsory_measure", "逮捕证": "compulsory_measure", "拘留证": "compulsory_measure",
    "取保候审决定书": "compulsory_measure", "监视居住决定书": "compulsory_measure",
    "卷宗封面": "cover", "诉讼卷宗": "cover",
}
# （2021）浙0102刑初123号: 刑初 first instance, 刑终 appeal, 刑再 / 刑监 retrial (审判监督程序);
# 杭上检未检刑诉〔2021〕45号: a procuratorate's number carries its prefix before the bracket
CASE_NUMBER = re.compile(
    r"(?:[" + HAN + r"]{1,14})?[（(〔\[]\s*(?:19|20)\d{2}\s*[）)〕\]]\s*[" + HAN + r"\dA-Za-z]{0,16}?第?\s*\d{1,6}\s*号"
)
# the year a case number was registered in: no offence it is about happened later
CASE_YEAR = re.compile(r"[（(〔\[]\s*((?:19|20)\d{2})\s*[）)〕\]]")
COURT = re.compile(r"[" + HAN + r"]{2,24}?人民法院")
PROCURATORATE = re.compile(r"[" + HAN + r"]{2,24}?人民检察院")
SIGNATURE_DATE = re.compile(
    rf"[{YEAR_DIGIT_CHARS}]{{4}}\s*年\s*[一二三四五六七八九十]{{1,3}}\s*月\s*[一二三四五六七八九十]{{1,3}}\s*[{DAY_FORMS}]"
)
STATUTE_APPENDIX = re.compile(r"附[：:]?\s*(?:本案)?(?:相关|有关|所引用的|所适用的)?法律条文|相关法律条文|附法律条文")

PROVINCES = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽",
             "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州",
             "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆")
# the one-character abbreviation that opens a court code in a case number (浙0102刑初…)
PROVINCE_ABBREVIATIONS = {"京": "北京", "津": "天津", "冀": "河北", "晋": "山西", "蒙": "内蒙古", "辽": "辽宁",
                          "吉": "吉林", "黑": "黑龙江", "沪": "上海", "苏": "江苏", "浙": "浙江", "皖": "安徽",
                          "闽": "福建", "赣": "江西", "鲁": "山东", "豫": "河南", "鄂": "湖北", "湘": "湖南",
                          "粤": "广东", "桂": "广西", "琼": "海南", "渝": "重庆", "川": "四川", "黔": "贵州",
                          "云": "云南", "藏": "西藏", "陕": "陕西", "甘": "甘肃", "青": "青海", "宁": "宁夏",
                          "新": "新疆"}

# ------------------------------------------------------------ party paragraphs
# 被告人 as a word of an instruction or of the note on how terms run, naming no one
# (限被告人于本判决生效后十日内缴纳罚金, 各被告人刑期从判决执行之日起计算)
ROLE_IN_INSTRUCTION = re.compile(r"(?:于|在|自|应当|应|须|必须)\s*(?:本案|本判决|判决)|刑期")
class _Roles(dict[str, str]):
    """Role words and the role each gives. A scan's brackets come in either width, even mixed in
    one word (上诉人(原审被告人）): a word found with them is looked up in the full-width form."""

    def __missing__(self, key: str) -> str:
        canonical = re.sub(_SPECK, "", _ROLE_ALSO.sub("", key)).translate(_FULL_WIDTH_BRACKETS)
        if canonical == key:
            raise KeyError(key)
        return self[canonical]


_FULL_WIDTH_BRACKETS = str.maketrans("()", "（）")
_SPECK = "[.·．•]"
# what else the person is in the same proceedings, inside the role's brackets
# (上诉人（原审被告人暨公益诉讼被告）, 上诉人（原审被告人、附带民事诉讼被告人）): the role is the first word's
_ROLE_ALSO_PATTERN = r"(?:[暨、和及兼][^（）()，,。；;\n]{1,14})?"
_ROLE_ALSO = re.compile(_ROLE_ALSO_PATTERN + r"(?=[）)]$)")
# Longest first: "上诉人（原审被告人）" must win over "被告人".
ROLE_MARKERS = _Roles({
    "上诉人（原审被告人）": "defendant", "原审被告人": "defendant",
    # a retrial of an appeal, a petition against a final judgment (再审)
    "原审上诉人（原审被告人）": "defendant", "申诉人（原审被告人）": "defendant", "再审申请人（原审被告人）": "defendant",
    "被告人": "defendant", "上诉人": "defendant",
    "被附条件不起诉人": "suspect", "被不起诉人": "suspect", "犯罪嫌疑人": "suspect",
    "法定代理人": "legal_representative", "指定辩护人": "defence_counsel", "辩护人": "defence_counsel",
    "诉讼代理人": "other", "近亲属": "other",
    "被害人": "victim", "附带民事诉讼原告人": "victim", "证人": "witness",
    "同案人": "other", "同案犯": "other",
})


def _role_pattern(word: str) -> str:
    """`word` with either width of bracket, and a speck a scan left between two of its glyphs
    (被告.人: a dot no Chinese word holds)."""
    glyphs = [re.escape(c).replace("（", "[（(]").replace("）", _ROLE_ALSO_PATTERN + "[）)]") for c in word]
    return f"{_SPECK}?".join(glyphs)


ROLE = re.compile("|".join(_role_pattern(k) for k in sorted(ROLE_MARKERS, key=len, reverse=True)))
# A role word whose first glyph OCR lost or misread, or a hard line break cut off (告人蒋浩然，男，…
# or 波告人张方，女，… for 被告人): without it the paragraph before runs on and hands this person's
# birth date and ID number to the person it describes. Taken as a role only where the file names
# that person with the whole role word elsewhere and a gender follows the name (never
# 系被告人X之母); a glyph before it that makes another role word (原告人) is no misreading.
CLIPPED_ROLE_MARKERS: dict[str, str] = {"告人": "defendant", "罪嫌疑人": "suspect", "不起诉人": "suspect"}
CLIPPED_ROLE = re.compile(rf"(?<![{HAN}])(?:(?![被犯原])[{HAN}])?(?P<role>告人|罪嫌疑人|不起诉人)")
# the whole role words of an accused (a defendant or a suspect)
ACCUSED_ROLE = "(?:" + "|".join(_role_pattern(k) for k in sorted(ROLE_MARKERS, key=len, reverse=True)
                                if ROLE_MARKERS[k] in ("defendant", "suspect")) + ")"
GENDER_AFTER_NAME = re.compile(r"(?:[（(][^）)\n]{0,14}[）)])?[，,](?:[^，,。\n]{0,14}[，,])?[男女](?=[，,。；;\s])")
# Where the list of parties ends and the procedural narrative begins; not a measure inside a
# party paragraph (…经某县人民检察院以涉嫌…罪批准逮捕).
PARTY_BLOCK_END = re.compile(
    r"检察院以(?!涉嫌)|一案[，,。]|一案$|指\n?控[：:，,]|审理.{0,20}检察院指控|"
    # also through a line break a printed page put inside the word (经审理查\n明)
    + "|".join(map(broken, ("提起公诉", "审理了本案", "审理终结", "经审理查明", "本院认为", "本案由", "侦查终结", "移送本院",
                            "审查起诉", "经本院审查", "经依法审查", "现已审理", "本院受理")))
)

NAME_STOP = r"(?=[，,。．.；;：:（(、\s\d男女系因曾又绰乳现住]|出生|生于|$)"
PSEUDONYM = r"[" + HAN + r"]{1,3}?某(?:某|[甲乙丙丁戊己庚辛壬癸]|\d{1,2})?"
# the glyphs a published copy masks a name with
_MASK = "XＸ×xｘ*＊"
# 王XX, XX新; the index a published copy tells two masked names apart by (王×1, 王×2) is the name's
MASKED = rf"[{HAN}]{{1,2}}[{_MASK}]{{1,3}}(?:[甲乙丙丁戊己庚辛壬癸]|\d{{1,2}}(?!\d))?|[{_MASK}]{{1,3}}[{HAN}]{{1,2}}"
# a name written in the Han glyphs of another language's sounds (音译名), its parts joined by a
# middle dot (间隔号): 努尔买买提·库尔班, 阿卜杜热合曼·艾买提; a published copy may mask a part (茹X·Y)
_DOTS = "·" + "".join(MIDDLE_DOTS)
TRANSLITERATED = rf"[{HAN}][{HAN}{_MASK}]{{0,9}}(?:[{_DOTS}][{HAN}{_MASK}A-Z]{{1,10}}){{1,3}}"
# a name a published copy masks whole (XXX, ×××) or down to its surname and an index (张3)
MASKED_WHOLE = rf"[{_MASK}]{{2,4}}|[{HAN}]\d{{1,2}}(?!\d)"
NAME = re.compile(rf"(?:{TRANSLITERATED}|{PSEUDONYM}|{MASKED}|{MASKED_WHOLE}|[{HAN}]{{2,4}}(?<![曾因系男女又现住绰乳])){NAME_STOP}|{PSEUDONYM}")
# the accused of the first instance as an appeal's procedure lists them (指控原审被告人赵某、曹某犯…;
# 原审被告人赵某、曹某不服，提出上诉)
_FIRST_NAMES = rf"(?P<names>[{HAN}{_DOTS}{_MASK}]{{2,10}}?(?:、[{HAN}{_DOTS}{_MASK}]{{2,10}}?)*)"
FIRST_INSTANCE_ACCUSED = regex.compile(   # regex: both alternatives name their group `names`
    rf"指控原审被告人{_FIRST_NAMES}(?=犯[^，,。；;]{{1,30}}?罪)|原审被告人{_FIRST_NAMES}(?=[均都]?不服|[均都]?提出上诉)")
_ALIAS_WORDS = "曾用名|曾冒名|冒名|又名|绰号|外号|乳名|化名|别名|小名"
ALIAS = re.compile(
    rf"(?P<kind>{_ALIAS_WORDS})[：:]?\s*[“\"「‘]?(?P<alias>[{HAN}A-Za-z0-9]{{1,6}}?)[”\"」’]?(?=[，,。；;）)、\s男女]|$)"
)
# A line that opens on a name and a gender (梁杰，男，1962年…出生) inside another person's party
# paragraph: a paragraph whose role word OCR lost or garbled (定代理 for 法定代理人), which
# must not hand its birth date to the paragraph before it; also after a guardian's role word
# OCR garbled whole (法定用人诸强，男，). Not after an alias word that a line break parted from
# its alias (曾用名 / 李四，男).
PERSON_LINE = re.compile(rf"(?m)^[ \t\u3000]*(?:法定[{HAN}]{{1,2}}人)?(?P<name>[{HAN}]{{2,4}})(?={GENDER_AFTER_NAME.pattern})")
ALIAS_WORD_AT_END = re.compile(rf"(?:{_ALIAS_WORDS})[：:]?[“\"「‘]?\s*$")
STATED_AGE = re.compile(r"(?<![\d周])(?P<age>\d{1,2})\s*(?:周)?岁")

# Birth: "2004年3月15日出生", "2000年6月14日生", "出生于1998年1月12日", "生于…", "出生日期为…".
# A bracket between the date and 出生 may give another one (1990年10月9日（户籍登记为1989年11月29日）出生:
# the date the accused gave and the one registered): both are the file's readings of the birth.
BIRTH_AFTER = re.compile(rf"(?P<date>{DATE.pattern})\s*(?:[（(](?P<alt>[^（）()]{{0,24}})[）)])?\s*"
                         rf"(?:出生|生于|生(?=[，,。；;\s]|$|于|[{HAN}]))")
BIRTH_IN_BRACKET = re.compile(rf"(?P<date>{DATE.pattern})")
BIRTH_BEFORE = re.compile(rf"(?:出生于|生于|出生日期(?:为|[：:])?|出生时间为)\s*(?P<date>{DATE.pattern})")
# "出生于" followed by what is not a date, or "…年…月…日生" whose date is not one (OCR dropped
# 〇〇 from 二〇〇五年一月七日生): a birth the file
# states but that cannot be read, which is a different question for a reviewer than none at all.
# What follows 出生于 holds something of a date (a digit, 年, 〇, a run of numerals); a place of
# birth (出生于吉林省敦化市) is no date at all.
BIRTH_GARBLED = re.compile(r"(?:出生于|出生日期(?:为|[：:])?|出生时间为)\s*"
                           r"(?P<date>(?=[^，,。；;\n]{0,13}(?:\d|[年月日〇○零]|[一二三四五六七八九十]{2}))[^，,。；;\n]{1,14})"
                           r"|(?<=[，,])\s*(?P<date2>[^，,。；;\n]{0,10}[年月日][^，,。；;\n]{0,10}?)\s*(?:出生|生)(?=[，,。；;]|$)")
# A birth date the published copy masked (1998年×月×日出生, 出生于××××年): written, not missing;
# its year is read where it is given, its day never invented.
_MASK = MASKED_BIRTH_CHARS = "×XxＸ*＊"
_MASKED_DATE = (rf"(?:(?P<{{y}}>\d{{{{4}}}})|[{_MASK}]{{{{2,4}}}})\s*年(?:\s*(?:\d{{{{1,2}}}}|[{_MASK}]{{{{1,2}}}})\s*月"
                rf"(?:\s*(?:\d{{{{1,2}}}}|[{_MASK}]{{{{1,2}}}})\s*日)?)?")
MASKED_BIRTH = re.compile(
    rf"(?P<date>{_MASKED_DATE.format(y='y')})\s*(?:出生|生(?=[，,。；;\s]|$))"
    rf"|(?:出生于|生于|出生日期(?:为|[：:])?)\s*(?P<date2>{_MASKED_DATE.format(y='y2')})"
)
# An 18-character ID, possibly broken by a line end or spaces a scan inserted;
# O/o/l/I inside digits are OCR readings of 0 and 1.
ID_NUMBER = re.compile(
    "(?:" + "|".join(map(broken, ("公民身份号码", "身份证号码", "身份证号", "居民身份证号码", "身份号码", "证件号码")))
    + r")\s*[：:为是]?\s*(?P<id>(?:[0-9OolI][ \t\n]?){17}[0-9XxOolI])(?![0-9])"
)
# The same, with no label before it (the label garbled): a number with a real birth date inside.
BARE_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")

ADDRESS = re.compile(
    r"(?:户籍(?:所在)?地(?:址)?|户籍地址|住所地|家住|现住|捕前住|暂住|住址|(?<![居停])住)\s*[：:]?\s*"
    rf"(?P<addr>[{HAN}0-9A-Za-z\-－#号室栋单元组]{{2,40}}?)(?=[，,。；;（(\s]|$)"
)
_SCHOOL_NAME = rf"[{HAN}0-9]{{2,24}}?(?:中学|小学|学校|学院|大学|职高|技校|职业中专|中专)"
SCHOOL = re.compile(
    rf"(?:就读于|就读|在读于|系)(?P<school>{_SCHOOL_NAME})"
    rf"|(?<=[，,（(])(?P<pupil>{_SCHOOL_NAME})(?=在校|学生)"    # ，某某中学在校学生 / （…，某某中学学生，另案处理）
)
FAMILY = re.compile(rf"家庭成员[：:]\s*(?P<names>[{HAN}、]{{2,30}}?)[，,]\s*系其")
DETAINEE = re.compile(rf"(?P<name>[{HAN}]{{2,4}})[（(](?P<details>性别[^（）()]{{0,160}})[）)]")   # 拘留证: 对…的张某（性别男，…）
GUARANTOR = re.compile(rf"保证人(?P<name>[{HAN}]{{2,4}})[（(]系(?P<who>[{HAN}]{{2,4}}?)之")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
RELATION = re.compile(r"系(?:被告人|犯罪嫌疑人|被不起诉人|被附条件不起诉人|上诉人)?(?P<who>[" + HAN + r"A-Za-z0-9]{0,4}?)(?:之)?(?P<rel>父亲|母亲|父|母|祖父|祖母|外祖父|外祖母|哥哥|姐姐|兄|姐|叔叔|伯父|姑姑|舅舅|监护人|亲属|表姐|表哥)")

# ------------------------------------------------------------ facts and dates
# Where findings of fact begin: 查明, also with its tail garbled (查明“实如下:) or its colon lost at
# a line end; a short heading line 经…： whose 查明 OCR garbled (经本院依法申查李明：).
# Its words are found through a line break a printed page put inside them (查\n明).
_FOUND, _ALLEGED = broken("查明"), broken("指控")
FACTS_START = re.compile(
    rf"{_FOUND}[^，,。；;\n：:]{{0,6}}?(?:[：:，,]|[ \t\u3000]*$)|^[ \t\u3000]*经[^。，,；;\n：:]{{2,10}}[：:][ \t\u3000]*$"
    r"|" + "|".join(map(broken, ("原审判决认定", "原判认定", "原审认定", "一审判决认定", "判决认定"))) +
    rf"|(?:人民|原审|一审)法院(?:一审|原审)?认定[：:，,]|{_ALLEGED}称?[：:，,]"
    # an allegation or a finding announced as such (指控被告人丁某犯盗窃罪的事实如下：)
    rf"|(?:{_FOUND}|{_ALLEGED})[^。；;：:\n]{{0,30}}?的?{broken('事实如下')}[：:，,]?"
    # the findings running straight on, no punctuation after the heading (经审理查明2014年9月18日凌晨…)
    rf"|(?:{_FOUND}|{_ALLEGED})(?=\s*(?:\d{{4}}|[{YEAR_DIGIT_CHARS}]{{4}})\s*年)"
    # an allegation or a finding that opens on the accused and the time of the act (指控被告人张某于
    # 2017年2月15日…, which a court adopts without findings of its own: 上述事实…足以认定; 经二审审理
    # 查明上诉人张某分别于2016年9月3日…); not the charge and the day of the indictment
    # (指控被告人张某犯贩卖毒品罪于2017年4月19日向本院提起公诉)
    rf"|(?:{_FOUND}|{_ALLEGED})(?=(?:被告人|被告|上诉人|原审被告人)(?:(?!犯)[^，,。；;]){{1,10}}?于\s*(?:\d{{4}}|[{YEAR_DIGIT_CHARS}]{{4}})\s*年)",
    re.M
)
# findings told item by item, each with its evidence (一、2015年4月24日…。对于上述事实，…足以认定。
# 二、2015年5月某日…): an item's number at a sentence's start, in the form it is written
ITEM = re.compile(r"(?:^|(?<=[\s。：:；;]))(?P<open>[（(]?)(?P<n>[一二三四五六七八九十]{1,3}|\d{1,2})(?P<close>[、）)])")
# 此致, an indictment's closing: past it only the addressee and the signature (whose date, its
# 年 garbled, must not pass for a month-day offence date when OCR lost 本院认为 before it)
# Each word found through a line break a printed page put inside it (本院认\n为).
_FACTS_END_WORDS = ("上述事实", "认定上述事实", "以上事实", "本院认为", "证据如下", "有下列证据", "下列证据", "以下证据",
                    "如下证据", "原审认为", "原判认为", "判决认定上述事实",
                    # the prosecution's legal opinion after its allegation, where the defence's account follows
                    "公诉机关认为", "公诉机关据此认为")
FACTS_END = re.compile(
    "|".join(map(broken, _FACTS_END_WORDS)) + r"|证\n?据\n?有[：:]"
    # the court's answer to an argument (关于上诉人某某上诉称…的上诉理由，经查，…): reasoning, whose
    # dates retell the findings in the court's own words
    r"|关于[^。；;：:]{0,40}?(?:" + "|".join(map(broken, ("上诉理由", "辩护意见", "辩解意见", "上诉意见", "抗诉意见", "抗诉理由"))) + ")"
    r"|(?m:^\s*此\s*致\s*$)"
)
# Who a clause of the findings is about when it opens on someone other than an accused: a
# victim, a witness, the police, relatives, or a pseudonym (张某1) — see OffenceDates._told_of_another
OTHER_SUBJECT = re.compile(
    r"(?:[一二三两四五六七八九十\d]+名)?(?:被害人|受害人|被害单位|证人|民警|公安民警|公安人员|公安机关|其亲属|亲属|家属|其家属)"
    # an organisation or its staff (国和公司股东变更为…, 该公司…, 烟草专卖局工作人员…): no accused's act
    rf"|[“\"‘「]?(?![在于向对把被将从到其为以由经])[{HAN}]{{1,14}}?(?:公司|单位|银行|派出所|医院|学校|村委会|居委会|政府|局|站|中心|部|经营处|管理处|办事处)"
    r"(?:工作人员)?(?![的里内处])"
    rf"|(?![在于向对把被将从其该此一每])[{HAN}]某(?:某|[甲乙丙丁戊己庚辛壬癸]|\d{{1,2}})?(?![某\d])"
)
# An authority as the subject of a clause (公安机关经视频研判…, 方城县食品药品监督管理局执法人员于…对该店检查,
# 本院曾于…决定…): what it did is a measure or an inquiry, never an accused's act. The words before
# the authority's name hold no verb or preposition that would make it an object (遇到民警, 向民警);
# a clause that opens on 经 names the authority that did it (经某县公安局交通警察大队认定).
AUTHORITY = re.compile(
    rf"经?(?:(?![在于向对把被将从到其为以由经与和同遇见找叫让请给称])[{HAN}]){{0,16}}?"
    r"(?:民警|警察|交警|公安人员|侦查人员|执法人员|执行人员|执行法官|稽查人员|办案人员|公安机关|侦查机关|检察机关|监察机关|本院|人民法院|人民检察院"
    r"|公安局|公安分局|派出所|治安大队|刑警大队|刑侦大队|禁毒大队|稽查队|监督管理局|执法局)"
)
# an accused named by the role word alone (…被被告人殴打): the sentence is about an accused
ACCUSED_WORD = re.compile(r"被告人|上诉人|犯罪嫌疑人")
# the people an earlier sentence named, taken up together (上述六人再次…, 该二人, 二被告人, 上述被告人)
TAKEN_UP = re.compile(r"(?:上述|以上|前述|该)(?:[一二三两四五六七八九十\d]+[人名]|人员|被告人)|[二两三四五六七八九十\d]名?被告人")
# a date that qualifies a thing, not an act's time (索要2019年5月份的生活费, 拖欠2018年度的工资); the
# time of day or a day in it is an act's time still (2019年5月的一天, 2016年的一个晚上)
ATTRIBUTIVE_DATE = re.compile(r"份?度?的(?!一天|一日|某天|某日|某晚|一个|一晚|晚上|夜里|夜晚|上午|下午|中午|凌晨|傍晚|深夜|早上|时候|期间)")
# a date written as the day someone died (后马某经医院抢救无效于2018年3月25日死亡): a consequence's,
# never the act's, which the findings date apart
DIED_AFTER_DATE = re.compile(r"[\d时许分点凌晨上下中午晚间左右]{0,8}(?:经抢救无效|抢救无效)?(?:死亡|身亡|去世|病故)")
# a date written as someone's birth, 生 alone (1963年9月生，1990年生人), not 生产 or 生活
BORN_AFTER_DATE = re.compile(r"生(?:人)?(?=[，,。；;：:、）)\s]|$)")
# a thing found on or seized from someone (当场在其卧室衣柜内查获毒品, 后在该民宅内搜出毒品4小包)
SEIZED = re.compile(r"查获|搜出|搜查出|缴获|起获|搜缴")
# an offence of possession (非法持有毒品罪, 持有假币罪, 非法持有枪支、弹药罪): committed on every day
# the thing was held, the day it was seized among them
POSSESSION = re.compile(r"持有")
# the charges of a continuing offence (继续犯): it lasts as long as the unlawful state it creates —
# the person held, the judgment defied, the second marriage kept, the dependant abandoned, the
# offender hidden, the thing possessed — and ends only with that state (Criminal Law art. 89)
CONTINUING_OFFENCE = re.compile(r"非法拘禁|拒不执行判决|拒不执行[^罪]{0,6}裁定|重婚|遗弃|窝藏|持有")
# the term a permit, a licence or a contract runs for (采伐期限为2016年8月5日至2016年12月31日, 租赁期限自…,
# 有效期至…): a thing's validity, not an act's time; searched up to the date
TERM_OF_VALIDITY = re.compile(r"(?:期限|有效期限?|有效期间)(?:为|是|自|从|至)?\s*$")
# …with the birth word before it (被害人甲（出生于2001年3月9日）): searched up to the date
BORN_BEFORE_DATE = re.compile(r"(?:出生于|生于|出生日期(?:为|[：:])?|出生时间为)\s*$")
_NOT_OFFENCE_WORDS = ("出生|被刑事拘留|被拘留|被逮捕|逮捕|取保候审|被抓获|抓获|归案|投案|报案|报警|立案|鉴定|作出|判决"
                      "|刑满释放|行政拘留|起诉|公诉|审查|移送|监视居住|出具|受理|审理|开庭|宣判|送达").split("|")
# a hard line break OCR left inside the word (出\n生) does not hide it
NOT_OFFENCE_AFTER = re.compile(
    r"[^，,。；;]{0,14}?(?:" + "|".join(map(broken, _NOT_OFFENCE_WORDS)) + ")"
)
# A bracket after a name (张某（…）): a co-offender's note when it holds a phrase of the
# lexicon's separate_trial group (extractors/reading/lexicon.yaml).
BRACKET = re.compile(r"[（(](?P<note>[^（）()]{1,80})[）)]")
SEPARATE_LEAD = re.compile(rf"(?:另案|分案)(?:处理|起诉|审理)的(?:同案人|同案犯)?(?P<minor>未成年人|未成年犯罪嫌疑人)?"
                           rf"(?P<name>{PSEUDONYM}|[{HAN}]{{2,3}}?(?=[在于将等和与及、，,。；;（(\s]|实施|一起|共同|$))")
MINOR_NOTE = re.compile(r"(?P<minor>未成年人|未满十八周岁|不满十八周岁|未满十六周岁|不满十六周岁|未满十四周岁|不满十四周岁"
                        r"|未[达到]刑事责任年龄)"
                        r"|(?P<adult>已成年|已满十八周岁|成年人)")
# What the court says of the main conduct when acts fall both sides of the 18th birthday
# (Measures art. 4 para. 2): "主要犯罪行为发生在其未满十八周岁时", "…系成年后所为" — a printed line
# break between any two glyphs of it, between its words too (…年满十八周岁\n以后).
MAIN_CONDUCT = re.compile(
    broken("主要") + "\n?(?:" + broken("犯罪") + "\n?)?(?:" + broken("行为") + "|" + broken("事实") + r")[^。；;]{0,16}?"
    r"(?P<when>" + "|".join(map(broken, ("未满十八周岁", "不满十八周岁", "未成年", "年满十八周岁", "已满十八周岁",
                                          "满十八周岁", "成年"))) + ")"
    r"\n?(?P<tail>" + "|".join(map(broken, ("时", "以前", "之前", "前", "以后", "之后", "后", "期间"))) + ")?"
)

# ------------------------------------------------------------ sentences (判决主文)
# the note that counts a probation (（缓刑考验期限，从判决确定之日起计算。）): some sentence of the
# operative part is suspended
PROBATION_NOTE = re.compile(broken("缓刑考验期") + r"限?[，,]?\s*" + broken("从判决确定之日起计算"))
# 判决如下 / 裁定如下 / 决定如下, a line break anywhere inside; or with one glyph OCR lost or
# misread (”决如下, 判天如下) where a colon or the line's end follows, as it follows the phrase
# (a near miss without one, 判决如不服, is another phrase)
_OPERATIVE = r"(?:判\s*决|裁\s*定|决\s*定)\s*如\s*下"
# The court's own reasoning: its decision follows it. A retrial or an appeal quotes the judgment
# it reviews, operative part included, under 原审认为 / 原判认为 before it.
REASONING_START = re.compile(r"本\s*院\s*认\s*为")
OPERATIVE_START = regex.compile(rf"(?e){_OPERATIVE}[：:]?|{approximately(_OPERATIVE)}(?=\s*[：:]|[ \t]*\n)")
# Who a sentence in the operative part is for: the name between a role word (OCR may keep only
# 告人 of 被告人) or an item number and 犯 / 以 — read for names the party paragraphs do not know;
# past its first glyph, a name may hold one OCR read as a digit or a letter (肖7豪).
SENTENCED_NAME = re.compile(rf"(?:被?告人|被告|[一二三四五六七八九十]、)\s*(?P<name>[{HAN}][{HAN}0-9A-Za-z]{{1,3}}?)(?=犯|以)")
# The statutes a judgment applies, the sentence that ends in 判决如下: where OCR dropped that
# phrase (a short line, a seal over it), the operative part begins after this sentence — after
# its comma, or after what is left of the phrase up to the line's end (之规定天六知下).
STATUTE_BASIS = re.compile(r"依\s*照[^。]{4,300}?之\s*规\s*定(?:[，,]|[^。\n]{1,8}\n)")
OPERATIVE_END = re.compile(
    r"如不服本|本判决为终审判决|本裁定为终审裁定|审\s*判\s*长|审\s*判\s*员|人民陪审员|书\s*记\s*员|"
    + STATUTE_APPENDIX.pattern
)
# a line break can fall inside a term ("宣告缓刑二年\n六个月"): stopping at it would read a shorter, valid term
TERM = (rf"(?:(?:\d+|[{CN_NUM}]+)\s*年(?:\s*(?:零|又)?\s*(?:\d+|[{CN_NUM}]+)\s*个?\s*月)?|(?:\d+|[{CN_NUM}]+)\s*个?\s*月)"
        rf"(?:\s*(?:零|又)?\s*(?:\d+|[{CN_NUM}]+)\s*[天日])?")
# The principal penalty and its term. 有期徒刑 with one glyph lost (有徒刑, 期徒刑) is still a
# fixed term, since no other penalty has 徒刑 and a term — 无期徒刑 is tried first; 拘役 with
# its first glyph misread is still criminal detention: no other penalty ends in 役. Both are
# read through a repair (reasons.PENALTY_REPAIRED).
PRINCIPAL = regex.compile(
    rf"(?e)(?P<life>无期徒刑)"
    rf"|(?P<kind>有期徒刑|拘役|管制|(?<!无){approximately(broken('有期徒刑'), 'd<=1')}|{GLYPH}役)\s*(?P<term>{TERM})"
    rf"(?:[，,、\s]*(?:(?:宣\s*告\s*)?缓\s*刑|缓\s*期)\s*(?P<prob>{TERM})(?:执\s*行)?)?"
    r"|(?P<death>死刑)(?:[，,]\s*缓期二年执行)?"
    r"|(?P<exempt>免予刑事处罚|免除刑事处罚|免于刑事处罚)|(?P<acquit>无罪)"
)
# after a term without probation, a second term behind a few characters that are not a
# numeral: 缓刑 (or 宣告缓刑) that OCR garbled (缓删三年, 绶刑三年) — reading on would give
# an unsuspended sentence. 并处罚金人民币… and 剥夺政治权利… are longer and name no 年/月.
GARBLED_PROBATION = re.compile(rf"[，,、\s]*[^，,、。；;\s\d{CN_NUM}（()自从至起\x00-\x7f]{{1,4}}"
                               rf"\s*(?:\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*(?:年|个?\s*月)")
# a numeral right after a term's 年 or 月: the rest of the term was lost at a line end or to a
# dropped character (缓刑二年二 / 罚金…, for 二年二个月) — the term read is too short. An item
# number on the next line (…有期徒刑三年 / 二、被告人…) is not one.
TERM_CUT_OFF = re.compile(rf"\s*(?:\d|[{CN_NUM}])(?![{CN_NUM}\d]*[、.．])")
# a fine as the only penalty; 单处罚金 with one glyph lost is read through a repair (never one
# misread: 并处罚金 follows every other penalty)
FINE_ONLY = regex.compile(rf"(?e)单\s*处\s*罚\s*金|判\s*处\s*罚\s*金"
                          rf"|(?P<repaired>单\s*{approximately(broken('处罚金'), 'd<=1')})")
POLITICAL = re.compile(rf"剥夺政治权利(?P<term>{TERM})?")
# 决定执行, 决定合并执行 or 合并执行 before a penalty (its term unreadable after it: no sentence), or
# what OCR left of 决定执行 with one glyph lost or misread (决定行, 六定执行) before the penalty it
# introduces: read through a repair, kept only when the term it gives is at least every term
# read before it, as a combined sentence's is
COMBINED = regex.compile(rf"(?e)决定(?:合并)?执行|合并执行(?=\s*(?:有期|拘役|管制|无期))"
                         rf"|(?P<repaired>{approximately(broken('决定执行'))})(?=\s*(?:有期|拘役|管制))")
# An item of the operative part that opens on an accused (二、被告人…, 三、对被告人…, 三、上诉人…),
# whatever OCR left of the role word and the name (二、被告 / 诈骗罪…, 三、被亡人潘某…): the
# sentence in it is that person's, never the one named in the item before.
ACCUSED_ITEM = re.compile(r"(?<=\n)[一二三四五六七八九十]{1,3}\s*[、.．]\s*(?=对?\s*(?:被|原\s*审|上\s*诉\s*人))")
# a clause quoting an earlier judgment to set it aside or keep it: its sentence is no outcome. It
# ends at its 。 or ；, or where the next item opens (\n二、, or 二、 after a blank as a published
# text runs on) — not at a line break, which a printed page puts anywhere (…刑事附\n带民事判决…)
SET_ASIDE = re.compile(r"(?:撤销|维持)[^。；;]*?(?:[。；;]|(?=\s+[一二三四五六七八九十]{1,3}、)|$)")
DISMISS_APPEAL = re.compile(r"驳回上诉|驳回抗诉|维持原判")
NON_PROSECUTION = re.compile(r"(?:决定)?对(?:被不起诉人)?(?P<who>[^，,。]{1,8}?)(?P<cond>附条件)?不起诉")
TEST_PERIOD = re.compile(rf"考验期(?:限)?(?:为)?\s*(?P<term>{TERM})")
NEGLIGENT_CHARGES = ("交通肇事罪", "玩忽职守罪", "失火罪", "重大责任事故罪", "医疗事故罪")
CHARGE = re.compile(rf"犯(?P<charge>[{HAN}、]{{2,14}}?罪)")
