"""Prefect flows and the `fengcun` command line: orchestration at the edge."""
