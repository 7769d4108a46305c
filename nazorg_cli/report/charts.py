"""Accessible SVG charts of a theme's protected figures (matplotlib, text kept as text).

Each chart is deterministic (fixed hash salt, no date in the metadata) and carries a <title> and
<desc>, so screen readers can read it and the golden files stay stable. Suppressed or missing
figures get no bar; their label says so.
"""

from __future__ import annotations

import base64
import html
import io
import re

from nazorg_cli.report.formatting import getal


def chart_spec(key: str, title: str, rows: list[dict], periode: str, vorige: str | None) -> dict | None:
    """What one theme's chart shows (cheap, no drawing): a bar per indicator, current and
    previous period side by side; None when there is nothing to plot.

    ``rows``: dicts with naam, eenheid, waarde (a number to plot, or None) with its label as the
    note shows it ('59,3%', 'x', '–'), and the same for the previous period. Percentages and
    counts are charted apart: the theme's percentages when it has any, else its counts.
    """
    percentages = [r for r in rows if r["eenheid"] == "percentage"]
    chosen = percentages or [r for r in rows if r["eenheid"] == "aantal"]
    if not chosen or all(r["waarde"] is None for r in chosen):
        return None
    description = "; ".join(
        f"{r['naam']}: {r['label']} in {periode}" + (f", {r['vorige_label']} in {vorige}" if vorige else "") for r in chosen
    )
    return {
        "key": key,
        "titel": title,
        "beschrijving": description,
        "eenheid": "percentage" if percentages else "aantal",
        "rijen": chosen,
        "periode": periode,
        "vorige": vorige,
    }


def draw_charts(specs: list[dict]) -> dict[str, str]:
    """The accessible SVG of each chart, by key (matplotlib; may run in a helper process)."""
    return {spec["key"]: _svg(spec) for spec in specs}


def load_chart_library() -> None:
    """Import the chart library (what a helper process does first)."""
    import matplotlib.backends.backend_svg
    import matplotlib.figure  # noqa: F401


def chart_helper():
    """Two forked copies (nazorg_cli.processes.Helper) that import the chart library at once and
    then draw the charts they are sent, half each; end it with ``with``. Started before the data
    libraries load (nazorg evaluate does so first), the import runs on the other core while this
    process starts, and the copies stay small."""
    from nazorg_cli.processes import Helper

    return Helper(load_chart_library, copies=2)


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _svg(spec: dict) -> str:
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    key, title, chosen, unit = spec["key"], spec["titel"], spec["rijen"], spec["eenheid"]
    periode, vorige = spec["periode"], spec["vorige"]
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": f"nazorg-{key}", "font.size": 9, "font.family": "DejaVu Sans"}
    ):
        height = 0.9 + 0.42 * len(chosen) * (2 if vorige else 1)
        fig = Figure(figsize=(6.6, height))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        labels = [r["naam"] for r in chosen][::-1]
        bar = 0.38 if vorige else 0.6
        ys = list(range(len(labels)))
        # With a comparison the current period's bar sits above the label line, the previous below.
        series = [(periode, "waarde", "label", "#1f5f99", bar / 2 if vorige else 0)]
        if vorige:
            series.append((vorige, "vorige_waarde", "vorige_label", "#9bbbd9", -bar / 2))
        for name, value_key, label_key, color, offset in series:
            values = [r[value_key] for r in chosen][::-1]
            texts = [r[label_key] for r in chosen][::-1]
            positions = [y + offset for y in ys]
            ax.barh(positions, [v or 0 for v in values], height=bar, color=color, label=name)
            for pos, v, text in zip(positions, values, texts):
                ax.text(v or 0, pos, " " + text, va="center", fontsize=8)
        ax.set_yticks(ys, labels)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: getal(v) + ("%" if unit == "percentage" else "")))
        if unit == "percentage":
            ax.set_xlim(0, 115)
        else:
            top = max((r[k] for r in chosen for k in ("waarde", "vorige_waarde") if r.get(k) is not None), default=0)
            ax.set_xlim(0, max(top, 1) * 1.25)
        ax.spines[["top", "right"]].set_visible(False)
        if vorige:
            ax.legend(loc="lower right", frameon=False, fontsize=8)
        ax.set_title(title, loc="left", fontsize=10)
        # A fixed layout (room for the labels on the left) instead of tight_layout, which measures
        # every text twice.
        fig.subplots_adjust(left=0.36, right=0.97, top=1 - 0.42 / height, bottom=0.42 / height)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _accessible(buffer.getvalue(), key, title, spec["beschrijving"])


def _accessible(svg: str, key: str, title: str, description: str) -> str:
    """Drop the XML prolog and DOCTYPE, and give the <svg> a role, a <title> and a <desc>."""
    start = svg.index("<svg")
    svg = svg[start:]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    head_end = svg.index(">") + 1
    opening = svg[:head_end].replace(
        "<svg", f'<svg role="img" aria-labelledby="grafiek-{key}-titel grafiek-{key}-beschrijving"', 1
    )
    return (
        opening + f'\n <title id="grafiek-{key}-titel">{html.escape(title)}</title>'
        f'\n <desc id="grafiek-{key}-beschrijving">{html.escape(description)}</desc>' + svg[head_end:]
    )
