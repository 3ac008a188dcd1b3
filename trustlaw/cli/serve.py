"""`trustlaw serve`: the decision service on uvicorn, bound to loopback unless told."""

from __future__ import annotations

import argparse
import ipaddress
import math
import os
import socket
import sys
from collections.abc import Callable

from ..diagnostics import (
    Diagnostic,
    UsageError,
    escaped,
    install_hint,
    missing_package,
    shown_name,
)
from .common import EXIT_OK, path_argument

#: Connections open at once; uvicorn answers a plain-text 503 beyond this. A backstop
#: against a flood of connections: requests over the service's own limit
#: (``--max-in-flight``) get its JSON 503 ``busy`` well before.
MAX_CONNECTIONS = 256
#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE_SECONDS = 5


def register(command: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    """Add the `serve` command to the parser."""
    from ..service.config import MAX_BODY_BYTES, MAX_CASES, MAX_IN_FLIGHT, TIMEOUT_SECONDS

    p = command(
        "serve", "serve decisions over HTTP (JSON) for other systems",
        "Run the decision service: POST a case (or a JSON array of cases) to\n"
        "/v1/decide/<statute id> and get the decision JSON that `trustlaw decide --format\n"
        "json` prints. Also GET /v1/statutes, POST /v1/explain/<id>, GET /health and the\n"
        "OpenAPI document at /v1/openapi.json. It listens on 127.0.0.1 only unless --host\n"
        "says otherwise; it has no authentication or TLS of its own, so put it behind a\n"
        "proxy that does before opening it to a network.\nTo run it, "
        + install_hint("serve") + ".",
    )
    p.add_argument("--host", default="127.0.0.1",
                   help="the address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    p.add_argument("--max-bytes", type=int, default=MAX_BODY_BYTES, metavar="N",
                   help=f"largest request body in bytes (default {MAX_BODY_BYTES}); "
                        "larger gets 413")
    p.add_argument("--max-cases", type=int, default=MAX_CASES, metavar="N",
                   help=f"most cases in one request (default {MAX_CASES}); more gets 413")
    p.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS, metavar="SECONDS",
                   help=f"time to receive a body, and to decide it (default "
                        f"{TIMEOUT_SECONDS:g}); over it gets 408 or 503")
    p.add_argument("--max-in-flight", type=int, default=MAX_IN_FLIGHT, metavar="N",
                   help=f"most requests answered at once (default {MAX_IN_FLIGHT}); one "
                        "more gets 503 busy, with Retry-After")
    p.add_argument("--log", metavar="FILE", default=None,
                   help="append one JSON line per decision to FILE (time, statute id and "
                        "digest, trustlaw version, case id, outcomes)")
    p.add_argument("--log-cases", action="store_true",
                   help="also write each case into the log; cases hold personal data, so "
                        "only with a reason and a retention policy")
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    """`trustlaw serve`: run until interrupted."""
    try:
        import uvicorn

        from ..service.app import create_app
        from ..service.decision_log import LogUnusable
    except ImportError as error:
        raise missing_package("TL-U007", "the decision service", error) from None
    from ..service.config import ServiceConfig

    problems = []
    if not 0 < args.port < 65536:
        problems.append(f"--port {args.port} is not a port number (1 to 65535)")
    for flag, value in (("--max-bytes", args.max_bytes), ("--max-cases", args.max_cases),
                        ("--max-in-flight", args.max_in_flight)):
        if not value > 0:
            problems.append(f"{flag} must be positive, not {value:g}")
    if not math.isfinite(args.timeout):  # `inf` would never time out
        problems.append(f"--timeout must be a finite number of seconds, not {args.timeout:g}")
    elif not args.timeout > 0:
        problems.append(f"--timeout must be positive, not {args.timeout:g}")
    if args.log_cases and args.log is None:
        problems.append("--log-cases needs --log FILE")
    if problems:
        raise UsageError([Diagnostic("TL-U015", p, None, "see `trustlaw serve --help`")
                          for p in problems])
    # an empty --log (an unset shell variable) is refused, never read as "no log"
    log_path = path_argument(args.log) if args.log is not None else None
    if log_path is not None and not log_path.parent.is_dir():
        raise UsageError([Diagnostic(
            "TL-U005", f"there is no folder for the log `{shown_name(args.log)}`",
            None, "give a path in an existing folder")])
    config = ServiceConfig(max_body_bytes=args.max_bytes, max_cases=args.max_cases,
                           timeout=args.timeout, max_in_flight=args.max_in_flight,
                           log_path=log_path, log_cases=args.log_cases)
    listener = _listen(args.host, args.port)
    try:  # opens the log: one that cannot be opened is refused before the server starts
        app = create_app(config)
    except LogUnusable as error:
        listener.close()
        unread_pipe = "named pipe" in error.reason
        raise UsageError([Diagnostic(
            "TL-U005", shown_name(str(error), 400), None,
            "start the program that reads the pipe (a log shipper, `cat PIPE`) before "
            "`trustlaw serve`, or give --log a file" if unread_pipe else
            "give --log a file this user can append to, in an existing folder")]) from None
    if not _is_loopback(args.host):
        print(f"warning: serving on {escaped(args.host)}, reachable from other machines; the "
              "service has no authentication or TLS of its own", file=sys.stderr)
    server = uvicorn.Server(uvicorn.Config(
        app, log_level="warning", timeout_keep_alive=KEEP_ALIVE_SECONDS,
        limit_concurrency=MAX_CONNECTIONS, server_header=False,
    ))
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"trustlaw serve: listening on http://{shown}:{args.port} (Ctrl-C stops it)",
          file=sys.stderr)
    try:
        server.run(sockets=[listener])
    finally:
        listener.close()
    return EXIT_OK


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a taken port is a clear usage error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
    # sockets that say they are TCP, and with it on every answer waits ~40 ms for an ACK.
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(128)
        return listener
    except OSError as error:
        listener.close()
        code = error.errno
        known = isinstance(code, int) and code > 0  # a resolver's codes are negative
        reason = os.strerror(code) if known and code is not None else (
            error.strerror or str(error))
        raise UsageError([Diagnostic(
            "TL-U016", f"cannot listen on {host} port {port}: {reason}", None,
            "choose another --port, or stop the program that uses it; --host must be an "
            "address of this machine")]) from None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
