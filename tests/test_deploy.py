"""The crontab line and the systemd units in docs/deploy stay valid as the CLI changes."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import click

from crawler.cli import main

DEPLOY = Path(__file__).resolve().parent.parent / "docs" / "deploy"
CRON_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


def _freshness_args(command: str) -> list[str]:
    """The arguments after the `freshness` executable in a shell command line."""
    words = shlex.split(command.split("&&")[-1])
    assert words[0].endswith("/freshness") or words[0] == "freshness", words
    return words[1:]


def _assert_cli_accepts(args: list[str]) -> None:
    command = main.get_command(click.Context(main), args[0])
    assert command is not None, f"no command {args[0]!r}"
    command.make_context(args[0], args[1:])  # raises on an unknown or malformed option


def _cron_field_ok(field: str, low: int, high: int) -> bool:
    for part in field.split(","):
        base, _, step = part.partition("/")
        if step and not step.isdigit():
            return False
        if base == "*":
            continue
        bounds = base.split("-")
        if not all(b.isdigit() and low <= int(b) <= high for b in bounds):
            return False
    return True


def test_crontab_line_is_valid():
    lines = [
        line
        for line in (DEPLOY / "freshness.crontab").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and "=" not in line.split()[0]
    ]
    assert len(lines) == 1
    fields = lines[0].split(None, 5)
    for field, (low, high) in zip(fields[:5], CRON_RANGES, strict=True):
        assert _cron_field_ok(field, low, high), field
    args = _freshness_args(fields[5])
    assert args[0] == "run" and "--quiet" in args
    _assert_cli_accepts(args)


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return parser


def test_systemd_service_and_timer_are_valid():
    service = _unit("freshness.service")
    assert service["Service"]["Type"] == "oneshot"
    exec_start = service["Service"]["ExecStart"]
    assert exec_start.startswith("/"), "systemd needs an absolute ExecStart path"
    _assert_cli_accepts(_freshness_args(exec_start))
    assert "3" in service["Service"]["SuccessExitStatus"].split()  # lock held is not a failure
    timer = _unit("freshness.timer")
    assert timer["Timer"]["OnCalendar"]
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
