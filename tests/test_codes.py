"""One registry of codes and Dutch messages (nazorg_cli/codes.py): every code the code can emit is
in it, every message is made from its templates with the fields they need, and nothing raises
a refusal with a hand-written sentence."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from nazorg_cli.codes import CODES, EMPTIED, WEIGERING, message, refusal
from nazorg_cli.errors import ConfigError, InputError, NazorgError, UsageError

PACKAGE = Path(__file__).resolve().parent.parent / "nazorg_cli"
ERROR_CLASSES = {"NazorgError", "UsageError", "ConfigError", "InputError", "MetadataError"}


def calls() -> list[tuple[str, ast.Call]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                out.append((str(path.relative_to(PACKAGE)), node))
    return out


def name_of(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_used_is_registered_with_the_fields_its_template_needs():
    used = set()
    for where, call in calls():
        kind = name_of(call)
        if kind not in ("refusal", "message", "of", "finding", "Refused"):
            continue
        positional = [literal(a) for a in call.args]
        if kind == "of" and not (positional and positional[0] in CODES):
            continue  # another class's .of()
        code = positional[0] if positional else None
        if code is None:
            # The registry's own plumbing passes codes on; parsing's per-cell codes are checked below.
            plumbing = ("codes.py", "sources/findings.py", "sources/safety.py", "sources/sheetscan.py")
            assert kind == "finding" or where in plumbing, (where, ast.unparse(call))
            continue
        assert code in CODES, (where, code)
        used.add(code)
        variant = positional[1] if kind in ("refusal", "message", "Refused") and len(positional) > 1 else ""
        assert variant in CODES[code].sjablonen, (where, code, variant)
        implicit = {"of": {"bron", "kolom"}, "finding": {"bron", "kolom"}, "Refused": {"bestand"}}.get(kind, set())
        if any(k.arg is None for k in call.keywords):
            continue  # fields passed on as **fields: the call's dict is built just before
        given = {k.arg for k in call.keywords} | implicit
        missing = fields_of(CODES[code].sjablonen[variant]) - given
        assert not missing, (where, code, variant, missing)
        if kind in ("refusal", "Refused"):
            assert CODES[code].ernst == WEIGERING, (where, code)
    # Codes that parsing returns per cell, the CLI's own last lines, and the registry's defaults.
    from nazorg_cli.sources import parsing

    source = (PACKAGE / "sources" / "parsing.py").read_text("utf-8")
    parsing_codes = {c for c in CODES if f'"{c}"' in source}
    assert parsing_codes >= {"bsn-elfproef", "datum-ongeldig", "datum-toekomst", "ja-nee-ongeldig", "status-ongeldig"}
    assert parsing  # imported: its codes are the strings above
    console = (PACKAGE / "cli" / "console.py").read_text("utf-8")
    cli_codes = {c for c in ("afgebroken", "geheugen", "intern") if f'"{c}"' in console}
    unused = set(CODES) - used - parsing_codes - cli_codes
    assert not unused, f"in the registry but never emitted: {sorted(unused)}"


def test_no_refusal_is_written_by_hand():
    """Exit-2 causes are raised through codes.refusal, so each has a registered code and template."""
    for where, call in calls():
        if name_of(call) in ERROR_CLASSES and where not in ("errors.py", "codes.py"):
            pytest.fail(f"{where}: {ast.unparse(call)} bypasses the code registry")


def test_messages_are_dutch_and_carry_no_field_names():
    english = ("cannot", "could not", "is not", "missing", "invalid", "a date", "the ")
    for code in CODES.values():
        assert code.titel.endswith(".") and code.sjablonen, code.code
        for template in (code.titel, *code.sjablonen.values()):
            lowered = template.lower()
            assert not any(word in lowered for word in english), (code.code, template)
            # the user's header ({kolom}), never a canonical field name such as datum_ontslag
            assert "datum_" not in template and "_ontslag" not in template, (code.code, template)


def test_refusal_picks_the_class_and_keeps_the_code():
    assert isinstance(refusal("gebruik", "tot-voor-van"), UsageError)
    assert isinstance(refusal("configuratie", "sleutel-kort"), ConfigError)
    error = refusal("zip-bom", "onderdelen", bestand="x.xlsx", aantal="12.000", grens="10.000")
    assert isinstance(error, InputError) and isinstance(error, NazorgError)
    assert (str(error), error.code) == ("x.xlsx: het archief heeft 12.000 onderdelen (meer dan 10.000).", "zip-bom")
    with pytest.raises(ValueError):
        refusal("duplicaat")
    assert message("datum-ongeldig", kolom="Startdatum").startswith("Kolom 'Startdatum': de datum is niet te lezen")


def test_findings_name_the_users_header_in_dutch(tmp_path):
    """The five findings that printed English in v1 now speak Dutch and name the export's header."""
    import json

    from conftest import bsn, invoke, write_csv

    write_csv(
        tmp_path,
        "detenties",
        [
            {"BSN": bsn(1), "Begin detentie": "1-2-2018", "Einddatum detentie": "31-02-2018"},
            {"BSN": bsn(2), "Begin detentie": "1-2-2018", "Einddatum detentie": "1-1-2099"},
        ],
    )
    write_csv(
        tmp_path,
        "casussen",
        [
            {"BSN": bsn(1), "Aanmelddatum": "1-2-2018", "Weigert nazorg": "misschien", "ID bij intake": "half"},
        ],
    )
    write_csv(
        tmp_path,
        "begeleiding",
        [
            {"BSN": bsn(1), "Coach": "A", "Startdatum": "1-2-2018", "Contacten": "veel"},
        ],
    )
    doc = json.loads(invoke(["validate", tmp_path, "--format", "json"]).stdout)  # optional fields: warnings
    messages = {f["code"]: f["melding"] for f in doc["bevindingen"]}
    assert messages["datum-ongeldig"].startswith("Kolom 'Einddatum detentie': de datum is niet te lezen")
    assert messages["datum-toekomst"] == "Kolom 'Einddatum detentie': de datum ligt na vandaag. " + EMPTIED
    assert messages["ja-nee-ongeldig"].startswith("Kolom 'Weigert nazorg': verwacht ja of nee")
    assert messages["status-ongeldig"].startswith("Kolom 'ID bij intake': verwacht 'op orde'")
    assert messages["getal-ongeldig"] == "Kolom 'Contacten': verwacht een geheel getal van 0 of meer. " + EMPTIED
    assert {f["ernst"] for f in doc["bevindingen"] if f["code"] != "bron-ontbreekt"} == {"waarschuwing"}
