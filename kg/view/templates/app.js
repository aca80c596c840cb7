/* diplokg view: search, filters, focus and tooltips over one vis-network graph.
 * All text comes from untrusted articles: it is written with textContent or as attribute
 * values, never parsed as HTML, and the only link (Wikidata) is checked before it is made. */
(function () {
  "use strict";

  var WIKIDATA = "https://www.wikidata.org/";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = data.meta;
  var container = document.getElementById("kg-network");
  var tooltip = document.getElementById("kg-tooltip");

  function byId(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges.concat(data.ties));
  var allTypes = data.types.map(function (t) { return t[0]; });
  var allQuads = data.quads.map(function (q) { return q[0]; });
  var eventIds = Object.keys(meta).filter(function (id) { return meta[id].t === "event"; });
  var entityIds = Object.keys(meta).filter(function (id) { return meta[id].t === "entity"; });
  var tieWeight = {};
  data.ties.forEach(function (t) { tieWeight[t.id] = t.value; });

  var state = {
    mode: "events", types: new Set(allTypes), quads: new Set(allQuads),
    since: "", until: "", focus: null, hops: data.hops, selected: data.focus
  };
  var shown = { nodes: new Set(nodes.getIds()), edges: new Set(data.edges.map(function (e) { return e.id; })) };

  var nodesView = new vis.DataView(nodes, { filter: function (n) { return shown.nodes.has(n.id); } });
  var edgesView = new vis.DataView(edges, { filter: function (e) { return shown.edges.has(e.id); } });

  function filtersActive() {
    return state.types.size < allTypes.length || state.quads.size < allQuads.length ||
      Boolean(state.since) || Boolean(state.until);
  }

  function eventShown(id) {
    var m = meta[id];
    if (!state.types.has(m.cls) || !state.quads.has(m.quad)) { return false; }
    if (state.since && (!m.end || m.end < state.since)) { return false; }
    if (state.until && (!m.start || m.start > state.until)) { return false; }
    return true;
  }

  /* Work out which nodes and edges the current mode, filters and focus leave on the page. */
  function compute() {
    var active = filtersActive();
    var events = new Set(eventIds.filter(eventShown));
    var on = new Set();
    var edgeOn = new Set();
    var weights = [];
    if (state.mode === "events") {
      events.forEach(function (id) { on.add(id); });
      data.edges.forEach(function (e) {
        var event = meta[e.from].t === "event" ? e.from : e.to;
        if (events.has(event)) { edgeOn.add(e.id); on.add(e.from); on.add(e.to); }
      });
      if (!active) { entityIds.forEach(function (id) { on.add(id); }); }
    } else {
      data.ties.forEach(function (t) {
        var count = data.tieEvents[t.id].filter(function (id) { return events.has(id); }).length;
        if (count > 0) { edgeOn.add(t.id); on.add(t.from); on.add(t.to); }
        if (count > 0 && count !== tieWeight[t.id]) {
          tieWeight[t.id] = count;
          weights.push({ id: t.id, value: count });
        }
      });
      if (!active) { entityIds.forEach(function (id) { if (meta[id].actor) { on.add(id); } }); }
    }
    if (state.focus) { return restrictToFocus(on, edgeOn, weights); }
    return { nodes: on, edges: edgeOn, weights: weights };
  }

  /* Keep the focus node and what lies within `hops` actor steps of it (two graph steps each
   * in the event view, where an event sits between two actors). */
  function restrictToFocus(on, edgeOn, weights) {
    var radius = state.mode === "events" ? 2 * state.hops : state.hops;
    var adjacent = new Map();
    edgeOn.forEach(function (id) {
      var e = edges.get(id);
      [[e.from, e.to], [e.to, e.from]].forEach(function (pair) {
        if (!adjacent.has(pair[0])) { adjacent.set(pair[0], []); }
        adjacent.get(pair[0]).push(pair[1]);
      });
    });
    var reached = new Set([state.focus]);
    var frontier = [state.focus];
    for (var step = 0; step < radius && frontier.length; step++) {
      var next = [];
      frontier.forEach(function (id) {
        (adjacent.get(id) || []).forEach(function (other) {
          if (!reached.has(other)) { reached.add(other); next.push(other); }
        });
      });
      frontier = next;
    }
    var kept = new Set();
    edgeOn.forEach(function (id) {
      var e = edges.get(id);
      if (reached.has(e.from) && reached.has(e.to)) { kept.add(id); }
    });
    return { nodes: reached, edges: kept, weights: weights };
  }

  function savePositions() {
    var positions = network.getPositions();
    nodes.update(Object.keys(positions).map(function (id) {
      return { id: id, x: Math.round(positions[id].x), y: Math.round(positions[id].y) };
    }));
  }

  function apply() {
    if (kgView.ready) { savePositions(); }
    var result = compute();
    shown.nodes = result.nodes;
    shown.edges = result.edges;
    if (result.weights.length) { edges.update(result.weights); }
    nodesView.refresh();
    edgesView.refresh();
    byId("kg-status").textContent = shown.nodes.size + " nodes and " + shown.edges.size +
      " edges shown" + (state.focus ? " around " + meta[state.focus].name : "");
  }

  function row(list, key, value) {
    if (value === null || value === undefined || value === "") { return; }
    list.appendChild(el("dt", null, key));
    var cell = el("dd");
    if (value instanceof Node) { cell.appendChild(value); } else { cell.textContent = String(value); }
    list.appendChild(cell);
  }

  function wikidataLink(url) {
    if (typeof url !== "string" || url.indexOf(WIKIDATA) !== 0) { return null; }
    var link = document.createElement("a");
    link.href = url;
    link.textContent = url.slice(url.lastIndexOf("/") + 1);
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    return link;
  }

  function source(doc) {
    var text = "— " + (doc[0] || "unknown document");
    if (doc[1]) { text += ": " + doc[1]; }
    if (doc[2]) { text += " (" + doc[2] + ")"; }
    return el("div", "src", text);
  }

  /* Build the description of a node as DOM elements (used by the tooltip and the details). */
  function card(id, maxSentences) {
    var m = meta[id];
    var root = el("div", "card");
    root.appendChild(el("h3", null, m.name));
    var list = el("dl");
    root.appendChild(list);
    if (m.t === "entity") {
      row(list, "kind", m.kind);
      if (m.alt.length) { row(list, "also", m.alt.join("; ")); }
      row(list, "events", m.n);
      row(list, "Wikidata", wikidataLink(m.wd));
      return root;
    }
    row(list, "type", m.clsLabel);
    row(list, "quad class", m.quadLabel);
    row(list, "date", m.date || (m.start ? "≈ " + m.start + " (document date)" : "unknown"));
    row(list, "factuality", m.factLabel);
    row(list, "count", m.count);
    row(list, "mentions", m.mentions);
    row(list, "trigger", m.trigger);
    m.roles.forEach(function (r) { row(list, r[0], r[1]); });
    var sentences = m.ev.slice(0, maxSentences);
    sentences.forEach(function (e) {
      root.appendChild(el("blockquote", null, e[0]));
      root.appendChild(source(e.slice(1)));
    });
    if (m.ev.length > sentences.length) {
      root.appendChild(el("div", "src", "… " + (m.ev.length - sentences.length) + " more sentence(s)"));
    }
    if (!m.ev.length) { m.docs.forEach(function (d) { root.appendChild(source(d)); }); }
    return root;
  }

  function showTooltip(id, pointer) {
    tooltip.replaceChildren(card(id, 2));
    tooltip.hidden = false;
    var x = container.offsetLeft + pointer.x + 14;
    var y = container.offsetTop + pointer.y + 14;
    if (y + tooltip.offsetHeight > container.offsetTop + container.clientHeight) {
      y = Math.max(container.offsetTop, container.offsetTop + pointer.y - tooltip.offsetHeight - 14);
    }
    var maxX = container.offsetLeft + container.clientWidth - tooltip.offsetWidth - 4;
    tooltip.style.left = Math.max(container.offsetLeft, Math.min(x, maxX)) + "px";
    tooltip.style.top = y + "px";
  }

  function select(id) {
    if (!meta[id]) { return; }
    state.selected = id;
    byId("kg-selected").textContent = meta[id].name;
    byId("kg-focus").disabled = meta[id].t !== "entity";
    byId("kg-details").replaceChildren(card(id, 50));
    if (shown.nodes.has(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 0.8), animation: false });
    }
  }

  /* List the entities whose name or other name contains `query`, best matches first. */
  function search(query) {
    var q = query.trim().toLowerCase();
    var results = byId("kg-results");
    results.replaceChildren();
    if (!q) { return []; }
    var found = entityIds.filter(function (id) {
      var m = meta[id];
      return [m.name].concat(m.alt).some(function (n) { return n.toLowerCase().indexOf(q) !== -1; });
    });
    found.sort(function (a, b) {
      var pa = meta[a].name.toLowerCase().indexOf(q) === 0 ? 0 : 1;
      var pb = meta[b].name.toLowerCase().indexOf(q) === 0 ? 0 : 1;
      return pa - pb || meta[b].n - meta[a].n || (meta[a].name < meta[b].name ? -1 : 1);
    });
    found = found.slice(0, 25);
    found.forEach(function (id) {
      var button = el("button", null, meta[id].name + " (" + meta[id].kind + ")");
      button.type = "button";
      button.addEventListener("click", function () { select(id); });
      var item = el("li");
      item.appendChild(button);
      results.appendChild(item);
    });
    return found;
  }

  function checkedValues(selector) {
    return Array.prototype.filter.call(document.querySelectorAll(selector), function (box) {
      return box.checked;
    }).map(function (box) { return box.value; });
  }

  function setBoxes(selector, values) {
    document.querySelectorAll(selector).forEach(function (box) { box.checked = values.indexOf(box.value) !== -1; });
  }

  var kgView = {
    ready: false, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView, state: state,
    visibleNodeIds: function () { return nodesView.getIds(); },
    visibleEdgeIds: function () { return edgesView.getIds(); },
    setMode: function (mode) {
      state.mode = mode === "actors" ? "actors" : "events";
      document.querySelectorAll("input[name=kg-mode]").forEach(function (r) { r.checked = r.value === state.mode; });
      apply();
      network.fit();
    },
    setTypes: function (types) { setBoxes(".kg-type", types); state.types = new Set(types); apply(); },
    setQuads: function (quads) { setBoxes(".kg-quad", quads); state.quads = new Set(quads); apply(); },
    setDates: function (since, until) {
      byId("kg-since").value = since || "";
      byId("kg-until").value = until || "";
      state.since = since || "";
      state.until = until || "";
      apply();
    },
    search: function (query) { byId("kg-search").value = query; return search(query); },
    select: select,
    focusOn: function (id, hops) {
      if (!meta[id]) { return; }
      state.focus = id;
      state.hops = Math.max(0, hops === undefined ? state.hops : hops);
      byId("kg-hops").value = state.hops;
      apply();
      network.fit();
    },
    clearFocus: function () { state.focus = null; apply(); network.fit(); },
    describe: function (id) { return meta[id] ? card(id, 50).textContent : null; }
  };
  window.kgView = kgView;

  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);
  kgView.network = network;

  function finish() {
    if (kgView.ready) { return; }
    network.setOptions({ physics: { enabled: false } });
    kgView.ready = true;
    savePositions();
    if (data.mode === "actors") { state.mode = "actors"; }
    apply();
    network.fit();
    if (state.selected) { select(state.selected); }
    kgView.readyAt = performance.now();
    document.body.dataset.ready = "true";
  }

  network.once("stabilizationIterationsDone", finish);
  network.once("stabilized", finish);
  if (!data.nodes.length) { finish(); byId("kg-status").textContent = "Nothing to show."; }

  network.on("hoverNode", function (params) { showTooltip(params.node, params.pointer.DOM); });
  network.on("blurNode", function () { tooltip.hidden = true; });
  network.on("dragStart", function () { tooltip.hidden = true; });
  network.on("click", function (params) { if (params.nodes.length) { select(params.nodes[0]); } });

  byId("kg-search").addEventListener("input", function (e) { search(e.target.value); });
  byId("kg-search").addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      var found = search(e.target.value);
      if (found.length) { select(found[0]); }
    }
  });
  document.querySelectorAll("input[name=kg-mode]").forEach(function (radio) {
    radio.addEventListener("change", function () { if (radio.checked) { kgView.setMode(radio.value); } });
  });
  document.querySelectorAll(".kg-type").forEach(function (box) {
    box.addEventListener("change", function () { state.types = new Set(checkedValues(".kg-type")); apply(); });
  });
  document.querySelectorAll(".kg-quad").forEach(function (box) {
    box.addEventListener("change", function () { state.quads = new Set(checkedValues(".kg-quad")); apply(); });
  });
  ["kg-since", "kg-until"].forEach(function (id) {
    byId(id).addEventListener("change", function () {
      kgView.setDates(byId("kg-since").value, byId("kg-until").value);
    });
  });
  byId("kg-focus").addEventListener("click", function () {
    if (state.selected) { kgView.focusOn(state.selected, parseInt(byId("kg-hops").value, 10) || 0); }
  });
  byId("kg-unfocus").addEventListener("click", function () { kgView.clearFocus(); });
}());
