"""The confusable-glyph model: which character an OCR engine writes for which, and how often.

Learned, not listed: OCR output is aligned with the text it should have read
(`align`), and every one-for-one substitution is counted per engine and typeface
(`ConfusionTable.learn`). The table is data (`confusions.tsv`: engine, typeface, read,
meant, count), rebuilt by `scripts/learn_confusions.py` from the scan/truth pairs that
`fengcun ocr-eval` reads. Readers ask it one question: is `read` a glyph engines are
seen to write for `meant` (`ConfusionTable.confusable`)? A reading repaired through a
confusion the table knows is still a repair — its value's confidence is lowered — but
one through a pair never seen is not made at all.
"""
from __future__ import annotations

import csv
import difflib
import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extractors.reading.normalise import compact

TABLE_PATH = Path(__file__).with_name("confusions.tsv")
_COLUMNS = ("engine", "typeface", "read", "meant", "count")


def align(reference: str, hypothesis: str) -> Counter[tuple[str, str]]:
    """(read, meant) for every character OCR wrote in place of another, one for one, after
    the normalisation every comparison uses (layout and full-width forms do not count).
    Runs of unequal length (a glyph split in two, two merged) are not one-for-one and are
    left out: they say nothing about which glyph looks like which."""
    ref, hyp = compact(reference), compact(hypothesis)
    found: Counter[tuple[str, str]] = Counter()
    matcher = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            found.update((hyp[j], ref[i]) for i, j in zip(range(i1, i2), range(j1, j2)))
    return found


@dataclass
class ConfusionTable:
    """Counts of (engine, typeface, read, meant)."""

    counts: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)

    def learn(self, engine: str, typeface: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Add the substitutions of (reference, hypothesis) pairs read by `engine` on `typeface`."""
        for reference, hypothesis in pairs:
            for (read, meant), n in align(reference, hypothesis).items():
                self.counts[engine, typeface, read, meant] += n

    def confusable(self, read: str, meant: str, *, engine: str | None = None) -> int:
        """How often `read` was seen written for `meant` (by `engine`, or by any engine)."""
        return sum(n for (e, _, r, m), n in self.counts.items()
                   if r == read and m == meant and (engine is None or e == engine))

    def readings_of(self, meant: str, *, at_least: int = 1) -> set[str]:
        """The glyphs seen written for `meant` at least `at_least` times, over all engines."""
        totals: Counter[str] = Counter()
        for (_, _, read, m), n in self.counts.items():
            if m == meant:
                totals[read] += n
        return {r for r, n in totals.items() if n >= at_least}

    def save(self, path: Path = TABLE_PATH) -> None:
        """Write the table, most frequent first; atomically (a half-written table is no model)."""
        tmp = path.with_suffix(path.suffix + ".tmp")
        with tmp.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter="\t", lineterminator="\n")
            writer.writerow(_COLUMNS)
            for (engine, typeface, read, meant), n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
                writer.writerow((engine, typeface, read, meant, n))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path = TABLE_PATH) -> ConfusionTable:
        table = cls()
        with path.open(encoding="utf-8", newline="") as f:
            rows = csv.reader(f, delimiter="\t")
            if tuple(next(rows, ())) != _COLUMNS:
                raise ValueError(f"{path}: expected the header {' '.join(_COLUMNS)}")
            for line, row in enumerate(rows, 2):
                if len(row) != len(_COLUMNS) or len(row[2]) != 1 or len(row[3]) != 1 or not row[4].isdigit():
                    raise ValueError(f"{path}, line {line}: expected engine, typeface, one read and one meant "
                                     "character, and a count")
                table.counts[row[0], row[1], row[2], row[3]] += int(row[4])
        return table


@functools.cache
def table() -> ConfusionTable:
    """The table shipped with fengcun."""
    return ConfusionTable.load()
