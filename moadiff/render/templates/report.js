// moadiff report: next/previous change and the "show unchanged" toggle.
// Inlined by moadiff/render/html.py and pinned by a CSP hash. Reads the page
// and the JSON block #md-data; never builds markup from document text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("md-data").textContent);
  var pos = document.getElementById("md-pos");
  var current = null;

  function shown(kind) {
    if (data.kinds.indexOf(kind) < 0) return true;
    var box = document.getElementById("md-show-" + kind);
    return !box || box.checked;
  }

  // A stop is visible if its kind is marked and its clause is open.
  function visible(el) {
    if (el.tagName !== "SUMMARY") {
      if (!shown(el.getAttribute("data-kind"))) return false;
      var d = el.closest("details");
      if (d && !d.open) return false;
    }
    return true;
  }

  // Stops in reading order: each clause, then its edits in diff order (the
  // DOM order would put a row's old-side deletions before its insertions).
  function stops() {
    var all = document.querySelectorAll(".nav-target");
    var list = [];
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (!visible(el)) continue;
      var edit = el.getAttribute("data-edit");
      var parts = edit ? edit.split("-") : [el.closest(".clause").getAttribute("data-n"), "-1"];
      list.push({ el: el, c: +parts[0], e: +parts[1], i: i });
    }
    list.sort(function (a, b) { return a.c - b.c || a.e - b.e || a.i - b.i; });
    return list.map(function (s) { return s.el; });
  }

  // Where "next" starts when the current stop is not in the list (hidden,
  // or none yet): after the current stop in reading order, else the screen.
  function startIndex(list, step) {
    var i, top;
    if (current) {
      var ce = current.getAttribute("data-edit");
      var cp = ce ? ce.split("-") : [current.closest(".clause").getAttribute("data-n"), "-1"];
      for (i = 0; i < list.length; i++) {
        var e = list[i].getAttribute("data-edit");
        var p = e ? e.split("-") : [list[i].closest(".clause").getAttribute("data-n"), "-1"];
        if (+p[0] > +cp[0] || (+p[0] === +cp[0] && +p[1] > +cp[1])) break;
      }
      return step > 0 ? i : i - 1;
    }
    top = barBottom() + 2;
    for (i = 0; i < list.length; i++) {
      if (list[i].getBoundingClientRect().top > top) break;
    }
    return step > 0 ? i : i - 1;
  }

  function barBottom() {
    var bar = document.querySelector(".toolbar");
    return bar ? bar.getBoundingClientRect().bottom : 0;
  }

  function highlight(el) {
    var old = document.querySelectorAll(".current");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("current");
    el.classList.add("current");
    var edit = el.getAttribute("data-edit");
    if (edit) {
      var twins = document.querySelectorAll('[data-edit="' + edit + '"]');
      for (var j = 0; j < twins.length; j++) twins[j].classList.add("current");
    }
  }

  function describe(el, i, n) {
    var where = el.closest(".clause");
    var h = where ? where.querySelector("h3 .ids") : null;
    var label = h ? h.textContent.replace(/\s+/g, " ").trim() : "";
    var what = el.tagName === "SUMMARY" ? "clause " + label
      : (el.getAttribute("data-kind") || "") + " edit in " + label;
    return "Change " + (i + 1) + " of " + n + ": " + what;
  }

  function go(step) {
    var list = stops();
    if (!list.length) {
      pos.textContent = "No changes to visit";
      return;
    }
    var i = current ? list.indexOf(current) : -1;
    i = i >= 0 ? i + step : startIndex(list, step);
    if (i < 0 || i >= list.length) {
      pos.textContent = step > 0 ? "No further changes" : "No earlier changes";
      return;
    }
    var el = list[i];
    current = el;
    highlight(el);
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "center" });
    pos.textContent = describe(el, i, list.length);
  }

  document.getElementById("md-next").addEventListener("click", function () { go(1); });
  document.getElementById("md-prev").addEventListener("click", function () { go(-1); });

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName) ||
              (t.tagName === "INPUT" && !/^(checkbox|radio|button)$/.test(t.type)))) return;
    if (e.key === "n" || e.key === "j") { e.preventDefault(); go(1); }
    else if (e.key === "p" || e.key === "k") { e.preventDefault(); go(-1); }
  });

  // Clicking or tabbing to a stop makes it the current one.
  document.addEventListener("focusin", function (e) {
    var t = e.target;
    if (t && t.classList && t.classList.contains("nav-target")) { current = t; highlight(t); }
  });

  var unchanged = document.getElementById("md-show-unchanged");
  function applyUnchanged() {
    var ds = document.querySelectorAll(".clause:not(.is-change) > details");
    for (var i = 0; i < ds.length; i++) ds[i].open = unchanged.checked;
  }
  unchanged.addEventListener("change", applyUnchanged);

  // Ticking a kind's box opens the closed clauses that have edits of that
  // kind (fill-in only, formatting / OCR only), so its marks can be seen.
  data.hidden.concat(["formatting"]).forEach(function (kind) {
    var box = document.getElementById("md-show-" + kind);
    if (!box) return;
    box.addEventListener("change", function () {
      if (!box.checked) return;
      var cs = document.querySelectorAll(".clause:not(.is-substantive)");
      for (var i = 0; i < cs.length; i++) {
        var kinds = (cs[i].getAttribute("data-kinds") || "").split(" ");
        var d = cs[i].querySelector("details");
        if (d && kinds.indexOf(kind) >= 0) d.open = true;
      }
    });
  });

  // Following a link to a collapsed clause opens it.
  function openTarget() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { /* keep it raw */ }
    var el = id && document.getElementById(id);
    var d = el && el.classList.contains("clause") && el.querySelector("details");
    if (d) d.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  if (unchanged.checked) applyUnchanged(); // a reload may restore the box

})();
