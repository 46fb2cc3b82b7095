"""Benchmarks behind `make bench`: pages per second, memory and time per stage (docs/benchmarks.md)."""
