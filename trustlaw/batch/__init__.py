"""Batch evaluation: case files in, one row per case and statute out, and impact tables."""
