/* diplokg view, panels: the event table (sortable, synced with the graph both ways), the URL
 * hash that restores the view, CSV/JSON/PNG export and keyboard navigation of the nodes.
 * The table is virtual: every row is one line of the same height, and only the rows in view (and
 * a few either side) are in the page, so 50,000 events scroll as smoothly as 50.
 * Loaded before app.js, which calls kgPanels(view) once the graph exists. Text from articles is
 * written with textContent only. */
(function () {
  "use strict";

  var CELL_MAX = 240;  // characters of a sentence in a table cell (the details show it whole)
  var NAMES_MAX = 80;  // characters of names in a cell or a heading
  var OVERSCAN = 12;  // rows drawn above and below the ones in view
  var CSV_FIELDS = ["iri", "date", "type", "quad", "factuality", "agents", "targets", "participants",
                    "places", "sources", "mentions", "sentence"];

  var byId = window.kgDom.byId, el = window.kgDom.el;

  /* The columns of the table: heading, value to sort on, text to show. */
  function columns(meta) {
    function names(m, role) {
      return m.roles.filter(function (r) { return r[0] === role; }).map(function (r) { return r[1]; });
    }
    function sides(m) {
      var agents = names(m, "agent"), targets = names(m, "target"), others = names(m, "participant");
      var text = agents.join(", ");
      if (targets.length) { text += (text ? " → " : "→ ") + targets.join(", "); }
      if (others.length) { text += (text ? "; " : "") + others.join(", "); }
      return text;
    }
    return [
      { key: "date", title: "Date", text: function (m) { return dateText(m); }, sort: function (m) { return m.start || ""; } },
      { key: "type", title: "Type", text: function (m) { return cut(m.clsLabel, NAMES_MAX); } },
      { key: "sides", title: "Sides", text: function (m) { return cut(sides(m), NAMES_MAX); } },
      { key: "place", title: "Place", text: function (m) { return cut(names(m, "place").join(", "), NAMES_MAX); } },
      { key: "fact", title: "Factuality", text: function (m) { return m.factLabel; } },
      { key: "sources", title: "Sources", text: function (m) { return m.docs.length; }, sort: function (m) { return m.docs.length; } },
      { key: "sentence", title: "Sentence", text: function (m) { return cut(m.ev.length ? m.ev[0][0] : m.name, CELL_MAX); } }
    ].map(function (c) { c.sort = c.sort || c.text; c.meta = meta; return c; });
  }

  function cut(text, limit) {
    return text.length <= limit ? text : text.slice(0, limit - 1) + "…";
  }

  function dateText(m) {
    if (m.date) { return m.date; }
    return m.start ? m.start + " (document date)" : "";
  }

  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }  // no formula runs in a spreadsheet
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function record(id, m) {
    function role(name) {
      return m.roles.filter(function (r) { return r[0] === name; }).map(function (r) { return r[1]; }).join("; ");
    }
    return {
      iri: id, date: dateText(m), type: m.clsLabel, quad: m.quadLabel, factuality: m.factLabel,
      agents: role("agent"), targets: role("target"), participants: role("participant"),
      places: role("place"), sources: m.docs.map(function (d) { return d[0]; }).join("; "),
      mentions: m.mentions === null || m.mentions === undefined ? "" : m.mentions,
      sentence: m.ev.length ? m.ev[0][0] : ""
    };
  }

  function download(name, url) {
    var link = el("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  window.kgPanels = function (view) {
    var meta = view.meta;
    var cols = columns(meta);
    var table = { sort: "date", descending: false, rows: [], first: -1, last: -1, rowHeight: 22 };
    var sortedAll = {};  // "column[:desc]" -> every event in that order (big tables filter it)
    var body = byId("kg-table-body");
    var wrap = byId("kg-table-wrap");
    var pending = false;

    function heading() {
      var row = byId("kg-table-head");
      row.replaceChildren();
      cols.forEach(function (c) {
        var cell = el("th");
        cell.scope = "col";
        cell.setAttribute("aria-sort", c.key !== table.sort ? "none" : table.descending ? "descending" : "ascending");
        var button = el("button", null, c.title + (c.key === table.sort ? (table.descending ? " ▼" : " ▲") : ""));
        button.type = "button";
        button.addEventListener("click", function () { sortBy(c.key); });
        cell.appendChild(button);
        row.appendChild(cell);
      });
    }

    function sortBy(key) {
      table.descending = table.sort === key ? !table.descending : false;
      table.sort = key;
      refresh();
      view.changed();
    }

    /* The events the table lists: those the graph shows, narrowed to the selected actor's. */
    function rows() {
      var ids = view.shownEvents();
      var chosen = view.state.selected;
      var own = null;
      if (view.state.tie) { own = new Set(view.tieEvents(view.state.tie)); }
      else if (chosen && meta[chosen] && meta[chosen].t === "entity") { own = new Set(view.eventsOf(chosen)); }
      if (own) { ids = ids.filter(function (id) { return own.has(id); }); }
      var col = cols.filter(function (c) { return c.key === table.sort; })[0] || cols[0];
      if (ids.length < 2000) { return sortIds(ids, col); }
      var name = col.key + (table.descending ? ":desc" : "");
      if (!sortedAll[name]) { sortedAll[name] = sortIds(view.allEvents(), col); }  // once per order
      if (ids.length === sortedAll[name].length) { return sortedAll[name].slice(); }  // every event
      var keep = new Set(ids);
      return sortedAll[name].filter(function (id) { return keep.has(id); });
    }

    function sortIds(ids, col) {
      var keyed = ids.map(function (id) { return [col.sort(meta[id]), id]; });
      keyed.sort(function (a, b) {
        var order = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
        return table.descending ? -order : order;
      });
      return keyed.map(function (pair) { return pair[1]; });
    }

    function line(id) {
      var tr = el("tr");
      tr.dataset.id = id;
      tr.tabIndex = 0;
      if (id === view.state.selected) { tr.className = "chosen"; tr.setAttribute("aria-selected", "true"); }
      cols.forEach(function (c) { tr.appendChild(el("td", null, c.text(meta[id]))); });
      tr.addEventListener("click", function () { view.select(id, "table"); });
      tr.addEventListener("keydown", function (e) { rowKey(e, tr, id); });
      return tr;
    }

    function rowKey(event, tr, id) {
      var page = Math.max(1, Math.floor(wrap.clientHeight / table.rowHeight) - 2);
      var step = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page }[event.key];
      var at = table.rows.indexOf(id), to = null;
      if (event.key === "Enter" || event.key === " ") { view.select(id, "table"); }
      else if (step) { to = Math.max(0, Math.min(table.rows.length - 1, at + step)); }
      else if (event.key === "Home" || event.key === "End") { to = event.key === "Home" ? 0 : table.rows.length - 1; }
      else { return; }
      event.preventDefault();
      if (to !== null && to !== at) {
        view.select(table.rows[to], "table");  // reveals (scrolls to and draws) its row
        var next = body.querySelector("tr[data-id='" + CSS.escape(table.rows[to]) + "']");
        if (next) { next.focus(); }
      }
    }

    function spacer(rowsHidden) {
      var tr = el("tr", "spacer");
      tr.setAttribute("aria-hidden", "true");
      var td = el("td");
      td.colSpan = cols.length;
      td.style.height = (rowsHidden * table.rowHeight) + "px";
      tr.appendChild(td);
      return tr;
    }

    /* Draw the rows in view (and OVERSCAN either side) between two spacers of the others' height. */
    function draw(force) {
      pending = false;
      var top = Math.max(0, wrap.scrollTop - (byId("kg-table-head").offsetHeight || 0));
      var first = Math.max(0, Math.floor(top / table.rowHeight) - OVERSCAN);
      var last = Math.min(table.rows.length, first + Math.ceil(Math.max(wrap.clientHeight, 200) / table.rowHeight) + 2 * OVERSCAN);
      if (!force && first === table.first && last === table.last) { return; }
      table.first = first;
      table.last = last;
      var lines = table.rows.slice(first, last).map(line);
      body.replaceChildren.apply(body, [spacer(first)].concat(lines, [spacer(table.rows.length - last)]));
      var drawn = lines[0] && lines[0].getBoundingClientRect().height;
      if (drawn && Math.abs(drawn - table.rowHeight) > 0.5) { table.rowHeight = drawn; draw(true); }  // the CSS decides
    }

    function refresh() {
      table.rows = rows();
      wrap.scrollTop = 0;
      draw(true);
      heading();
      var chosen = view.state.selected;
      var narrowed = view.state.tie ? " between " + cut(view.tieName(view.state.tie), 2 * NAMES_MAX)
        : chosen && meta[chosen] && meta[chosen].t === "entity" ? " of " + cut(meta[chosen].name, NAMES_MAX) : "";
      byId("kg-table-count").textContent = table.rows.length + " event" + (table.rows.length === 1 ? "" : "s") + narrowed;
      byId("kg-table-all").hidden = !narrowed;
    }

    function exportRows(kind) {
      var records = table.rows.map(function (id) { return record(id, meta[id]); });
      if (kind === "json") {
        download("diplokg-events.json", "data:application/json;charset=utf-8," +
          encodeURIComponent(JSON.stringify(records, null, 1)));
        return records.length;
      }
      var lines = [CSV_FIELDS.join(",")].concat(records.map(function (r) {
        return CSV_FIELDS.map(function (f) { return csvCell(r[f]); }).join(",");
      }));
      download("diplokg-events.csv", "data:text/csv;charset=utf-8," + encodeURIComponent(lines.join("\r\n") + "\r\n"));
      return records.length;
    }

    function exportPicture() {
      var canvas = document.querySelector("#kg-network canvas");
      if (!canvas) { return false; }
      download("diplokg-view.png", canvas.toDataURL("image/png"));
      return true;
    }

    /* Arrow keys on the focused graph walk the shown nodes in name order; Enter focuses on one. */
    function graphKey(event) {
      var ids = view.shownNodes().sort(function (a, b) {
        return meta[a].name < meta[b].name ? -1 : meta[a].name > meta[b].name ? 1 : a < b ? -1 : 1;
      });
      if (!ids.length) { return; }
      var at = ids.indexOf(view.state.selected);
      var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (step) {
        event.preventDefault();
        view.select(ids[at === -1 ? 0 : (at + step + ids.length) % ids.length], "keys");
      } else if (event.key === "Home" || event.key === "End") {
        event.preventDefault();
        view.select(ids[event.key === "Home" ? 0 : ids.length - 1], "keys");
      }
    }

    byId("kg-network").addEventListener("keydown", graphKey);
    wrap.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(function () { draw(false); }); }
    });
    byId("kg-table-all").addEventListener("click", function () { view.select(null, "table"); });
    byId("kg-export-csv").addEventListener("click", function () { exportRows("csv"); });
    byId("kg-export-json").addEventListener("click", function () { exportRows("json"); });
    byId("kg-export-png").addEventListener("click", exportPicture);

    return {
      refresh: refresh,
      drawnRows: function () { return [table.first, table.last]; },
      rows: function () { return table.rows.slice(); },
      sortBy: sortBy,
      sorting: function () { return [table.sort, table.descending]; },
      setSorting: function (key, descending) {
        if (cols.some(function (c) { return c.key === key; })) { table.sort = key; table.descending = Boolean(descending); }
      },
      exportRows: exportRows,
      exportPicture: exportPicture,
      csvCell: csvCell,
      reveal: function (id) {
        var index = table.rows.indexOf(id);
        if (index !== -1 && (index < table.first + 2 || index >= table.last - 2)) {
          wrap.scrollTop = Math.max(0, index * table.rowHeight - wrap.clientHeight / 2);
        }
        draw(false);
        var tr = body.querySelector("tr[data-id='" + CSS.escape(id) + "']");
        body.querySelectorAll("tr.chosen").forEach(function (r) { r.className = ""; r.removeAttribute("aria-selected"); });
        if (tr) { tr.className = "chosen"; tr.setAttribute("aria-selected", "true"); tr.scrollIntoView({ block: "nearest" }); }
      }
    };
  };
}());
