"""Where a fetched page is read: on the event loop, or, when it is long, in one thread beside it.

Reading a page (parse, dates, links) is Python work of a few milliseconds for a page of the
usual size, up to seconds for a hostile multi-megabyte one (bounded by the readers' work
budgets). Python runs one thread at a time, so a thread only helps where the loop must not
wait: a long page read on the loop would hold up every other site's downloads and timers
for its seconds. A short page is read on the loop, where it costs least.

Measured on a 300-site load fleet (`bench/crawl_scale.py --sites 300`, 2 cores, process CPU
for the whole crawl): asyncio's default pool of six threads 42.8-49.9 s; one thread
28.9-34.7 s; reading on the loop 24.0-27.8 s, at the same pages per second. Threads take
turns on the GIL, and every turn costs both the reader and the loop.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

#: A page of more characters is read in the reader thread. 256 K characters take a few
#: hundredths of a second to read on a real page, at most 0.4 s on the worst hostile shapes
#: (`bench/page_size.py --sizes 0.25`, the slowest role): the longest the loop waits.
INLINE_MAX_CHARS = 256 * 1024

#: Shared by every crawl of the process; its thread is started on first use.
_READER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-reader")


async def run_reader(
    chars: int, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """`function(*args, **kwargs)` for a page of `chars` characters: on the loop when the page
    is short, else in the reader thread (as `asyncio.to_thread`, with one thread)."""
    if chars <= INLINE_MAX_CHARS:
        return function(*args, **kwargs)
    call = functools.partial(contextvars.copy_context().run, function, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_READER, call)
