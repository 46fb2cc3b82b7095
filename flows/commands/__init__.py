"""One module per `fengcun` subcommand; each exposes `register(subparsers)`.

The CLI discovers them, so adding a command never edits a shared file.
"""
