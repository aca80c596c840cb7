/* diplokg view, map: where events happened. Country outlines come from the vendored world-atlas
 * (TopoJSON, decoded here), places from the graph's GeoSPARQL points; each place is a circle
 * whose area grows with the events shown there (the busiest place: radius 10), a button that selects the place (the table narrows to its
 * events). Equirectangular projection, no tiles, no network. Loaded before app.js. */
(function () {
  "use strict";

  var WIDTH = 276, HEIGHT = 150;

  var svg = window.kgDom.svg;

  function project(lon, lat) {
    return [(lon + 180) / 360 * WIDTH, (90 - lat) / 180 * HEIGHT];
  }

  /* TopoJSON arcs (delta-encoded, quantised) as lists of [lon, lat]. */
  function decodeArcs(topology) {
    var scale = topology.transform.scale, move = topology.transform.translate;
    return topology.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) {
        x += p[0];
        y += p[1];
        return [x * scale[0] + move[0], y * scale[1] + move[1]];
      });
    });
  }

  /* A ring as an SVG path; a step across the antimeridian starts a new subpath (no line across the map). */
  function ringPath(ring, arcs) {
    var points = [];
    ring.forEach(function (index, i) {
      var arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
      (i ? arc.slice(1) : arc).forEach(function (p) { points.push(p); });
    });
    return points.map(function (p, i) {
      var xy = project(p[0], p[1]);
      var jump = i === 0 || Math.abs(p[0] - points[i - 1][0]) > 180;
      return (jump ? "M" : "L") + xy[0].toFixed(1) + "," + xy[1].toFixed(1);
    }).join("") + "Z";
  }

  function outlines(topology) {
    var arcs = decodeArcs(topology);
    var parts = [];
    topology.objects.countries.geometries.forEach(function (g) {
      var polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      polygons.forEach(function (polygon) {
        polygon.forEach(function (ring) { parts.push(ringPath(ring, arcs)); });
      });
    });
    return parts.join("");
  }

  window.kgMap = function (view) {
    var box = document.getElementById("kg-map");
    var world = document.getElementById("kg-world");
    if (!box || !world) { return null; }
    var meta = view.meta;
    var places = Object.keys(meta).filter(function (id) { return meta[id].t === "entity" && meta[id].pt; });
    var root = svg("svg", { width: WIDTH, height: HEIGHT, viewBox: "0 0 " + WIDTH + " " + HEIGHT,
                            role: "group", "aria-label": "map of the places of the events shown" });
    root.appendChild(svg("rect", { width: WIDTH, height: HEIGHT, fill: "#eef3f8" }));
    root.appendChild(svg("path", { d: outlines(JSON.parse(world.textContent)), fill: "#d9d9d9", stroke: "#9a9a9a",
                                   "stroke-width": 0.3, "fill-rule": "evenodd" }));
    var layer = svg("g");
    root.appendChild(layer);
    box.replaceChildren(root);
    var counts = {};
    var top = 1;  // the most events at one place: the largest circle
    var onMap = new Set(places);
    var placesOf = {};  // event -> the places it happened at that have a point (not its sides' countries)
    Object.keys(meta).forEach(function (id) {
      if (meta[id].t !== "event") { return; }
      var found = meta[id].roles.filter(function (r) { return r[0] === "place" && onMap.has(r[2]); })
        .map(function (r) { return r[2]; });
      if (found.length) { placesOf[id] = found; }
    });

    function dot(id) {
      var xy = project(meta[id].pt[0], meta[id].pt[1]);
      var n = counts[id] || 0;
      var circle = svg("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: (2 + 8 * Math.sqrt(n / top)).toFixed(1),
                                   fill: id === view.state.selected ? "#0b5cad" : "#D55E00", "fill-opacity": 0.75,
                                   stroke: "#1a1a1a", "stroke-width": 0.6, tabindex: 0, role: "button",
                                   "data-id": id, "aria-label": meta[id].name + ": " + n + " event" + (n === 1 ? "" : "s") });
      var title = svg("title");
      title.textContent = meta[id].name + ": " + n + " event" + (n === 1 ? "" : "s");
      circle.appendChild(title);
      circle.addEventListener("click", function () { view.select(id, "map"); });
      circle.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); view.select(id, "map"); }
      });
      return circle;
    }

    function refresh() {
      counts = {};
      view.shownEvents().forEach(function (id) {
        (placesOf[id] || []).forEach(function (place) { counts[place] = (counts[place] || 0) + 1; });
      });
      var shown = places.filter(function (id) { return counts[id]; });
      top = Math.max.apply(null, shown.map(function (id) { return counts[id]; }).concat([1]));
      shown.sort(function (a, b) { return counts[b] - counts[a]; });  // small circles drawn last, on top
      layer.replaceChildren.apply(layer, shown.map(dot));
    }

    return {
      refresh: refresh,
      counts: function () { return Object.assign({}, counts); },
      project: project
    };
  };
}());
