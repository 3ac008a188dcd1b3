"""The documentation site's building blocks: the in-browser case checker and its assets."""
