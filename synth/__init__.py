"""The synthetic archive generator: believable dossiers with known truth."""
