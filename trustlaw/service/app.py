"""HTTP requests → decisions: the Starlette application behind `trustlaw serve`.

Routes: ``GET /health``, ``GET /v1/statutes``, ``POST /v1/decide/{id}`` (one case or a
list), ``POST /v1/explain/{id}`` (``?in_words=true``: the facts in the vocabulary's
words) and ``GET /v1/openapi.json``. `{id}` is a statute id, or
a jurisdiction (``ct``): each case is then decided under the law in force on its date,
or on ``?on=YYYY-MM-DD``. A decision is exactly
`Decision.to_dict()`; every error is JSON with the diagnostics the command line prints
(a case's by field path) and a status code that says whose fault it is: 400 a bad body
or case, 404 an unknown statute, 408 a body too slow to arrive, 413 a body or list over
the limits, 415 a body not sent as JSON, 503 deciding over the time limit or more
requests at once than the service answers (``busy``, with Retry-After) or a decision
log that cannot be written (``/health`` too, then), 500 a bug.
Only bundled statutes are served: a reference in a URL never names a file.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import json
import logging
import re
import threading
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..cases.limits import MAX_CASE_CHARS
from ..diagnostics import CaseError, Diagnostic, TrustlawError, json_escaped, shown_name
from ..library.choosing import StatuteChooser, parse_on
from ..library.loader import bundled_index, jurisdictions, load_path
from ..library.loader import versions as loader_versions
from ..library.statute import Statute
from ..names import did_you_mean
from .config import MAX_DEPTH, ServiceConfig
from .decision_log import DecisionLog, LogUnusable
from .openapi import OPENAPI_PATH, openapi_document
from .reading import BadBody, parse_json

_LOGGER = logging.getLogger("trustlaw.service")
_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


class _JSON(JSONResponse):
    """JSON as trustlaw writes it everywhere (`diagnostics.json_text`): a hidden
    character (a direction override in a statute id from the URL, say) is escaped, so
    that nothing in an answer acts on the terminal that shows it."""

    def render(self, content: Any) -> bytes:
        return json_escaped(json.dumps(content, ensure_ascii=False, allow_nan=False,
                                       separators=(",", ":"))).encode("utf-8")


class Failure(Exception):
    """An answer other than 200: the status, a short error word, a sentence, diagnostics."""

    def __init__(self, status: int, error: str, message: str,
                 diagnostics: Sequence[Mapping[str, Any]] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.diagnostics = list(diagnostics)

    def response(self, headers: Mapping[str, str] | None = None) -> Response:
        body = {"error": self.error, "message": self.message, "diagnostics": self.diagnostics}
        return _JSON(body, status_code=self.status, headers={**_HEADERS, **(headers or {})})


def _ok(payload: Any) -> Response:
    return _JSON(payload, headers=_HEADERS)


class Library:
    """The bundled statutes by id, each loaded and compiled once, on first use or at
    start-up."""

    def __init__(self) -> None:
        self.index = bundled_index()
        self.jurisdictions = frozenset(jurisdictions())
        self._loaded: dict[str, Statute] = {}
        self._versions: dict[str, list[Statute]] = {}
        self._choosers: dict[str, StatuteChooser] = {}
        self._lock = threading.Lock()

    def ids(self) -> list[str]:
        return sorted(self.index)

    def loaded(self, statute_id: str) -> Statute | None:
        """The statute if it is already loaded (a dictionary lookup, safe on the loop)."""
        return self._loaded.get(statute_id)

    def get(self, statute_id: str) -> Statute:
        found = self._loaded.get(statute_id)
        if found is not None:
            return found
        path = self.index.get(statute_id)
        if path is None:
            shown = statute_id if len(statute_id) <= 120 else statute_id[:120] + "…"
            pool = [*self.index, *sorted(self.jurisdictions)]
            hint = did_you_mean(statute_id, pool) if len(statute_id) <= 120 else None
            said = f"there is no statute or jurisdiction `{shown}`" if statute_id.strip("/") \
                else "the address names no statute or jurisdiction"
            raise Failure(404, "unknown_statute", said, [{
                              "code": "TL-U001", "severity": "error",
                              "message": said,
                              "help": hint or "GET /v1/statutes lists the statutes this "
                                              "service decides under",
                          }])
        with self._lock:
            if statute_id not in self._loaded:
                statute = load_path(path)
                statute.compiled()  # the compiled program, built once here
                self._loaded[statute_id] = statute
        return self._loaded[statute_id]

    def all(self) -> list[Statute]:
        return [self.get(statute_id) for statute_id in self.ids()]

    def chooser(self, jurisdiction: str, on: _dt.date | None) -> StatuteChooser:
        """What chooses the statute for each case sent to a jurisdiction's address: among
        its statutes as this library holds them (never another copy read from their
        files), made once for the address without ``?on=``."""
        if on is None and jurisdiction in self._choosers:
            return self._choosers[jurisdiction]
        versions = self._versions.get(jurisdiction)
        if versions is None:
            versions = self._versions[jurisdiction] = loader_versions(jurisdiction, self.get)
        chooser = StatuteChooser(jurisdiction, on, option="on", bundled=True,
                                 versions=versions)
        if on is None:
            self._choosers[jurisdiction] = chooser
        return chooser

    def chosen(self, jurisdiction: str) -> StatuteChooser | None:
        """The chooser of a jurisdiction's address without ``?on=``, if already made (a
        dictionary lookup, safe on the loop)."""
        return self._choosers.get(jurisdiction)



def _statute_entry(statute: Statute) -> dict[str, Any]:
    meta = statute.meta

    def day(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "id": meta.id, "title": meta.title, "jurisdiction": meta.jurisdiction,
        "citation": meta.citation, "status": meta.status,
        "introduced": day(meta.introduced), "enacted": day(meta.enacted),
        "in_force": day(meta.in_force), "superseded": day(meta.superseded),
        "verification": meta.verification, "digest": statute.digest,
    }


#: The most diagnostics one answer lists: a 1 MiB case of 100,000 unknown fields would
#: otherwise answer 35 MB of them (the message says how many there are in all).
MAX_LISTED = 100


def _case_diagnostics(error: TrustlawError, index: int | None,
                      room: int = MAX_LISTED) -> list[dict[str, Any]]:
    out = []
    for diagnostic in error.diagnostics[:max(room, 0)]:
        entry = _diagnostic_dict(diagnostic)
        if index is not None:
            entry["case"] = index
        out.append(entry)
    return out


def _diagnostic_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    entry = dict(diagnostic.to_dict())
    # A case has no file: a span would only name the service's own reading of the body.
    for key in ("file", "line", "column", "end_line", "end_column"):
        entry.pop(key, None)
    return entry


def _takes_only(request: Request, names: tuple[str, ...] = ()) -> None:
    """Refuse a query parameter the address does not take, or one given twice: a misspelt
    ``?on=`` would otherwise be ignored and the case decided under another law."""
    seen: set[str] = set()
    for name, _value in request.query_params.multi_items():
        shown = shown_name(name, 60)
        if name not in names:
            takes = (f"it takes only {', '.join(f'`{n}`' for n in names)}" if names
                     else "it takes none")
            message = f"this address takes no query parameter `{shown}`"
            help = did_you_mean(name, names, takes)
            if name == "in_words":  # explain's option, sent to another address
                help = (f"{takes}; `in_words` is the explain address's: POST "
                        "/v1/explain/{id}?in_words=true explains one case in words")
        elif name in seen:
            message, help = f"the query parameter `{shown}` is given twice", "give it once"
        else:
            seen.add(name)
            continue
        raise Failure(400, "bad_request", message,
                      [_diagnostic_dict(Diagnostic("TL-U023", message, None, help))])


def _yes_or_no(request: Request, name: str) -> bool:
    """A yes-or-no query parameter (``?in_words=true``): `true` or `false`, absent is
    false. Any other value is refused, naming the parameter, rather than read as either
    (``?in_words=yes`` taken for false would answer in paths without a word)."""
    given = request.query_params.get(name)
    if given is None or given == "false":
        return False
    if given == "true":
        return True
    shown = shown_name(given, 60)
    message = (f"the query parameter `{name}` is `{shown}`, and takes `true` or `false`"
               if given else f"the query parameter `{name}` is empty, and takes `true` or "
               "`false`")
    raise Failure(400, "bad_request", message, [_diagnostic_dict(Diagnostic(
        "TL-U023", message, None, f"write `?{name}=true`, or leave it out"))])


def _option_in_body(diagnostics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The case's diagnostics, the one refusing an ``in_words`` field (the option put in
    the body, which is the case) helped to the query parameter it belongs in."""
    for entry in diagnostics:
        if str(entry.get("message", "")).startswith("in_words:"):  # not a field of a case
            entry["help"] = ("the body is the case alone; ask for the explanation in words "
                             "in the address: `POST /v1/explain/{id}?in_words=true`")
    return diagnostics


def _explanation(decision: Any, statute: Statute, in_words: bool) -> str:
    """The decision's account: its facts by their paths in the case
    (`Decision.explain()`), or `in_words` in the vocabulary's words, as `trustlaw
    explain` prints it (`Statute.explain(case, in_words=True)`)."""
    if not in_words:
        return str(decision.explain())
    from ..decisions.explain import explain
    from ..decisions.fact_words import PlainFacts

    return explain(decision, PlainFacts(statute.vocabulary))


def _version() -> str:
    from .. import __version__

    return __version__


def create_app(config: ServiceConfig | None = None) -> Starlette:
    """The service as an ASGI application (run it with uvicorn, or test it with
    Starlette's TestClient)."""
    settings = config or ServiceConfig()
    library = Library()
    version = _version()
    log = (DecisionLog(settings.log_path, version, settings.log_cases)
           if settings.log_path is not None else None)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if settings.preload:
            await anyio.to_thread.run_sync(library.all)
        try:
            yield
        finally:
            if log is not None:
                try:
                    log.close()
                except LogUnusable as error:  # the operator's to see; stopping goes on
                    _LOGGER.error("trustlaw serve: %s", shown_name(str(error), 400))

    async def read_cases(request: Request) -> Any:
        """The JSON body, within the byte limit and the timeout."""
        kinds = request.headers.getlist("content-type")
        if len(kinds) > 1:  # one reader would take the first, another the last
            raise Failure(400, "bad_request",
                          f"the request has {len(kinds)} Content-Type headers; send one")
        if kinds:
            media = kinds[0].split(";", 1)[0].strip().lower()
            if media != "application/json" and not media.endswith("+json"):
                raise Failure(415, "unsupported_media_type",
                              f"the body is sent as `{media[:60]}`; send application/json")
        # several headers are one list of codings, as one header with commas is
        encoding = ", ".join(request.headers.getlist("content-encoding")).strip().lower()
        if any(part.strip() not in ("", "identity") for part in encoding.split(",")):
            raise Failure(415, "unsupported_media_type",
                          f"the body is sent encoded as `{encoding[:60]}`; send it as "
                          "plain UTF-8 JSON (no Content-Encoding)")
        limit = settings.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None and _declared_over(declared, limit):
            shown = declared if len(declared) <= 30 else "more than 10^30"
            raise _too_large(f"the body is {shown} bytes, over the limit of {limit}")
        chunks: list[bytes] = []
        size = 0
        try:
            with anyio.fail_after(settings.timeout):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(f"the body is over the limit of {limit} bytes")
                    chunks.append(chunk)
        except TimeoutError:
            raise Failure(408, "timeout",
                          f"the body did not arrive within {settings.timeout:g} seconds") \
                from None
        body = b"".join(chunks)
        try:
            value = parse_json(body, MAX_DEPTH)
        except BadBody as error:
            raise Failure(400, "bad_json", str(error),
                          [_diagnostic_dict(d) for d in error.diagnostics]) from None
        if isinstance(value, dict) and len(body) > MAX_CASE_CHARS \
                and len(body.decode("utf-8").removeprefix("\ufeff")) > MAX_CASE_CHARS:
            # one case is held to the limit a case file is held to on the command line
            diagnostic = Diagnostic(
                "TL-C000", f"the case is longer than a case may be: at most "
                f"{MAX_CASE_CHARS:,} characters", None,
                "give only the facts of one case; see the limits in docs/cases.md")
            raise Failure(400, "bad_case", "the case is not valid",
                          [_diagnostic_dict(diagnostic)])
        return value

    Logged = list[tuple[str, Mapping[str, Any], Mapping[str, Any]]]  # for `log.record`

    async def in_thread(work: Callable[[threading.Event], tuple[Any, Logged]]) -> Any:
        """Run the deciding off the event loop, answering 503 past the timeout. The work
        is then told to stop (`abandoned` is set) and decides no further case. What it
        decided is logged only once its answer is in hand within the timeout, so the log
        never holds a decision whose caller was told that nothing was decided."""
        abandoned = threading.Event()
        try:
            with anyio.fail_after(settings.timeout):
                answer, logged = await anyio.to_thread.run_sync(
                    lambda: work(abandoned), abandon_on_cancel=True)
        except TimeoutError:
            abandoned.set()
            raise Failure(503, "timeout",
                          f"deciding took longer than {settings.timeout:g} seconds") from None
        if log is not None and logged:
            await record(log, logged)
        return answer

    log_failing = False  # whether the last write to the log failed (said once on stderr)

    async def record(log: DecisionLog, logged: Logged) -> None:
        """The answer's decisions into the log, or a 503 when it cannot be written: an
        audit log that misses a decision answered is worse than no answer, so nothing is
        answered unlogged. The operator is told on stderr once, and again on recovery."""
        nonlocal log_failing
        try:
            await anyio.to_thread.run_sync(log.record_all, logged)
        except LogUnusable as error:
            if not log_failing:
                _LOGGER.error("trustlaw serve: %s; decide and explain answer 503 until it "
                              "can be", shown_name(str(error), 400))
            log_failing = True
            raise Failure(503, "log_unwritable", "the decision log cannot be written "
                          f"({error.reason}), and the service answers no decision it does "
                          "not log: try again later") from None
        written_again(log)

    def written_again(log: DecisionLog) -> None:
        """Note that the log takes lines again (said on stderr when it was failing)."""
        nonlocal log_failing
        if log_failing:
            log_failing = False
            _LOGGER.warning("trustlaw serve: the decision log `%s` is written again",
                            shown_name(str(log.path), 400))

    async def log_heals(log: DecisionLog) -> bool:
        """Whether a failing log takes a line now (`DecisionLog.probe`, off the loop)."""
        try:
            return await anyio.to_thread.run_sync(log.probe)
        except LogUnusable:
            return False

    def decide_all(choose: Callable[[Any], Statute], cases: list[Any], endpoint: str,
                   abandoned: threading.Event) -> tuple[list[dict[str, Any]], Logged]:
        bad: list[dict[str, Any]] = []
        problems = 0  # in all: `bad` lists the first MAX_LISTED
        invalid: set[int] = set()
        decided: list[tuple[dict[str, Any], Mapping[str, Any]]] = []
        for index, case in enumerate(cases):
            if abandoned.is_set():
                return [], []
            if not isinstance(case, dict):
                from ..cases.validation import describe

                problems += 1
                invalid.add(index)
                if len(bad) < MAX_LISTED:
                    bad.append({"code": "TL-C000", "severity": "error", "case": index,
                                "message": f"a case is a JSON object, not {describe(case)}",
                                "help": 'write the facts as {"field": value, …}'})
                continue
            try:
                decision = choose(case).decide(case)
            except CaseError as error:
                problems += len(error.diagnostics)
                invalid.add(index)
                bad.extend(_case_diagnostics(error, index, MAX_LISTED - len(bad)))
                continue
            decided.append((decision.to_dict(), case))
        if bad:
            noun = "case is" if len(invalid) == 1 else "cases are"
            listed = (f"; the first {len(bad)} of {problems:,} problems are listed"
                      if problems > len(bad) else "")
            raise Failure(400, "bad_case", f"{len(invalid)} {noun} not valid; nothing was "
                          f"decided{listed}", bad)
        return [d for d, _ in decided], [(endpoint, d, case) for d, case in decided]

    in_flight = 0  # requests being answered (all on the event loop: no lock needed)

    def handled(endpoint: Callable[[Request], Any], *, limited: bool = True
                ) -> Callable[[Request], Any]:
        async def answer(request: Request) -> Response:
            try:
                return await endpoint(request)
            except Failure as failure:
                return failure.response()
            except ClientDisconnect:  # the caller hung up before its body arrived: no one
                _LOGGER.info("%s %s: the client disconnected before sending its body",
                             request.method, request.url.path)
                return Response(status_code=400)  # to answer (the server drops it)
            except Exception:  # a bug in trustlaw, never the caller's input: say so plainly
                _LOGGER.exception("internal error answering %s %s", request.method,
                                  request.url.path)
                return Failure(500, "internal", "internal error: this is a bug in trustlaw, "
                               "not in your request").response()

        @functools.wraps(endpoint)
        async def run(request: Request) -> Response:
            nonlocal in_flight
            if not limited:
                return await answer(request)
            if in_flight >= settings.max_in_flight:
                limit = settings.max_in_flight
                return Failure(503, "busy", f"the service is answering {limit} "
                               f"request{'s' if limit != 1 else ''} already, as many as it "
                               "takes at once; try again shortly"
                               ).response({"Retry-After": "1"})
            in_flight += 1
            try:
                return await answer(request)
            finally:
                in_flight -= 1
        return run

    @functools.partial(handled, limited=False)  # a busy service is still alive
    async def health(request: Request) -> Response:
        """200 while the service answers decisions. 503, with the same fields, while its
        decision log fails: decide and explain answer 503 then, so a load balancer should
        send them elsewhere. A failing log is tried again here, so that a node out of
        rotation, which gets no decisions, still comes back once its log is writable."""
        _takes_only(request)
        if log is not None and log_failing and await log_heals(log):
            written_again(log)
        up = {"status": "ok", "trustlaw": version, "statutes": len(library.index)}
        if log is None:
            return _ok(up)
        if not log_failing:
            return _ok({**up, "decision_log": "written"})
        down = {**up, "status": "unavailable", "decision_log": "failing"}
        return _JSON(down, status_code=503, headers=_HEADERS)

    @handled
    async def statutes(request: Request) -> Response:
        _takes_only(request)
        statutes = await anyio.to_thread.run_sync(library.all)  # loaded once, no timeout
        return _ok([_statute_entry(statute) for statute in statutes])

    async def chooser_of(request: Request, takes: tuple[str, ...] = ("on",)
                         ) -> Callable[[Any], Statute]:
        """The statute each case is decided under: the one the path names, or for a
        jurisdiction its law in force on the case's date (or on ``?on=``). Loading a
        statute (once, when not preloaded) is the service's own work, not the caller's,
        so the deciding timeout does not apply. `takes`: the query parameters the
        address takes."""
        _takes_only(request, takes)
        ref = request.path_params["statute_id"]
        on_text = request.query_params.get("on")
        if on_text is None and ref in library.index:
            loaded = library.loaded(ref)
            found: Statute = loaded if loaded is not None else await anyio.to_thread.run_sync(
                lambda: library.get(ref))
            return lambda case: found
        if ref not in library.jurisdictions:
            library.get(ref)  # a 404 that names what exists
        try:
            on = parse_on(on_text, "on")
            chooser = library.chosen(ref) if on is None else None
            if chooser is None:  # made once for the address; with ?on=, for the request
                chooser = await anyio.to_thread.run_sync(lambda: library.chooser(ref, on))
        except TrustlawError as error:
            raise Failure(400, "bad_request", error.diagnostics[0].message,
                          [_diagnostic_dict(d) for d in error.diagnostics]) from None
        return chooser

    @handled
    async def decide(request: Request) -> Response:
        choose = await chooser_of(request)
        body = await read_cases(request)
        if isinstance(body, list):
            if len(body) > settings.max_cases:
                raise _too_large(f"the list has {len(body)} cases, over the limit of "
                                 f"{settings.max_cases}")
            return _ok(await in_thread(lambda stop: decide_all(choose, body, "decide", stop)))
        if not isinstance(body, dict):
            raise _not_a_case(body)
        return _ok((await in_thread(lambda stop: decide_all(choose, [body], "decide", stop)))[0])

    @handled
    async def explain(request: Request) -> Response:
        choose = await chooser_of(request, ("on", "in_words"))
        in_words = _yes_or_no(request, "in_words")
        body = await read_cases(request)
        if not isinstance(body, dict):
            raise _not_a_case(body, "explain takes one case; decide takes a list")

        def work(abandoned: threading.Event) -> tuple[dict[str, Any], Logged]:
            try:
                statute = choose(body)
                decision = statute.decide(body, backend="interpreter")
            except CaseError as error:
                listed = (f"; the first {MAX_LISTED} of {len(error.diagnostics):,} problems "
                          "are listed" if len(error.diagnostics) > MAX_LISTED else "")
                raise Failure(400, "bad_case", f"the case is not valid{listed}",
                              _option_in_body(_case_diagnostics(error, None))) from None
            result = decision.to_dict()
            return ({"decision": result,
                     "explanation": _explanation(decision, statute, in_words)},
                    [("explain", result, body)])

        return _ok(await in_thread(work))

    document: dict[str, Any] = {}

    @handled
    async def openapi(request: Request) -> Response:
        _takes_only(request)
        if not document:
            from ..lowering.files import default_vocabulary

            document.update(openapi_document(default_vocabulary(), version, {
                "max_body_bytes": settings.max_body_bytes, "max_cases": settings.max_cases,
                "timeout": settings.timeout}))
        return _ok(document)

    async def http_error(request: Request, error: Exception) -> Response:
        status = error.status_code if isinstance(error, HTTPException) else 500
        words = {404: ("not_found", "there is nothing at this address; see "
                       f"{OPENAPI_PATH}"),
                 405: ("method_not_allowed", f"{request.method} is not allowed here; see "
                       f"{OPENAPI_PATH}")}
        error_word, message = words.get(status, ("internal", "internal error"))
        headers = error.headers if isinstance(error, HTTPException) else None
        return Failure(status, error_word, message).response(headers)

    routes = [
        Route("/health", health, methods=["GET"]),
        Route("/v1/statutes", statutes, methods=["GET"]),
        Route("/v1/decide/{statute_id:path}", decide, methods=["POST"]),
        Route("/v1/explain/{statute_id:path}", explain, methods=["POST"]),
        Route(OPENAPI_PATH, openapi, methods=["GET"]),
    ]
    for route in routes:  # `$` also matches before a last newline: `/health%0A` or
        # `/v1/decide/ct%0A` were answered as if the newline were not there
        route.path_regex = re.compile(route.path_regex.pattern.removesuffix("$") + r"\Z")
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={HTTPException: http_error})
    # no bare 307 to `/health` from `/health/` (built from the client's Host header, and
    # a POST's case sent again): an address that is not one is a JSON 404
    app.router.redirect_slashes = False
    return app


def _declared_over(declared: str, limit: int) -> bool:
    """Whether a Content-Length says more than `limit` bytes; read by its digits first,
    since `int` refuses a string of more than 4,300 digits (a 500 before)."""
    if not (declared.isascii() and declared.isdigit()):
        return False  # not a length: the server or the stream's own count judges it
    digits = declared.lstrip("0")
    return len(digits) > len(str(limit)) or int(digits or "0") > limit


def _too_large(message: str) -> Failure:
    return Failure(413, "too_large", message)


def _not_a_case(value: Any, help: str | None = None) -> Failure:
    from ..cases.validation import describe

    message = f"a case is a JSON object, not {describe(value)}"
    return Failure(400, "bad_case", message, [{
        "code": "TL-C000", "severity": "error", "message": message,
        "help": help or 'send one case {"field": value, …} or a JSON array of cases'}])
