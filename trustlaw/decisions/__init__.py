"""Evaluation → Decision: the public answer, its explanation in words and the hold clock."""
