"""The docs stay honest: what the code and data hold is named in README.md and docs/*.md."""

from __future__ import annotations

import argparse
import inspect
import re
from pathlib import Path

import pytest

import dyad
from dyad.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "dyad"
README = ROOT / "README.md"


def readme() -> str:
    return README.read_text("utf-8")


def all_docs() -> str:
    return "\n".join(p.read_text("utf-8") for p in [README, *sorted((ROOT / "docs").glob("*.md"))])


def stage_table() -> list[str]:
    """First-column names of the README table that starts with `| stage |`."""
    lines = readme().splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"\|\s*stage\s*\|", line))
    names = []
    for line in lines[start + 2 :]:  # skip the header and the |---| row
        if not line.startswith("|"):
            break
        names.append(line.split("|")[1].strip())
    return names


def stage_modules() -> list[str]:
    return sorted(p.stem for p in (PACKAGE / "stages").glob("*.py") if p.stem != "__init__")


def test_the_stage_table_is_found() -> None:
    assert len(stage_table()) >= len(stage_modules()) >= 5


@pytest.mark.parametrize("module", stage_modules())
def test_every_stage_module_is_in_the_readme_stage_table(module: str) -> None:
    assert f"`{module}`" in stage_table()


@pytest.mark.parametrize("name", [n.strip("`") for n in stage_table() if n.startswith("`")])
def test_every_backticked_stage_in_the_table_is_a_module(name: str) -> None:
    assert (PACKAGE / "stages" / f"{name}.py").is_file()


def data_file_params() -> list[object]:
    return [
        pytest.param(path.name, id=f"{folder}/{path.name}")
        for folder in ("ontology", "actors")
        for path in sorted((PACKAGE / folder).glob("*.yaml"))
    ]


@pytest.mark.parametrize("name", data_file_params())
def test_every_data_file_is_mentioned_in_the_docs(name: str) -> None:
    assert re.search(rf"(?<![\w.-]){re.escape(name)}", all_docs()), name


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    choices: dict[str, argparse.ArgumentParser] = action.choices
    return choices


def test_the_cli_has_subcommands() -> None:
    assert {"extract", "eval"} <= set(subcommands())


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_cli_subcommand_is_in_the_readme(command: str) -> None:
    assert re.search(rf"\bdyad {re.escape(command)}\b", readme()), command


def option_params() -> list[object]:
    return [
        pytest.param(option, id=f"{command} {option}")
        for command, sub in sorted(subcommands().items())
        for action in sub._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]


@pytest.mark.parametrize("option", option_params())
def test_every_cli_option_is_documented(option: str) -> None:
    assert re.search(rf"{re.escape(option)}\b", all_docs()), option


def own_docstring(obj: object) -> str:
    """The object's docstring, not the signature text @dataclass puts there when it has none."""
    doc = inspect.getdoc(obj) or ""
    name = getattr(obj, "__name__", "")
    return "" if doc.startswith(f"{name}(") else doc.strip()


def test_own_docstring_ignores_the_dataclass_signature() -> None:
    from dataclasses import dataclass

    @dataclass
    class Bare:
        x: int

    @dataclass
    class Told:
        """A told class."""

        x: int

    assert Bare.__doc__ and own_docstring(Bare) == ""
    assert own_docstring(Told) == "A told class."


def public_callables() -> list[object]:
    return [
        pytest.param(name, id=name)
        for name in dyad.__all__
        if inspect.isclass(getattr(dyad, name)) or inspect.isfunction(getattr(dyad, name))
    ]


@pytest.mark.parametrize("name", public_callables())
def test_every_public_class_and_function_has_a_docstring(name: str) -> None:
    assert own_docstring(getattr(dyad, name)), f"dyad.{name} has no docstring"
