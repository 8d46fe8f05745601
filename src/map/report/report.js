// cclint report: sorting and filtering of the inventory, and the map of one product or
// role drawn as SVG. Everything it needs is in the page; it asks nothing of the network.
(function () {
  "use strict";
  var table = document.getElementById("inventory-table");
  var rows = table ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
  var $ = function (id) { return document.getElementById(id); };

  // Filtering: each control narrows the rows shown. At most `limit` matching rows are
  // shown at a time (a table of 10,000 rows takes seconds to lay out); "Show more" raises
  // it. Rows change `hidden` only when their state changes.
  var STEP = 500, limit = STEP;
  // What the controls ask, read once per filtering.
  function query() {
    return {
      search: ($("f-search").value || "").trim().toLowerCase(),
      dept: $("f-dept").value, priority: $("f-priority").value,
      test: $("f-test").value, code: $("f-code").value,
      noEndUser: $("f-no-end-user").checked, gap: $("f-internal-gap").checked,
      retired: $("f-retired").checked,
    };
  }
  function matches(row, q) {
    var d = row.dataset;
    if (q.search) {
      if (row.searchText === undefined) { row.searchText = row.textContent.toLowerCase(); }
      if (row.searchText.indexOf(q.search) < 0) { return false; }
    }
    var codes = d.codes ? d.codes.split(" ") : [];
    return (!q.dept || d.dept === q.dept) &&
      (!q.priority || d.priority === q.priority) &&
      (!q.test || (" " + (d.tests || "") + " ").indexOf(" " + q.test + " ") >= 0) &&
      (!q.code || (q.code === "any" ? codes.length > 0 : codes.indexOf(q.code) >= 0)) &&
      (!q.noEndUser || d.noEndUser === "true") &&
      (!q.gap || d.internalGap === "true") &&
      (q.retired || d.retired !== "true");
  }
  function filter() {
    if (!table) { return; }
    var q = query(), matching = 0, shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var ok = matches(row, q);
      if (ok) { matching += 1; }
      var visible = ok && shown < limit;
      if (visible) { shown += 1; }
      if (row.hidden === visible) { row.hidden = !visible; }
    });
    var text = "Showing " + shown + " of " + rows.length + " products";
    if (matching !== rows.length) { text += " (" + matching + " match)"; }
    $("f-count").textContent = text + ".";
    $("f-more").hidden = shown >= matching;
  }
  function reset() { limit = STEP; filter(); }
  ["f-search", "f-dept", "f-priority", "f-test", "f-code", "f-no-end-user", "f-internal-gap", "f-retired"]
    .forEach(function (id) {
      var control = $(id);
      if (control) {
        control.addEventListener("input", reset);
        control.addEventListener("change", reset);
      }
    });
  var more = $("f-more");
  if (more) {
    more.querySelector("[data-more]").addEventListener("click", function () { limit += STEP; filter(); });
    more.querySelector("[data-all]").addEventListener("click", function () { limit = Infinity; filter(); });
  }
  filter();

  // Sorting: a heading's button sorts by its column, ascending then descending.
  if (table) {
    table.tHead.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-col]");
      if (!button) { return; }
      var col = Number(button.dataset.col), numeric = button.dataset.kind === "number";
      var th = button.parentNode;
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
        cell.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var key = function (row) {
        var text = row.cells[col].textContent.trim();
        if (numeric) { return text === "" ? 99 : Number(text); }
        return text.toLowerCase();
      };
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return ascending ? order : -order;
      });
      var body = table.tBodies[0];
      sorted.forEach(function (row) { body.appendChild(row); });
      filter();
    });
  }

  // The map of one product or role: it in the middle, what it links to either side.
  var data = JSON.parse($("map-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var WORDS = { end_user: "end user", broker: "broker", fixer: "fixer", decides: "decides" };
  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function box(svg, x, y, label, kind) {
    var g = el("g", { "class": "node " + kind });
    var short = label.length > 30 ? label.slice(0, 29) + "…" : label;
    g.appendChild(el("title", {}, label));
    g.appendChild(el("rect", { x: x, y: y, width: 220, height: 30, rx: 6 }));
    g.appendChild(el("text", { x: x + 110, y: y + 19, "text-anchor": "middle" }, short));
    svg.appendChild(g);
  }
  function draw(value) {
    var target = $("drawn");
    target.textContent = "";
    if (!value) { return; }
    var isProduct = value.slice(0, 2) === "p:", name = value.slice(2);
    var list = isProduct ? data.products : data.roles;
    var index = list.findIndex(function (e) { return e[1] === name; });
    if (index < 0) { return; }
    var left = [], right = [];
    data.links.forEach(function (l) {
      var mine = isProduct ? l[0] === index : l[1] === index;
      if (!mine) { return; }
      var other = isProduct ? data.roles[l[1]] : data.products[l[0]];
      (l[2] === "end_user" ? right : left).push([other[0], l[2]]);
    });
    // Three columns of 220: what it links to on the left and right, it in the middle,
    // 100 apart for the lines and their words.
    var height = Math.max(left.length, right.length, 1) * 44 + 40;
    var svg = el("svg", { width: 880, height: height, viewBox: "0 0 880 " + height, role: "img" });
    var title = list[index][0];
    svg.appendChild(el("title", {}, "Map of " + title));
    var cy = height / 2 - 15;
    [[left, 10, 230, 330], [right, 650, 650, 550]].forEach(function (side) {
      side[0].forEach(function (entry, i) {
        var y = 20 + i * 44;
        svg.appendChild(el("line", { x1: side[2], y1: y + 15, x2: side[3], y2: cy + 15, "class": "edge " + entry[1] }));
        svg.appendChild(el("text", { x: (side[2] + side[3]) / 2, y: (y + cy) / 2 + 10, "class": "edge-label", "text-anchor": "middle" }, WORDS[entry[1]]));
        box(svg, side[1], y, entry[0], isProduct ? "role" : "product");
      });
    });
    box(svg, 330, cy, title, isProduct ? "product chosen" : "role chosen");
    var caption = document.createElement("p");
    caption.textContent = (isProduct ? "Product " : "Role ") + title + ": " +
      (left.length + right.length) + " link" + (left.length + right.length === 1 ? "" : "s") + ".";
    target.appendChild(caption);
    target.appendChild(svg);
  }
  var select = $("draw");
  if (select) {
    select.addEventListener("change", function () { draw(select.value); });
    document.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-draw]");
      if (!button) { return; }
      select.value = button.dataset.draw;
      draw(select.value);
      $("drawn").scrollIntoView({ block: "nearest" });
    });
  }

  // Who serves whom: a department's products against the roles they serve, drawn when
  // its section is opened.
  var LETTERS = { end_user: "E", broker: "B", fixer: "F", decides: "D" };
  function matrix(details) {
    var body = details.querySelector(".scroll");
    if (body.firstChild) { return; }
    var dept = Number(details.dataset.dept);
    var products = [], cells = {}, roles = {};
    data.products.forEach(function (p, i) { if (p[3] === dept) { products.push(i); } });
    var mine = {};
    products.forEach(function (i) { mine[i] = true; });
    data.links.forEach(function (l) {
      if (!mine[l[0]]) { return; }
      roles[l[1]] = true;
      var key = l[0] + ":" + l[1];
      cells[key] = (cells[key] || "") + LETTERS[l[2]];
    });
    var roleList = Object.keys(roles).map(Number).sort(function (a, b) {
      return data.roles[a][0].localeCompare(data.roles[b][0]);
    });
    var t = document.createElement("table");
    var head = t.createTHead().insertRow();
    var th = document.createElement("th");
    th.scope = "col"; th.textContent = "Product"; head.appendChild(th);
    roleList.forEach(function (r) {
      var cell = document.createElement("th");
      cell.scope = "col"; cell.className = "role"; cell.textContent = data.roles[r][0];
      head.appendChild(cell);
    });
    var tbody = t.createTBody();
    products.forEach(function (p) {
      var tr = tbody.insertRow();
      var name = document.createElement("th");
      name.scope = "row";
      var button = document.createElement("button");
      button.type = "button"; button.className = "link";
      button.dataset.draw = "p:" + data.products[p][1];
      button.textContent = data.products[p][0];
      name.appendChild(button);
      if (data.products[p][2]) {
        var tag = document.createElement("span");
        tag.className = "tag"; tag.textContent = "retired";
        name.appendChild(document.createTextNode(" "));
        name.appendChild(tag);
      }
      tr.appendChild(name);
      roleList.forEach(function (r) {
        var letters = cells[p + ":" + r] || "";
        var td = tr.insertCell();
        td.textContent = letters;
        if (letters) {
          td.title = letters.split("").map(function (c) {
            return { E: "end user", B: "broker", F: "fixer", D: "decides" }[c];
          }).join(", ");
        }
      });
    });
    body.appendChild(t);
  }
  Array.prototype.forEach.call(document.querySelectorAll("details.matrix"), function (d) {
    d.addEventListener("toggle", function () { if (d.open) { matrix(d); } });
  });

  // Printing shows everything folded.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) {
      if (d.classList.contains("matrix")) { matrix(d); }
      d.open = true;
    });
  });
  document.documentElement.dataset.ready = "true";
})();
