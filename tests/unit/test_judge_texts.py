"""scripts.judge_texts: the texts of a labelled JuDGE-drawn set, written from a local test.json."""
from __future__ import annotations

import json
from pathlib import Path

from scripts.judge_texts import main


def test_each_named_record_is_written_verbatim_and_a_missing_one_fails(tmp_path: Path) -> None:
    ids = ["c1c33a99-3de0-4c23-a84f-a4720d777fa8", "b6303040-cc2c-4e8c-a0ba-8f611d1a69da"]
    records = [{"text_id": ids[0], "fd": "某某县人民法院 刑事判决书 （2016）某刑初1号 …"},
               {"text_id": "077c0cdf-87d5-432e-9055-680b4bd9ae9e", "fd": "not in the table"}]
    test_json = tmp_path / "test.json"
    test_json.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    sources = tmp_path / "SOURCES.md"
    sources.write_text("| file | record id (`text_id`) | case no. |\n|---|---|---|\n"
                       f"| held_001.txt | `{ids[0]}` | （2016）某刑初1号 |\n| held_002.txt | `{ids[1]}` | x |\n", "utf-8")
    out = tmp_path / "texts"
    assert main(["--test-json", str(test_json), "--sources", str(sources), "--out", str(out)]) == 1   # one id absent
    assert sorted(p.name for p in out.iterdir()) == ["held_001.txt"]
    assert (out / "held_001.txt").read_text("utf-8") == records[0]["fd"] + "\n"
