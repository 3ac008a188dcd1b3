"""What a decision service is allowed: its limits, its timeouts and its decision log."""

from __future__ import annotations

import math
from pathlib import Path

import attrs

#: The documented defaults (docs/service.md): a request body of at most 1 MiB, at most
#: 1,000 cases in one request, reading a body and deciding each within 10 seconds.
MAX_BODY_BYTES = 1024 * 1024
MAX_CASES = 1000
TIMEOUT_SECONDS = 10.0
#: Nesting deeper than this in a request body is refused before it reaches the decoder.
MAX_DEPTH = 64
#: Requests answered at once; one more gets 503 ``busy`` (JSON, with Retry-After).
MAX_IN_FLIGHT = 64


@attrs.frozen
class ServiceConfig:
    """The settings of one service: request limits, timeouts, requests answered at once
    (`max_in_flight`; the health check is never refused), and the optional decision
    log (JSON lines; the case itself is written only when `log_cases` is set, since a
    case holds personal data)."""

    max_body_bytes: int = MAX_BODY_BYTES
    max_cases: int = MAX_CASES
    timeout: float = TIMEOUT_SECONDS
    max_in_flight: int = MAX_IN_FLIGHT
    log_path: Path | None = None
    log_cases: bool = False
    preload: bool = True

    def __attrs_post_init__(self) -> None:
        if self.max_body_bytes < 1 or self.max_cases < 1 or self.max_in_flight < 1 \
                or not (math.isfinite(self.timeout) and self.timeout > 0):
            raise ValueError("limits and timeouts must be positive (and a timeout finite)")
        if self.log_cases and self.log_path is None:
            raise ValueError("log_cases needs a log_path")
