/* diplokg view: search, filters, focus, details and tooltips over one vis-network graph.
 * All text comes from untrusted articles: it is written with textContent or as attribute
 * values, never parsed as HTML, and the only link (Wikidata) is checked before it is made.
 * The layout is computed once (in Python, polished by a short physics run on small graphs)
 * and never saved again: a filter change only shows or hides the nodes whose state changes, in
 * one DataSet update. A role edge has no state of its own (vis-network draws an edge only when
 * both its ends are drawn); only the ties of the actor network are shown, hidden and resized. */
(function () {
  "use strict";

  var WIKIDATA = "https://www.wikidata.org/";
  var loadTimes = { start: performance.now() };  // ms since navigation at each step of the load
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  loadTimes.parsed = performance.now();

  /* The page carries its entities and events compactly (kg/view/payload.py: each document, class
   * and name written once, referred to by position); this rebuilds one description per IRI. */
  function expandMeta(tables) {
    var result = {}, entities = [], events = [], prefixes = tables.prefixes, docs = tables.docs;
    tables.entities.forEach(function (r) {
      var iri = prefixes[r[0]] + r[1];
      entities.push(iri);
      result[iri] = { t: "entity", name: r[2], kind: r[3], warn: r[4], pt: r[5], alt: r[6], wd: r[7], actor: r[8], n: 0 };
    });
    tables.events.forEach(function (r) {
      var iri = prefixes[r[0]] + r[1], c = tables.classes[r[3]], f = tables.factValues[r[7]];
      var roles = [], ev = [], flat = r[12], said = r[13];
      for (var i = 0; i < flat.length; i += 2) {
        var entity = entities[flat[i + 1]];
        result[entity].n += 1;
        roles.push([tables.roles[flat[i]], result[entity].name, entity]);
      }
      for (var j = 0; j < said.length; j += 2) { ev.push([said[j]].concat(docs[said[j + 1]])); }
      events.push(iri);
      result[iri] = { t: "event", name: r[2], cls: c[0], clsLabel: c[1], quad: c[2], quadLabel: c[3], date: r[4],
                      start: r[5], end: r[6], fact: f[0], factLabel: f[1], count: r[8], mentions: r[9],
                      disputed: r[10], trigger: r[11], roles: roles, ev: ev,
                      docs: r[14].map(function (d) { return docs[d]; }) };
    });
    Object.keys(data.tieEvents).forEach(function (tie) {  // positions of events -> their IRIs
      data.tieEvents[tie] = data.tieEvents[tie].map(function (k) { return events[k]; });
    });
    return result;
  }
  var meta = expandMeta(data.tables);
  delete data.tables;
  loadTimes.expanded = performance.now();
  var container = document.getElementById("kg-network");
  var tooltip = document.getElementById("kg-tooltip");

  var byId = window.kgDom.byId, el = window.kgDom.el;

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges.concat(data.ties.map(function (t) {
    return Object.assign({ hidden: true }, t);
  })));
  var hidden = { nodes: new Set(), ties: new Set(data.ties.map(function (t) { return t.id; })) };
  var allTypes = data.types.map(function (t) { return t[0]; });
  var allQuads = data.quads.map(function (q) { return q[0]; });
  var allFacts = data.facts.map(function (f) { return f[0]; });
  var eventIds = Object.keys(meta).filter(function (id) { return meta[id].t === "event"; });
  var entityIds = Object.keys(meta).filter(function (id) { return meta[id].t === "entity"; });
  var tieWeight = {};  // shared events shown now; a tie's width follows it on the page's first scale
  data.ties.forEach(function (t) { tieWeight[t.id] = data.tieEvents[t.id].length; });
  function tieWidth(count) {  // as kg/view/network.py scales it
    var low = data.tieRange[0], high = data.tieRange[1];
    var share = high === low ? 0.5 : Math.max(0, (count - low) / (high - low));
    return Math.round(10 * (1 + 9 * Math.min(share, 1))) / 10;
  }
  var eventsOf = {};  // entity -> its events, drawn or not (from the events' roles)
  eventIds.forEach(function (id) {
    meta[id].roles.forEach(function (r) {
      var list = eventsOf[r[2]] = eventsOf[r[2]] || [];
      if (list[list.length - 1] !== id) { list.push(id); }
    });
  });
  var tieIds = data.ties.map(function (t) { return t.id; });
  var roleEdges = data.edges.slice();  // grows when an aggregated page draws an actor's events
  var present = new Set(nodes.getIds());  // the nodes drawn (shown or hidden)
  var DRILL_MAX = 400;
  var eventText = {};  // an event's searchable text, lower case: made when first asked for (or after load)
  function textOf(id) {
    if (eventText[id] === undefined) {
      var m = meta[id];
      eventText[id] = [m.name, m.trigger || "", m.clsLabel].concat(m.ev.map(function (e) { return e[0]; }))
        .join("\n").toLowerCase();
    }
    return eventText[id];
  }

  /* After load, make every event's text in short tasks, so the first text filter finds it made. */
  function prepareTexts(from) {
    var until = Math.min(eventIds.length, from + 2000);
    for (var i = from; i < until; i++) { textOf(eventIds[i]); }
    if (until < eventIds.length) { setTimeout(function () { prepareTexts(until); }, 0); }
  }

  var state = {
    mode: "events", types: new Set(allTypes), quads: new Set(allQuads), facts: new Set(allFacts),
    since: "", until: "", text: "", focus: null, hops: data.hops, selected: data.focus, tie: null
  };
  var shown = { nodes: new Set(nodes.getIds()), edges: new Set(data.edges.map(function (e) { return e.id; })), events: eventIds, undated: eventIds };


  /* Show exactly the items `ids` of `wanted`: only those whose visibility changes are updated. */
  function showOnly(dataset, ids, wanted, hiddenNow, extra) {
    var changes = {};  // one update for the whole change: vis-network recounts and redraws once
    (extra || []).forEach(function (item) { changes[item.id] = item; });
    ids.forEach(function (id) {
      var hide = !wanted.has(id);
      if (hide !== hiddenNow.has(id)) {
        changes[id] = Object.assign(changes[id] || { id: id }, { hidden: hide });
        if (hide) { hiddenNow.add(id); } else { hiddenNow.delete(id); }
      }
    });
    var list = Object.keys(changes).map(function (id) { return changes[id]; });
    if (list.length) { dataset.update(list); }
  }

  function eventShownIgnoringDates(id) {
    var m = meta[id];
    if (!state.types.has(m.cls) || !state.quads.has(m.quad) || !state.facts.has(m.fact)) { return false; }
    return !state.text || textOf(id).indexOf(state.text) !== -1;
  }

  /* Work out which nodes and edges the current mode, filters and focus leave on the page: the
   * events shown and the entities in them (an entity in no shown event is not drawn). */
  var undatedFor = { key: null, ids: null };  // the events the filters but the dates keep, and for which filters

  function compute() {
    // The timeline counts the events every filter but the dates keeps; the rest show those in the
    // dates too. A change of the dates alone (the brush) reuses the first list: no other filter moved.
    var key = [state.types, state.quads, state.facts].map(function (set) { return Array.from(set).sort().join(","); })
      .concat([state.text]).join("|");
    if (undatedFor.key !== key) {
      undatedFor.key = key;
      undatedFor.ids = eventIds.filter(eventShownIgnoringDates);
    }
    var undated = undatedFor.ids;
    var inDates = !state.since && !state.until ? undated : undated.filter(function (id) {
      var m = meta[id];
      return (!state.since || (m.end && m.end >= state.since)) && (!state.until || (m.start && m.start <= state.until));
    });
    var events = new Set(inDates);
    var on = new Set();
    var edgeOn = new Set();
    var weights = [];
    if (state.mode === "events") {
      events.forEach(function (id) { if (present.has(id)) { on.add(id); } });
      roleEdges.forEach(function (e) {
        var event = meta[e.from].t === "event" ? e.from : e.to;
        if (events.has(event)) { edgeOn.add(e.id); on.add(e.from); on.add(e.to); }
      });
    } else {
      data.ties.forEach(function (t) {
        var count = data.tieEvents[t.id].filter(function (id) { return events.has(id); }).length;
        if (count > 0) { edgeOn.add(t.id); on.add(t.from); on.add(t.to); }
        if (count > 0 && count !== tieWeight[t.id]) {
          tieWeight[t.id] = count;
          weights.push({ id: t.id, width: tieWidth(count) });
        }
      });
    }
    var result = state.focus ? restrictToFocus(on, edgeOn) : { nodes: on, edges: edgeOn };
    result.weights = weights;
    result.undated = undated;
    var own = state.focus && state.mode === "actors" ? new Set(eventsOf[state.focus] || []) : new Set();
    result.events = !state.focus ? inDates : inDates.filter(function (id) { return result.nodes.has(id) || own.has(id); });
    return result;
  }

  /* Keep the focus node and what lies within `hops` actor steps of it (two graph steps each
   * in the event view, where an event sits between two actors). */
  function restrictToFocus(on, edgeOn) {
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
    return { nodes: reached, edges: kept };
  }

  /* Apply the state to every view. The graph changes at once; on a big page the table, then the
   * timeline and the map, follow in the same task while it has lasted less than kgView.budget ms,
   * else in a task of their own, so that no task of a change is long (a newer change drops what
   * is left of an older one: it redoes all of it). kgView.pending is true until the change is
   * complete; kgView.timings keeps what each part of the last one cost (ms; total: from the start
   * to the end of its last part, waits between the parts included). */
  var STAGED = eventIds.length > 5000;
  var generation = 0;

  function apply() {
    var t0 = performance.now();
    var result = compute();
    var t1 = performance.now();
    shown.nodes = result.nodes;
    shown.edges = result.edges;
    shown.events = result.events;
    shown.undated = result.undated;
    // With physics off, vis-network (9.1.2, pyvis's copy) redraws at once after each DataSet update
    // (PhysicsEngine.startSimulation emits "_redraw"): blocked here, so that the change is drawn
    // once, in the next frame, not two or three times in this task.
    network.body.emitter.emit("_blockRedraw");
    try {
      showOnly(nodes, nodes.getIds(), shown.nodes, hidden.nodes);
      showOnly(edges, tieIds, shown.edges, hidden.ties, result.weights);
    } finally {
      network.body.emitter.emit("_allowRedraw");
      network.body.emitter.emit("_requestRedraw");
    }
    byId("kg-status").textContent = shown.nodes.size + " nodes and " + shown.edges.size +
      " edges shown" + (state.focus ? " around " + meta[state.focus].name : "");
    applyRest({ compute: t1 - t0, graph: performance.now() - t1 }, t0);
  }

  /* The table, the timeline and the map (and the hash) follow the graph: at once, or on a big
   * page in two later tasks, unless a newer change came first. */
  function applyRest(times, t0) {
    var tasks = [
      [["table", function () { if (panels) { panels.refresh(); } }]],
      [["timelineMap", function () { if (timeline) { timeline.refresh(); } if (map) { map.refresh(); } }], ["hash", changed]]
    ];
    var mine = ++generation;
    kgView.pending = true;

    function run(task) {
      task.forEach(function (part) {
        var start = performance.now();
        part[1]();
        times[part[0]] = performance.now() - start;
      });
    }

    function finish() {
      times.total = performance.now() - t0;
      kgView.timings = times;
      kgView.pending = false;
    }

    function next(taskStart, withGraph) {
      if (mine !== generation) { return; }
      if (!withGraph) { run(tasks.shift()); }  // a task of its own does at least one part
      while (tasks.length && performance.now() - taskStart < kgView.budget) { run(tasks.shift()); }
      if (tasks.length) { setTimeout(function () { next(performance.now(), false); }, 0); } else { finish(); }
    }

    if (STAGED) {
      next(t0, true);
    } else {
      tasks.forEach(run);
      finish();
    }
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
    root.appendChild(el("h3", null, (m.t === "entity" && m.warn.length ? "⚠ " : "") + m.name));
    var list = el("dl");
    root.appendChild(list);
    if (m.t === "entity") {
      (m.warn || []).forEach(function (w) { row(list, "⚠ look-alike", w); });
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
    m.disputed.forEach(function (d) { row(list, "sources disagree", d); });
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

  /* Select a node (null: none): details, graph selection, table row; `from` says who asked. */
  function select(id, from) {
    if (id !== null && !meta[id]) { return; }
    state.selected = id;
    state.tie = null;
    byId("kg-selected").textContent = id ? meta[id].name : "Select an actor (search or click).";
    byId("kg-focus").disabled = !id || meta[id].t !== "entity";
    byId("kg-details").replaceChildren(id ? card(id, 50) : el("p", null, "Click a node or a row of the table."));
    if (id && shown.nodes.has(id)) {
      network.selectNodes([id]);
      if (from !== "graph") {
        network.focus(id, { scale: Math.max(network.getScale(), 0.8), animation: false });
      }
    } else if (network) {
      network.unselectAll();
    }
    var atLoad = from === "load" && !id;  // apply() has just drawn the table and the map
    if (panels && !atLoad) {
      if (!id || meta[id].t === "entity") { panels.refresh(); } else { panels.reveal(id); }
    }
    if (map && !atLoad && (!id || meta[id].pt)) { map.refresh(); }
    changed();
  }

  /* An event node and its role edges as the Python side draws them (kg/view/network.py). */
  function rgba(hex, alpha) {
    return "rgba(" + [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); }).join(",") + "," + alpha + ")";
  }

  function eventNode(id, x, y) {
    var m = meta[id], st = data.styles;
    var colour = st.quads[m.quad] || st.quads.other;
    var fact = st.facts[m.fact] || st.unknownFact;
    var fill = rgba(colour, fact[0]);
    var label = m.name.length <= st.labelMax ? m.name : m.name.slice(0, st.labelMax - 1) + "…";
    return { id: id, label: label, shape: "diamond", size: 9, x: Math.round(x), y: Math.round(y), borderWidth: 2,
             color: { background: fill, border: st.borders[m.quad] || st.borders.other, highlight: { background: fill, border: "#000000" },
                      hover: { background: fill, border: "#000000" } },
             shapeProperties: { borderDashes: fact[1] }, font: { size: 11, color: fact[0] === 1 ? "#333333" : "#666666" } };
  }

  /* An entity the aggregated page did not draw, as the Python side draws one (at the view's centre). */
  function entityNode(id) {
    var m = meta[id], kind = data.styles.kinds[m.kind] || data.styles.kinds.actor, at = network.getViewPosition();
    var name = (m.warn.length ? "⚠ " : "") + m.name;
    return { id: id, label: name.length <= data.styles.labelMax ? name : name.slice(0, data.styles.labelMax - 1) + "…",
             shape: kind[0], size: 21, font: { size: 16 }, borderWidth: 1, x: Math.round(at.x), y: Math.round(at.y),
             color: { background: kind[1], border: "#222222", highlight: { background: kind[1], border: "#000000" },
                      hover: { background: kind[1], border: "#000000" } } };
  }

  /* Draw an actor (when not drawn yet) and its events (at most DRILL_MAX more) with their roles
   * to the drawn entities. */
  function drill(actor) {
    if (!present.has(actor)) {
      nodes.add([entityNode(actor)]);
      present.add(actor);
    }
    var ids = (eventsOf[actor] || []).filter(function (id) { return !present.has(id); }).slice(0, DRILL_MAX);
    var centre = network.getPositions([actor])[actor] || { x: 0, y: 0 };
    var newNodes = [], newEdges = [];
    ids.forEach(function (id, i) {
      var radius = 70 + 14 * Math.sqrt(i), angle = i * 2.39996;
      newNodes.push(eventNode(id, centre.x + radius * Math.cos(angle), centre.y + radius * Math.sin(angle)));
      meta[id].roles.forEach(function (r) {
        if (!present.has(r[2])) { return; }
        var style = data.styles.roles[r[0]] || ["#7A7A7A", ""];
        var toEntity = r[0] === "target" || r[0] === "place";
        newEdges.push({ id: "d" + roleEdges.length + "-" + newEdges.length, from: toEntity ? id : r[2], to: toEntity ? r[2] : id,
                        label: r[0], arrows: style[1], color: style[0],
                        dashes: (data.styles.facts[meta[id].fact] || data.styles.unknownFact)[2] });
      });
    });
    nodes.add(newNodes);
    edges.add(newEdges);
    newNodes.forEach(function (n) { present.add(n.id); });
    newEdges.forEach(function (e) { roleEdges.push(e); });
    return ids.length;
  }

  /* Select a tie of the actor network: the table lists the events behind it. */
  function selectTie(id) {
    var tie = edges.get(id);
    if (!tie || !data.tieEvents[id]) { return; }
    state.selected = null;
    state.tie = id;
    var events = data.tieEvents[id];
    var root = el("div", "card");
    root.appendChild(el("h3", null, meta[tie.from].name + " — " + meta[tie.to].name));
    root.appendChild(el("p", null, events.length + " shared event" + (events.length === 1 ? "" : "s") + ", listed in the table."));
    byId("kg-details").replaceChildren(root);
    network.selectEdges([id]);
    if (panels) { panels.refresh(); }
  }

  /* List the entities and events whose name, other name or text contains `query`. */
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
    var events = eventIds.filter(function (id) { return textOf(id).indexOf(q) !== -1; });
    events.sort(function (a, b) { return meta[a].name < meta[b].name ? -1 : meta[a].name > meta[b].name ? 1 : a < b ? -1 : 1; });
    events = events.slice(0, 25 - Math.min(found.length, 15));
    found = found.slice(0, 25 - events.length).concat(events);
    found.forEach(function (id) {
      var m = meta[id];
      var flag = m.t === "entity" && m.warn.length ? "⚠ " : "";
      var button = el("button", null, flag + m.name + " (" + (m.t === "entity" ? m.kind : "event: " + m.clsLabel) + ")");
      button.type = "button";
      button.addEventListener("click", function () { select(id, "search"); });
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

  /* ---- the URL hash: the view's state, written on every change, read at load ---- */
  var lastHash = null;

  function hashOf() {
    var p = new URLSearchParams();
    if (state.mode !== "events") { p.set("mode", state.mode); }
    [["types", state.types, allTypes], ["quads", state.quads, allQuads], ["facts", state.facts, allFacts]].forEach(function (f) {
      if (f[1].size < f[2].length) { p.set(f[0], f[2].filter(function (v) { return f[1].has(v); }).join(",")); }
    });
    ["since", "until", "text", "focus", "selected"].forEach(function (k) { if (state[k]) { p.set(k, state[k]); } });
    if (state.focus) { p.set("hops", String(state.hops)); }
    if (panels) {
      var sorting = panels.sorting();
      if (sorting[0] !== "date" || sorting[1]) { p.set("sort", sorting[0] + (sorting[1] ? ":desc" : "")); }
    }
    return p.toString();
  }

  function changed() {
    if (!kgView.ready) { return; }
    var hash = hashOf();
    if (hash === lastHash) { return; }
    lastHash = hash;
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    function list(key, all) {
      return p.has(key) ? new Set(p.get(key).split(",").filter(function (v) { return all.indexOf(v) !== -1; })) : new Set(all);
    }
    state.mode = p.get("mode") === "actors" ? "actors" : (p.has("mode") ? "events" : state.mode);
    state.types = list("types", allTypes);
    state.quads = list("quads", allQuads);
    state.facts = list("facts", allFacts);
    state.since = p.get("since") || "";
    state.until = p.get("until") || "";
    state.text = (p.get("text") || "").toLowerCase();
    state.focus = meta[p.get("focus")] ? p.get("focus") : null;
    state.hops = Math.max(0, parseInt(p.get("hops"), 10) || state.hops);
    if (meta[p.get("selected")]) { state.selected = p.get("selected"); }
    if (panels && p.has("sort")) { panels.setSorting(p.get("sort").split(":")[0], /:desc$/.test(p.get("sort"))); }
    syncControls();
  }

  function syncControls() {
    document.querySelectorAll("input[name=kg-mode]").forEach(function (r) { r.checked = r.value === state.mode; });
    setBoxes(".kg-type", Array.from(state.types));
    setBoxes(".kg-quad", Array.from(state.quads));
    setBoxes(".kg-fact", Array.from(state.facts));
    byId("kg-since").value = state.since;
    byId("kg-until").value = state.until;
    byId("kg-text").value = state.text;
    byId("kg-hops").value = state.hops;
  }

  var panels = null;
  var timeline = null;
  var map = null;
  var network = null;
  var kgView = {
    ready: false, nodes: nodes, edges: edges, state: state, meta: meta,
    visibleNodeIds: function () { return nodes.getIds().filter(function (id) { return !hidden.nodes.has(id); }); },
    visibleEdgeIds: function () {  // ties not hidden, role edges whose two ends are drawn
      return edges.get().filter(function (e) {
        return data.tieEvents[e.id] ? !hidden.ties.has(e.id) : !hidden.nodes.has(e.from) && !hidden.nodes.has(e.to);
      }).map(function (e) { return e.id; });
    },
    shownNodes: function () { return Array.from(shown.nodes); },
    shownEvents: function () { return shown.events.slice(); },
    pending: false,
    budget: 0,  // ms a task of a change on a big page may run on before the rest waits for the next task;
    // 0 (each part in a task of its own) measured best on a loaded machine: at 60 ms the longest task
    // of a change on 50,000 events grew from 155 to 337 ms (bench_view.py --events 50000, load 8-11)
    eventsOf: function (id) { return (eventsOf[id] || []).slice(); },
    allEvents: function () { return eventIds.slice(); },
    eventsIgnoringDates: function () { return shown.undated; },  // (not to be changed by the caller)
    changed: changed,
    setMode: function (mode) {
      state.mode = mode === "actors" ? "actors" : "events";
      syncControls();
      apply();
      network.fit();
    },
    setTypes: function (types) { setBoxes(".kg-type", types); state.types = new Set(types); apply(); },
    setQuads: function (quads) { setBoxes(".kg-quad", quads); state.quads = new Set(quads); apply(); },
    setFacts: function (facts) { setBoxes(".kg-fact", facts); state.facts = new Set(facts); apply(); },
    setText: function (text) { byId("kg-text").value = text || ""; state.text = (text || "").trim().toLowerCase(); apply(); },
    setDates: function (since, until) {
      byId("kg-since").value = since || "";
      byId("kg-until").value = until || "";
      state.since = since || "";
      state.until = until || "";
      apply();
    },
    search: function (query) { byId("kg-search").value = query; return search(query); },
    select: select,
    selectTie: selectTie,
    tieEvents: function (id) { return (data.tieEvents[id] || []).slice(); },
    tieName: function (id) { var t = edges.get(id); return t ? meta[t.from].name + " — " + meta[t.to].name : ""; },
    drill: drill,
    focusOn: function (id, hops) {
      if (!meta[id]) { return; }
      if (data.aggregated && meta[id].t === "entity") {  // drill in: draw its events, show them
        drill(id);
        state.mode = "events";
        syncControls();
      }
      state.focus = id;
      state.hops = Math.max(0, hops === undefined ? state.hops : hops);
      byId("kg-hops").value = state.hops;
      apply();
      network.fit();
    },
    clearFocus: function () { state.focus = null; apply(); network.fit(); },
    describe: function (id) { return meta[id] ? card(id, 50).textContent : null; },
    hash: hashOf
  };
  window.kgView = kgView;

  loadTimes.prepared = performance.now();
  network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  loadTimes.network = performance.now();
  kgView.network = network;
  panels = window.kgPanels(kgView);
  kgView.panels = panels;
  timeline = window.kgTimeline(kgView, data.quads);
  kgView.timeline = timeline;
  map = window.kgMap(kgView);
  kgView.map = map;
  loadTimes.panels = performance.now();

  function finish() {
    if (kgView.ready) { return; }
    if (data.options.physics.enabled) {  // polished by physics: that layout is kept from now on
      network.setOptions({ physics: { enabled: false } });
      var positions = network.getPositions();
      nodes.update(Object.keys(positions).map(function (id) {
        return { id: id, x: Math.round(positions[id].x), y: Math.round(positions[id].y) };
      }));
    }
    loadTimes.positions = performance.now();
    if (data.mode === "actors") { state.mode = "actors"; }
    readHash();
    apply();
    loadTimes.applied = performance.now();
    network.fit();
    loadTimes.fitted = performance.now();
    kgView.ready = true;
    select(state.selected || null, "load");  // (with nothing selected, the views apply() drew stay)
    setTimeout(function () { prepareTexts(0); }, 0);
    changed();
    kgView.readyAt = loadTimes.ready = performance.now();
    kgView.loadTimings = loadTimes;
    document.body.dataset.ready = "true";
  }

  if (!data.options.physics.enabled || !data.nodes.length) {
    finish();
    if (!data.nodes.length) { byId("kg-status").textContent = "Nothing to show."; }
  } else {
    network.once("stabilizationIterationsDone", finish);
    network.once("stabilized", finish);
  }

  network.on("hoverNode", function (params) { showTooltip(params.node, params.pointer.DOM); });
  network.on("blurNode", function () { tooltip.hidden = true; });
  network.on("dragStart", function () { tooltip.hidden = true; });
  network.on("click", function (params) {
    if (params.nodes.length) { select(params.nodes[0], "graph"); }
    else if (params.edges.length && data.tieEvents[params.edges[0]]) { selectTie(params.edges[0]); }
  });

  byId("kg-search").addEventListener("input", function (e) { search(e.target.value); });
  byId("kg-search").addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      var found = search(e.target.value);
      if (found.length) { select(found[0], "search"); }
    }
  });
  byId("kg-text").addEventListener("input", function (e) { kgView.setText(e.target.value); });
  document.querySelectorAll("input[name=kg-mode]").forEach(function (radio) {
    radio.addEventListener("change", function () { if (radio.checked) { kgView.setMode(radio.value); } });
  });
  [[".kg-type", "types"], [".kg-quad", "quads"], [".kg-fact", "facts"]].forEach(function (pair) {
    document.querySelectorAll(pair[0]).forEach(function (box) {
      box.addEventListener("change", function () { state[pair[1]] = new Set(checkedValues(pair[0])); apply(); });
    });
  });
  document.querySelectorAll(".kg-only").forEach(function (button) {
    button.addEventListener("click", function () { kgView.setTypes([button.value]); });
  });
  byId("kg-types-all").addEventListener("click", function () { kgView.setTypes(allTypes); });
  byId("kg-types-none").addEventListener("click", function () { kgView.setTypes([]); });
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
