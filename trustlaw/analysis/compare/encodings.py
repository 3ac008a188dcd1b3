"""Statute encodings for comparisons: built once per process, copied into each comparison's context.

A comparison runs in a z3 context of its own (`private_context`): z3 numbers terms by
creation in a context, and its answers depend on those numbers, so a shared context
would make regions and examples depend on what the process did before. Building the
encodings (the symbolic case, its constraints, each statute's decision, each atom's
truth) costs more Python than most of the solver's questions, so they are built once
per process in a context kept for that (`_Store`) and copied into the comparison's
context by z3 (`smt.copy_terms`). A copy depends only on what is copied and in which
order, never on what the store holds besides, so answers stay the same on every
call and in any process.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Hashable, Iterator, Sequence
from typing import Any

from ... import ir
from ...settings import Held

__all__ = ["Encodings", "models_uncompressed", "private_context", "shared_encodings"]

_CONTEXT_LOCK = threading.RLock()
_OUTER: list[Any] = []  # z3's default contexts set aside by `_default_context`, outermost first
_MAX_PROGRAMS = 64  # programs kept in the store (the bundled library has 23)


@contextlib.contextmanager
def private_context() -> Iterator[None]:
    """Run the body with a fresh z3 context as z3's default one, so that the solver
    sees the same terms with the same identities on every call, in any process: its
    answers, and so the regions and examples, are the same every time. (z3 numbers
    terms by creation in a context; in a shared context earlier work shifts them.)"""
    import z3

    with _default_context(z3.Context()):
        yield


def _compact_off() -> Any:
    import z3

    was = z3.get_param("model.compact")
    z3.set_param("model.compact", False)
    return was


def _compact(was: Any) -> None:
    import z3

    z3.set_param("model.compact", was)


_UNCOMPRESSED = Held(_compact_off, _compact)


def models_uncompressed() -> contextlib.AbstractContextManager[None]:
    """Run the body with z3 handing over each model as its solver built it (z3's global
    ``model.compact`` off; as it was before, afterwards). Compressing a model folds
    away its auxiliary definitions, which costs more than the few values a comparison
    reads from its some 350 models (about a twelfth of a comparison) and changes none
    of them. A global setting: z3 has no solver setting for it."""
    try:
        import z3  # noqa: F401
    except ImportError:  # the comparison says that the solver is missing
        return contextlib.nullcontext()
    return _UNCOMPRESSED.held()


@contextlib.contextmanager
def _default_context(ctx: Any) -> Iterator[None]:
    import z3

    with _CONTEXT_LOCK:
        saved = z3.z3._main_ctx
        z3.z3._main_ctx = ctx
        _OUTER.append(saved)
        try:
            yield
        finally:
            _OUTER.pop()
            z3.z3._main_ctx = saved


def _forked() -> None:
    """In a child process forked while another thread compared: that thread is not in the
    child, so its lock would never be released (the child's first comparison waited for
    good) and z3's default context would stay the thread's private one. The child gets
    a free lock, z3's own default context, and an empty store (it may have been half
    built)."""
    global _CONTEXT_LOCK
    _CONTEXT_LOCK = threading.RLock()
    if _OUTER:
        import z3

        z3.z3._main_ctx = _OUTER[0]
        _OUTER.clear()
        _STORE.built.clear()
        _STORE.ctx = None


os.register_at_fork(after_in_child=_forked)


class _Store:
    """Encodings built in a z3 context of their own and kept for the process: an
    `Encodings` that builds (never copies), used only inside that context."""

    def __init__(self) -> None:
        self.ctx: Any = None
        self.built = Encodings()

    @contextlib.contextmanager
    def building(self) -> Iterator[None]:
        import z3

        with _CONTEXT_LOCK:
            if self.ctx is None:
                self.ctx = z3.Context()
            with _default_context(self.ctx):
                yield

    def case(self, smt: Any, vocab: ir.Vocabulary, bound: int) -> tuple[Any, list[Any]]:
        with self.building():
            return (self.built.case(smt, vocab, bound),
                    self.built.well_formed(smt, vocab, bound))

    def program(self, smt: Any, program: ir.Program, vocab: ir.Vocabulary, bound: int) -> Any:
        if self.built.programs() >= _MAX_PROGRAMS:  # a long-lived process comparing
            self.clear()  # drafts starts again (in a new context) rather than growing
        with self.building():
            return self.built.terms(smt, program, vocab, bound)

    def truth(self, smt: Any, expr: ir.Expr, key: Hashable, vocab: ir.Vocabulary,
              bound: int) -> Any:
        with self.building():
            return self.built.truth(smt, expr, key, vocab, bound)

    def clear(self) -> None:
        with _CONTEXT_LOCK:
            self.built.clear()
            self.ctx = None


class Encodings:
    """z3 encodings cached by vocabulary, bound and program digest: the symbolic case
    is declared once per vocabulary and bound, so every program encoded over it shares
    its variables, across the questions of one comparison and the pairs of a matrix.
    With `copied`, each encoding is taken from the process's store (built there the
    first time) and copied into the current context; otherwise it is built in it."""

    def __init__(self, copied: bool = False) -> None:
        self.copied = copied
        self._cases: dict[tuple[str, int], Any] = {}
        self._terms: dict[tuple[str, int, str], Any] = {}
        self._well_formed: dict[tuple[str, int], list[Any]] = {}
        self._truths: dict[tuple[str, int, Hashable], Any] = {}
        self._lock = threading.RLock()

    def case(self, smt: Any, vocab: ir.Vocabulary, bound: int) -> Any:
        key = (vocab.digest, bound)
        with self._lock:
            if key not in self._cases:
                if self.copied:
                    case, well_formed = smt.copy_terms(_STORE.case(smt, vocab, bound))
                else:
                    case = smt.declare_case(vocab, bound, prefix=f"cmp{bound}.")
                    well_formed = smt.well_formed(case)
                self._cases[key] = case
                self._well_formed[key] = well_formed
            return self._cases[key]

    def well_formed(self, smt: Any, vocab: ir.Vocabulary, bound: int) -> list[Any]:
        self.case(smt, vocab, bound)
        return self._well_formed[(vocab.digest, bound)]

    def terms(self, smt: Any, program: ir.Program, vocab: ir.Vocabulary, bound: int) -> Any:
        key = (vocab.digest, bound, program.digest)
        with self._lock:
            if key not in self._terms:
                case = self.case(smt, vocab, bound)
                if self.copied:
                    self._terms[key] = smt.copy_terms(_STORE.program(smt, program, vocab, bound))
                else:
                    self._terms[key] = smt.encode_program(program, case)
            return self._terms[key]

    def truth(self, smt: Any, expr: ir.Expr, key: Hashable, vocab: ir.Vocabulary,
              bound: int) -> Any:
        """The z3 truth of a yes/no expression over the case (`key`: a hashable form
        of `expr`, equal for expressions that mean the same)."""
        return self.truths(smt, (expr,), (key,), vocab, bound)[0]

    def truths(self, smt: Any, exprs: Sequence[ir.Expr], keys: Sequence[Hashable],
               vocab: ir.Vocabulary, bound: int) -> list[Any]:
        """`truth` of each expression, the ones not held yet copied in one go (z3
        copies a batch of terms for little more than one)."""
        with self._lock:
            case = self.case(smt, vocab, bound)
            missing = {(vocab.digest, bound, key): expr
                       for expr, key in zip(exprs, keys, strict=True)
                       if (vocab.digest, bound, key) not in self._truths}
            if missing:
                if self.copied:
                    built = [_STORE.truth(smt, expr, full[2], vocab, bound)
                             for full, expr in missing.items()]
                    copies = smt.copy_terms(built)
                else:
                    copies = [smt.Encoder(case).truth(expr) for expr in missing.values()]
                self._truths.update(zip(missing, copies, strict=True))
            return [self._truths[(vocab.digest, bound, key)] for key in keys]

    def programs(self) -> int:
        """How many programs are encoded here."""
        return len(self._terms)

    def clear(self) -> None:
        """Forget these encodings; for the process's shared cache, the store of
        encodings that comparisons copy from too, and the answers kept about which
        atom states some case has (`abstraction`)."""
        with self._lock:
            self._cases.clear()
            self._terms.clear()
            self._well_formed.clear()
            self._truths.clear()
        if self is _SHARED:
            _STORE.clear()
            from .abstraction import forget

            forget()  # and the answers kept about atom states


_STORE = _Store()
_SHARED = Encodings()


def shared_encodings() -> Encodings:
    """A process-wide encoding cache, for callers that compare many pairs in the z3
    context of the process (`compare` and `matrix` use a private one each, copied
    from the process's store)."""
    return _SHARED
