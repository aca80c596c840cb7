"""Findings: two or more sources that cannot all be right, which one is likelier, and why.

A finding never changes what it points at: the claims, roles, events and mentions stay as the
sources gave them. It is reported as a table or JSON, and can be stored as data in its own named
graph (``FINDINGS_GRAPH``) so that SPARQL and the viewer can show it.
"""
from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass, field
from typing import Optional

from kg import iris
from kg.prefixes import ID, NS
from kg.query.output import safe_cell, write_table

__all__ = ["Side", "Finding", "Report", "KINDS", "FINDINGS_GRAPH", "render", "findings_ntriples"]

FINDINGS_GRAPH = f"{ID}graph/findings"
# kind -> the ontology class of its findings
KINDS = {
    "title-contradicted": "TitleContradiction",
    "role-not-held": "RoleNotHeld",
    "event-after-document": "EventAfterDocument",
    "disputed-detail": "DisputedDetail",
    "factuality-conflict": "FactualityConflict",
}


@dataclass(frozen=True)
class Side:
    """What one source says, and where: a document's words, or the reference roles."""

    source: str  # a document id, or "reference roles"
    says: str
    date: Optional[str] = None  # the document's date
    sentence: Optional[str] = None
    start: Optional[int] = None  # the claim's or trigger's words in the document
    end: Optional[int] = None
    node: Optional[str] = None  # the claim, role, event or mention the side stands on
    urls: tuple[str, ...] = ()  # where reference data was checked


@dataclass(frozen=True)
class Finding:
    """A contradiction between sources, with the side judged likelier (an index into ``sides``) and why."""

    kind: str
    about: str
    about_node: Optional[str]
    summary: str
    sides: tuple[Side, ...]
    likelier: int
    why: str

    @property
    def iri(self) -> str:
        """A stable IRI: the kind and what the sides stand on."""
        return iris.mint("finding", "|".join([self.kind, *sorted(s.node or s.source for s in self.sides)]))


@dataclass
class Report:
    """The findings of one check, and how much was checked."""

    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    written: Optional[str] = None  # the graph the findings were stored in, if they were


_CELL = 48  # a table cell's width; the full text follows the table, and is in the JSON


def _short(text: str) -> str:
    return text if len(text) <= _CELL else text[:_CELL - 1] + "…"


def render(report: Report, fmt: str = "table") -> str:
    """Return the report as an aligned text table (one row per side) or as JSON; ends with a newline."""
    if fmt == "json":
        data = {"findings": [dict(asdict(f), iri=f.iri, sides=[asdict(s) for s in f.sides]) for f in report.findings],
                "count": len(report.findings), "checked": report.checked, "written": report.written}
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    out = io.StringIO()
    if report.findings:
        rows = []
        for number, finding in enumerate(report.findings, 1):
            for index, side in enumerate(finding.sides):
                first = index == 0
                where = side.sentence or (f"{len(side.urls)} source(s), see below" if side.urls else "")
                rows.append([str(number) if first else "", finding.kind if first else "", finding.about if first else "",
                             side.source, side.date or "", _short(side.says), "yes" if index == finding.likelier else "",
                             _short(where)])
        write_table(["#", "finding", "about", "source", "date", "says", "likelier", "sentence or source"],
                    rows, out, limit=None, max_width=_CELL)
        for number, finding in enumerate(report.findings, 1):
            out.write(f"{number}. {safe_cell(finding.summary)}\n   why: {safe_cell(finding.why)}\n")
            for side in finding.sides:
                if side.sentence:
                    out.write(f"   {safe_cell(side.source)}: {safe_cell(side.sentence)}\n")
    counts = ", ".join(f"{n} {what}" for what, n in report.checked.items())
    out.write(f"{len(report.findings)} finding{'' if len(report.findings) == 1 else 's'} ({counts} checked)")
    out.write(f"; stored in {report.written}\n" if report.written else "\n")
    return out.getvalue()


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a valid N-Triples string literal (JSON escapes are a subset)


def _typed_date(value: str) -> str:
    kind = {10: "date", 7: "gYearMonth", 4: "gYear"}.get(len(value))
    return f'{_literal(value)}^^<http://www.w3.org/2001/XMLSchema#{kind}>' if kind else _literal(value)


def findings_ntriples(findings: list[Finding]) -> str:
    """Return the findings as N-Triples: one ``dip:Finding`` each, with its sides and the likelier one."""
    dip, rdf_type, label = f"<{NS}", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", \
        "<http://www.w3.org/2000/01/rdf-schema#label>"
    source, date = "<http://purl.org/dc/terms/source>", "<http://purl.org/dc/terms/date>"
    lines = []
    for finding in findings:
        node = f"<{finding.iri}>"
        lines += [f"{node} {rdf_type} {dip}{KINDS[finding.kind]}> .", f"{node} {label} {_literal(finding.summary)} .",
                  f"{node} {dip}reason> {_literal(finding.why)} ."]
        if finding.about_node:
            lines.append(f"{node} {dip}concerns> <{finding.about_node}> .")
        for index, side in enumerate(finding.sides):
            side_node = f"<{iris.mint('findingside', finding.iri + '|' + str(index))}>"
            lines += [f"{node} {dip}side> {side_node} .", f"{side_node} {rdf_type} {dip}FindingSide> .",
                      f"{side_node} {dip}says> {_literal(side.says)} .", f"{side_node} {source} {_literal(side.source)} ."]
            if index == finding.likelier:
                lines.append(f"{node} {dip}likelierSide> {side_node} .")
            if side.node:
                lines.append(f"{side_node} {dip}standsOn> <{side.node}> .")
            if side.date:
                lines.append(f"{side_node} {date} {_typed_date(side.date)} .")
            lines += [f"{side_node} {source} {_literal(url)} ." for url in side.urls]
    return "".join(line + "\n" for line in lines)
