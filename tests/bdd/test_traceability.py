"""Every rule R1-R17 has scenarios that let the action through and that refuse it, and
features/README.md says so truthfully.

Regenerate the README table with `python tests/bdd/test_traceability.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from gherkin.parser import Parser

FEATURES = Path(__file__).resolve().parents[2] / "features"
README = FEATURES / "README.md"
START, END = "<!-- traceability:start -->", "<!-- traceability:end -->"
OUTCOMES = ("medges", "nekas")

#: DESIGN.md's rules in a few words each.
RULES = {
    "R1": "Faserna i ordning, ingen fas hoppas över",
    "R2": "Etappen lämnar Initiera (utrullning: lärdomar från piloten och varje driftsatt etapp)",
    "R3": "Kommunen lämnar Initiera: införandeansvarig, genomförande- och utbildningsplan",
    "R4": "Etappen lämnar Designa-bygga-validera",
    "R5": "Acceptans: bereds av programledningen, beslutas av programstyrgruppen",
    "R6": "Avslag med meddelande, fel och åtgärdsfrist; omtest före ny acceptans",
    "R7": "Driftsättning: hela etappen på en gång, eller inget",
    "R8": "Kommunen redo för driftsättning",
    "R9": "Etappen lämnar Stänga (sista etappen: hälsokontroll)",
    "R10": "Driftsatt först efter slutligt acceptanstest efter sista driftsättningen",
    "R11": "Datum flyttas av organet med mandatet, med motivering och påverkade mål (§1.6)",
    "R12": "Programmets milstolpar före första etappen",
    "R13": "Paus och återupptagande; flyttade tidsfrister är ett beslut om tid",
    "R14": "Statusrapport från fastställd mall",
    "R15": "Roller och organ: flera roller per aktör, organets ledamöter registrerar dess beslut, "
           "administratören sköter behörigheter",
    "R16": "Risker och problem: registret, åtgärdsfrister som larmar, ingen driftsättning över "
           "en hög risk som organet med riskmandatet inte har accepterat (§1.6-avvägning)",
    "R17": "Eskalering till tidsfristens ägare enligt arbetsflödets data",
}


@dataclass(frozen=True)
class Scenario:
    file: str
    name: str
    tags: frozenset[str]

    @property
    def rules(self) -> list[str]:
        return sorted((t for t in self.tags if re.fullmatch(r"R\d+", t)), key=lambda r: int(r[1:]))

    @property
    def sections(self) -> list[str]:
        return sorted(t for t in self.tags if re.fullmatch(r"s\d+(\.\d+)*|seed\d+", t))


def scenarios() -> Iterator[Scenario]:
    """Every scenario (and scenario outline) of features/*.feature with its own and its
    feature's tags."""
    for path in sorted(FEATURES.glob("*.feature")):
        feature = Parser().parse(path.read_text(encoding="utf-8"))["feature"]
        inherited = {t["name"].lstrip("@") for t in feature["tags"]}
        for child in feature["children"]:
            for node in ([child["scenario"]] if "scenario" in child
                         else [c["scenario"] for c in child.get("rule", {}).get("children", [])
                               if "scenario" in c]):
                tags = inherited | {t["name"].lstrip("@") for t in node["tags"]}
                yield Scenario(path.stem, node["name"], frozenset(tags))


def _section_order(tag: str) -> list[int]:
    if tag.startswith("seed"):
        return [1000, int(tag[4:])]
    return [int(x) for x in tag[1:].split(".")]


def _section_label(tag: str) -> str:
    return f"seeds/{tag[4:]}" if tag.startswith("seed") else f"§{tag[1:]}"


def table() -> str:
    """The README table: rule, directive sections, scenarios that allow and refuse it."""
    found = list(scenarios())
    lines = ["| Regel | Innehåll | Avsnitt | Medges | Nekas |", "|---|---|---|---|---|"]
    for rule, title in RULES.items():
        mine = [s for s in found if rule in s.rules]
        # The history replay touches many rules; its sections would blur each rule's own.
        sections = sorted({sec for s in mine if "historik" not in s.tags for sec in s.sections},
                          key=_section_order)
        cells = [
            "<br>".join(f"{s.file}: {s.name}" for s in mine if outcome in s.tags)
            for outcome in OUTCOMES
        ]
        lines.append(f"| {rule} | {title} | {', '.join(_section_label(s) for s in sections)} | "
                     f"{cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def test_features_are_swedish_and_ascii_named() -> None:
    for path in FEATURES.glob("*.feature"):
        assert path.name.isascii(), path.name
        assert path.read_text(encoding="utf-8").splitlines()[0] == "# language: sv", path.name


def test_every_scenario_names_its_section_rule_and_outcome() -> None:
    for s in scenarios():
        assert s.rules, f"{s.file}: {s.name!r} has no @R tag"
        assert s.sections, f"{s.file}: {s.name!r} has no section tag (@s3.4, @seed003)"
        assert s.tags & set(OUTCOMES), f"{s.file}: {s.name!r} says neither @medges nor @nekas"
        assert all(r in RULES for r in s.rules), f"{s.file}: {s.name!r} names an unknown rule"


def test_every_rule_is_both_allowed_and_refused_somewhere() -> None:
    found = list(scenarios())
    for rule in RULES:
        for outcome in OUTCOMES:
            assert any(rule in s.rules and outcome in s.tags for s in found), \
                f"no scenario where {rule} is {outcome}"


def test_readme_table_matches_the_features() -> None:
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text, "features/README.md lacks the table markers"
    current = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert current == table(), (
        "features/README.md is out of date: run `python tests/bdd/test_traceability.py` "
        "and paste its output between the markers")


if __name__ == "__main__":
    print(table())
