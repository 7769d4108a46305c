"""The vijf basisvoorwaarden at intake, at release and six months later, from each person's
latest linked casus."""

from __future__ import annotations

import numpy as np

from nazorg_cli.indicators.cohort import LINK_DAYS, Context, over_cohort
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, count

DOMAINS = ("id", "huisvesting", "inkomen", "schulden", "zorg")
SIX_MONTHS_DAYS = 183
ONBEKEND, OP_ORDE, NIET_OP_ORDE = 0, 1, 2
CODES = {"op_orde": OP_ORDE, "niet_op_orde": NIET_OP_ORDE}
CONTRAST = ("hands_on_voor_ontslag",)


@indicator(
    *(f"op_orde_bij_intake_{d}" for d in DOMAINS),
    "meervoudige_problematiek",
    *(f"op_orde_bij_ontslag_{d}" for d in DOMAINS),
    "alle_vijf_op_orde_bij_ontslag",
    *(f"verbeterd_{d}" for d in DOMAINS),
    *(f"op_orde_na_6_maanden_{d}" for d in DOMAINS),
    "zonder_huisvesting_bij_ontslag",
)
def basisvoorwaarden(ctx: Context) -> list[Result]:
    """From the latest linked casus of each person in L (window 90 after t0; six months: 183):

    - op_orde_bij_intake_<domain>: over L with the domain known at intake: op_orde;
    - meervoudige_problematiek: over L with all five known at intake: three or more niet_op_orde;
    - op_orde_bij_ontslag_<domain>: over L with the domain known at ontslag: op_orde;
    - alle_vijf_op_orde_bij_ontslag: over L with all five known at ontslag: all five op_orde;
    - verbeterd_<domain>: over L with the domain niet_op_orde at intake and known at ontslag:
      op_orde at ontslag;
    - op_orde_na_6_maanden_<domain>: over L with the domain known six months after release;
    - zonder_huisvesting_bij_ontslag: persons in L with huisvesting niet_op_orde at ontslag.
    onbekend counts the persons of the base left out because the status is unknown.
    """
    latest = ctx.latest
    linked = ctx.linked.to_numpy()

    def status(domain: str, moment: str) -> np.ndarray:
        """The status as a code (ONBEKEND, OP_ORDE, NIET_OP_ORDE), one comparison per distinct
        value. Persons not in L have no status: onbekend, and the linked mask keeps them out."""
        return latest.codes(f"{domain}_{moment}", CODES, ONBEKEND)

    def share(id: str, teller, noemer, onbekend, window: int = LINK_DAYS, dims: tuple[str, ...] = ()) -> list[Result]:
        return over_cohort(
            ctx, id, window, np.asarray(teller) & linked, np.asarray(noemer) & linked, np.asarray(onbekend) & linked, dims
        )

    results: list[Result] = []
    intake = {d: status(d, "intake") for d in DOMAINS}
    release = {d: status(d, "ontslag") for d in DOMAINS}
    for d in DOMAINS:
        known = intake[d] != ONBEKEND
        results += share(f"op_orde_bij_intake_{d}", intake[d] == OP_ORDE, known, ~known)
    all_known_intake = np.logical_and.reduce([intake[d] != ONBEKEND for d in DOMAINS])
    problems = sum((intake[d] == NIET_OP_ORDE).astype(int) for d in DOMAINS) >= 3
    results += share("meervoudige_problematiek", problems & all_known_intake, all_known_intake, ~all_known_intake)
    for d in DOMAINS:
        known = release[d] != ONBEKEND
        results += share(f"op_orde_bij_ontslag_{d}", release[d] == OP_ORDE, known, ~known, dims=CONTRAST)
    all_known = np.logical_and.reduce([release[d] != ONBEKEND for d in DOMAINS])
    all_ok = np.logical_and.reduce([release[d] == OP_ORDE for d in DOMAINS])
    results += share("alle_vijf_op_orde_bij_ontslag", all_ok, all_known, ~all_known, dims=(*CONTRAST, "kwetsbaar"))
    for d in DOMAINS:
        started_bad = intake[d] == NIET_OP_ORDE
        known = release[d] != ONBEKEND
        results += share(
            f"verbeterd_{d}", started_bad & (release[d] == OP_ORDE), started_bad & known, started_bad & ~known, dims=CONTRAST
        )
    for d in DOMAINS:
        later = status(d, "6mnd")
        known = later != ONBEKEND
        results += share(f"op_orde_na_6_maanden_{d}", later == OP_ORDE, known, ~known, window=SIX_MONTHS_DAYS)
    closed = ctx.closed(LINK_DAYS).to_numpy()
    homeless = (release["huisvesting"] == NIET_OP_ORDE) & linked & closed
    results.append(count("zonder_huisvesting_bij_ontslag", ctx.label, homeless.sum(), open=(~closed).sum()))
    return results
