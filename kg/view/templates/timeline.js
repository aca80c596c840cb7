/* diplokg view, timeline: events per day, month or year, stacked by quad class, with a brush.
 * Counts follow every filter but the dates (so the brush shows what lies outside it); events
 * dated only by their document are drawn paler and counted apart. Drag across the bars to set
 * the dates, double-click to clear them. Loaded before app.js, which calls kgTimeline(view). */
(function () {
  "use strict";

  var HEIGHT = 84, AXIS = 16;

  var svg = window.kgDom.svg;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* The bucket a day falls in, and the first and last day of a bucket. */
  var UNITS = {
    day: { key: function (d) { return d.slice(0, 10); }, first: function (k) { return k; }, last: function (k) { return k; } },
    month: {
      key: function (d) { return d.slice(0, 7); },
      first: function (k) { return k + "-01"; },
      last: function (k) {
        var y = parseInt(k.slice(0, 4), 10), m = parseInt(k.slice(5, 7), 10);
        return k + "-" + pad(new Date(Date.UTC(y, m, 0)).getUTCDate());
      }
    },
    year: { key: function (d) { return d.slice(0, 4); }, first: function (k) { return k + "-01-01"; }, last: function (k) { return k + "-12-31"; } }
  };

  function next(unit, key) {
    if (unit === "year") { return String(parseInt(key, 10) + 1); }
    if (unit === "month") {
      var y = parseInt(key.slice(0, 4), 10), m = parseInt(key.slice(5, 7), 10) + 1;
      return m > 12 ? (y + 1) + "-01" : y + "-" + pad(m);
    }
    var d = new Date(key + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  function chooseUnit(first, last) {
    var days = (Date.parse(last) - Date.parse(first)) / 86400000;
    if (days <= 120) { return "day"; }
    return days <= 366 * 25 ? "month" : "year";
  }

  window.kgTimeline = function (view, quads) {
    var meta = view.meta;
    var box = document.getElementById("kg-timeline");
    var caption = document.getElementById("kg-timeline-caption");
    var dated = Object.keys(meta).filter(function (id) { return meta[id].t === "event" && meta[id].start; });
    var firstDay = dated.reduce(function (a, id) { return !a || meta[id].start < a ? meta[id].start : a; }, "");
    var lastDay = dated.reduce(function (a, id) { return !a || meta[id].start > a ? meta[id].start : a; }, "");
    var unit = firstDay ? chooseUnit(firstDay, lastDay) : "month";
    var keys = [];
    if (firstDay) {
      for (var k = UNITS[unit].key(firstDay), end = UNITS[unit].key(lastDay); k <= end && keys.length < 20000; k = next(unit, k)) {
        keys.push(k);
      }
    }
    var index = {};
    keys.forEach(function (key, i) { index[key] = i; });
    var counts = [];
    var drag = null;
    var measured = Math.max(box.clientWidth, 100);  // read once (and on resize): reading it forces a layout

    var counted = null;  // the list of events last counted: the brush alone does not change it

    function count() {
      var ids = view.eventsIgnoringDates();
      if (ids === counted) { return; }
      counted = ids;
      counts = keys.map(function () { return { total: 0, byQuad: {}, documentDated: 0, coarse: 0 }; });
      ids.forEach(function (id) {
        var m = meta[id];
        if (!m.start) { return; }
        var c = counts[index[UNITS[unit].key(m.start)]];
        if (!c) { return; }
        c.total += 1;
        var slot = m.date ? m.quad : m.quad + "|doc";
        c.byQuad[slot] = (c.byQuad[slot] || 0) + 1;
        if (!m.date) { c.documentDated += 1; } else if (m.start !== m.end) { c.coarse += 1; }
      });
    }

    function draw() {
      var width = measured;
      var root = svg("svg", { width: width, height: HEIGHT, role: "img", "aria-label": "events over time" });
      var top = Math.max.apply(null, counts.map(function (c) { return c.total; }).concat([1]));
      var step = keys.length ? width / keys.length : width;
      var since = view.state.since, until = view.state.until;
      counts.forEach(function (c, i) {
        var y = HEIGHT - AXIS;
        var inside = (!since || UNITS[unit].last(keys[i]) >= since) && (!until || UNITS[unit].first(keys[i]) <= until);
        quads.forEach(function (q) {
          [q[0], q[0] + "|doc"].forEach(function (slot) {
            var n = c.byQuad[slot] || 0;
            if (!n) { return; }
            var h = n / top * (HEIGHT - AXIS - 4);
            y -= h;
            root.appendChild(svg("rect", {
              x: (i * step).toFixed(2), y: y.toFixed(2), width: Math.max(step - (step > 3 ? 1 : 0), 0.6).toFixed(2),
              height: h.toFixed(2), fill: q[2], "fill-opacity": (slot === q[0] ? 1 : 0.4) * (inside ? 1 : 0.35)
            }));
          });
        });
      });
      var labels = Math.min(keys.length, Math.floor(width / 70));
      for (var j = 0; j < labels; j++) {
        var at = Math.floor(j * keys.length / labels);
        var text = svg("text", { x: (at * step + 2).toFixed(1), y: HEIGHT - 3, "font-size": 10, fill: "#4a4a4a" });
        text.textContent = keys[at];
        root.appendChild(text);
      }
      if (since || until) {
        var from = since ? Math.max(0, keys.findIndex(function (key) { return UNITS[unit].last(key) >= since; })) : 0;
        var to = until ? keys.length - 1 - keys.slice().reverse().findIndex(function (key) { return UNITS[unit].first(key) <= until; }) : keys.length - 1;
        root.appendChild(svg("rect", { x: from * step, y: 0, width: Math.max((to - from + 1) * step, 2), height: HEIGHT - AXIS,
                                      fill: "none", stroke: "#0b5cad", "stroke-width": 2, "class": "kg-brush" }));
      }
      box.replaceChildren(root);
      var total = counts.reduce(function (a, c) { return a + c.total; }, 0);
      var docs = counts.reduce(function (a, c) { return a + c.documentDated; }, 0);
      var coarse = counts.reduce(function (a, c) { return a + c.coarse; }, 0);
      caption.textContent = total + " dated events by " + unit + (docs ? "; " + docs + " dated only by their document (pale)" : "") +
        (coarse ? "; " + coarse + " known only to the month or year (counted at its start)" : "") +
        ". Drag to choose dates; double-click to clear.";
    }

    function bucketAt(clientX) {
      var rect = box.getBoundingClientRect();
      var i = Math.floor((clientX - rect.left) / Math.max(rect.width, 1) * keys.length);
      return keys[Math.max(0, Math.min(keys.length - 1, i))];
    }

    function brush(fromKey, toKey) {
      if (!fromKey || !toKey) { view.setDates("", ""); return; }
      var a = fromKey < toKey ? fromKey : toKey, b = fromKey < toKey ? toKey : fromKey;
      view.setDates(UNITS[unit].first(a), UNITS[unit].last(b));
    }

    box.addEventListener("mousedown", function (e) { if (keys.length) { drag = e.clientX; e.preventDefault(); } });
    box.addEventListener("mouseup", function (e) {
      if (drag !== null && Math.abs(e.clientX - drag) >= 2) { brush(bucketAt(drag), bucketAt(e.clientX)); }
      drag = null;  // a click without a drag changes nothing (a double-click clears)
    });
    box.addEventListener("dblclick", function () { view.setDates("", ""); });
    window.addEventListener("resize", function () { measured = Math.max(box.clientWidth, 100); draw(); });

    return {
      refresh: function () { count(); draw(); },
      unit: function () { return unit; },
      buckets: function () { return keys.map(function (key, i) { return [key, counts[i] ? counts[i].total : 0]; }); },
      brush: brush
    };
  };
}());
