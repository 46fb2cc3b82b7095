"""The `fengcun` command: subcommands are discovered in `flows.commands`.

Every option is checked when the arguments are parsed (a wrong one exits 2
before anything is opened). Errors raised on purpose (`models.errors.FengcunError`)
end the program with their cause's documented exit code, a one-line message and
the one-line fix; anything else is a bug and keeps its traceback, which never
holds a person's data because the record types do not print it.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

import flows.commands
from models.errors import ExitCode, FengcunError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fengcun",
        description="Seal juvenile criminal records (未成年人犯罪记录封存) in scanned court archives.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(flows.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"flows.commands.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.run(args)
    except FengcunError as exc:
        print(f"fengcun: {exc}\n  fix: {exc.fix}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("fengcun: interrupted; rerun the same command to resume", file=sys.stderr)
        return 130
    return int(code if code is not None else ExitCode.ok)


if __name__ == "__main__":
    sys.exit(main())
