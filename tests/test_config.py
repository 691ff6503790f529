"""The configuration is checked before any request, and errors name the entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from crawler.cli import main
from crawler.config import ConfigError, check_url, is_agency_id, load_fleet, parse_fleet

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


# -- hostile configs: alias bombs, huge values, non-finite numbers, controls, credentials -----


def _alias_bomb(levels: int = 9, repeats: int = 9) -> str:
    """'Billion laughs' in a field that wants a number: each level repeats the one before."""
    lines = ["agencies:", "  - {id: a, name: A, url: 'https://a.go.id/'}", "crawl:"]
    lines.append("  timeout_seconds:")
    lines.append("    - &l0 [" + ", ".join(["lol"] * repeats) + "]")
    for level in range(1, levels):
        lines.append(f"    - &l{level} [" + ", ".join([f"*l{level - 1}"] * repeats) + "]")
    return "\n".join(lines) + "\n"


_BOUNDED_LOAD = """
import resource, sys
from crawler.config import ConfigError, load_fleet
limit = 1024 ** 3  # a repr of 9**9 strings needs gigabytes; a refusal needs nothing
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
try:
    load_fleet(sys.argv[1])
except ConfigError as exc:
    print(exc)
"""


def test_yaml_alias_bomb_is_refused_fast_without_expanding_it(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "bomb.yaml"
    path.write_text(_alias_bomb())
    done = subprocess.run(
        [sys.executable, "-c", _BOUNDED_LOAD, str(path)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    message = done.stdout.strip()
    assert "line 5: YAML anchors and aliases" in message
    assert len(message) < 300


def test_yaml_anchors_and_aliases_are_refused_naming_the_line(tmp_path):
    path = tmp_path / "agencies.yaml"
    path.write_text(
        "agencies:\n"
        "  - &first {id: a, name: A, url: 'https://a.go.id/'}\n"
        "  - *first\n"
    )  # fmt: skip
    with pytest.raises(ConfigError, match="line 2: YAML anchors and aliases"):
        load_fleet(path)


@pytest.mark.parametrize(
    "value",
    ["x" * 100_000, ["lol"] * 100_000, {f"k{i}": i for i in range(100_000)}],
    ids=["text", "list", "mapping"],
)
def test_error_messages_never_echo_a_huge_value(value):
    with pytest.raises(ConfigError) as info:
        parse_fleet(_fleet(crawl={"obey_robots": value}))
    message = str(info.value)
    assert message.startswith("crawl: field 'obey_robots': must be true or false (got ")
    assert len(message) < 200 and "…" in message


def test_unknown_keys_are_named_briefly_and_escaped():
    with pytest.raises(ConfigError) as info:
        parse_fleet(_fleet(crawl={"\x1b[2J" + "k" * 1000: 1}))
    message = str(info.value)
    assert "\x1b" not in message and "\\x1b[2J" in message and len(message) < 400


@pytest.mark.parametrize("field", ["delay_seconds", "timeout_seconds", "max_crawl_minutes"])
@pytest.mark.parametrize("token", [".nan", ".NaN", ".inf", "-.inf", "1.0e+400"])
def test_non_finite_numbers_are_rejected_naming_the_field(tmp_path, field, token):
    path = tmp_path / "agencies.yaml"
    path.write_text(
        "agencies:\n  - {id: a, name: A, url: 'https://a.go.id/'}\n"
        f"crawl:\n  {field}: {token}\n"
    )  # fmt: skip
    with pytest.raises(ConfigError, match=f"crawl: field '{field}': must be a finite number"):
        load_fleet(path)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Dinas \x1b[31mPendidikan"),
        ("name", "Dinas\nPendidikan"),
        ("name", "Dinas\x00"),
        ("name", "Dinas \u202eNAKIDIDNEP"),
        ("name", "Dinas\x85Pendidikan"),
        ("url", "https://disdik.example.go.id/\nberita"),
        ("url", "https://disdik.example.go.id/\tberita"),
        ("ppid_url", "https://ppid.example.go.id/\x0bppid"),
        ("category", "dinas\x07"),
    ],
)
def test_control_characters_in_config_text_are_rejected(field, value):
    data = _fleet()
    data["agencies"][0][field] = value
    with pytest.raises(ConfigError) as info:
        parse_fleet(data)
    message = str(info.value)
    assert message.startswith(f"agencies[0] (id 'disdik'): field '{field}': control character")
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in message)


def test_control_characters_in_the_user_agent_are_rejected():
    with pytest.raises(ConfigError, match=r"crawl: field 'user_agent': control character U\+000D"):
        parse_fleet(_fleet(crawl={"user_agent": "bot/1\r\nX-Injected: 1"}))


@pytest.mark.parametrize("field", ["url", "ppid_url"])
def test_credentials_in_a_configured_url_are_rejected_without_echoing_them(field):
    data = _fleet()
    data["agencies"][0][field] = "https://admin:hunter2@disdik.example.go.id/berita"
    with pytest.raises(ConfigError) as info:
        parse_fleet(data)
    message = str(info.value)
    assert message.startswith(f"agencies[0] (id 'disdik'): field '{field}': remove the user name")
    assert "https://disdik.example.go.id/berita" in message
    assert "hunter2" not in message and "admin" not in message
    with pytest.raises(ConfigError) as info:
        check_url("https://admin:hunter2@disdik.example.go.id/")
    assert "remove the user name and password" in str(info.value)
    assert "hunter2" not in str(info.value)


def test_check_names_its_own_switch_for_private_addresses():
    with pytest.raises(ConfigError) as info:
        check_url("http://127.0.0.1:8000/")
    assert "pass --allow-private-hosts" in str(info.value)
    assert "crawl.allow_private_hosts" not in str(info.value)
    data = _fleet()
    data["agencies"][0]["url"] = "http://127.0.0.1:8000/"
    with pytest.raises(ConfigError, match=r"set crawl\.allow_private_hosts: true to allow it"):
        parse_fleet(data)
    done = CliRunner().invoke(main, ["check", "http://127.0.0.1:9/"])
    assert done.exit_code == 2
    assert "--allow-private-hosts" in done.output and "crawl.allow" not in done.output


def test_agency_ids_follow_one_rule():
    assert is_agency_id("disdik") and is_agency_id("kec-rupat-2")
    for bad in ("../../x", "disdik\n", "Disdik", "-x", "a/b", "", "x" * 64, None):
        assert not is_agency_id(bad), bad
