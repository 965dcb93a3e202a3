// moadiff batch pages: sorting and filtering the index table; the matrix's
// crosshair and "only changed clauses" switch. Inlined by
// moadiff/render/batch.py and pinned by a CSP hash. Reads the page only and
// writes text with textContent: it never builds markup from data. Without it
// both pages are complete, just static.
(function () {
  "use strict";

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) fn(list[i], i);
  }

  // ---- index.html: sortable columns -------------------------------------

  var table = document.getElementById("bx-table");
  var rows = [];
  if (table) {
    rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var heads = table.tHead.rows[0].cells;

    var value = function (row, col) {
      var cell = row.cells[col];
      if (!cell) return "";
      var v = cell.getAttribute("data-v");
      return v === null ? cell.textContent.trim() : v;
    };

    var sortBy = function (th, col, type) {
      // numbers start with the largest, text from A; a second click reverses
      var dir = th.getAttribute("aria-sort");
      var asc = dir ? dir !== "ascending" : type !== "num";
      each(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var keyed = rows.map(function (r) {
        var v = value(r, col);
        return { r: r, ix: +r.getAttribute("data-ix"), v: type === "num" ? (v === "" ? NaN : +v) : v };
      });
      keyed.sort(function (a, b) {
        var an = type === "num" ? isNaN(a.v) : a.v === "";
        var bn = type === "num" ? isNaN(b.v) : b.v === "";
        // blanks (errors, unknowns) last whichever the direction
        if (an !== bn) return an ? 1 : -1;
        var c = 0;
        if (!an) {
          c = type === "num" ? a.v - b.v
            : a.v.localeCompare(b.v, undefined, { numeric: true, sensitivity: "base" });
          if (!asc) c = -c;
        }
        return c || a.ix - b.ix;
      });
      var body = table.tBodies[0];
      each(keyed, function (k) { body.appendChild(k.r); });
    };

    each(heads, function (th, col) {
      var type = th.getAttribute("data-sort");
      if (!type) return;
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      while (th.firstChild) b.appendChild(th.firstChild);
      var arrow = document.createElement("span");
      arrow.className = "arrow";
      arrow.setAttribute("aria-hidden", "true");
      b.appendChild(arrow);
      th.appendChild(b);
      b.addEventListener("click", function () { sortBy(th, col, type); });
    });
  }

  // ---- index.html: filters ----------------------------------------------

  var filters = document.getElementById("bx-filters");
  if (filters && table) {
    var q = document.getElementById("bx-q");
    var model = document.getElementById("bx-model");
    var status = document.getElementById("bx-status");
    var shown = document.getElementById("bx-shown");
    var none = document.getElementById("bx-none");

    var apply = function () {
      var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
      var n = 0;
      each(rows, function (r) {
        var text = r.getAttribute("data-q") || "";
        var ok = (!model.value || r.getAttribute("data-model") === model.value) &&
          (!status.value || r.getAttribute("data-status") === status.value) &&
          words.every(function (w) { return text.indexOf(w) >= 0; });
        r.hidden = !ok;
        if (ok) n++;
      });
      shown.textContent = n === rows.length ? "Showing all " + n
        : "Showing " + n + " of " + rows.length;
      if (none) none.hidden = n > 0;
    };

    q.addEventListener("input", apply);
    model.addEventListener("change", apply);
    status.addEventListener("change", apply);
    filters.hidden = false;
    apply(); // a reload may restore the controls' values
  }

  // ---- matrix.html ------------------------------------------------------

  var cellWords = { u: "unchanged", f: "fill-in changes only", m: "modified", v: "moved", r: "removed", x: "no result" };

  each(document.querySelectorAll("table.heat"), function (t) {
    var info = document.getElementById(t.getAttribute("data-info"));
    var head = t.tHead.rows[0].cells;
    var lit = [];

    var clear = function () {
      each(lit, function (c) { c.classList.remove("hl"); });
      lit = [];
    };

    t.addEventListener("mouseover", function (e) {
      var cell = e.target.closest ? e.target.closest("td, th") : null;
      if (!cell || !t.contains(cell)) return;
      var col = cell.cellIndex;
      clear();
      if (col <= 0 || col >= head.length - 1) {
        if (info) info.textContent = "";
        return;
      }
      each(t.rows, function (r) {
        var c = r.cells[col];
        if (c) { c.classList.add("hl"); lit.push(c); }
      });
      if (!info) return;
      var name = head[col].getAttribute("data-name") || head[col].textContent.trim();
      var th = cell.parentNode.cells[0];
      var what = "";
      if (cell.tagName === "TD") {
        var m = /\bs-(\w)\b/.exec(cell.className);
        if (m) what = ": " + (cellWords[m[1]] || "");
        else if (cell.parentNode.classList.contains("added")) what = ": " + cell.textContent.trim() + " added";
        else what = ": " + cell.textContent.trim() + " changed";
      }
      var row = cell.tagName === "TD" && th ? th.textContent.replace(/\s+/g, " ").trim() + " \u00d7 " : "";
      info.textContent = row + name + what;
    });
    t.addEventListener("mouseleave", function () {
      clear();
      if (info) info.textContent = "";
    });
  });

  each(document.querySelectorAll("input.only-changed"), function (box) {
    var t = document.getElementById(box.getAttribute("data-table"));
    if (!t) return;
    var apply = function () { t.classList.toggle("only-changed", box.checked); };
    box.addEventListener("change", apply);
    apply();
  });
  each(document.querySelectorAll(".mx-tools"), function (el) { el.hidden = false; });
})();
