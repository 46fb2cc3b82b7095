"""The reviewers' workbench (web app)."""
