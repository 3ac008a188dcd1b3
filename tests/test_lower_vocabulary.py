"""Building the case vocabulary: types, records, tags with citations, constraints."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustlaw import ir
from trustlaw.diagnostics import Diagnostic
from trustlaw.language.parser import parse
from trustlaw.lowering.files import default_vocabulary, root_for_package, statutes_root
from trustlaw.lowering.vocabulary import build_vocabulary


def test_statutes_root_is_the_checkout_statutes_folder() -> None:
    root = statutes_root()
    assert (root / "vocabulary" / "detainer.law").is_file()
    assert root == Path(__file__).resolve().parent.parent / "statutes"


def test_installed_wheel_layout_is_preferred(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "trustlaw"
    package.mkdir(parents=True)
    assert root_for_package(package) == tmp_path / "site-packages" / "statutes"
    (package / "_statutes").mkdir()
    assert root_for_package(package) == package / "_statutes"


def test_default_vocabulary_is_cached_and_typed() -> None:
    vocab = default_vocabulary()
    assert default_vocabulary() is vocab
    assert vocab.name == "detainer"
    fields = {f.name: f.type for f in vocab.fields}
    assert fields["date"] == ir.DATE
    assert fields["reimbursement_agreement"] == ir.BOOL
    assert fields["person"] == ir.RecordType("person")
    assert fields["convictions"] == ir.ListType(ir.RecordType("conviction"))
    assert fields["agency"] == vocab.enum("agency")
    conviction = vocab.record("conviction")
    assert conviction is not None
    tags = conviction.field("tags")
    assert tags is not None and tags.type == ir.ListType(vocab.enum("tag"))  # type: ignore[arg-type]
    assert conviction.field("age_at_judgment").type == ir.INT  # type: ignore[union-attr]
    assert vocab.digest.startswith("sha256:")


def test_quoted_enum_values_keep_their_text() -> None:
    vocab = default_vocabulary()
    form = vocab.enum("request_form")
    assert form is not None and "I-247A" in form.values and "other" in form.values
    tag = vocab.enum("tag")
    assert tag is not None and "ca.serious_felony" in tag.values
    assert ("request_form", "I-247A",
            "Immigration Detainer - Notice of Action (from April 2017)") in vocab.enum_texts


def test_every_tag_has_a_citation() -> None:
    vocab = default_vocabulary()
    tag = vocab.enum("tag")
    assert tag is not None
    assert [t.name for t in vocab.tags] == list(tag.values)
    serious = next(t for t in vocab.tags if t.name == "ca.serious_felony")
    assert serious.citation == "Cal. Penal Code § 1192.7(c)"
    assert all(t.citation for t in vocab.tags)


def test_constraints_are_lowered_over_top_level_facts() -> None:
    vocab = default_vocabulary()
    assert len(vocab.constraints) >= 6
    age = next(c for c in vocab.constraints if c.name == "an age is between 0 and 130")
    assert age.body == ir.Or((
        ir.Not(ir.IsKnown(ir.Fact(("person", "age"), ir.INT))),
        ir.And((
            ir.Compare(">=", ir.Fact(("person", "age"), ir.INT), ir.Const(0, ir.INT)),
            ir.Compare("<=", ir.Fact(("person", "age"), ir.INT), ir.Const(130, ir.INT)),
        )),
    ))


def vocab_problems(body: str, header: str = 'vocabulary "v" { title "V" }') -> list[Diagnostic]:
    vocab, diagnostics = build_vocabulary(parse(header + "\n" + body, "v.law"))
    assert vocab is None
    return diagnostics


def test_unknown_type_gets_a_suggestion() -> None:
    (d,) = vocab_problems('enum level { felony, misdemeanor }\nfield x: levle')
    assert d.code == "TL-N009" and d.help == "did you mean `level`?"
    assert d.span is not None and d.span.line == 3


def test_duplicates() -> None:
    found = vocab_problems(
        "enum a { x, x }\nenum a { y }\nrecord r { field f: int field f: bool }\n"
        "field g: int\nfield g: bool"
    )
    assert [d.code for d in found] == ["TL-S012"] * 4


def test_tags_need_enum_values_and_citations() -> None:
    found = vocab_problems(
        'enum tag { "a.one", "a.two", "a.three" }\n'
        'tag "a.one" { cites "A § 1" }\n'
        'tag "a.two" { text "no citation" }\n'
        'tag "a.four" { cites "A § 4" }\n'
    )
    messages = sorted(d.message for d in found)
    assert messages == [
        '"a.four" is not a value of enum `tag`',
        'tag "a.three" has no declaration with a citation',
        'tag "a.two" has no citation',
    ]


def test_recursive_record() -> None:
    (d,) = vocab_problems("record a { field b: list of b }\nrecord b { field a: a }")
    assert d.code == "TL-S013"
    assert "`a` → `b` → `a`" in d.message


def test_constraint_type_errors_are_reported() -> None:
    (d,) = vocab_problems('field age: int\nconstraint "c" { means age }')
    assert d.code == "TL-T001" and 'constraint "c"' in d.message


def test_statute_items_do_not_belong_in_a_vocabulary() -> None:
    (d,) = vocab_problems('provision (a) { cites "x" hold prohibited }')
    assert d.code == "TL-S011"


def test_vocabulary_heading_keys() -> None:
    (d,) = vocab_problems("", 'vocabulary "v" { titel "V" }')
    assert d.code == "TL-M001" and d.help == "did you mean `title`?"


def test_a_statute_is_not_a_vocabulary() -> None:
    text = 'statute "x/y" { title "t" }'
    vocab, (d,) = build_vocabulary(parse(text, "s.law"))
    assert vocab is None and d.code == "TL-S011"


def test_a_yes_no_field_reads_in_plain_words() -> None:
    body = ('record person {\n  field gang_database: bool "In a gang database" '
            'reads "is listed in a gang database", "is not listed in a gang database"\n}\n'
            'field person: person\n'
            'field local_policy_bars_hold: bool reads "a local law forbids the hold", '
            '"no local law forbids the hold"\n')
    vocab, diagnostics = build_vocabulary(parse('vocabulary "v" { title "V" }\n' + body, "v.law"))
    assert vocab is not None and diagnostics == []
    record = vocab.record("person")
    assert record is not None and record.field("gang_database").reads == ir.Reading(  # type: ignore[union-attr]
        "is listed in a gang database", "is not listed in a gang database")
    from trustlaw.lowering.vocabulary import fact_readings, field_readings

    # a field of a record the case holds is said of it; a field of the case stands alone
    assert dict(fact_readings(vocab)) == {
        "person.gang_database": ir.Reading("the person is listed in a gang database",
                                           "the person is not listed in a gang database"),
        "local_policy_bars_hold": ir.Reading("a local law forbids the hold",
                                             "no local law forbids the hold"),
    }
    assert field_readings(vocab) == (("person", "gang_database", ir.Reading(
        "is listed in a gang database", "is not listed in a gang database")),)


@pytest.mark.parametrize("body", [
    'field age: int reads "is old", "is young"',
    'field consent: bool reads "", "gave no consent"',
    'field consent: bool reads "gave consent", "gave\\nno consent"',
])
def test_reads_only_on_a_yes_no_field_with_one_line_phrases(body: str) -> None:
    (d,) = vocab_problems(body)
    assert d.code == "TL-S020" and d.help
    assert d.span is not None and (d.span.line, d.span.column) == (2, 1)


def test_reads_is_formatted_and_read_back() -> None:
    from trustlaw.language.fmt import format_source

    text = ('vocabulary "v" {\n  title "V"\n}\n\n'
            'field consent: bool "Consent given" reads "someone consented", "no one consented"\n')
    assert format_source(text, "v.law") == text
    assert format_source(text.replace(" reads", "\n  reads"), "v.law") == text
