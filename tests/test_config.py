"""The configuration is checked before any request, and errors name the entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from crawler.cli import main
from crawler.config import ConfigError, load_fleet, parse_fleet

REPO = Path(__file__).resolve().parent.parent


def _fleet(**overrides):
    data = {
        "agencies": [
            {"id": "disdik", "name": "Dinas Pendidikan", "url": "https://disdik.example.go.id/"},
            {"id": "dinkes", "name": "Dinas Kesehatan", "url": "https://dinkes.example.go.id/"},
        ]
    }
    data.update(overrides)
    return data


def test_shipped_config_is_valid_and_lists_the_bengkalis_fleet():
    fleet = load_fleet(REPO / "config" / "agencies.yaml")
    ids = {a.id for a in fleet.agencies}
    assert {"bengkaliskab", "diskominfotik", "disdik", "dinkes", "bpkad", "jdih"} <= ids
    assert all(a.url.startswith("https://") for a in fleet.agencies)
    assert fleet.thresholds.stale_days == 180
    assert fleet.crawl.obey_robots is True


def test_defaults_apply_when_blocks_are_missing():
    fleet = parse_fleet(_fleet())
    assert fleet.thresholds.fresh_days == 30
    assert fleet.crawl.concurrency_per_host == 1
    assert fleet.agencies[0].category == "lainnya"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["agencies"][1].update(id="disdik"), "agencies[1] (id 'disdik'): field 'id'"),
        (
            lambda d: d["agencies"][0].pop("url"),
            "agencies[0] (id 'disdik'): field 'url' is missing",
        ),
        (
            lambda d: d["agencies"][1].update(url="ftp://dinkes.example.go.id/"),
            "agencies[1] (id 'dinkes'): field 'url': scheme must be http or https",
        ),
        (
            lambda d: d["agencies"][0].update(colour="red"),
            "agencies[0] (id 'disdik'): unknown key(s) colour",
        ),
        (lambda d: d["agencies"][0].update(category="ministry"), "field 'category'"),
        (lambda d: d["agencies"][0].update(id="Dinas Pendidikan"), "field 'id'"),
        (lambda d: d.update(crawl={"timeout_seconds": "fast"}), "crawl: field 'timeout_seconds'"),
        (lambda d: d.update(crawl={"obey_robots": "yes"}), "crawl: field 'obey_robots'"),
        (lambda d: d.update(crawl={"max_pages_per_site": 0}), "must be positive"),
        (lambda d: d.update(thresholds={"fresh_days": 100}), "fresh_days < aging_days"),
        (lambda d: d.update(crawl={"speed": 1}), "crawl: unknown key(s) speed"),
        (lambda d: d.update(agencies=[]), "agencies: must be a non-empty list"),
        (
            lambda d: d["agencies"][0].update(url="http://127.0.0.1:8000/"),
            "private or loopback address",
        ),
    ],
)
def test_bad_config_is_rejected_naming_the_place(mutate, message):
    data = _fleet()
    mutate(data)
    with pytest.raises(ConfigError) as info:
        parse_fleet(data)
    assert message in str(info.value)


def test_private_hosts_are_allowed_when_the_config_says_so():
    data = _fleet(crawl={"allow_private_hosts": True})
    data["agencies"][0]["url"] = "http://127.0.0.1:8000/"
    assert parse_fleet(data).agencies[0].url == "http://127.0.0.1:8000/"


def test_duplicate_yaml_keys_are_an_error(tmp_path):
    path = tmp_path / "agencies.yaml"
    path.write_text(
        "agencies:\n  - id: a\n    name: A\n    url: https://a.go.id/\n    url: https://b.go.id/\n"
    )
    with pytest.raises(ConfigError, match="line 5: key 'url' appears twice"):
        load_fleet(path)


def test_validate_command_exit_codes(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(_fleet()))
    bad = tmp_path / "bad.yaml"
    data = _fleet()
    data["agencies"][1]["url"] = "mailto:x@example.go.id"
    bad.write_text(yaml.safe_dump(data))
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", "--config", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "2 agencies" in ok.output
    failed = runner.invoke(main, ["validate", "--config", str(bad)])
    assert failed.exit_code == 2
    assert "agencies[1] (id 'dinkes'): field 'url'" in failed.output
    missing = runner.invoke(main, ["validate", "--config", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2
    assert "file not found" in missing.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("agencies: [\n")
    assert runner.invoke(main, ["validate", "--config", str(broken)]).exit_code == 2


def test_ppid_url_is_checked_like_the_site_url():
    data = _fleet()
    data["agencies"][0]["ppid_url"] = "https://ppid.bengkaliskab.go.id/opd/disdik"
    assert parse_fleet(data).agencies[0].ppid_url == "https://ppid.bengkaliskab.go.id/opd/disdik"
    data["agencies"][0]["ppid_url"] = "ftp://ppid.bengkaliskab.go.id/"
    with pytest.raises(ConfigError, match="field 'ppid_url': scheme must be http or https"):
        parse_fleet(data)
