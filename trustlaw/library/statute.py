"""Program → Statute: a loaded statute that validates cases and decides them.

`Statute` wraps one lowered `ir.Program` with the case vocabulary it was checked
against. Every entry point that takes a case validates it first (`cases.validate`), so
a malformed case raises `CaseError` and never yields a decision. Deciding uses the
compiled Python backend by default (built once per statute and reused) or the
reference interpreter on request; both return the same `Decision`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .. import ir
from ..backends.evaluation import Evaluation
from ..cases.case import Case
from ..cases.fused import build_fused
from ..cases.validation import owned_copy, validate, validate_owned
from ..decisions.decision import Decision, assembly_of, make_decision
from ..decisions.grounding import sql_case_warnings
from ..decisions.request import describes_requests, sql_request_limits
from ..diagnostics import Diagnostic, UsageError, wrong_type
from ..names import one_of

if TYPE_CHECKING:
    from ..backends.python import CompiledProgram
    from ..backends.sql.program import CaseWarnings, RequestLimits

Backend = Literal["compiled", "interpreter"]
BACKENDS: tuple[str, ...] = ("compiled", "interpreter")
TARGETS: tuple[str, ...] = ("python",)


class Statute:
    """A bundled or user statute, ready to decide cases (in the case format of the docs'
    "Cases and decisions" page, docs/cases.md)."""

    __slots__ = ("_assembly", "_compiled", "_fused", "_with_request", "program", "vocabulary")

    def __init__(self, program: ir.Program, vocabulary: ir.Vocabulary | None = None) -> None:
        if vocabulary is None:
            from ..lowering.files import default_vocabulary

            vocabulary = default_vocabulary()
        self.program = program
        self.vocabulary = vocabulary
        self._compiled: CompiledProgram | None = None
        # on first use: the case validated and evaluated in one function (`cases.fused`)
        self._fused: Any = None
        self._assembly: Any = None  # the program's decision parts, on first use
        # the request's own limit applies where the vocabulary describes requests
        self._with_request = describes_requests(vocabulary)

    def __repr__(self) -> str:
        return f"<Statute {self.id} ({self.meta.status}) {self.digest[:19]}…>"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its program and vocabulary, so that a statute (and `law.decide`)
        can go to worker processes; the generated functions, which do not pickle, are
        made again there on first use."""
        return (Statute, (self.program, self.vocabulary))

    # ---- what the statute is -------------------------------------------------------

    @property
    def id(self) -> str:
        return self.program.meta.id

    @property
    def meta(self) -> ir.StatuteMeta:
        return self.program.meta

    @property
    def digest(self) -> str:
        return self.program.digest

    @property
    def request_limits(self) -> RequestLimits | None:
        """The request's and the federal regulation's limits on a hold as the SQL backend
        reads them (`backends.sql.RequestLimits`), or None where cases of this
        statute's vocabulary do not describe requests."""
        return sql_request_limits(self.vocabulary)

    @property
    def case_warnings(self) -> CaseWarnings:
        """The warnings of a decision that depend on the case (the law's status and the
        case date, an unsigned judicial warrant, a form asking for no hold) as the SQL
        backend tests them (`backends.sql.CaseWarnings`: a batch's ``warnings`` column)."""
        return sql_case_warnings(self.program, self.vocabulary)

    @property
    def path(self) -> str:
        return self.program.path

    @property
    def provisions(self) -> tuple[ir.Provision, ...]:
        return self.program.provisions

    @property
    def definitions(self) -> tuple[ir.Definition, ...]:
        return self.program.definitions

    @property
    def examples(self) -> tuple[ir.Example, ...]:
        """The statute file's examples, each case a copy of its own: `load` hands every
        caller the same statute, so changing one changes no other caller's examples."""
        return tuple(attrs.evolve(e, case=copy.deepcopy(e.case))
                     for e in self.program.examples)

    @property
    def invariants(self) -> tuple[ir.Invariant, ...]:
        return self.program.invariants

    @property
    def notes(self) -> tuple[ir.Note, ...]:
        return self.program.notes

    # ---- deciding ----------------------------------------------------------------------

    def validate(self, case: Mapping[str, Any] | Case) -> dict[str, Any]:
        """The normalised case (ISO dates parsed, unknowns as None); raises `CaseError`.
        A `Case` validated against this statute's vocabulary is not validated again.
        The dict returned is the caller's own: it shares no record or list with `case`
        (or with the `Case`)."""
        data = self._normalised(case, kept=True)
        return owned_copy(data) if isinstance(case, Case) else data

    def _normalised(self, case: Mapping[str, Any] | Case, *, kept: bool = False
                    ) -> dict[str, Any]:
        """The normalised case. `kept`: it outlives the call (a decision keeps it), so no
        record or list of a dict given is in it; a `Case`'s own never change."""
        if isinstance(case, Case):
            return case.data_for(self.vocabulary)
        return (validate_owned if kept else validate)(case, self.vocabulary)

    def decide(
        self,
        case: Mapping[str, Any] | Case,
        *,
        backend: Backend = "compiled",
        request_limits: bool = True,
    ) -> Decision:
        """What this statute says about `case` (a JSON-shaped dict, see docs/cases.md, or
        a `Case` from `trustlaw.validate`, which is not validated again).

        `max_hold` applies the request's own limit and the federal regulation's besides
        the statute's (docs/semantics.md, "A hold never outlasts the request");
        `request_limits=False` gives the statute's own limit alone, the view the solver,
        `verify` and `compare` reason about."""
        if type(request_limits) is not bool:
            raise wrong_type("decide(request_limits=…)", "True or False", request_limits)
        with_request = request_limits and self._with_request
        if type(case) is dict and backend == "compiled":
            # the common case: validated and evaluated in one generated function
            try:
                decided = (self._fused or self._fused_function())(case)
            except Exception:  # validation below names what is wrong
                decided = None
            if decided is not None:
                return make_decision(self.program, decided[0], decided[1], with_request,
                                     self._assembly or self._parts())
        # the decision keeps its case and reads it when a part is first asked for
        data = self._normalised(case, kept=True)
        if backend == "compiled":
            # the fields of the Evaluation; the Decision makes it only if it is read
            evaluation: Any = self.compiled().evaluate_fields(data)
        else:
            evaluation = self._evaluate_with(data, backend)
        return make_decision(self.program, data, evaluation, with_request,
                             self._assembly or self._parts())

    def decide_many(
        self, cases: Iterable[Mapping[str, Any] | Case], *, backend: Backend = "compiled"
    ) -> Iterator[Decision]:
        """Decide each case in turn, lazily, reusing one compiled program."""
        if not isinstance(cases, Iterable) or isinstance(cases, (str, bytes, Mapping)):
            raise wrong_type("decide_many(cases=…)", "an iterable of cases (dicts or "
                             "`Case`s)", cases)
        return (self.decide(case, backend=backend) for case in cases)

    def outcomes(self, case: Mapping[str, Any] | Case) -> dict[str, str]:
        """Only the four outcomes (the fast path: no grounds, duties or clock)."""
        return dict(self.compiled().outcomes(self._normalised(case)))

    def explain(self, case: Mapping[str, Any] | Case, *, in_words: bool = False) -> str:
        """A plain-English account of the decision, citing the provisions and facts;
        `in_words`: the facts and values in the vocabulary's words, as `trustlaw explain`
        and the site's checker say them (a fact still to give keeps its path), rather than
        by their paths in the case, as `Decision.explain` says them."""
        if type(in_words) is not bool:  # "false" is truthy: it would read as True
            raise wrong_type("explain(in_words=…)", "True or False", in_words)
        decision = self.decide(case, backend="interpreter")
        if not in_words:
            return decision.explain()
        from ..decisions.explain import explain
        from ..decisions.fact_words import PlainFacts

        return explain(decision, PlainFacts(self.vocabulary))

    def _fused_function(self) -> Any:
        # outcomes and grounds as tuples: the Decision makes their dicts when read
        fused = build_fused(self.vocabulary, self.program, compact=True, owned=True)
        if fused is None:  # a vocabulary or program the generator does not fuse
            vocabulary, evaluate = self.vocabulary, self.compiled().evaluate_fields

            def fused(case: Any) -> Any:
                data = validate_owned(case, vocabulary)
                return data, evaluate(data)

        self._fused = fused
        return fused

    def _parts(self) -> Any:
        self._assembly = assembly_of(self.program)
        return self._assembly

    def _evaluate_with(self, data: Mapping[str, Any], backend: str) -> Evaluation:
        if backend == "compiled":
            return self.compiled().evaluate(data)
        if backend == "interpreter":
            from ..backends.interp import evaluate

            return evaluate(self.program, data)
        raise UsageError([_choice_error("backend", backend, BACKENDS)])

    # ---- code generation ---------------------------------------------------------------

    def compiled(self) -> CompiledProgram:
        """The compiled Python program for this statute, built on first use."""
        if self._compiled is None:
            from ..backends.python import compile_program

            self._compiled = compile_program(self.program)
        return self._compiled

    def compile(self, target: str = "python") -> str:
        """The generated source for `target` (only ``python`` today)."""
        if target != "python":
            raise UsageError([_choice_error("target", target, TARGETS)])
        return self.compiled().source


def _choice_error(what: str, got: str, choices: tuple[str, ...]) -> Diagnostic:
    return Diagnostic("TL-U002", f"there is no {what} `{got}`", None, f"choose {one_of(choices)}")
