"""The statute language: grammar, parser, syntax tree, syntax errors, formatter, Pygments lexer."""
