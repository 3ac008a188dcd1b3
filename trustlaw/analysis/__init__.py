"""Questions about statutes: invariants and their proofs, and comparisons of two statutes."""
