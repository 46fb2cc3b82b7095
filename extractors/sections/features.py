"""Features of one line of a judgment for the section labeller, chosen to survive OCR:
the line's first characters, which anchor bigrams it holds anywhere (a misread character
spoils one bigram, not the line), its length, numerals and dates, where it sits in the
document, and the same cues of its neighbours."""
from __future__ import annotations

import re

# bigrams of the phrases that open, close or fill each section (titles, role words,
# procedure words, 经审理查明, 本院认为, 判决如下, penalty words, signatories, statute quotes)
ANCHORS = frozenset("""
法院 判决 决书 裁定 定书 刑初 刑终 公诉 机关 检察 察院 被告 告人 上诉 原审 法定 代理 辩护 律师 近亲 出生
汉族 住址 户籍 文化 羁押 逮捕 拘留 取保 候审 起诉 诉书 指控 提起 立案 受理 合议 开庭 审理 终结 到庭 参加
查明 事实 经审 上述 证据 证实 足以 认定 供述 陈述 笔录 鉴定 本院 认为 构成 成立 从轻 减轻 依照 规定 之规
如下 判处 有期 徒刑 拘役 管制 缓刑 罚金 免予 刑期 折抵 执行 不服 本判 接到 副本 正本 驳回 维持 原判
审判 判长 判员 陪审 书记 记员 助理 速录 附： 附件 条文 法律 刑法 第一 第二 第三 第六 第七 款规
""".split())
CN_DATE = re.compile(r"^[〇○零一二三四五六七八九十OＯ0]{2,4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$")
ARABIC_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
ARTICLE = re.compile(r"^第[一二三四五六七八九十百零]+条")


def _own(line: str, index: int, count: int) -> list[str]:
    text = re.sub(r"\s+", "", line)
    out = [f"len={min(len(text) // 6, 6)}", f"pos={min(10 * index // max(count, 1), 9)}"]
    out += [f"p1={text[:1]}", f"p2={text[:2]}", f"p3={text[:3]}"]
    out += [f"a={text[k:k + 2]}" for k in range(len(text) - 1) if text[k:k + 2] in ANCHORS]
    if CN_DATE.match(text):
        out.append("cn_date_line")
    if ARABIC_DATE.search(text):
        out.append("arabic_date")
    if ARTICLE.match(text):
        out.append("article_start")
    if text.endswith(("。", "：", ":")):
        out.append(f"end={text[-1]}")
    if not text:
        out.append("empty")
    return out


# cues whose having been seen earlier in the document tells where a line stands
# (after 本院认为 a paragraph of 辩护意见 is reasoning, not findings): name → (bigram, within the first N characters)
LANDMARKS = {"facts": ("查明", 14), "court_holds": ("认为", 6), "verdict": ("如下", 200), "signed": ("审判", 3)}


def _landmarks(lines: list[str]) -> list[list[str]]:
    seen: list[str] = []
    out: list[list[str]] = []
    for line in lines:
        out.append([f"after={name}" for name in seen])
        text = re.sub(r"\s+", "", line)
        seen += [name for name, (bigram, within) in LANDMARKS.items() if name not in seen and bigram in text[:within]]
    return out


def line_features(lines: list[str]) -> list[list[str]]:
    """One feature list per line; ±1 neighbours' cues carry a prefix; landmarks seen before."""
    own = [_own(line, i, len(lines)) for i, line in enumerate(lines)]
    landmarks = _landmarks(lines)
    out: list[list[str]] = []
    for i, feats in enumerate(own):
        row = ["bias", *feats, *landmarks[i]]
        for offset in (-1, 1):
            j = i + offset
            if 0 <= j < len(own):
                row += [f"{offset:+d}:{f}" for f in own[j] if f.startswith(("a=", "p2=", "len=", "cn_date"))]
            else:
                row.append(f"{offset:+d}:edge")
        out.append(row)
    return out
