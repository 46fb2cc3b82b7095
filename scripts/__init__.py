"""Tools run by hand that drive the packages from outside (retraining, relearning tables);
no package imports them (tests/unit/test_layers.py)."""
