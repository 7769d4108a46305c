"""The drafted sentences (DOMAIN §7 v2): every template for every oordeel, status and reden; the
verb against an independent z-test; the Kernboodschap; streefwaarden and their stoplicht against
an independent reading of the rule; figures in the college's own text."""

from __future__ import annotations

import json
import math
import random
import re

import pytest
from conftest import invoke

from nazorg_cli.errors import ConfigError
from nazorg_cli.indicators.catalog import catalog
from nazorg_cli.report import sentences
from nazorg_cli.report.context import Figures, fill, kernboodschap
from nazorg_cli.report.notabestand import Nota, Streefwaarde
from nazorg_cli.report.targets import stoplicht

P, P1, P2 = "2019-01-01/2019-12-31", "2018-01-01/2018-12-31", "2017-01-01/2017-12-31"
POOLED = "2018-01-01/2019-12-31"
CHANGE_WORDS = ("steeg", "daalde", "nam toe", "nam af", "gestegen", "gedaald")


def record(definition, periode, status="ok", waarde=40.0, teller=40, noemer=100, open=0, reden=None, oordeel=None):
    percentage = definition.eenheid == "percentage"
    out = {
        "id": definition.id,
        "eenheid": definition.eenheid,
        "periode": periode,
        "status": status,
        "waarde": waarde,
        "teller": teller if percentage else None,
        "noemer": noemer if percentage or definition.eenheid in ("dagen", "bedrag") else None,
        "onbekend": 0,
        "open": open,
        "reden": reden,
    }
    if status == "onderdrukt":
        out.update(waarde=None, teller=None, noemer=None, onbekend=None, open=None)
    if oordeel:
        out["vergelijking"] = {"periode": P1, "waarde": 30.0, "z": 2.5 if oordeel == "hoger" else -2.5, "oordeel": oordeel}
    return out


def cases(definition):
    """Every oordeel, status and reden, and the counts at their edges (0, 1, many)."""
    prev = record(definition, P1, waarde=30.0, teller=30)
    for oordeel in ("hoger", "lager", "gelijk", "onzeker", "geen"):
        yield f"ok-{oordeel}", {P1: prev, P: record(definition, P, oordeel=oordeel)}, None
    for teller in (0, 1):
        yield f"teller-{teller}", {P: record(definition, P, waarde=float(teller), teller=teller)}, None
    yield "voorlopig-gesloten", {P2: record(definition, P2), P: record(definition, P, "voorlopig", open=12)}, None
    yield "voorlopig-alleen", {P: record(definition, P, "voorlopig", open=1)}, None
    yield "voorlopig-onbekend", {P: record(definition, P, "voorlopig", waarde=None, teller=0, noemer=0, open=61)}, None
    for reden in ("primair", "secundair", None):
        yield f"onderdrukt-{reden}", {P: record(definition, P, "onderdrukt", reden=reden)}, None
    yield "onderdrukt-gepoold", {P: record(definition, P, "onderdrukt", reden="primair")}, record(definition, POOLED)
    yield "geen_gegevens", {P: record(definition, P, "geen_gegevens", waarde=None, teller=0, noemer=0)}, None


ALL = [(id, name, reeks, pooled) for id, d in catalog().items() for name, reeks, pooled in cases(d)]


@pytest.mark.parametrize("id, case, reeks, pooled", ALL, ids=[f"{a[0]}-{a[1]}" for a in ALL])
def test_every_template_for_every_oordeel_status_and_reden(id, case, reeks, pooled):
    definition = catalog()[id]
    said = sentences.told(definition, reeks, P, pooled)
    text = " ".join(said)
    assert said and all((s[0].isupper() or s[0].isdigit()) and s.endswith(".") for s in said), said
    assert not re.search(r"[{}_]|None|nan", text), text  # no placeholder, code word or missing value
    assert "  " not in text and " ," not in text and " ." not in text
    record_p = reeks[P]
    changed = any(w in text for w in CHANGE_WORDS)
    assert changed == (case in ("ok-hoger", "ok-lager")), text  # only a judged change is a change
    if case == "ok-hoger":
        assert "steeg" in text
    if case == "ok-lager":
        assert "daalde" in text
    assert ("vrijwel gelijk" in text) == (case == "ok-gelijk")
    if sentences.kind(definition) != "waarde":  # medians, means and budgets: side by side, no chance talk
        assert ("toeval" in text) == (case == "ok-onzeker")
    else:
        assert "toeval" not in text
    if record_p["status"] == "voorlopig":
        assert "voorlopig" in text or "nog niet bekend" in text
        assert f"bij {record_p['open']} " in text  # how many are still open
        if case == "voorlopig-gesloten":
            assert "in 2017" in said[0].lower()  # told for its latest closed period
    if record_p["status"] == "onderdrukt":
        assert "niet gepubliceerd" in text and sentences.WHY_SUPPRESSED[record_p["reden"]] in text
        if pooled:
            assert "in 2018 en 2019" in said[-1].lower()
    if record_p["status"] == "geen_gegevens":
        assert "geen gegevens" in text
    if definition.eenheid == "percentage" and record_p["status"] == "ok" and record_p["teller"]:
        # The denominator is named, with whole percentages in running text.
        assert f"{record_p['teller']} van de {record_p['noemer']} " in text
        assert not re.search(r"\d,\d%", text)


def test_running_text_uses_whole_percentages_from_the_exact_fraction():
    d = catalog()["bereik_nazorg"]
    text = sentences.fact(d, record(d, P, waarde=59.3, teller=146, noemer=246))
    assert (
        text
        == "146 van de 246 mensen die in 2019 vrijkwamen (59%), werden uiterlijk 90 dagen na het ontslag aangemeld voor nazorg."
    )
    half = record(d, P, waarde=12.5, teller=1, noemer=8)
    assert "(13%)" in sentences.fact(d, half)  # halves away from zero
    one = sentences.fact(d, record(d, P, waarde=10.0, teller=1, noemer=10))
    assert "1 van de 10 mensen die in 2019 vrijkwamen (10%), werd uiterlijk" in one


@pytest.mark.parametrize(
    "label, phrase",
    [
        ("2019-01-01/2019-12-31", "in 2019"),
        ("2018-01-01/2019-12-31", "in 2018 en 2019"),
        ("2016-01-01/2019-12-31", "van 2016 tot en met 2019"),
        ("2019-01-01/2019-06-30", "in de eerste helft van 2019"),
        ("2019-07-01/2019-12-31", "in de tweede helft van 2019"),
        ("2019-10-01/2019-12-31", "in het vierde kwartaal van 2019"),
        ("2019-03-01/2019-03-31", "in maart 2019"),
        ("2018-07-01/2019-06-30", "van 1 juli 2018 tot en met 30 juni 2019"),
        ("2019-02-05/2019-02-20", "van 5 februari 2019 tot en met 20 februari 2019"),
    ],
)
def test_period_phrases_read_as_dutch(label, phrase):
    assert sentences.period_phrase(label) == phrase


def independent_oordeel(now: dict, before: dict, eenheid: str) -> str:
    """DOMAIN §4 v2, written again from the text, for percentages and counts."""
    if now["status"] != "ok" or before is None or before["status"] != "ok":
        return "geen"
    if eenheid == "percentage":
        t1, n1, t0, n0 = now["teller"], now["noemer"], before["teller"], before["noemer"]
        p = (t1 + t0) / (n1 + n0)
        z = 0.0 if p in (0, 1) else (t1 / n1 - t0 / n0) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n0))
        diff = abs(t1 / n1 - t0 / n0) * 100
        if abs(z) >= 1.96:
            return "hoger" if z > 0 else "lager"
        return "gelijk" if diff < 3 else "onzeker"
    a1, a0 = now["waarde"], before["waarde"]
    z = 0.0 if a1 + a0 == 0 else (a1 - a0) / math.sqrt(a1 + a0)
    if abs(z) >= 1.96:
        return "hoger" if z > 0 else "lager"
    if a0 == 0:
        return "gelijk" if a1 == 0 else "onzeker"
    return "gelijk" if abs(a1 - a0) < 0.1 * a0 else "onzeker"


def test_every_verb_agrees_with_an_independent_z_test(sample_run):
    """On the sample: each indicator's sentences call a difference a rise or a fall exactly when
    an independent z-test of its two published figures does, and never against a voorlopig,
    suppressed or missing figure."""
    document = json.loads((sample_run / "indicatoren.json").read_text("utf-8"))
    figures = Figures.of(document)
    checked = 0
    for id, d in catalog().items():
        if d.eenheid not in ("percentage", "aantal") or (d.eenheid == "aantal" and d.decimalen):
            continue
        now, before = figures.current(id), figures.previous(id)
        if now is None:
            continue
        text = " ".join(sentences.told(d, figures.reeks[id], figures.label, figures.pooled.get(id)))
        expected = independent_oordeel(now, before, d.eenheid)
        assert ("steeg" in text) == (expected == "hoger"), (id, text)
        assert ("daalde" in text) == (expected == "lager"), (id, text)
        assert ("vrijwel gelijk" in text) == (expected == "gelijk"), (id, text)
        checked += 1
    assert checked > 30


def test_the_kernboodschap_has_judged_changes_first_by_z():
    defs = catalog()
    doc_records = []
    for id, z, oordeel in (("uitstroom", 2.5, "hoger"), ("bereik_nazorg", -4.0, "lager"), ("hands_on_bereik", 0.5, "gelijk")):
        d = defs[id]
        prev = record(d, P1, waarde=60.0, teller=60, noemer=100) if d.eenheid == "percentage" else record(d, P1, waarde=100.0)
        now = record(d, P, oordeel=oordeel, waarde=40.0 if d.eenheid == "percentage" else 130.0)
        now["vergelijking"]["z"] = z
        doc_records += [dict(prev, uitsplitsing=None, categorie=None), dict(now, uitsplitsing=None, categorie=None)]
    document = {"periode": {"van": "2019-01-01", "tot_en_met": "2019-12-31"}, "indicatoren": doc_records}
    nota = Nota(kerncijfers=["hands_on_bereik", "uitstroom", "bereik_nazorg"])
    said = kernboodschap(Figures.of(document), nota)
    assert len(said) == 3 and "daalde" in said[0] and "steeg" in said[1] and "hands-on" in said[2]
    many = Nota()
    assert len(kernboodschap(Figures.of(document), many)) <= 5


def independent_light(record: dict, waarde: float, richting: str, eenheid: str) -> str:
    if record["status"] in ("onderdrukt", "geen_gegevens") or record["waarde"] is None:
        return "onbekend"
    good = 1 if richting == "minimaal" else -1
    if eenheid == "percentage":
        p, target, n = record["teller"] / record["noemer"], waarde / 100, record["noemer"]
        if good * (p - target) >= -1e-12:
            return "gehaald"
        if target in (0, 1):
            return "niet gehaald"
        z = (p - target) / math.sqrt(target * (1 - target) / n)
        return "niet gehaald" if good * z < -1.96 else "bijna"
    value = record["waarde"]
    if good * (value - waarde) >= 0:
        return "gehaald"
    return "niet gehaald" if abs(value - waarde) > 0.2 * waarde + 1e-9 else "bijna"


def test_every_stoplicht_agrees_with_its_rule_for_random_targets():
    rng = random.Random(18)
    defs = catalog()
    for _ in range(3000):
        d = defs[rng.choice(["bereik_nazorg", "uitstroom", "detentieduur_mediaan", "kosten_per_traject_hands_on"])]
        richting = rng.choice(["minimaal", "maximaal"])
        status = rng.choice(["ok", "ok", "ok", "voorlopig", "onderdrukt", "geen_gegevens"])
        if d.eenheid == "percentage":
            n = rng.randint(10, 400)
            t = rng.randint(0, n)
            r = record(d, P, status, waarde=round(100 * t / n, 1), teller=t, noemer=n)
            target = rng.choice([rng.randint(0, 100), round(rng.uniform(0, 100), 1), round(100 * t / n, 1)])
        else:
            value = float(rng.randint(0, 400))
            r = record(d, P, status, waarde=value)
            target = rng.choice([rng.randint(1, 400), value, value * 1.25, value / 0.8])
        if status == "geen_gegevens":
            r["waarde"] = None
        got = stoplicht(r, Streefwaarde(float(target), richting), d.eenheid)
        assert got == independent_light(r, float(target), richting, d.eenheid), (d.id, r, target, richting)


def test_stoplicht_edges():
    d = catalog()["uitstroom"]
    at = record(d, P, waarde=80.0)
    assert stoplicht(at, Streefwaarde(100.0, "minimaal"), "aantal") == "bijna"  # exactly 20% short: within the margin
    assert stoplicht(record(d, P, waarde=79.0), Streefwaarde(100.0, "minimaal"), "aantal") == "niet gehaald"
    assert stoplicht(record(d, P, waarde=120.0), Streefwaarde(100.0, "maximaal"), "aantal") == "bijna"
    p = catalog()["bereik_nazorg"]
    assert stoplicht(record(p, P, waarde=50.0, teller=50, noemer=100), Streefwaarde(50.0, "minimaal"), "percentage") == "gehaald"
    # 40 of 100 against 50%: z = -0.1 / sqrt(.25/100) = -2.0, beyond 1.96
    assert (
        stoplicht(record(p, P, waarde=40.0, teller=40, noemer=100), Streefwaarde(50.0, "minimaal"), "percentage")
        == "niet gehaald"
    )
    assert stoplicht(record(p, P, waarde=41.0, teller=41, noemer=100), Streefwaarde(50.0, "minimaal"), "percentage") == "bijna"


def sample_figures(sample_run) -> Figures:
    return Figures.of(json.loads((sample_run / "indicatoren.json").read_text("utf-8")))


def test_figures_in_the_college_text(sample_run):
    figures = sample_figures(sample_run)
    nota = Nota()
    now, before = figures.current("bereik_nazorg"), figures.previous("bereik_nazorg")
    text = fill(
        "Bereik {bereik_nazorg} ({bereik_nazorg.teller} van {bereik_nazorg.noemer}); was {bereik_nazorg.vorige}. {{x}}",
        figures,
        nota,
        "t",
    )

    def pct(r):
        return f"{r['waarde']:.1f}".replace(".", ",") + "%"

    assert text == f"Bereik {pct(now)} ({now['teller']} van {now['noemer']}); was {pct(before)}. {{x}}"
    assert "(voorlopig)" in fill("{hands_on_bereik}", figures, nota, "t")
    with pytest.raises(ConfigError, match=r"wordt niet .*gepubliceerd"):
        fill("Contact: {contact_voor_ontslag}", figures, nota, "de inleiding")
    with pytest.raises(ConfigError, match="geen indicator of veld"):
        fill("{bereik_nazorgg}", figures, nota, "de inleiding")
    with pytest.raises(ConfigError, match="nog niet bekend"):
        fill("{wederopsluiting_2jaar}", figures, nota, "de inleiding")


def test_the_note_file_shapes_the_note(sample_dir, tmp_path):
    nota = tmp_path / "nota.toml"
    nota.write_text(
        '[tekst]\ninleiding = "In 2019 werd {bereik_nazorg} aangemeld."\n'
        '[kerncijfers]\nindicatoren = ["uitstroom", "nazorg_geweigerd"]\n'
        '[[consequentie]]\nkop = "Eerst de schulden"\ntekst = "Onze tekst."\nindicatoren = ["schuldhulp_aanmeldingen"]\n'
        '[[consequentie]]\nkop = "Dan het werk"\nindicatoren = ["kostwinners_instroom"]\n'
        '[streefwaarden]\nnazorg_geweigerd = { waarde = 5, richting = "maximaal" }\n'
        'uitstroom = { waarde = 300, richting = "minimaal" }\n',
        "utf-8",
    )
    invoke(["evaluate", sample_dir, "--out", tmp_path / "o", "--nota", nota])
    md = (tmp_path / "o" / "informatienota.md").read_text("utf-8")
    assert "In 2019 werd 59,3% aangemeld." in md
    assert md.index("### 3.1 Eerst de schulden") < md.index("### 3.2 Dan het werk") and "Gebrek aan passende" not in md
    section = md[md.index("### 3.1") : md.index("### 3.2")]
    assert "Onze tekst." in section and "aanmeldingen voor schuldhulpverlening" in section  # drafted ones stay beside
    assert "| Nazorg geweigerd | 5,1% | 9,2% | verschil kan toeval zijn | maximaal 5% | ● niet gehaald |" in md
    assert "| Uitstroom uit detentie (personen) | 194 | 246 | gestegen | minimaal 300 | ● bijna |" in md
    html = (tmp_path / "o" / "informatienota.html").read_text("utf-8")
    assert '<span class="stoplicht niet-gehaald">●</span> niet gehaald' in html
    monitor = (tmp_path / "o" / "monitor.md").read_text("utf-8")
    assert "maximaal 5% | ● niet gehaald |" in monitor
    nota.write_text(nota.read_text("utf-8") + "[weergave]\nconceptzinnen = false\n", "utf-8")
    invoke(["evaluate", sample_dir, "--out", tmp_path / "p", "--nota", nota])
    md = (tmp_path / "p" / "informatienota.md").read_text("utf-8")
    section = md[md.index("### 3.1") : md.index("### 3.2")]
    assert "Onze tekst." in section and "aanmeldingen" not in section  # the college's text alone
    assert "[in te vullen: tekst over dan het werk]" in md and "Kostwinners-trajecten gestart" in md  # no text: drafted


@pytest.mark.parametrize(
    "text, message",
    [
        ('[streefwaarden]\nbestaat_niet = { waarde = 5, richting = "minimaal" }\n', "onbekende indicator 'bestaat_niet'"),
        ('[streefwaarden]\nbereik_nazorg = { waarde = 150, richting = "minimaal" }\n', "percentage tussen 0 en 100"),
        ('[streefwaarden]\nbereik_nazorg = { waarde = 50, richting = "omhoog" }\n', "richting minimaal of maximaal"),
        ("[kerncijfers]\nindicatoren = [" + ", ".join(f'"{i}"' for i in list(catalog())[:9]) + "]\n", "hoogstens 8"),
        ('[[consequentie]]\ntekst = "zonder kop"\n', "heeft een kop"),
        ('[tekst]\nhands_on = "oud"\n', "[[consequentie]]-blokken"),
        ('[tekst]\ninleiding = "{contact_voor_ontslag}"\n', "wordt niet gepubliceerd"),
    ],
)
def test_note_file_mistakes_are_refused_in_dutch(sample_dir, tmp_path, text, message):
    nota = tmp_path / "nota.toml"
    nota.write_text(text, "utf-8")
    result = invoke(["evaluate", sample_dir, "--out", tmp_path / "o", "--nota", nota], exit_code=2)
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o" / "informatienota.md").exists()


@pytest.mark.parametrize(
    "label, name",
    [
        ("2019-01-01/2019-12-31", "2019"),
        ("2018-01-01/2019-12-31", "2018-2019"),
        ("2019-01-01/2019-06-30", "1e halfjaar 2019"),
        ("2018-07-01/2018-12-31", "2e halfjaar 2018"),
        ("2019-07-01/2019-09-30", "3e kwartaal 2019"),
        ("2019-03-01/2019-03-31", "maart 2019"),
        ("2018-07-01/2019-06-30", "1 juli 2018 t/m 30 juni 2019"),
    ],
)
def test_period_names_in_tables_are_short_and_dutch(label, name):
    from nazorg_cli.indicators.period import period_name

    assert period_name(label) == name
