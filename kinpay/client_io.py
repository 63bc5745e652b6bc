"""Reading the server's answers within bounds: how long a whole answer may take, how large
it may be, and for the event stream how long a line and an event may be.

httpx's timeouts are per read: a server (or whatever sits between) that sends one byte a
second less often than the read timeout was never timed out, so a till's sale sat in
"Sending…" and its link check never said the link was down for as long as the drip went
on; and an answer of any size was read into memory (a 256 MB one took a till's link thread
to 571 MB). Attack review 36c, docs/security.md row 78.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx

from kinpay.errors import BadResponse, OutcomeUnknown

# The largest answer the API gives: a till's list of 500 payments with long baskets, an
# offline batch's 100 answers, the revocation list of a large shop, each well under this.
MAX_ANSWER_BYTES = 8 * 1024 * 1024
# A whole answer takes at most this many times the read timeout (and the connect's time),
# and beyond that a second for every MIN_BYTES_PER_S it brought (a large list on a slow
# link still arrives): one that has not finished by then stalled mid-answer, or drips.
WHOLE_ANSWER_READS = 2
MIN_BYTES_PER_S = 8 * 1024
# The event stream: a line, and the lines of one event, at most this long (an event is a
# payment's answer, a few KB); and an event begun must end within this many seconds.
MAX_EVENT_LINE_CHARS = 256 * 1024
MAX_EVENT_CHARS = 1024 * 1024
MAX_EVENT_S = 30.0


def deadline_for(read_timeout_s: float, connect_s: float) -> float:
    """When a whole answer must have arrived, for a request sent now."""
    return time.monotonic() + connect_s + WHOLE_ANSWER_READS * read_timeout_s


def read_whole(response: httpx.Response, deadline: float, where: str) -> httpx.Response:
    """`response`, opened as a stream, read whole within `deadline` and MAX_ANSWER_BYTES:
    an answer of its bytes, or httpx.ReadTimeout (the request's fate is then unknown, as at
    any read timeout) or BadResponse (too large)."""
    declared = response.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
        raise BadResponse(f"{where}: an answer of {declared} bytes, more than the API gives")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise BadResponse(f"{where}: an answer of more than {MAX_ANSWER_BYTES} bytes")
        chunks.append(chunk)
        if time.monotonic() > deadline + size / MIN_BYTES_PER_S:
            raise httpx.ReadTimeout(f"{where}: the answer was still arriving at its deadline")
    headers = [(k, v) for k, v in response.headers.multi_items()
               if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")]
    return httpx.Response(response.status_code, headers=headers, content=b"".join(chunks),
                          request=response.request)


def event_lines(response: httpx.Response) -> Iterator[str]:
    """An event stream's lines, each within MAX_EVENT_LINE_CHARS, every event (its lines up
    to the blank one that ends it) within MAX_EVENT_CHARS and MAX_EVENT_S: else
    BadResponse, or OutcomeUnknown for one that stalled (the stream is then read again
    from its last event id)."""
    buffer = ""
    started: float | None = None  # when the event being read began to arrive
    size = 0  # its characters so far
    for text in response.iter_text():
        if text and started is None:
            started = time.monotonic()
        buffer += text
        while (end := _line_end(buffer)) is not None:
            line, buffer = buffer[:end[0]], buffer[end[1]:]
            size += len(line)
            if size > MAX_EVENT_CHARS:
                raise BadResponse("GET /v1/events: an event longer than the API sends")
            yield line
            if not line:  # the event (or a ping) is whole
                size = 0
                started = time.monotonic() if buffer else None
        if len(buffer) > MAX_EVENT_LINE_CHARS:
            raise BadResponse("GET /v1/events: a line longer than the API sends")
        if started is not None and time.monotonic() - started > MAX_EVENT_S:
            raise OutcomeUnknown(f"GET /v1/events: an event still arriving after"
                                 f" {MAX_EVENT_S:.0f} s: the stream stalled")


def _line_end(buffer: str) -> tuple[int, int] | None:
    """Where the first line of `buffer` ends and the next begins (CRLF, CR or LF, as
    server-sent events allow), or None while it has no end yet (a CR at the very end may
    be half of a CRLF)."""
    lf, cr = buffer.find("\n"), buffer.find("\r")
    if cr == -1 or (lf != -1 and lf < cr):
        return None if lf == -1 else (lf, lf + 1)
    if cr + 1 == len(buffer):
        return None
    return cr, cr + (2 if buffer[cr + 1] == "\n" else 1)
