"""The synthetic archive generator: believable dossiers with known truth.

`generate(out, dossiers, seed, ...)` writes dossier files and `truth/<stem>.json`;
`truth_path(file)` finds the truth of any dossier file. See docs/synth.md.
"""
from synth.archive import generate, truth_path

__all__ = ["generate", "truth_path"]
