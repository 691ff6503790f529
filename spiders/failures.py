"""Name what went wrong with a request, in the vocabulary an agency can act on."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from twisted.internet import error as tx
from twisted.python.failure import Failure

from crawler.model import FailureKind

_BY_TYPE: tuple[tuple[tuple[type[BaseException], ...], FailureKind], ...] = (
    ((CannotResolveHostError, tx.DNSLookupError), FailureKind.DNS),
    ((DownloadConnectionRefusedError, tx.ConnectionRefusedError), FailureKind.REFUSED),
    (
        (DownloadTimeoutError, tx.TimeoutError, tx.TCPTimedOutError, TimeoutError),
        FailureKind.TIMEOUT,
    ),
)


def failure_kind(failure: Failure) -> tuple[FailureKind, str]:
    """The kind of a download failure and a one-line detail."""
    exc = failure.value
    detail = f"{type(exc).__name__}: {exc}"[:300]
    for types, kind in _BY_TYPE:
        if isinstance(exc, types):
            return kind, detail
    if _is_too_large(exc):
        return FailureKind.TOO_LARGE, detail
    if isinstance(exc, IgnoreRequest):
        return FailureKind.OTHER, detail
    if _mentions_tls(exc):
        return FailureKind.TLS, detail
    return FailureKind.OTHER, detail


def _is_too_large(exc: BaseException) -> bool:
    # Over DOWNLOAD_MAXSIZE as sent (the download is cancelled) or once decompressed (a gzip
    # bomb: the compression middleware ignores the response).
    text = str(exc).lower()
    if isinstance(exc, DownloadCancelledError):
        return "max size" in text
    return isinstance(exc, IgnoreRequest) and "download_maxsize" in text


def _mentions_tls(exc: BaseException) -> bool:
    # Twisted wraps handshake errors (OpenSSL.SSL.Error) in ResponseNeverReceived /
    # ConnectionLost with a list of reasons; the names are the reliable part.
    texts = [type(exc).__name__, str(exc)]
    for reason in getattr(exc, "reasons", []) or []:
        value = getattr(reason, "value", reason)
        texts += [type(value).__module__, type(value).__name__, str(value)]
    blob = " ".join(texts).lower()
    return any(word in blob for word in ("ssl", "tls", "certificate", "handshake"))
