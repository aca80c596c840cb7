"""The README runs as written (issue #14): every ``$`` command, in order, from a checkout.

Each line of the README that starts with ``$`` (in an indented block) is run with bash, in a
scratch folder laid out like a fresh checkout (the repository's files linked in, its ``.venv``,
and ``../shared`` when the team's folder is there). A command must exit 0, and when the README
shows output under it, print exactly that (timings aside). ``kg serve`` is started, awaited and
stopped (on a free port). The Python API example runs too. When this fails after a change that
alters the output, paste the printed actual output into the README.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
LINKED = ("examples", "tests", "ontologies", "kg")


@dataclass
class Step:
    line: int
    command: str
    expected: list[str]


def readme_steps(text: str) -> list[Step]:
    """The ``$`` commands of the README, each with the output lines shown under it."""
    lines = text.splitlines()
    steps, i = [], 0
    while i < len(lines):
        if not lines[i].startswith("    $ "):
            i += 1
            continue
        start, command = i + 1, lines[i][6:]
        i += 1
        while not _complete(command) and i < len(lines):  # a quoted argument over several lines
            command += "\n" + lines[i]
            i += 1
        expected = []
        while i < len(lines) and lines[i].startswith("    ") and not lines[i].startswith("    $ ") \
                and not lines[i].lstrip().startswith("#"):
            expected.append(lines[i][4:])
            i += 1
        steps.append(Step(start, command, expected))
    return steps


def _complete(command: str) -> bool:
    try:
        shlex.split(command, comments=True)
        return True
    except ValueError:
        return False


def python_example(text: str) -> str:
    """The code block of the README's Python API section."""
    section = text.split("## Python API", 1)[1]
    block = re.search(r"\n((?:    .*\n|\n)+)", section).group(1)
    return "\n".join(line[4:] for line in block.splitlines())


def _normal(lines: list[str]) -> list[str]:
    return [re.sub(r"\b\d+\.\d+ s\b", "N s", line.rstrip()) for line in lines if line.strip()]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A folder laid out like a fresh checkout after ``make demo``: the repository's files, its .venv."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in LINKED:
        (repo / name).symlink_to(ROOT / name)
    # the checkout's .venv (make demo), else the environment running the tests (a venv made elsewhere)
    venv = ROOT / ".venv" if (ROOT / ".venv" / "bin" / "activate").exists() else Path(sys.prefix)
    (repo / ".venv").symlink_to(venv)
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (tmp_path / "shared").symlink_to(shared)
    return repo


def _run(step: Step, setup: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    return subprocess.run(["bash", "-c", f"{setup}{step.command}"], cwd=cwd, env={**env, "COLUMNS": "200"},
                          capture_output=True, text=True, timeout=900)


def _serve(step: Step, setup: str, cwd: Path) -> None:
    """Start ``kg serve`` (on a free port), wait until it serves, stop it."""
    command = re.sub(r"--port \d+", "--port 0", step.command)
    command += "" if "--port" in command else " --port 0"  # another program may hold 7879
    child = subprocess.Popen(["bash", "-c", f"{setup}exec {command}"], cwd=cwd, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stderr.readline()
        assert line.startswith("serving "), f"README line {step.line}: {line}"
    finally:
        child.terminate()
        child.wait(timeout=30)


@pytest.mark.slow
def test_every_readme_command_runs_as_written(checkout: Path) -> None:
    text = README.read_text(encoding="utf-8")
    steps = readme_steps(text)
    assert len(steps) > 20 and steps[0].command == ". .venv/bin/activate"
    setup = ""
    for step in steps:
        if step.command.startswith((". ", "source ")):  # what the shell keeps for the next commands
            setup += step.command + " && "
            continue
        if "../shared" in step.command and not (checkout.parent / "shared").exists():
            continue  # the team's scorer lives beside the repository, not in it
        if " serve " in f" {step.command} ":
            _serve(step, setup, checkout)
            continue
        done = _run(step, setup, checkout)
        output = done.stdout + done.stderr
        assert done.returncode == 0, f"README line {step.line}: `{step.command}` exited {done.returncode}:\n{output}"
        if step.expected:
            assert _normal(output.splitlines()) == _normal(step.expected), \
                f"README line {step.line}: `{step.command}` now prints:\n{output}"
    example = _run(Step(0, "python - <<'EOF'\n" + python_example(text) + "\nEOF", []), setup, checkout)
    assert example.returncode == 0, example.stderr


def test_the_readme_parser_reads_continued_commands_and_their_output() -> None:
    text = ("    $ kg build a --store s\n    built 1 documents\n    $ kg query 'SELECT ?x\n"
            "                WHERE { ?x ?p ?o }' --format csv\n    # a comment\n")
    steps = readme_steps(text)
    assert [(s.command.split()[1], s.expected) for s in steps] == [("build", ["built 1 documents"]), ("query", [])]
    assert "WHERE" in steps[1].command
