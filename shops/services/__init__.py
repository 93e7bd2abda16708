"""Writes on shops. One module per capability; each writer is atomic and validates first."""
