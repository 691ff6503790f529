"""The page-date benchmark's own pieces: what `--visible-only` strips, and what it keeps."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from page_dates import fold_of, visible_only

PAGE = """<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta property="article:published_time" content="2023-06-19T10:00:00+07:00">
<meta property='og:updated_time' content='2023-06-20'><meta name=DC.date.issued content=2023-06-19>
<meta itemprop="datePublished" content="2023-06-19"><meta name="description" content="Dated 2023">
<script type="application/ld+json">{"datePublished": "2023-06-19"}</script>
<script type="application/ld+json" >
{"@graph": [{"dateModified": "2023-06-20"}]}</script >
<script>var published = "2023-06-19";</script></head>
<body><h1>Judul</h1><time datetime="2023-06-19">19 Juni 2023</time></body></html>"""


def test_visible_only_strips_json_ld_and_date_metas() -> None:
    stripped = visible_only(PAGE)
    for gone in ("article:published_time", "og:updated_time", "DC.date.issued",
                 'itemprop="datePublished"', "ld+json", "dateModified"):  # fmt: skip
        assert gone not in stripped
    # The visible page, other metas and other scripts stay.
    for kept in ('<meta charset="utf-8">', 'name="viewport"', 'name="description"',
                 'var published', '<time datetime="2023-06-19">19 Juni 2023</time>'):  # fmt: skip
        assert kept in stripped


def test_folds_are_stable_by_site() -> None:
    assert fold_of("bengkaliskab.go.id", 5) == fold_of("bengkaliskab.go.id", 5)
    assert {fold_of(f"site{n}.go.id", 5) for n in range(50)} == set(range(5))
