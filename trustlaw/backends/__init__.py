"""Backends read only the IR: compiled Python, SMT (z3)."""
