"""IR → z3 terms: a statute's decision as formulas over a symbolic, partly unknown case.

The package: `case` (the symbolic case), `dates`, `encoder` (expressions), `program`
(outcomes, grounds, duties, limits), `concrete` (models and concrete cases) and
`transfer` (encodings copied into another z3 context).

The encoding follows docs/semantics.md exactly, so a proof covers every case the
interpreter could be given (up to a bound on list lengths):

* Every fact of the case is a pair of z3 variables, its value and a *known* flag; a
  record has a known flag too (set whenever one of its fields is known). Nothing is
  assumed known: a proof covers partly unknown cases.
* A list is a known flag, a length between 0 and the bound (default 3) and `bound`
  element slots; only the first `length` slots are elements. Record elements have a
  (value, known) pair per field; elements of a list of enum values are always known
  (a case cannot hold ``null`` inside a list).
* Enum values are integers (their position in the enum). A date is a (year, month,
  day) triple of integers within 1900-01-01..2200-12-31 (a real day whenever the date
  is known; an unknown date's value is never read) and compares through the linear
  key ``10000·year + 100·month + day``, so comparisons need no division.
  Shifting by years and months is exact and division-free apart from the leap-year
  test: the month carries into the year with an if-then-else, and the day is clamped
  to the month's end after each step, as `trustlaw.dates.shift_date` does. Only a
  shift by days turns a date into a day number (Howard Hinnant's days-from-civil,
  integer division by constants, still linear arithmetic), and comparisons with a
  day number convert the other side too.
* A yes/no expression is a pair of formulas ("is true", "is false"), never both;
  neither means unknown. Every connective is Kleene's three-valued one.
* Outcomes walk the priority groups as the semantics say: a group decides when one of
  its conditions is true, a group with an unknown condition is a possibility, the
  silent law permits, and different possible results make the outcome undetermined.

The solver's model is turned back into a case dict (`case_from_model`): JSON form,
ISO date strings, unknown facts left out. `evaluate_case` runs the encoding on a
concrete case, which the differential tests compare with the interpreter.
"""

from __future__ import annotations

from .case import (
    BACKEND,
    DEFAULT_BOUND,
    ListNode,
    Node,
    RecordNode,
    Scalar,
    SymbolicCase,
    Truth,
    declare_case,
    declare_element,
    prepend_element,
)
from .concrete import (
    SmtEvaluation,
    assert_case,
    case_from_model,
    cases_meeting,
    decode_node,
    evaluate_case,
    read_evaluation,
    rule_witnesses,
    solver_with,
    truth_in,
)
from .dates import (
    DATE_MAX,
    DATE_MIN,
    EPOCH,
    Civil,
    DateTerm,
    DayCount,
    add_months,
    civil_const,
    civil_from_days,
    date_keys,
    date_value,
    day_number,
    days_from_civil,
    from_day_number,
    shift_date,
)
from .encoder import Encoder, Env, vocabulary_constraints, well_formed
from .program import ProgramTerms, encode_program
from .transfer import copy_terms

__all__ = [
    "BACKEND",
    "DATE_MAX",
    "DATE_MIN",
    "DEFAULT_BOUND",
    "EPOCH",
    "Civil",
    "DateTerm",
    "DayCount",
    "Encoder",
    "Env",
    "ListNode",
    "Node",
    "ProgramTerms",
    "RecordNode",
    "Scalar",
    "SmtEvaluation",
    "SymbolicCase",
    "Truth",
    "add_months",
    "assert_case",
    "case_from_model",
    "cases_meeting",
    "civil_const",
    "civil_from_days",
    "copy_terms",
    "date_keys",
    "date_value",
    "day_number",
    "days_from_civil",
    "declare_case",
    "declare_element",
    "decode_node",
    "encode_program",
    "evaluate_case",
    "from_day_number",
    "prepend_element",
    "read_evaluation",
    "rule_witnesses",
    "shift_date",
    "solver_with",
    "truth_in",
    "vocabulary_constraints",
    "well_formed",
]
