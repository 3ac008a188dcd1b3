"""Lowering records which definitions each rule, duty and limit reads (directly and through
other definitions) and a digest of its condition as written."""

from __future__ import annotations

import textwrap

import pytest

from trustlaw import ir
from trustlaw.checker import compile_source

LAW = textwrap.dedent("""\
    statute "zz/reads" {
      title "Reads" jurisdiction "zz" citation "Reads Act" status proposed
    }
    definition serious(c: conviction) {
      cites "Reads Act § 1(a)"
      text "A felony conviction."
      means c.level = felony
    }
    definition serious_record {
      cites "Reads Act § 1(b)"
      text "Some conviction is serious."
      means any c in convictions where serious(c)
    }
    definition warrant {
      cites "Reads Act § 1(c)"
      text "A judge signed a warrant."
      means request.judicial_warrant
    }
    definition unused {
      cites "Reads Act § 1(d)"
      text "Read by nothing."
      means person.final_removal_order
    }
    definition state_agency {
      cites "Reads Act § 1(e)"
      text "A state agency."
      means agency in {state_corrections, state_police}
    }
    provision (s) {
      cites "Reads Act § 2"
      text "The act binds state agencies."
      applies if state_agency
    }
    provision (a) {
      cites "Reads Act § 3(a)"
      text "No holds."
      hold prohibited
    }
    provision (b) except (a) {
      cites "Reads Act § 3(b)"
      text "A serious record permits a hold, unless there is no warrant."
      hold permitted if serious_record unless not warrant
    }
    provision (c) except (a) {
      cites "Reads Act § 3(c)"
      text "A judicial warrant permits a hold."
      hold permitted if request.judicial_warrant
    }
    provision (d) {
      cites "Reads Act § 4"
      text "Tell the person; hold no longer than 48 hours."
      duty "tell-person" "Tell the person." if any c in convictions where serious(c)
      limit hold 48 hours
    }
    """)


@pytest.fixture(scope="module")
def program() -> ir.Program:
    return compile_source(LAW, "reads.law")


def reads(program: ir.Program) -> dict[str, tuple[str, ...]]:
    out = {r.id: r.reads for r in program.rules}
    out.update({f"duty:{d.id}": d.reads for d in program.duties})
    out.update({f"limit:{li.provision}": li.reads for li in program.limits})
    return out


def test_each_rule_duty_and_limit_names_the_definitions_it_reads(program: ir.Program) -> None:
    assert reads(program) == {
        "(a):hold:1": (),
        # named in the provision (serious_record, warrant) and read through serious_record
        # (the parameterised serious)
        "(b):hold:1": ("serious", "serious_record", "warrant"),
        "(c):hold:1": (),  # the fact warrant is made of, used directly: not the definition
        # the scope rules read what `applies if` reads
        **{f"(s):{o}:scope": ("state_agency",) for o in ir.OUTCOMES},
        # a duty and a limit are put under the scope, so they read its definitions too
        "duty:tell-person": ("serious", "state_agency"),
        "limit:(d)": ("state_agency",),
    }
    assert not any("unused" in names for names in reads(program).values())


def test_as_written_tells_the_same_writing_from_another(program: ir.Program) -> None:
    by_id = {r.id: r for r in program.rules}
    scope = {by_id[f"(s):{o}:scope"].as_written for o in ir.OUTCOMES}
    assert len(scope) == 1 and next(iter(scope)).startswith("sha256:")
    written = [by_id["(a):hold:1"].as_written, by_id["(b):hold:1"].as_written,
               by_id["(c):hold:1"].as_written, program.duties[0].as_written,
               program.limits[0].as_written, *scope]
    assert len(set(written)) == len(written)
    # the same text lowered again (from another file) is written the same
    again = compile_source(LAW, "elsewhere/reads.law")
    assert [r.as_written for r in again.rules] == [r.as_written for r in program.rules]
    # a definition's new body changes the condition, not how the provision is written
    redefined = compile_source(LAW.replace("means c.level = felony",
                                           "means c.level = felony and c.felony_class = A"),
                               "reads.law")
    old, new = by_id["(b):hold:1"], {r.id: r for r in redefined.rules}["(b):hold:1"]
    assert old.condition != new.condition
    assert (old.as_written, old.reads) == (new.as_written, new.reads)
    # a provision written differently is
    rewritten = compile_source(LAW.replace("unless not warrant", "unless not warrant or false"),
                               "reads.law")
    assert {r.id: r for r in rewritten.rules}["(b):hold:1"].as_written != old.as_written


def test_a_definition_lowered_once_counts_for_every_user() -> None:
    # definitions are lowered once and inlined at every use: each user reads them all
    law = LAW.replace('hold permitted if request.judicial_warrant',
                      'hold permitted if serious_record and warrant')
    program = compile_source(law, "reads.law")
    by_id = {r.id: r for r in program.rules}
    assert by_id["(c):hold:1"].reads == ("serious", "serious_record", "warrant")
    assert by_id["(b):hold:1"].reads == ("serious", "serious_record", "warrant")
