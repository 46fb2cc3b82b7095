"""Retrain the section labeller: `python -m scripts.train_sections [--dossiers N]`.

Training lines come from two sources, each line labelled with its paragraph's section:
- synthetic judgments (synth.documents), laid out in both page layouts and several
  typefaces' widths; their paragraphs are sectioned by `synthetic_sections`, which
  is exact on the generator's fixed phrasing;
- the hand-sectioned real judgments (tests/resources/real-judgments/sections.yaml),
  except those in HELD_OUT, which the test keeps for measuring.
A copy of every line with characters dropped or replaced (as OCR does) and one with
its opening words lost teach the model not to hang on one anchor. Writes model.crfsuite
beside this file.
"""
from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pycrfsuite
import yaml

from extractors.sections import MODEL, SECTIONS
from extractors.sections.features import line_features

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "tests" / "resources" / "real-judgments"
SECTIONS_FILE = REAL / "sections.yaml"
HELD_OUT = tuple(f"case_{n:03d}" for n in range(25, 34))   # measured by the test, never trained on
TEXTS = (REPO.parent / "shared" / "corpus" / "real-judgments", Path("/work/shared/corpus/real-judgments"),
         REAL / "texts")

PARTY_START = re.compile(r"^(公诉机关|原公诉机关|抗诉机关|自诉人|被告人|上诉人|原审被告人)")
PROCEDURE = re.compile(r"(起诉书|提起公诉|作出.{0,30}刑事判决|审理.{0,40}一案)")
FINDINGS = re.compile(r"^(\S{0,30}(指控|查明)|原审判决认定|原判认定|原审认定|公诉机关指控|\S{0,20}经审理查明)")
REASONING = re.compile(r"^本院认为")
VERDICT = re.compile(r"(判决|裁定)如下")


def synthetic_sections(blocks: list[tuple[str, str]]) -> list[str]:
    """The section of each block of a synthetic (or cleanly printed) judgment, in order:
    header until the first party, parties until the procedure, procedure until the facts,
    findings until 本院认为, reasoning through 判决如下, operative until the signature,
    signature, then appendix."""
    out: list[str] = []
    state = "header"
    for style, text in blocks:
        if style in ("court", "title", "number") and state == "header":
            out.append("header")
            continue
        if style in ("sign", "seal") or (style == "gap" and state in ("signature", "operative")
                                          and any(s == "sign" for s, _ in blocks)):
            if style == "sign" or state == "signature":
                state = "signature"
                out.append(state)
                continue
        if state == "signature" and style not in ("sign", "seal", "gap"):
            state = "appendix"
        elif state == "header" and PARTY_START.match(text):
            state = "parties"
        elif state == "parties" and PROCEDURE.search(text):
            state = "procedure"
        elif state in ("parties", "procedure") and FINDINGS.match(text):
            state = "findings"
        elif state in ("procedure", "findings") and REASONING.match(text):
            state = "reasoning"
        elif state == "reasoning" and out and out[-1] == "reasoning" and VERDICT.search(blocks[len(out) - 1][1]):
            state = "operative"
        out.append(state)
    return out


def _wrapped(blocks: list[tuple[str, str]], sections: list[str], face: str, geometry: str) -> list[tuple[str, str]]:
    from synth.render import LAYOUTS, layout
    from synth.judgment import PrintedJudgment

    lines: list[tuple[str, str]] = []
    for (style, text), section in zip(blocks, sections):
        if style in ("seal", "gap") or not text:
            continue
        pages, _ = layout([PrintedJudgment([(style, text)], None)], [], face, LAYOUTS[geometry])
        lines += [(line.text, section) for page in pages for line in page.lines]
    return lines


def real_blocks(stem: str) -> tuple[list[tuple[str, str]], list[str]]:
    """A real judgment's blocks and their hand-checked sections (sections.yaml: the opening
    words of each section's first paragraph)."""
    from synth.judgment import judgment_document

    text = next(p / f"{stem}.txt" for p in TEXTS if (p / f"{stem}.txt").is_file()).read_text("utf-8")
    blocks = [(s, t) for s, t in judgment_document(text).blocks if s not in ("seal", "gap")]
    starts = yaml.safe_load(SECTIONS_FILE.read_text("utf-8"))[stem]
    sections: list[str] = []
    state = "header"
    pending = [s for s in SECTIONS if s in starts][1:] if "header" in starts else [s for s in SECTIONS if s in starts]
    for _, para in blocks:
        while pending and para.startswith(starts[pending[0]]):
            state = pending.pop(0)
        sections.append(state)
    if pending:
        raise ValueError(f"{stem}: section start of {pending[0]} not found")
    return blocks, sections


def real_lines(stems: list[str], face: str = "uming") -> Iterator[list[tuple[str, str]]]:
    for stem in stems:
        blocks, sections = real_blocks(stem)
        yield _wrapped(blocks, sections, face, "court")


def _noisy(line: str, rng: random.Random) -> str:
    chars = [c for c in line if rng.random() > 0.05]
    return "".join(rng.choice("一丁十口日人了") if rng.random() < 0.05 else c for c in chars)


def main(argv: list[str] | None = None) -> int:
    from synth.archive import plan_archive
    from synth.documents import write_dossier

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dossiers", type=int, default=120, help="synthetic dossiers to draw judgments from")
    args = ap.parse_args(argv)
    rng = random.Random(5)
    trainer = pycrfsuite.Trainer(verbose=False)
    sequences: list[list[tuple[str, str]]] = []
    faces = ("wqy-zenhei", "uming", "ukai")
    for n, plan in enumerate(plan_archive(args.dossiers, 20240611, 0.3)):
        documents, _ = write_dossier(plan)
        for doc in documents:
            title = "".join(t for s, t in doc.blocks if s == "title")
            if title.endswith(("判决书", "裁定书")):
                blocks = [(s, t) for s, t in doc.blocks if s not in ("seal", "gap")]
                sequences.append(_wrapped(blocks, synthetic_sections(blocks), faces[n % 3],
                                          ("archive", "court")[n % 2]))
    trained_real = sorted(set(yaml.safe_load(SECTIONS_FILE.read_text("utf-8"))) - set(HELD_OUT))
    real = list(real_lines(trained_real))
    sequences += real * 3          # the real phrasing weighs as much as many synthetic judgments
    for seq in list(sequences):
        sequences.append([(_noisy(t, rng), s) for t, s in seq])
        cut = [(t[4:] if rng.random() < 0.3 else t, s) for t, s in seq]    # opening words lost
        sequences.append(cut)
    for seq in sequences:
        trainer.append(line_features([t for t, _ in seq]), [s for _, s in seq])
    trainer.set_params({"c1": 0.01, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True})
    trainer.train(str(MODEL))
    print(f"trained on {len(sequences)} sequences ({len(trained_real)} real judgments); wrote {MODEL}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
