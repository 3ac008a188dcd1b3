"""The JSON Schema of the case format agrees with the vocabulary and with `validate`."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings

from trustlaw import ir
from trustlaw.cases.validation import example_case, json_schema, validate
from trustlaw.diagnostics import CaseError
from trustlaw.lowering.files import default_vocabulary
from trustlaw.testing import strategies

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def vocab() -> ir.Vocabulary:
    return default_vocabulary()


@pytest.fixture(scope="module")
def schema(vocab: ir.Vocabulary) -> dict[str, Any]:
    return json_schema(vocab)


def test_it_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_field_of_the_vocabulary_is_described(
    schema: dict[str, Any], vocab: ir.Vocabulary
) -> None:
    # the caller's case id first (it is no fact of the vocabulary), then every fact
    assert list(schema["properties"]) == ["id", *(f.name for f in vocab.fields)]
    assert schema["additionalProperties"] is False
    def labelled(text: str, siblings: tuple[ir.FieldInfo, ...]) -> str:
        # the vocabulary's text, a field it names by identifier named by its label
        words = text.split(" ")
        labels = {other.name: f"“{other.text}”" for other in siblings if "_" in other.name}
        return " ".join(labels.get(word, word) for word in words)

    for info in vocab.fields:
        assert schema["properties"][info.name]["description"] == labelled(
            info.text, vocab.fields)
    for record in vocab.records:
        definition = schema["$defs"][record.name]
        assert definition["type"] == "object"
        assert definition["additionalProperties"] is False
        assert list(definition["properties"]) == [f.name for f in record.fields]
        for info in record.fields:
            assert definition["properties"][info.name]["description"] == labelled(
                info.text, record.fields)


def test_types_enums_dates_and_null(schema: dict[str, Any]) -> None:
    props = schema["properties"]
    assert props["date"]["type"] == ["string", "null"]
    assert props["date"]["format"] == "date"
    assert props["reimbursement_agreement"]["type"] == ["boolean", "null"]
    assert props["agency"]["anyOf"] == [{"$ref": "#/$defs/agency"}, {"type": "null"}]
    assert props["convictions"]["type"] == ["array", "null"]
    assert props["convictions"]["items"] == {"$ref": "#/$defs/conviction"}
    person = schema["$defs"]["person"]["properties"]
    assert person["age"]["type"] == ["integer", "null"]
    agency = schema["$defs"]["agency"]
    assert "county_jail" in agency["enum"]
    assert {
        "const": "county_jail",
        "description": "A county or city jail",
    } in agency["oneOf"]
    tags = schema["$defs"]["tag"]
    family = next(o for o in tags["oneOf"] if o["const"] == "ct.family_violence")
    assert "Conn. Gen. Stat. § 46b-38a" in family["description"]
    conviction = schema["$defs"]["conviction"]["properties"]
    assert conviction["tags"]["items"] == {"$ref": "#/$defs/tag"}
    assert conviction["release_date"]["format"] == "date"


def test_the_public_example_is_valid_under_the_schema(schema: dict[str, Any]) -> None:
    assert schema["examples"] == [example_case()]
    jsonschema.validate(example_case(), schema)
    jsonschema.validate({}, schema)
    jsonschema.validate({"person": None, "convictions": None, "agency": None}, schema)


BAD_CASES: list[dict[str, Any]] = [
    {"agncy": "county_jail"},
    {"person": {"gang_databse": True}},
    {"person": {"gang_database": "yes"}},
    {"person": {"age": 3.5}},
    {"person": {"age": "34"}},
    {"person": {"age": True}},
    {"agency": "jail"},
    {"charges": [{"tags": ["ct.family"]}]},
    {"date": "last year"},
    {"warrants": {}},
    {"convictions": [None]},
    {"request": {"kinds": [None]}},
    {"person": "unknown"},
    {"charges": ["felony"]},
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_schema_and_validate_reject_the_same_malformed_cases(
    case: dict[str, Any], schema: dict[str, Any], vocab: ir.Vocabulary
) -> None:
    with pytest.raises(CaseError):
        validate(case, vocab)
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(case)), f"the schema accepts {case}"


def test_constraints_are_documented_but_only_validate_enforces_them(
    schema: dict[str, Any], vocab: ir.Vocabulary
) -> None:
    for constraint in vocab.constraints:
        assert constraint.name in schema["$comment"]
    case = copy.deepcopy(example_case())
    case["person"]["age"] = 300
    jsonschema.validate(case, schema)
    with pytest.raises(CaseError):
        validate(case, vocab)


def test_a_yes_no_field_carries_the_vocabularys_words(
    schema: dict[str, Any], vocab: ir.Vocabulary
) -> None:
    person = schema["$defs"]["person"]["properties"]
    assert person["gang_database"]["x-trustlaw-reads"] == {
        "true": "is listed as a gang member in a database",
        "false": "is not listed as a gang member in a database",
    }
    # every yes/no field has them, and no other field does; validation ignores them
    fields = [*schema["properties"].values()]
    fields += [f for d in schema["$defs"].values() for f in d.get("properties", {}).values()]
    worded = [f for f in fields if "x-trustlaw-reads" in f]
    assert len(worded) == sum("boolean" in f.get("type", ()) for f in fields) == 24
    jsonschema.validate({"person": {"gang_database": True}}, schema)


def test_a_whole_number_field_says_what_the_schema_cannot_refuse(schema: dict[str, Any]) -> None:
    """JSON Schema counts 34.0 as an integer, which trustlaw refuses: an integrator who
    validates with the schema alone is told (found by review)."""
    import jsonschema

    import trustlaw

    age = schema["$defs"]["person"]["properties"]["age"]
    assert age["type"] == ["integer", "null"] and "34.0" in age["$comment"]
    jsonschema.Draft202012Validator(schema).validate({"person": {"age": 34.0}})
    with pytest.raises(trustlaw.CaseError, match=r"expected a whole number, got 34\.0"):
        trustlaw.validate({"person": {"age": 34.0}})


@given(case=strategies.cases())
@settings(max_examples=150, deadline=None)
def test_every_case_trustlaw_accepts_passes_the_schema(case: dict[str, Any]) -> None:
    """docs/cases.md: a case may pass the schema and be refused by trustlaw, never the
    other way round."""
    validate(case, default_vocabulary())
    jsonschema.Draft202012Validator(json_schema(default_vocabulary())).validate(case)


def test_an_offense_tag_has_a_title_in_words_with_its_law(schema: dict[str, Any]) -> None:
    """A form lists a tag by its option's `title`, a few words and the law, where the
    description (which a form shows only on request) also says what the tag covers."""
    options = {o["const"]: o for o in schema["$defs"]["tag"]["oneOf"]}
    serious = options["ca.serious_felony"]
    assert serious["title"] == "California serious felony (Cal. Penal Code § 1192.7(c))"
    assert serious["description"].startswith(serious["title"] + ": An offense listed")
    assert all(o.get("title") for o in options.values())
    # other kinds of value keep their meaning alone
    assert all("title" not in o for o in schema["$defs"]["agency"]["oneOf"])


def test_a_fields_help_names_no_other_field_by_its_identifier(
    schema: dict[str, Any], vocab: ir.Vocabulary
) -> None:
    """The case checker shows each field's description to a lawyer as its label: a field
    another one mentions is named by its own label ("“Who signed the warrant …”"), not
    by its identifier ("judicial_warrant_signed_by"), and the case's own reference is
    described without the decision's field name ("echoed as `case_id`")."""
    request = schema["$defs"]["request"]["properties"]
    assert request["judicial_warrant"]["description"].endswith(
        "a federal judge or magistrate judge unless “Who signed the warrant or "
        "probable-cause finding that accompanies the request” says a state judge")
    assert schema["properties"]["id"]["description"] == (
        "Your own reference for the case, such as a file number; it decides nothing, and "
        "the decision repeats it.")
    names = {f.name for f in vocab.fields} | {f.name for r in vocab.records for f in r.fields}
    names = {n for n in names if "_" in n} | {"case_id"}
    described = [schema["properties"][k].get("description", "") for k in schema["properties"]]
    described += [p.get("description", "") for d in schema["$defs"].values()
                  for p in d.get("properties", {}).values()]
    for text in described:
        assert not any(name in text for name in names), text
    # the structure is the vocabulary's: only words changed
    assert request["judicial_warrant"]["type"] == ["boolean", "null"]
