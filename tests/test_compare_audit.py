"""A drafter's audit of `trustlaw compare`: regions in words a reader follows, output
that holds no raw markup or terminal controls, and examples decided as claimed."""

from __future__ import annotations

import pytest

import trustlaw
from trustlaw import ir
from trustlaw.analysis.compare.atoms import Atom, Literal, summary_words

pytest.importorskip("z3")

AGENCY = ir.Fact(("agency",), ir.EnumType("agency", ("county_jail", "municipal_police",
                                                     "probation")))


def test_tests_of_one_enum_fact_read_as_one_set() -> None:
    """``agency = x`` and ``agency != x`` merge with ``agency in {…}`` as one set of values;
    they read 'not agency is municipal police; agency one of county jail, municipal
    police' before."""
    atoms = [Atom(ir.Compare("=", AGENCY, ir.Const("municipal_police", AGENCY.type))),
             Atom(ir.Member(AGENCY, ir.SetConst(("county_jail", "municipal_police"),
                                                AGENCY.type)))]
    both = [Literal(0, "false"), Literal(1, "true")]
    assert summary_words(atoms, both) == "agency county jail"
    not_equal = [Atom(ir.Compare("!=", ir.Const("probation", AGENCY.type), AGENCY))]
    assert summary_words(not_equal, [Literal(0, "true")]) == (
        "agency one of county jail, municipal police")


def test_nyc_regions_name_each_enum_fact_once() -> None:
    comparison = trustlaw.compare("nyc/ll21-22-2013", "nyc/ll58-59-2014")
    summaries = [r.summary for r in comparison.determined]
    assert "convicted of a covered crime; agency county jail; judicial warrant signed by " \
           "state judge" in summaries
    for summary in summaries:
        assert " is municipal police" not in summary and "signed by is" not in summary
