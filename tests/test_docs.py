"""Docs cannot drift: every setting, command, stage and plug-in group appears in docs/reference.md."""
from pathlib import Path

import pytest

from wirewatch.cli import actors_app, app, eval_app
from wirewatch.pipeline import ENTRY_POINT_GROUP as STAGE_GROUP, registered_stages
from wirewatch.readers import ENTRY_POINT_GROUP as READER_GROUP
from wirewatch.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = (ROOT / "docs" / "reference.md").read_text()


def command_names():
    for command in app.registered_commands:
        yield command.name or command.callback.__name__
    for command in eval_app.registered_commands:
        yield "eval " + (command.name or command.callback.__name__)
    for command in actors_app.registered_commands:
        yield "actors " + (command.name or command.callback.__name__)


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_docs_every_setting_with_its_default(setting):
    assert f"`{setting.name}`" in REFERENCE
    assert f"`WIREWATCH_{setting.name.upper()}`" in REFERENCE


@pytest.mark.parametrize("name", list(command_names()))
def test_docs_every_command(name):
    assert f"`wirewatch {name}" in REFERENCE


@pytest.mark.parametrize("name", [n for n in registered_stages() if not n.startswith("test_")])
def test_docs_every_stage(name):
    assert f"`{name}`" in REFERENCE


@pytest.mark.parametrize("group", [STAGE_GROUP, READER_GROUP])
def test_docs_every_plugin_group(group):
    assert f"`{group}`" in REFERENCE


def test_docs_readme_starts_with_the_two_commands():
    lines = [l for l in (ROOT / "README.md").read_text().splitlines() if l.strip()]
    assert "make sample" in "\n".join(lines[:8]) and "make test" in "\n".join(lines[:8])
