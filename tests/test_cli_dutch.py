"""Issue 15.8: the command line speaks Dutch, also in the framework's own words."""

from __future__ import annotations

import subprocess
import sys

import pytest

ENGLISH = (
    "Usage:",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "No such option",
    "Missing argument",
    "Invalid value",
    "Error:",
    "Try '",
    "[default:",
    "[required]",
)


def nazorg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nazorg_cli", *args], capture_output=True, text=True, timeout=60)


def test_without_arguments_the_help_with_exit_0():
    result = nazorg()
    assert result.returncode == 0 and result.stdout.startswith("Gebruik: nazorg [OPTIES] OPDRACHT")


@pytest.mark.parametrize(
    "command", ["", "evaluate", "validate", "indicators", "render", "definities", "bronnen", "historie", "sample", "init"]
)
def test_help_is_dutch_with_an_example(command):
    result = nazorg(*([command] if command else []), "--help")
    assert result.returncode == 0
    assert not [word for word in ENGLISH if word in result.stdout], result.stdout
    assert "Toon deze hulp" in result.stdout
    assert "Voorbeeld: nazorg " + (command or "evaluate") in result.stdout


@pytest.mark.parametrize(
    "args, sentence",
    [
        (["evaluate", "--bestaat-niet"], "Fout: onbekende optie --bestaat-niet. [gebruik]"),
        (["evaluate"], "Fout: het argument INPUT ontbreekt. [gebruik]"),
        (
            ["validate", "sample_data", "--format", "xml"],
            "Fout: ongeldige waarde 'xml' voor --format; kies uit 'human', 'json', 'xlsx'.",
        ),
        (["bestaat-niet"], "Fout: onbekende opdracht 'bestaat-niet'"),
        (["definities", "a", "b"], "Fout: onverwacht extra argument (b)."),
    ],
)
def test_usage_errors_are_one_dutch_sentence_with_exit_2(args, sentence):
    result = nazorg(*args)
    assert result.returncode == 2 and sentence in result.stderr
    assert not [word for word in ENGLISH if word in result.stderr], result.stderr
