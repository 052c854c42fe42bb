"""Build-time tools, run from the repository root (``python -m tools.…``); never imported by the service."""
