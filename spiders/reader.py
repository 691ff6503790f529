"""The one thread that reads fetched pages beside the event loop.

Reading a page (parse, dates, links) is Python work of a few milliseconds, up to the work
budget on a hostile page. Run on the event loop it would hold up every other site's
downloads and timers meanwhile; so it runs in a thread. One thread, not a pool: Python runs
one thread at a time, so several readers only take turns, and the turns cost. Measured on a
300-site load fleet (`bench/crawl_scale.py --sites 300`, 2 cores): with asyncio's default
pool (6 threads) a page's reading took 8.8-16.9 ms of CPU by role and the crawl 11.9 ms per
response; with this one thread 6.4-10.9 ms and 9.0 ms, at 28% more pages per second.
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

#: Shared by every crawl of the process; its thread is started on first use.
_READER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-reader")


async def in_reader_thread(function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """`asyncio.to_thread`, in the reader thread instead of the default pool."""
    call = functools.partial(contextvars.copy_context().run, function, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_READER, call)
