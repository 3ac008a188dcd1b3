"""The statute language: grammar, parser, syntax tree, syntax errors and the formatter."""
