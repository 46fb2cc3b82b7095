"""The one exception family: one cause, one exit code, one fix.

Every error fengcun raises on purpose is a `FengcunError`. Its class names the
cause, its `exit_code` is the `fengcun` command's exit status for that cause
(the README's table lists them), and its `fix` is the one line that tells the
user what to do next; the command prints the message and then the fix. Messages
say what happened and never carry a person's data: callers pass file names
(never contents) and ids.
"""
from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Exit codes of the `fengcun` command (documented in the README)."""

    ok = 0
    no_match = 1            # `fengcun trace` found no release mark this store knows (a result)
    bad_args = 2            # a command-line argument is wrong
    input_file = 3          # a file could not be read; it was quarantined
    review_pending = 4      # processed, but some dossiers wait for a reviewer
    missing_dependency = 5  # a program or package fengcun needs is not installed
    key_error = 6           # master key missing, wrong or unreadable
    leak_detected = 7       # an output failed the leak check and was discarded
    store_error = 8         # the store/catalog is unusable (or its audit chain is broken)
    permission_denied = 9   # the account's role does not allow this
    conflict = 10           # the thing asked about is in another state (decided, pending, open)
    validation_failed = 11  # a value given (application, answer, account) is not acceptable
    sign_in_required = 12   # no account signed in, or the password is wrong
    not_found = 13          # no such dossier, inquiry, case or item in the store
    rule_table = 14         # a rule table breaks the table's grammar
    other_error = 15
    orchestration = 16      # Prefect (its server or its run machinery) failed; nothing was lost


class FengcunError(Exception):
    """Base of every error fengcun raises on purpose."""

    exit_code: ExitCode = ExitCode.other_error
    fix = "this is a bug: report the command and this message"


class UsageError(FengcunError):
    """A command-line argument the command cannot use (argparse reports most of these)."""

    exit_code = ExitCode.bad_args
    fix = "see `fengcun COMMAND --help`"


class InputFileError(FengcunError):
    """The input file is not a dossier we can read (corrupt, encrypted, empty, too large)."""

    exit_code = ExitCode.input_file
    fix = "fix or replace the file and rerun; `fengcun status` lists the quarantine"

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


class UnreadableFileError(InputFileError):
    """The file cannot even be opened (no read permission, vanished, not a regular file), so
    its content cannot be hashed: it is quarantined under an id derived from its path."""

    fix = ("grant the user running fengcun read permission on the file (or restore it), then run the "
           "same command again: it is processed and leaves the quarantine")


class MissingDependencyError(FengcunError):
    exit_code = ExitCode.missing_dependency
    fix = "run `make demo` or `make test` once: they install what is missing"


class KeyMaterialError(FengcunError):
    exit_code = ExitCode.key_error
    fix = "set FENGCUN_KEY_FILE to the store's key, restore it from backup, or `fengcun keys init` for a new store"


class LeakDetectedError(FengcunError):
    """An output still carries a sealed minor's identifier; it was discarded, not released."""

    exit_code = ExitCode.leak_detected
    fix = "nothing was released; the dossier waits in the review queue (`fengcun review serve`)"


class StoreError(FengcunError):
    """The store or its catalog cannot be used: not creatable, unreadable, wrong schema."""

    exit_code = ExitCode.store_error
    fix = "check the --store path, its permissions and the catalog URL (FENGCUN_CATALOG_URL)"


class StoreMissing(StoreError):
    """No store at the --store path: only `fengcun init` (or `--create`) makes one, so a
    mistyped path is an error instead of a new, empty store reporting zeros."""

    fix = "create it with `fengcun init --store STORE` (or pass --create), or correct the --store path"


class OrchestrationError(FengcunError):
    """Prefect failed around the work (its server did not start or answer, its database was
    busy, a run crashed): the store holds every dossier finished so far."""

    exit_code = ExitCode.orchestration
    fix = ("rerun the same command (a run resumes; --verbose shows Prefect's log); if PREFECT_API_URL "
           "names a server, check that it answers (`prefect server start`)")


class PermissionDenied(FengcunError):
    """The signed-in account's role does not allow this action."""

    exit_code = ExitCode.permission_denied
    fix = "sign in with an account that has the role named above (`fengcun users add`)"


class ConflictError(FengcunError):
    """What is asked about is not in the state the action needs: decided already (perhaps
    meanwhile, by someone else), or still waiting for another decision."""

    exit_code = ExitCode.conflict
    fix = "look at its state (`fengcun status`, `fengcun inquiry show`) and act on that"


class ValidationError(FengcunError, ValueError):
    """A value given — an application, a reviewer's answer, an account — is not acceptable.
    `key` names it for the review app's translated labels."""

    exit_code = ExitCode.validation_failed
    fix = "correct the value named above and try again"

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class SignInRequired(FengcunError):
    """No account signed in, or its name or password is wrong (which of them is not said)."""

    exit_code = ExitCode.sign_in_required
    fix = "give an existing account and its password; an operator can check it with `fengcun users`"


class NotFoundError(FengcunError):
    """No dossier, inquiry, unsealing case or review item with this id in the store."""

    exit_code = ExitCode.not_found
    fix = "check the id (`fengcun status` lists what the store holds) and the --store path"


class RuleTableError(FengcunError, ValueError):
    """A rule file breaks the table's grammar; the message names the file and the row."""

    exit_code = ExitCode.rule_table
    fix = "correct the named row of the rule table (docs/rules.md describes the grammar)"


class Forbidden(PermissionDenied):
    """The web app's form of PermissionDenied: a page or form the session may not use
    (the account's role, or a form without the session's CSRF token)."""
