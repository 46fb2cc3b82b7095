"""Retrain the second reader: `python -m scripts.train_second_reader [--dossiers N] [--seed S]`.

The second reader (extractors.second_reader) is a spaCy entity recogniser over character
tokens that marks birth dates (BIRTH) and offence dates (OFFENCE). It learns from the
generator only: every paragraph of a synthetic dossier that holds a date, labelled from the
plan itself (the birth date a party paragraph prints, each event's date phrase as printed),
never from what the rule-based reader makes of it, so the two readers fail differently. No
real judgment is trained on: every real set stays a measurement of it.

A paragraph is also trained in an OCR-like copy: characters outside the labelled dates
replaced or dropped, punctuation before a date lost (经审理查明2019年…), a line break inside a
sentence, the date glyphs OCR confuses (日/曰, 〇/O); and rephrased as court documents also
write the same facts (a birth date's cue words swapped, the findings' opening words before an
act's date, several paragraphs run together as one line). Writes the pipeline to
extractors/second_reader/model, with its scores on another seed's dossiers in its meta.json
(spaCy's own). Its baseline on real judgments, beside the rules: scripts.score_second_reader.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.tokens import Doc, DocBin

from extractors.second_reader import CONFIG, LABELS, MODEL, holds_a_date
from synth.archive import plan_archive
from synth.documents import ID_BREAK_END, ID_BREAK_START, write_dossier
from synth.numerals import arabic_date, cn_date

Example = tuple[str, list[tuple[int, int, str]]]
PUNCTUATION_BEFORE = re.compile(r"[，。：；、]")
DATE_GLYPHS = {"日": "曰", "〇": "O", "年": "午", "月": "丹"}


def _find_all(text: str, needle: str) -> Iterator[int]:
    start = text.find(needle)
    while start >= 0:
        yield start
        start = text.find(needle, start + 1)


def _spans(text: str, wanted: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Every occurrence of each (phrase, label), longest first, none overlapping another."""
    taken: list[tuple[int, int, str]] = []
    for phrase, label in sorted(set(wanted), key=lambda w: -len(w[0])):
        for start in _find_all(text, phrase):
            end = start + len(phrase)
            if not any(s < end and start < e for s, e, _ in taken):
                taken.append((start, end, label))
    return sorted(taken)


def synthetic_paragraphs(dossiers: int, seed: int) -> list[Example]:
    """Each paragraph with a date of every document of `dossiers` generated dossiers."""
    out: list[Example] = []
    for plan in plan_archive(dossiers, seed, defects_rate=0.3, variants_rate=0.5):
        documents, _ = write_dossier(plan)
        wanted = [(e.text, "OFFENCE") for e in plan.events if holds_a_date(e.text)]
        for p in plan.parties:
            if p.written_birth is not None:
                wanted += [(cn_date(p.written_birth), "BIRTH"), (arabic_date(p.written_birth), "BIRTH")]
        for document in documents:
            for _style, block in document.blocks:
                text = block.replace(ID_BREAK_START, "").replace(ID_BREAK_END, "")
                if holds_a_date(text):
                    out.append((text, _spans(text, wanted)))
    return out


Segments = list[tuple[str, str | None]]   # the paragraph in pieces, each labelled or not
BIRTH_BEFORE = re.compile(r"(?:出生于|出生日期[：:]?|生于)$")
BIRTH_AFTER = re.compile(r"^(?:出生|生)(?=[，,。；;（(])")
# how a party paragraph writes a birth date, as the national format and the generator write it
BIRTH_FORMS = (("", "出生"), ("", "生"), ("出生于", ""), ("出生日期", ""), ("出生日期：", ""), ("生于", ""))
# what opens the findings (issue 21: an offence date runs straight on after them, punctuation or not)
FINDINGS_OPENINGS = ("经审理查明", "公诉机关指控", "检察院指控", "另查明", "经查", "本院查明")


def _segments(example: Example) -> Segments:
    text, spans = example
    out: Segments = []
    at = 0
    for s, e, label in spans:
        out += [(text[at:s], None), (text[s:e], label)]
        at = e
    return out + [(text[at:], None)]


def _example(segments: Segments) -> Example:
    text, spans = "", []
    for piece, label in segments:
        if label is not None:
            spans.append((len(text), len(text) + len(piece), label))
        text += piece
    return text, spans


def rephrased(example: Example, rng: random.Random) -> Example:
    """The same facts in the other ways court documents write them: a birth date's cue words
    swapped (出生于X / X出生 / X生 / 出生日期X), and an offence date that opens a paragraph put
    after the words that open the findings (half of them), with or without the comma between."""
    seg = _segments(example)
    for i, (piece, label) in enumerate(seg):
        if label == "BIRTH" and 0 < i < len(seg) - 1:
            before, after = rng.choice(BIRTH_FORMS)
            seg[i - 1] = (BIRTH_BEFORE.sub("", seg[i - 1][0]) + before, None)
            seg[i + 1] = (after + BIRTH_AFTER.sub("", seg[i + 1][0]), None)
    if len(seg) > 1 and seg[0][0] == "" and seg[1][1] == "OFFENCE" and rng.random() < 0.5:
        seg[0] = (rng.choice(FINDINGS_OPENINGS) + rng.choice(("，", "：", "")), None)
    return _example(seg)


def run_on(examples: list[Example], rng: random.Random) -> list[Example]:
    """Consecutive paragraphs run together as one, as a published judgment's text often is (one
    line for the whole document): a date's place in a paragraph says nothing by itself."""
    out, i = [], 0
    while i < len(examples):
        n = rng.randint(2, 4)
        out.append(_example([piece for ex in examples[i:i + n] for piece in _segments(ex)]))
        i += n
    return out


def ocr_like(example: Example, rng: random.Random) -> Example:
    """A copy read as OCR reads: the labelled dates keep their meaning, the rest is noisy."""
    text, spans = example
    inside = {i for s, e, _ in spans for i in range(s, e)}
    starts = {s for s, _, _ in spans}
    chars: list[str] = []
    moved: dict[int, int] = {}
    for i, ch in enumerate(text):
        moved[i] = len(chars)
        if i in inside:
            chars.append(DATE_GLYPHS[ch] if ch in DATE_GLYPHS and rng.random() < 0.03 else ch)
            continue
        if i + 1 in starts and PUNCTUATION_BEFORE.fullmatch(ch) and rng.random() < 0.3:
            continue     # the comma before a date lost
        roll = rng.random()
        if roll < 0.02:
            chars.append(rng.choice(text))
        elif roll < 0.03:
            continue
        else:
            chars.append(ch)
        if rng.random() < 0.004:
            chars.append("\n")
    moved[len(text)] = len(chars)
    return "".join(chars), [(moved[s], moved[e - 1] + 1, label) for s, e, label in spans]


def _docbin(nlp: spacy.Language, examples: list[Example]) -> DocBin:
    docs = DocBin()
    for text, spans in examples:
        doc: Doc = nlp.make_doc(text)
        doc.ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
        docs.add(doc)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=600)
    parser.add_argument("--dev-dossiers", type=int, default=80)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--dev-seed", type=int, default=4343)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    clean = synthetic_paragraphs(args.dossiers, args.seed)
    varied = [rephrased(example, rng) for example in clean]
    train_set = clean + run_on(varied, rng) + [ocr_like(example, rng) for example in varied]
    dev_clean = synthetic_paragraphs(args.dev_dossiers, args.dev_seed)
    dev_varied = [rephrased(example, rng) for example in dev_clean[::2]]
    dev_set = dev_clean + run_on(dev_varied, rng) + [ocr_like(example, rng) for example in dev_varied]
    counts = {label: sum(1 for _, spans in train_set for *_, lab in spans if lab == label) for label in LABELS}
    print(f"{len(train_set)} training paragraphs ({counts}), {len(dev_set)} development paragraphs")
    nlp = spacy.util.load_model_from_config(spacy.util.load_config(CONFIG), auto_fill=True)   # its tokenizer
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _docbin(nlp, train_set).to_disk(work / "train.spacy")
        _docbin(nlp, dev_set).to_disk(work / "dev.spacy")
        train(CONFIG, work / "out", overrides={"paths.train": str(work / "train.spacy"),
                                               "paths.dev": str(work / "dev.spacy")})
        _describe(work / "out" / "model-best", args)
        _replace(MODEL, work / "out" / "model-best")


def _replace(model: Path, trained: Path) -> None:
    """Put the trained pipeline in the model's place by renames: a retrain killed on the way
    leaves the previous model, never a half-copied one."""
    fresh, old = model.with_name(model.name + ".new"), model.with_name(model.name + ".old")
    for leftover in (fresh, old):   # of a run killed before
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(trained, fresh)
    if model.exists():
        model.rename(old)
    fresh.rename(model)
    shutil.rmtree(old, ignore_errors=True)


def _describe(model: Path, args: argparse.Namespace) -> None:
    """Name the trained pipeline and say what it was trained on; drop the temporary corpus
    paths spaCy keeps in its config (nothing outside the model directory is read to load it)."""
    config = spacy.util.load_config(model / "config.cfg")
    config["paths"].update({"train": None, "dev": None})
    config.to_disk(model / "config.cfg")
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta.update({"name": "fengcun_second_reader", "version": "1.0.0",
                 "description": f"BIRTH and OFFENCE dates; trained on {args.dossiers} generated dossiers "
                                f"(seed {args.seed}), scored on {args.dev_dossiers} of seed {args.dev_seed}; "
                                "no real judgment"})
    (model / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(meta.get("performance", {}), indent=1))


if __name__ == "__main__":
    main()
