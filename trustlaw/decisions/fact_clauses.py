"""A fact of a case as a clause a sentence goes on with: ``convictions[0].court =
"federal"`` reads "conviction 1 was entered by a federal court of the United States",
``charges[0].tags = []`` "charge 1 has no offense classifications", ``date`` "the case
date is September 30, 2014".

`trustlaw explain` and the case checker say the facts a provision turned on this way
after "here" ("here conviction 1 still stands and the person is 35 years old"), where a
field's description followed by its value ("Conviction 1 — The convicting court: …")
would read as a form, not a sentence. A fact without a clause made for it gives None,
and its description and value are said instead (`trustlaw.decisions.fact_words`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

from .. import ir
from ..dates import day_words, iso_day
from .clauses import article
from .words import and_list

__all__ = ["fact_asked", "fact_clause", "field_at", "small"]

Part = str | int
Meanings = Mapping[tuple[str, str], str]

# (record, field) → the clause for a known value, "{s}" the record ("conviction 1", "the
# person", "" for the case itself) and "{v}" the value in words; a record not in the
# table is said by its field's words ("conviction 1's release date is …")
_CLAUSES: Mapping[tuple[str, str], str] = {
    ("", "date"): "the case date is {v}",
    ("", "arrest_date"): "the arrest was made on {v}",
    ("", "agency"): "the agency is {v}",
    ("request", "kinds"): "{s} asks the agency to {v}",
    ("request", "form"): "{s} came on {v}",
    ("request", "lodged_on"): "{s} was lodged on {v}",
    ("request", "issuer"): "{s} was issued by {v}",
    ("request", "hours_requested"): "{s} asks for a hold of at most {v} hours",
    ("request", "judicial_warrant_signed_by"): "{s}'s judicial warrant was signed by {v}",
    ("person", "age"): "{s} is {v} years old",
    ("warrant", "kind"): "{s} is {v}",
    ("warrant", "issued_in"): "{s} was issued in {v}",
    ("charge", "level"): "{s} is for {v}",
    ("charge", "felony_class"): "{s} is for {v}",
    ("charge", "court"): "{s} is pending in {v}",
    ("charge", "tags"): "{s} is classed as {v}",
    ("conviction", "date"): "{s} was entered on {v}",
    ("conviction", "release_date"): "the person was released from the sentence for {s} on {v}",
    ("conviction", "level"): "{s} is for {v}",
    ("conviction", "felony_class"): "{s} is for {v}",
    ("conviction", "court"): "{s} was entered by {v}",
    ("conviction", "age_at_judgment"): "the person was {v} when {s} was entered",
    ("conviction", "age_at_offense"): "the person was {v} when the offense of {s} was committed",
    ("conviction", "plea"): "{s} rests on {v}",
    ("conviction", "tags"): "{s} is classed as {v}",
}
# the same facts when an empty list is their value
_NONE: Mapping[tuple[str, str], str] = {
    ("request", "kinds"): "{s} asks for nothing",
    ("charge", "tags"): "{s} has no offense classifications",
    ("conviction", "tags"): "{s} has no offense classifications",
}
# (record, field) → the fact as a thing to find out, where a field's description alone
# would read as a form's label ("conviction 1 — The convicting court"): "which court
# entered conviction 1"; a yes/no fact is "whether" and its reads
_ASKED: Mapping[tuple[str, str], str] = {
    ("", "date"): "the case date",
    ("", "arrest_date"): "when the arrest that led to the current custody was made",
    ("", "agency"): "who holds the person",
    ("", "request"): "what the immigration authority asks",
    ("", "person"): "the findings about the person",
    ("", "warrants"): "what warrants are outstanding",
    ("", "charges"): "what criminal charges are pending",
    ("", "convictions"): "what prior convictions the person has",
    ("request", "kinds"): "what {s} asks the agency to do",
    ("request", "form"): "which form {s} came on",
    ("request", "lodged_on"): "when {s} was lodged",
    ("request", "issuer"): "who issued {s}",
    ("request", "hours_requested"): "how long a hold {s} itself asks for",
    ("request", "judicial_warrant_signed_by"): "who signed {s}'s judicial warrant",
    ("person", "age"): "how old {s} is",
    ("warrant", "kind"): "what kind of warrant {s} is",
    ("warrant", "issued_in"): "where {s} was issued",
    ("charge", "level"): "whether {s} is for a felony, a misdemeanor or a violation",
    ("charge", "felony_class"): "what class of felony {s} is for",
    ("charge", "court"): "where {s} is pending",
    ("charge", "tags"): "how {s} is classed",
    ("conviction", "date"): "when {s} was entered",
    ("conviction", "release_date"): "when the person was released from the sentence for {s}",
    ("conviction", "level"): "whether {s} is for a felony, a misdemeanor or a violation",
    ("conviction", "felony_class"): "what class of felony {s} is for",
    ("conviction", "court"): "which court entered {s}",
    ("conviction", "age_at_judgment"): "how old the person was when {s} was entered",
    ("conviction", "age_at_offense"): ("how old the person was when the offense of {s} was "
                                       "committed"),
    ("conviction", "plea"): "how guilt was established for {s}",
    ("conviction", "tags"): "how {s} is classed",
}
# values said as noun phrases with their article ("a California serious felony"); the
# request's kinds as what the agency is asked to do ("keep the person past …")
_WITH_ARTICLE = frozenset({"tags", "felony_class"})
_COMMON = frozenset({"A", "An", "Any", "Another", "The", "Class", "Keep", "Tell", "Hand",
                     "Let", "Felony", "Misdemeanor", "Offense"})


def fact_clause(parts: tuple[Part, ...], value: Any, vocabulary: ir.Vocabulary,
                meanings: Meanings, values: Meanings) -> str | None:
    """The fact at `parts` with its value as a clause (plain text, lower case where it
    starts with a common word), or None where no clause is made for it; `meanings` is
    (kind, value) → the vocabulary's meaning, `values` the same as a sentence puts it
    (`trustlaw.decisions.words.value_meanings`)."""
    found = field_at(parts, vocabulary)
    if found is None:
        return None
    record, field, subject = found
    if isinstance(field.type, ir.BoolType) and isinstance(value, bool) and field.reads:
        said = field.reads.yes if value else field.reads.no
        return f"{subject} {said}" if subject else said
    if not record and isinstance(field.type, ir.ListType) and value == []:
        text = field.text  # "there are no prior convictions"
        return f"there are no {text[:1].lower() + text[1:]}"
    if value is None:
        return _unknown(record, field, subject)
    key = (record, field.name)
    if value == [] and key in _NONE:
        return _NONE[key].format(s=subject)
    template = _CLAUSES.get(key)
    if template is None:
        return None
    shown = _value(field, value, meanings, values)
    if shown is None:
        return None
    return template.format(s=subject, v=shown)


def fact_asked(parts: tuple[Part, ...], vocabulary: ir.Vocabulary) -> str | None:
    """The fact at `parts` as a thing to find out, in lower case ("which court entered
    conviction 1", "whether the person is a current sex or arson registrant"), or None
    where no words are made for it."""
    found = field_at(parts, vocabulary)
    if found is None:
        return None
    record, field, subject = found
    if isinstance(field.type, ir.BoolType) and field.reads:
        return " ".join(w for w in ("whether", subject, field.reads.yes) if w)
    template = _ASKED.get((record, field.name))
    return None if template is None else template.format(s=subject)


def _unknown(record: str, field: ir.FieldInfo, subject: str) -> str:
    """"conviction 1's court is unknown", "the case date is unknown"; a yes/no fact with
    words of its own "it is not known whether the person is a United States citizen"."""
    if isinstance(field.type, ir.BoolType) and field.reads:
        return " ".join(w for w in ("it is not known whether", subject, field.reads.yes) if w)
    name = field.name.replace("_", " ")
    if not record:
        noun = "the case date" if field.name == "date" else f"the {name}"
    else:
        noun = f"{subject}'s {name}"
    verb = "are" if isinstance(field.type, ir.ListType) else "is"
    return f"{noun} {verb} unknown"


def _value(field: ir.FieldInfo, value: Any, meanings: Meanings, values: Meanings
           ) -> str | None:
    """The fact's value in words: a list's values one by one ("a California serious
    felony and a homicide offense"), a tag or felony class with its article."""
    kind = field.type
    if isinstance(kind, ir.ListType) and isinstance(value, list):
        each = [_one(kind.element, v, meanings, values) for v in value]
        if any(s is None for s in each):
            return None
        if field.name in _WITH_ARTICLE:
            return and_list([_with_article(s) for s in each if s])
        return and_list([s for s in each if s])
    said = _one(kind, value, meanings, values)
    if said is not None and field.name in _WITH_ARTICLE:
        return _with_article(said)
    return said


def _one(kind: ir.Type, value: Any, meanings: Meanings, values: Meanings) -> str | None:
    """One value in words: an enum value by what it means, a date as a lawyer writes it
    ("September 30, 2014"), a number as it is."""
    if isinstance(kind, ir.IntType) and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(kind, ir.DateType) and isinstance(value, (str, _dt.date)):
        day = iso_day(value) if isinstance(value, str) else value
        return None if day is None else day_words(day)
    if isinstance(kind, ir.EnumType) and isinstance(value, str):
        said = values.get((kind.name, value))
        if said is not None:
            return said
        meaning = meanings.get((kind.name, value))
        if meaning is None:
            return None
        if kind.name == "request_form":  # "form I-247A (Immigration Detainer - …)"
            return f"form {value} ({meaning})"
        return small(meaning)
    return None


def small(text: str) -> str:
    """Words that go on a sentence, their first letter made small where the first word
    is a common one ("A court of …", "Conviction 1 …"), not a name ("California …")."""
    first = text.split(" ", 1)[0]
    if first in _COMMON or first.startswith(("Conviction", "Charge", "Warrant")):
        return text[:1].lower() + text[1:]
    return text


def _with_article(words: str) -> str:
    if words.lower().startswith(("a ", "an ", "the ", "any ")):
        return words
    return f"{article(words)} {words}"


def field_at(parts: Sequence[Part], vocabulary: ir.Vocabulary
           ) -> tuple[str, ir.FieldInfo, str] | None:
    """The record the fact at `parts` is a field of ("" for the case itself), the field,
    and the words for the record: "the person", "conviction 1", "a conviction"."""
    if not parts or not isinstance(parts[0], str):
        return None
    field = vocabulary.field(parts[0])
    record, subject = "", ""
    rest = list(parts[1:])
    while rest and field is not None:
        kind = field.type
        step = rest.pop(0)
        if isinstance(kind, ir.ListType) and isinstance(step, int):
            kind = kind.element
            if not isinstance(kind, ir.RecordType) or not rest:
                return None
            noun = kind.name.replace("_", " ")
            subject = f"a {noun}" if step < 0 else f"{noun} {step + 1}"
            step = rest.pop(0)
        elif isinstance(kind, ir.RecordType):
            subject = f"the {kind.name.replace('_', ' ')}"
        else:
            return None
        found = vocabulary.record(kind.name)
        if found is None or not isinstance(step, str):
            return None
        record = kind.name
        field = found.field(step)
    return (record, field, subject) if field is not None else None

