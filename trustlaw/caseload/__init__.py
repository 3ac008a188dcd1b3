"""Caseloads: case files in, one row per case and statute out (in SQL), and impact tables."""
