"""The layers of fengcun, defined here and nowhere else, and a walk over every import.

    entry points   flows (the `fengcun` command, the Prefect flows)   review (the web app)
    use cases      services
    writers        redaction
    readers        extractors      adapters: archive (catalog, file store)      tools: synth
    primitives     core (master key, atomic writes)
    domain         models

A package may import only packages of a lower rank; the archive's adapters are used
by the use cases and the entry points only; no entry point imports another, except
through one documented entry: `fengcun review serve` starts the web app with
`review.app.create_app`. Imports inside functions count: every `import` statement of
every module is read with `ast`, nothing is executed.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

RANK = {
    "models": 0,
    "core": 1,
    "extractors": 2, "archive": 2, "synth": 2,
    "redaction": 3,
    "services": 4,
    "flows": 5, "review": 5,
    "bench": 6,                      # benchmarks drive the command and the readers from outside
    "scripts": 6,                    # tools run by hand (retraining, relearning tables), likewise
}
ENTRY_POINTS = frozenset({"flows", "review"})
ADAPTERS = frozenset({"archive"})
ADAPTER_USERS = frozenset({"services"}) | ENTRY_POINTS
# (importing module, imported module): the documented ways across the rules above
DOCUMENTED = frozenset({("flows.commands.review", "review.app")})


def imports(root: Path, package: str) -> Iterator[tuple[str, str, int]]:
    """(module, imported module, line) of every absolute import in a package's files."""
    for path in sorted((root / package).rglob("*.py")):
        module = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield module, alias.name, node.lineno
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield module, node.module, node.lineno


def violations(root: Path = ROOT) -> list[str]:
    found = []
    for package in RANK:
        for module, target, line in imports(root, package):
            other = target.split(".")[0]
            if other not in RANK or other == package:
                continue
            if any(module == m and (target == t or target.startswith(t + ".")) for m, t in DOCUMENTED):
                continue
            where = f"{module}:{line} imports {target}"
            if package in ENTRY_POINTS and other in ENTRY_POINTS:
                found.append(f"{where}: one entry point imports another")
            elif RANK[other] >= RANK[package]:
                found.append(f"{where}: {package} (rank {RANK[package]}) may not import {other} "
                             f"(rank {RANK[other]})")
            elif other in ADAPTERS and package not in ADAPTER_USERS:
                found.append(f"{where}: only {', '.join(sorted(ADAPTER_USERS))} use the archive")
    return found


def test_every_package_is_placed_in_a_layer() -> None:
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()} - {"tests"}
    assert packages == set(RANK), packages ^ set(RANK)


def test_no_import_runs_up_a_layer_or_between_entry_points() -> None:
    assert violations() == []


def test_the_walk_finds_each_kind_of_breach(tmp_path: Path) -> None:
    """The checker itself: a tree with one breach of each rule, and the lazy import counts."""
    files = {
        "models/__init__.py": "", "models/record.py": "import services.processing\n",
        "redaction/__init__.py": "", "redaction/outputs.py": "from archive import Store\n",
        "review/__init__.py": "", "review/decisions.py": "def f():\n    from flows.backfill import x\n",
        "flows/__init__.py": "", "flows/commands/review.py": "from review.app import create_app\n",
        "archive/__init__.py": "", "archive/store.py": "from redaction.keys import MasterKey\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = violations(tmp_path)
    assert any(v.startswith("models.record:1 imports services.processing") for v in found)
    assert any(v.startswith("redaction.outputs:1 imports archive") and "use the archive" in v for v in found)
    assert any(v.startswith("review.decisions:2 imports flows.backfill") and "entry point" in v for v in found)
    assert any(v.startswith("archive.store:1 imports redaction.keys") for v in found)
    assert not any(v.startswith("flows.commands.review") for v in found)      # the documented entry
    assert len(found) == 4
