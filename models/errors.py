"""One small exception family, each mapped to a documented exit code.

Messages say what happened and what to do next, and never carry a person's
data: callers pass file names (never contents) and ids.
"""
from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Exit codes of the `fengcun` command (documented in the README)."""

    ok = 0
    bad_args = 2
    input_file = 3          # a file could not be read; it was quarantined
    review_pending = 4      # processed, but some dossiers wait for a reviewer
    missing_dependency = 5  # a program or package fengcun needs is not installed
    key_error = 6           # master key missing, wrong or unreadable
    leak_detected = 7       # an output failed the leak check and was discarded
    store_error = 8         # the store/catalog is unusable
    other_error = 15


class FengcunError(Exception):
    """Base of every error fengcun raises on purpose."""

    exit_code: ExitCode = ExitCode.other_error


class InputFileError(FengcunError):
    """The input file is not a dossier we can read (corrupt, encrypted, empty, too large)."""

    exit_code = ExitCode.input_file

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


class MissingDependencyError(FengcunError):
    exit_code = ExitCode.missing_dependency


class KeyMaterialError(FengcunError):
    exit_code = ExitCode.key_error


class LeakDetectedError(FengcunError):
    """An output still carries a sealed minor's identifier; it was discarded, not released."""

    exit_code = ExitCode.leak_detected


class StoreError(FengcunError):
    exit_code = ExitCode.store_error
