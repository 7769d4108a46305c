"""The vijf basisvoorwaarden at release, from each person's latest linked casus."""

from __future__ import annotations

from nazorg_cli.indicators.cohort import LINK_DAYS, Context
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, percentage

DOMAINS = ("id", "huisvesting", "inkomen", "schulden", "zorg")


@indicator(*(f"op_orde_bij_ontslag_{d}" for d in DOMAINS), "alle_vijf_op_orde_bij_ontslag", *(f"verbeterd_{d}" for d in DOMAINS))
def basisvoorwaarden(ctx: Context) -> list[Result]:
    """From the latest linked casus of each person in L:

    - op_orde_bij_ontslag_<domain>: over L with the domain known at ontslag: op_orde;
    - alle_vijf_op_orde_bij_ontslag: over L with all five known at ontslag: all five op_orde;
    - verbeterd_<domain>: over L with the domain niet_op_orde at intake and known at ontslag:
      op_orde at ontslag.
    onbekend counts the persons left out because the ontslag status is unknown.
    """
    latest = ctx.latest_linked
    incomplete = ctx.follow_up_incomplete(LINK_DAYS)
    release = {d: latest[f"{d}_ontslag"] for d in DOMAINS}
    results = []
    for d in DOMAINS:
        known = release[d] != "onbekend"
        results.append(
            percentage(
                f"op_orde_bij_ontslag_{d}",
                ctx.label,
                (release[d] == "op_orde").sum(),
                known.sum(),
                (~known).sum(),
                incomplete=incomplete,
            )
        )
    all_known = sum((release[d] != "onbekend").astype(int) for d in DOMAINS) == len(DOMAINS)
    all_ok = sum((release[d] == "op_orde").astype(int) for d in DOMAINS) == len(DOMAINS)
    results.append(
        percentage(
            "alle_vijf_op_orde_bij_ontslag", ctx.label, all_ok.sum(), all_known.sum(), (~all_known).sum(), incomplete=incomplete
        )
    )
    for d in DOMAINS:
        started_bad = latest[f"{d}_intake"] == "niet_op_orde"
        known = started_bad & (release[d] != "onbekend")
        results.append(
            percentage(
                f"verbeterd_{d}",
                ctx.label,
                (known & (release[d] == "op_orde")).sum(),
                known.sum(),
                (started_bad & (release[d] == "onbekend")).sum(),
                incomplete=incomplete,
            )
        )
    return results
