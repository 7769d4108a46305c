"""Accessible SVG charts of a theme's protected figures (matplotlib, text kept as text).

Each chart is deterministic (fixed hash salt, no date in the metadata) and carries a <title> and
<desc>, so screen readers can read it and the golden files stay stable. Each chart shows a theme's
figures over the reeks; a suppressed or missing figure is a gap, a voorlopig one an open point.
"""

from __future__ import annotations

import contextlib
import html
import io
import math
import re

from nazorg_cli.report.formatting import getal


def chart_spec(key: str, title: str, series: list[dict], periods: list[str], eenheid: str) -> dict | None:
    """What one theme's chart shows (cheap, no drawing): a line per indicator over the periods of
    the reeks; None when nothing is published to plot.

    ``series``: dicts with naam and punten, one per period: (value or None, label as the note
    shows it ('59,3%', 'x', '.'), voorlopig). A suppressed or missing figure is a gap in its
    line; a voorlopig point is drawn open.
    """
    if not series or all(value is None for s in series for value, _, _ in s["punten"]):
        return None
    description = "; ".join(
        f"{s['naam']}: " + ", ".join(f"{period} {label}" for period, (_, label, _) in zip(periods, s["punten"])) for s in series
    )
    voorlopig = any(flag and value is not None for s in series for value, _, flag in s["punten"])
    if voorlopig:
        description += "; een open punt is een voorlopig cijfer (*)"
    return {
        "key": key,
        "titel": title,
        "beschrijving": description,
        "eenheid": eenheid,
        "reeks": series,
        "perioden": periods,
        "voorlopig": voorlopig,
    }


def draw_charts(specs: list[dict]) -> dict[str, dict]:
    """Each chart by key: its accessible SVG, and a PNG when the spec asks for one (``png``: for
    the Word documents). matplotlib; may run in a helper process."""
    return {spec["key"]: _draw(spec) for spec in specs}


def load_chart_library(pdf: bool = False) -> None:
    """Import the chart library and draw a small chart once (what a helper process does first),
    so that fonts and caches are loaded before the real charts arrive; with ``pdf`` import the
    PDF library as well."""
    import matplotlib.backends.backend_svg
    import matplotlib.figure  # noqa: F401

    if pdf:
        # Without Pango the import fails; the PDF step says so in Dutch when it is reached.
        with contextlib.suppress(OSError):
            import weasyprint  # noqa: F401

    _draw(
        {
            "key": "warm",
            "titel": "",
            "beschrijving": "",
            "eenheid": "percentage",
            "perioden": ["2018", "2019"],
            "reeks": [{"naam": "a", "punten": [(1.0, "1", False), (2.0, "2", True)]}],
            "voorlopig": True,
        }
    )


def chart_helper(pdf: bool = False):
    """Two forked copies (nazorg_cli.processes.Helper) that import the chart library at once and
    then draw the charts they are sent, half each, and make the PDFs; end it with ``with``.
    Started before the data libraries load (nazorg evaluate does so first), the import runs on
    the other core while this process starts, and the copies stay small. ``pdf``: import the PDF
    library too (only when PDFs are asked for)."""
    from functools import partial

    from nazorg_cli.processes import Helper

    return Helper(partial(load_chart_library, pdf), copies=2)


COLOURS = ["#1f5f99", "#c0392b", "#2e8540", "#8e44ad", "#b35900", "#555555"]
MARKERS = ["o", "s", "D", "^", "v", "P"]


def _draw(spec: dict) -> dict:
    """The chart's accessible SVG, and its PNG when the spec asks for one."""
    import textwrap

    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter

    key, title, unit, periods = spec["key"], spec["titel"], spec["eenheid"], spec["perioden"]
    series = spec["reeks"]
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": f"nazorg-{key}", "font.size": 9, "font.family": "DejaVu Sans"}
    ):
        # A fixed layout, measured in inches, instead of bbox_inches="tight" (which lays out every
        # text twice): room for the title, the tick labels and the legend's rows under the plot.
        names = ["\n".join(textwrap.wrap(s["naam"], 42)) for s in series]
        if spec["voorlopig"]:
            names.append("open punt: voorlopig (*)")
        rows = math.ceil(len(names) / 2)
        row_lines = [max(n.count("\n") + 1 for n in names[r::rows]) for r in range(rows)]
        legend_height = 0.08 + 0.15 * sum(row_lines) + 0.05 * rows
        width, head, plot, ticks, left = 6.6, 0.12, 2.2, 0.3, 0.62
        height = head + plot + ticks + legend_height
        fig = Figure(figsize=(width, height))
        FigureCanvasSVG(fig)
        fig.subplots_adjust(
            left=left / width, right=1 - 0.15 / width, top=1 - head / height, bottom=(ticks + legend_height) / height
        )
        ax = fig.add_subplot()
        xs = list(range(len(periods)))
        handles = []
        for i, s in enumerate(series):
            colour, marker = COLOURS[i % len(COLOURS)], MARKERS[i % len(MARKERS)]
            values = [value for value, _, _ in s["punten"]]
            # The line joins final figures; a voorlopig point hangs on a dotted segment.
            final = [v if not flag else None for v, _, flag in s["punten"]]
            ax.plot(xs, [math.nan if v is None else v for v in final], color=colour, marker=marker, markersize=5)
            for x, (v, _, flag) in enumerate(s["punten"]):
                if v is None or not flag:
                    continue
                ax.plot(
                    [x],
                    [v],
                    linestyle="none",
                    marker=marker,
                    markersize=6,
                    markerfacecolor="white",
                    markeredgecolor=colour,
                    markeredgewidth=1.5,
                )
                if x > 0 and values[x - 1] is not None:
                    ax.plot([x - 1, x], [values[x - 1], v], color=colour, linestyle=":", linewidth=1.2)
            handles.append(Line2D([], [], color=colour, marker=marker, markersize=5, label=names[i]))
        if spec["voorlopig"]:
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle=":",
                    color="#555555",
                    marker="o",
                    markerfacecolor="white",
                    markeredgecolor="#555555",
                    label="open punt: voorlopig (*)",
                )
            )
        ax.set_xticks(xs, periods)
        ax.set_xlim(-0.3, len(periods) - 0.7)
        if unit == "percentage":
            ax.set_ylim(0, 100)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: getal(v) + "%"))
        else:
            highest = max((v for s in series for v, _, _ in s["punten"] if v is not None), default=0)
            ax.set_ylim(0, max(highest, 1) * 1.15)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: getal(v)))
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
        # No title inside the picture: the monitor's heading stands right above it, and the
        # SVG's <title> names it for screen readers.
        fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.1 / width, legend_height / height),
            ncol=2,
            frameon=False,
            fontsize=8,
            borderaxespad=0,
        )
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        png = None
        if spec.get("png"):
            picture = io.BytesIO()
            fig.savefig(picture, format="png", dpi=200, metadata={"Software": None})
            png = picture.getvalue()
    return {"svg": _accessible(buffer.getvalue(), key, title, spec["beschrijving"]), "png": png}


def _accessible(svg: str, key: str, title: str, description: str) -> str:
    """Drop the XML prolog and DOCTYPE, and give the <svg> a role, a <title> and a <desc>."""
    start = svg.index("<svg")
    svg = svg[start:]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # Ids unique across the charts of one page (matplotlib names every figure figure_1).
    svg = re.sub(r'\bid="([^"]+)"', rf'id="g-{key}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#g-{key}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#g-{key}-\1"', svg)
    head_end = svg.index(">") + 1
    opening = svg[:head_end].replace(
        "<svg", f'<svg role="img" aria-labelledby="grafiek-{key}-titel grafiek-{key}-beschrijving"', 1
    )
    return (
        opening + f'\n <title id="grafiek-{key}-titel">{html.escape(title)}</title>'
        f'\n <desc id="grafiek-{key}-beschrijving">{html.escape(description)}</desc>' + svg[head_end:]
    )
