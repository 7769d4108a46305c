"""Write docs/findings.md from the code tables (python docs/make_findings.py)."""

from pathlib import Path

from nazorg_cli.errors import REFUSAL_CODES
from nazorg_cli.sources.findings import CODES


def text() -> str:
    lines = [
        "# Codes",
        "",
        "## Findings",
        "",
        "Every finding of `nazorg validate` and `datakwaliteit.json` carries one of these stable codes.",
        "Errors (`fout`) reject the row; warnings (`waarschuwing`) keep it; `info` only informs.",
        "",
        "| code | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{c}` | {m} |" for c, m in CODES.items()]
    lines += [
        "",
        "## Could not run (exit 2)",
        "",
        "A run that cannot go on prints one sentence on stderr ending in its code, e.g.",
        "`Fout: detenties.xlsx: het werkboek is versleuteld; sla het zonder wachtwoord op. [versleuteld]`.",
        "",
        "| code | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{c}` | {m} |" for c, m in REFUSAL_CODES.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    Path(__file__).with_name("findings.md").write_text(text(), "utf-8")
