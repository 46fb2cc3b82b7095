"""The domain model and the sealing law: pure Python, no I/O."""
