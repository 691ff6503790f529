"""The page-date benchmark's own pieces: what `--visible-only` strips, and what it keeps; which
labels are scored."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from page_dates import fold_of, load_cases, visible_only

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


def test_a_label_the_readme_shows_impossible_is_left_out(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    gold = {}
    for name, extra in (("kept", {}), ("swapped", {"excluded": "after the page was saved"})):
        (tmp_path / "pages" / f"{name}.html").write_text(PAGE, encoding="utf-8")
        gold[f"https://example.org/{name}"] = {
            "file": f"{name}.html",
            "date": "2023-06-19",
            **extra,
        }
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    assert [case.file for case in load_cases(tmp_path, 5)] == ["kept.html"]
