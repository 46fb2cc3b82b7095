"""Anchor phrases found by approximate matching: a misread glyph lowers a score, it does not hide a word.

Each phrase of the lexicon becomes a pattern for the `regex` module: a line break may
stand between any two of its characters at no cost (a scan breaks lines wherever the
page ends), and a phrase of four characters or more may be found with one glyph
misread, lost or added (`{e<=1}`). A shorter phrase is found only as written: one
glyph off a two-character word is another word (拘留 / 扣留). What matched, and at
what cost, comes back with the match, so the caller can lower the confidence of the
value the phrase announces instead of trusting a repaired reading.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex
import yaml

from extractors.reading import confusions

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
# the shortest phrase that may be found with one glyph off
FUZZY_FROM = 4
# the confidence of a phrase found with one glyph off: below the extractor's threshold, so
# what it alone decides goes to a reviewer; a little higher where the glyph read is one the
# confusion table has seen engines write for the one meant (extractors/reading/confusions.tsv)
FUZZY_CONFIDENCE = 0.6
KNOWN_CONFUSION_CONFIDENCE = 0.75
# a fuzzy match never takes punctuation for a glyph of the phrase: a clause boundary is not a misreading
_PUNCTUATION = set("，,。．.；;：:、！？!?（）()“”\"")


@dataclass(frozen=True)
class Anchor:
    """One phrase found in a text: where, which phrase of the lexicon, and at what cost."""

    start: int
    end: int
    phrase: str
    cost: int          # glyphs misread, lost or added (line breaks are free)
    known: bool = False   # the one glyph misread is a confusion the table knows

    @property
    def confidence(self) -> float:
        if self.cost == 0:
            return 1.0
        return KNOWN_CONFUSION_CONFIDENCE if self.known else FUZZY_CONFIDENCE


def _pattern(phrase: str, fuzzy: bool) -> regex.Pattern[str]:
    body = r"\n?".join(regex.escape(c) for c in phrase)
    if fuzzy and len(phrase) >= FUZZY_FROM:
        body = f"(?:{body}){{e<=1}}"
    return regex.compile(f"(?e){body}")


class Lexicon:
    """The anchor phrases by group (custody, release, prior_penalty, age_minor…)."""

    def __init__(self, groups: dict[str, list[str]], exact: frozenset[str] = frozenset()) -> None:
        self.groups = {name: tuple(sorted(phrases, key=len, reverse=True)) for name, phrases in groups.items()}
        self._patterns = {(name, p): _pattern(p, name not in exact)
                          for name, phrases in self.groups.items() for p in phrases}

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> Lexicon:
        """Groups as lists of phrases, or as {exact: true, phrases: […]} for groups found only as written."""
        data = yaml.safe_load(path.read_text("utf-8"))
        groups: dict[str, list[str]] = {}
        exact: set[str] = set()
        for name, value in (data or {}).items() if isinstance(data, dict) else ():
            if isinstance(value, dict) and isinstance(value.get("phrases"), list):
                groups[str(name)] = [str(p) for p in value["phrases"]]
                if value.get("exact"):
                    exact.add(str(name))
            elif isinstance(value, list):
                groups[str(name)] = [str(p) for p in value]
            else:
                raise ValueError(f"{path}: group {name!r} must be a list of phrases or {{exact, phrases}}")
        if not groups:
            raise ValueError(f"{path}: expected a mapping of group name to a list of phrases")
        return cls(groups, frozenset(exact))

    def find(self, group: str, text: str, start: int = 0, end: int | None = None) -> list[Anchor]:
        """Every phrase of `group` in text[start:end], left to right; where two overlap, the
        cheaper one, then the longer one, wins (an exact 被逮捕 over a fuzzy 依法逮捕)."""
        end = len(text) if end is None else end
        found: list[Anchor] = []
        for phrase in self.groups[group]:
            for m in self._patterns[group, phrase].finditer(text, start, end, overlapped=False):
                cost = sum(m.fuzzy_counts)
                if cost and _PUNCTUATION & set(m.group(0)):
                    continue
                found.append(Anchor(m.start(), m.end(), phrase, cost, _known_confusion(m.group(0), phrase)))
        found.sort(key=lambda a: (a.cost, -(a.end - a.start), a.start))
        chosen: list[Anchor] = []
        for a in found:
            if all(a.end <= b.start or b.end <= a.start for b in chosen):
                chosen.append(a)
        return sorted(chosen, key=lambda a: a.start)

    def search(self, group: str, text: str, start: int = 0, end: int | None = None) -> Anchor | None:
        """The first phrase of `group` in text[start:end], or None."""
        found = self.find(group, text, start, end)
        return found[0] if found else None


def _known_confusion(read: str, phrase: str) -> bool:
    """Whether `read` is `phrase` with one glyph substituted by one the confusion table has seen
    written for it."""
    read = read.replace("\n", "")
    if len(read) != len(phrase):
        return False
    pairs = [(r, p) for r, p in zip(read, phrase) if r != p]
    return len(pairs) == 1 and confusions.table().confusable(*pairs[0]) > 0


#: the lexicon shipped with fengcun (extractors/reading/lexicon.yaml)
LEXICON = Lexicon.load()
