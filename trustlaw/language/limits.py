"""How large a statute file may be: read by the parser and by whatever scans files for ids
(kept apart from the parser so that scanning a library does not import Lark)."""

#: The longest statute file, in characters: about eight times the longest bundled statute.
#: Parsing takes about a second per 100,000 characters, so a larger file is refused at once.
MAX_STATUTE_CHARS = 300_000
