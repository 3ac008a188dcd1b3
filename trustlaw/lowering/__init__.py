"""Syntax tree → IR: metadata, amendments, rules, examples and name resolution."""
