"""The documented limits on a case: its size as JSON text, list lengths, nesting, problems shown.

Each limit is far above any real case (a case has a few dozen facts); past one, the
case is refused with a clear error instead of being worked through. docs/cases.md
lists them.
"""

from __future__ import annotations

from ..diagnostics import MAX_SHOWN

#: The longest case as JSON text (one file, or one line of a JSON-lines input), in characters.
MAX_CASE_CHARS = 1_000_000

#: The most elements one list of a case may hold (convictions, charges, warrants, tags …).
MAX_LIST_LENGTH = 1_000

#: The deepest JSON arrays and objects may nest in a case read from text.
MAX_JSON_DEPTH = 64

#: The most digits a number in a case read from text may have.
MAX_NUMBER_DIGITS = 100

#: The most problems one error message lists; the rest are counted ("… and 12 more").
MAX_PROBLEMS_SHOWN = MAX_SHOWN
