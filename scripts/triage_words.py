"""Rebuild the word list triage judges a text layer by (extractors/triage_words.txt).

    .venv/bin/python -m scripts.triage_words [--min-count 30] [--out extractors/triage_words.txt]

The list is jieba's own dictionary (jieba 0.42.1, MIT licence) cut to its words of two or more
characters counted at least `--min-count` times in jieba's corpus: 59,687 words, loaded in
about 0.07 s against 0.55 s (and 10 MiB against 61) for the whole dictionary, which weighs on
every process that reads one file. Cut so, 400-character blocks of the real judgments
beside the clone keep 42 % or more of their CJK characters inside words (mean 72 %), shuffled
blocks at most 17 %, both either side of triage.MIN_WORD_COVERAGE (30 %); the command
prints those figures for the cut it writes when the corpus is beside the clone.
"""
from __future__ import annotations

import argparse
import logging
import random
import statistics
from pathlib import Path

import jieba

from extractors.triage import WORDS_PATH, is_cjk, word_coverage

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
BLOCK = 400


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-count", type=int, default=30)
    parser.add_argument("--out", type=Path, default=WORDS_PATH)
    args = parser.parse_args(argv)
    source = Path(jieba.__file__).with_name("dict.txt")
    kept = []
    for line in source.read_text("utf-8").splitlines():
        word, count = line.split(" ")[:2]
        if len(word) > 1 and int(count) >= args.min_count:
            kept.append(f"{word} {count}")
    args.out.write_text("\n".join(kept) + "\n", "utf-8")
    print(f"{len(kept)} words of {source} counted at least {args.min_count} times -> {args.out}")
    texts = [p.read_text("utf-8") for p in sorted(CORPUS.glob("*/*.txt"))]
    blocks = [t[i:i + BLOCK] for t in texts for i in range(0, len(t) - BLOCK, BLOCK)]
    blocks = [b for b in blocks if sum(map(is_cjk, b)) >= 20]
    if blocks:
        jieba.setLogLevel(logging.WARNING)
        rng = random.Random(0)
        real = [word_coverage(b) for b in blocks]
        shuffled = [word_coverage("".join(rng.sample(b, len(b)))) for b in blocks]
        print(f"{len(blocks)} blocks of {len(texts)} texts under {CORPUS}: real min {min(real):.2f} "
              f"mean {statistics.mean(real):.2f}; shuffled max {max(shuffled):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
