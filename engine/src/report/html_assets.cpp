// The HTML report's style sheet and script, inlined into every page (the page
// must work offline and make no request). Kept apart from the page's content
// so each reads on its own.
#include "report/render.hpp"

namespace breachrank::report {

const char* html_style() {
    // Colours: text #1a1a1a on white (contrast 17:1); links and buttons
    // #1f4e99 (8.6:1). Tiers are light tints under dark text, each with its
    // own glyph and name, so they read without colour (greyscale, print,
    // colour-blind readers) as well as with it.
    return R"css(
:root { --ink: #1a1a1a; --muted: #4a4a4a; --rule: #c8c8c8; --accent: #1f4e99; --band: #f3f5f8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); background: #fff; margin: 0 auto; max-width: 1180px; padding: 24px 28px 64px; }
h1 { font-size: 1.8em; margin: 0.2em 0 0.3em; line-height: 1.2; }
h2 { font-size: 1.35em; margin: 2em 0 0.5em; padding-bottom: 0.2em; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.1em; margin: 1.6em 0 0.4em; }
h4 { font-size: 1em; margin: 1em 0 0.3em; }
p, li { max-width: 72em; }
.lede { font-size: 1.08em; }
.muted, figcaption, caption { color: var(--muted); }
caption { text-align: left; padding: 0 0 0.4em; font-size: 0.92em; }
a { color: var(--accent); }
nav ol { columns: 2; padding-left: 1.4em; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.92em; }
th, td { padding: 0.3em 0.6em; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid var(--ink); vertical-align: bottom; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
#ranking-table td:nth-child(2) { min-width: 12em; }
.wide { overflow-x: auto; }
#suggestions-table td:nth-child(2) { min-width: 14em; }
#suggestions-table td:last-child { min-width: 20em; }
details summary { cursor: pointer; color: var(--accent); }
tbody tr:nth-child(even) { background: var(--band); }
th button { font: inherit; font-weight: bold; color: var(--accent); background: none; border: 0; padding: 0;
            cursor: pointer; text-decoration: underline dotted; }
th button:focus-visible, .pager button:focus-visible { outline: 3px solid #e0a000; outline-offset: 2px; }
th[aria-sort=ascending] button::after { content: " \25B2"; }
th[aria-sort=descending] button::after { content: " \25BC"; }
.tier { display: inline-block; padding: 0 0.45em; border-radius: 3px; border: 1px solid #777; white-space: nowrap; }
.tier-0 { background: #f6c9c2; } .tier-1 { background: #fbe0b8; } .tier-2 { background: #fff3b8; }
.tier-3 { background: #d9ecd0; } .tier-4, .tier-none { background: #eeeeee; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; margin: 1em 0; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: 0.6em 0.8em; }
.card .big { font-size: 1.45em; font-weight: bold; display: block; }
.vendor { border-top: 1px solid var(--rule); }
.vendor dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1em; margin: 0.5em 0; }
.vendor dt { font-weight: bold; }
.vendor dd { margin: 0; }
figure { margin: 1em 0; }
figure svg { max-width: 100%; height: auto; }
.diagram svg { max-width: none; }  /* on screen the drawing scrolls rather than shrinking its labels away */
.diagram { overflow: auto; border: 1px solid var(--rule); max-height: 80vh; }
.pager { display: flex; gap: 0.6em; align-items: center; margin: 0.3em 0; }
.pager button { font: inherit; padding: 0.2em 0.8em; border: 1px solid var(--accent); color: var(--accent);
                background: #fff; border-radius: 4px; cursor: pointer; }
.pager button:disabled { color: #888; border-color: #bbb; cursor: default; }
.note { border-left: 4px solid var(--accent); padding: 0.3em 0.8em; background: var(--band); }
footer { margin-top: 3em; border-top: 1px solid var(--rule); font-size: 0.88em; color: var(--muted); }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav, .pager, .no-print { display: none; }
  h2 { break-before: page; }
  h2.first { break-before: auto; }
  h2, h3, h4 { break-after: avoid; }
  tr, figure, .card { break-inside: avoid; }
  th button { color: var(--ink); text-decoration: none; }
  th[aria-sort] button::after { content: ""; }
  .diagram, .wide { overflow: visible; max-height: none; border: 0; }
  .diagram svg { max-width: 100%; height: auto; }
  a { color: var(--ink); text-decoration: none; }
  tbody tr:nth-child(even) { background: none; }
}
)css";
}

const char* html_script() {
    // Sorting: a column's header is a button (Enter, Space or a click); cells
    // sort by their data-v number when they have one, else by their text.
    // A paged ranking keeps every row as data (<script id="ranking-data">)
    // and draws one page at a time; sorting sorts all of them.
    return R"js(
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
  function cellKey(cell) {
    var v = cell.getAttribute("data-v");
    return v !== null ? parseFloat(v) : cell.textContent.trim();
  }
  function compare(a, b, dir) {
    var r = (typeof a === "number" && typeof b === "number") ? a - b : collator.compare(String(a), String(b));
    return dir === "ascending" ? r : -r;
  }
  function nextDirection(th) {
    var now = th.getAttribute("aria-sort");
    if (now) return now === "ascending" ? "descending" : "ascending";
    return th.classList.contains("n") ? "descending" : "ascending";
  }
  function markSorted(table, th, dir) {
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
  }
  function sortStatic(table, col, th) {
    var dir = nextDirection(th);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, i) { return {row: row, key: cellKey(row.cells[col]), i: i}; });
    keyed.sort(function (a, b) { return compare(a.key, b.key, dir) || a.i - b.i; });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (k) { frag.appendChild(k.row); });
    body.appendChild(frag);
    markSorted(table, th, dir);
  }
  function pagedTable(table) {
    var source = document.getElementById(table.getAttribute("data-rows"));
    var data = JSON.parse(source.textContent);
    var columns = data.columns, rows = data.rows, size = data.page, page = 0;
    var pager = document.getElementById(table.getAttribute("data-pager"));
    var label = pager.querySelector(".where");
    var prev = pager.querySelector(".prev"), next = pager.querySelector(".next");
    function draw() {
      var pages = Math.max(1, Math.ceil(rows.length / size));
      page = Math.min(Math.max(page, 0), pages - 1);
      var body = table.tBodies[0];
      var frag = document.createDocumentFragment();
      rows.slice(page * size, (page + 1) * size).forEach(function (r) {
        var tr = document.createElement("tr");
        columns.forEach(function (type, j) {
          var td = document.createElement("td"), c = r[j];
          if (type === "num") { td.className = "n"; td.setAttribute("data-v", c[0]); td.textContent = c[1]; }
          else if (type === "rank" || type === "count") { td.className = "n"; td.setAttribute("data-v", c); td.textContent = String(c); }
          else if (type === "tier") {
            td.setAttribute("data-v", c);
            var span = document.createElement("span");
            span.className = "tier tier-" + (c < data.tiers.length - 1 ? c : "none");
            span.textContent = data.tiers[c];
            td.appendChild(span);
          } else if (type === "kind") { td.textContent = data.kinds[c]; }
          else { td.textContent = c; }
          tr.appendChild(td);
        });
        frag.appendChild(tr);
      });
      body.textContent = "";
      body.appendChild(frag);
      label.textContent = "Rows " + (page * size + 1).toLocaleString("en-GB") + "\u2013" +
          Math.min(rows.length, (page + 1) * size).toLocaleString("en-GB") + " of " +
          rows.length.toLocaleString("en-GB") + " (page " + (page + 1) + " of " + pages + ")";
      prev.disabled = page === 0;
      next.disabled = page === pages - 1;
    }
    prev.addEventListener("click", function () { page -= 1; draw(); });
    next.addEventListener("click", function () { page += 1; draw(); });
    return {
      sort: function (col, th) {
        var dir = nextDirection(th);
        var type = columns[col];
        var key = function (r) {
          var c = r[col];
          if (type === "num") return c[0];
          if (type === "kind") return data.kinds[c];
          return c;
        };
        var indexed = rows.map(function (r, i) { return [r, i]; });
        indexed.sort(function (a, b) { return compare(key(a[0]), key(b[0]), dir) || a[1] - b[1]; });
        rows = indexed.map(function (p) { return p[0]; });
        page = 0;
        draw();
        markSorted(table, th, dir);
      },
      draw: draw
    };
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var paged = table.hasAttribute("data-rows") ? pagedTable(table) : null;
    if (paged) paged.draw();
    table.querySelectorAll("thead th").forEach(function (th, col) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        if (paged) paged.sort(col, th); else sortStatic(table, col, th);
      });
    });
  });
})();
)js";
}

}  // namespace breachrank::report
