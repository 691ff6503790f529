"""README says what the code does: its export fields, each command's flags, the exit codes.

Scripts and cron entries are written from README; a field renamed or a flag added in the code
and not there breaks somebody silently. These tests read README and the code and compare.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from crawler import cli, inputs
from reports.export import FIELDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _paragraph(starting: str) -> str:
    """README's paragraph that begins with `starting`, up to the next blank line."""
    start = README.index(starting)
    end = README.find("\n\n", start)
    return README[start : end if end != -1 else len(README)]


def documented_fields() -> list[str]:
    """The field names of README's "Export fields" paragraph, in order, without the notes."""
    text = _paragraph("Export fields")
    text = text[text.index(":") + 1 : text.index("CSV follows")]
    text = re.sub(r"\([^)]*\)", "", text).replace("`", "")
    return [name.strip().rstrip(".") for name in text.split(",") if name.strip().rstrip(".")]


def documented_options() -> dict[str, set[str]]:
    """Each command of README's table, with the options its usage line shows."""
    rows = re.findall(r"^\| `freshness (\w+)([^`]*)` \|", README, re.MULTILINE)
    option = re.compile(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b")
    return {name: set(option.findall(usage)) for name, usage in rows}


def commands() -> dict[str, click.Command]:
    context = click.Context(cli.main)
    found = {name: cli.main.get_command(context, name) for name in cli.main.list_commands(context)}
    return {name: command for name, command in found.items() if command is not None}


def test_export_fields_are_the_ones_the_code_writes() -> None:
    assert documented_fields() == list(FIELDS)


def test_every_command_is_in_readme() -> None:
    assert set(documented_options()) == set(commands())


@pytest.mark.parametrize("name", sorted(commands()))
def test_each_commands_options_are_in_its_readme_row(name: str) -> None:
    """Every option appears in the row (by one of its spellings); the row names no other."""
    options = [
        set(param.opts + param.secondary_opts) - {"-h", "--help"}
        for param in commands()[name].params
        if isinstance(param, click.Option)
    ]
    documented = documented_options()[name]
    missing = sorted(min(names) for names in options if names and not names & documented)
    unknown = sorted(documented - set().union(*options))
    assert not missing, f"README's row for `freshness {name}` lacks {missing}"
    assert not unknown, f"README's row for `freshness {name}` names {unknown}, which it lacks"


def _exit_codes(text: str) -> dict[int, str]:
    """`N` description pairs of an "Exit codes" sentence."""
    return {int(code): words for code, words in re.findall(r"`?(\d)`?\s+([a-z(][^,`]*)", text)}


def test_exit_codes_are_the_codes_the_command_uses() -> None:
    exits = (inputs.EXIT_OK, inputs.EXIT_INCOMPLETE, inputs.EXIT_USAGE, inputs.EXIT_LOCKED,
             inputs.EXIT_NETWORK)  # fmt: skip
    in_code = set(exits)
    in_readme = set(_exit_codes(_paragraph("Exit codes:")))
    in_docstring = set(_exit_codes(_paragraph_of(cli.__doc__ or "", "Exit codes:")))
    assert in_readme == in_code
    assert in_docstring == in_code


def _paragraph_of(text: str, starting: str) -> str:
    start = text.index(starting)
    end = text.find("\n\n", start)
    return text[start : end if end != -1 else len(text)]
