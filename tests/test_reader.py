"""Where a fetched page is read (`spiders.reader.run_reader`): a page of the usual size on the
event loop, a long one (a hostile page's seconds of reading) in the reader thread, so that it
never holds up the other sites' downloads."""

from __future__ import annotations

import asyncio
import threading

import pytest

from spiders.reader import INLINE_MAX_CHARS, run_reader


def _where(label: str) -> tuple[str, str]:
    return label, threading.current_thread().name


@pytest.mark.parametrize(
    ("chars", "on_the_loop"), [(0, True), (INLINE_MAX_CHARS, True), (INLINE_MAX_CHARS + 1, False)]
)
def test_a_long_page_is_read_beside_the_loop_and_a_short_one_on_it(chars, on_the_loop) -> None:
    async def main() -> tuple[str, str]:
        return await run_reader(chars, _where, label="page")

    label, thread = asyncio.run(main())
    assert label == "page"
    assert (thread == threading.current_thread().name) is on_the_loop
    assert thread.startswith("page-reader") is not on_the_loop


def test_an_error_while_reading_reaches_the_caller_either_way() -> None:
    def broken(_: str) -> None:
        raise ValueError("hostile markup")

    for chars in (10, INLINE_MAX_CHARS + 1):
        with pytest.raises(ValueError, match="hostile markup"):
            asyncio.run(run_reader(chars, broken, "x"))
