"""A bound on the work of reading one page: one hostile page must not stall a crawl.

Every reader is linear in the size of the page, and a page is cut at `MAX_HTML_CHARS`; this
is the second guard. A reader counts the candidates it examines (text segments, date
matches, dated elements, list items, table rows, links; a call of dateparser counts as many)
and stops at a fixed number. The count, not the clock: the same page gives the same answer
on any machine, under any load.

What a reader does when it runs out is its own rule, and always the safe one (a stale site
called fresh is the worst error): the page-date cascade gives no date at all (a step cut
short could fall through to a later step with a newer date); list readers keep the items
they finished, in document order, and drop the one in progress (fewer items can only make
the newest date older). See each reader's docstring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

#: Candidates one reader may examine on one page. The heaviest of 620 real pages (the golden
#: sets, the page-date benchmark, the fixture and load fleets) costs 2,640 (its date), 1,400
#: (its list items), 1,470 (its PPID links): this is about twenty times that. A hostile page
#: of 130,000 dated paragraphs stops here after a second or two instead of minutes.
MAX_PAGE_WORK: Final[int] = 50_000


#: What one call of dateparser (the fallback for strings the regular expressions cannot read)
#: costs, in candidates: about as much CPU as fifty candidates (~0.3 ms).
DATEPARSER_WORK: Final[int] = 50


class OverBudget(Exception):
    """Raised by `WorkBudget.spend` when a reader has used up its work on a page."""


@dataclass(slots=True)
class WorkBudget:
    """The work one reader may still do on one page; `exceeded` records that it ran out."""

    limit: int = MAX_PAGE_WORK
    spent: int = 0
    exceeded: bool = False

    def spend(self, units: int = 1) -> None:
        """Count `units` of work; raise `OverBudget` once the limit is passed."""
        self.spent += units
        if self.spent > self.limit:
            self.exceeded = True
            raise OverBudget(f"over {self.limit} units of work")
