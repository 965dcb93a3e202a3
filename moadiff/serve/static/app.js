// moadiff serve, home page: tabs, drop zones, swap, upload, recent jobs. Plain JS, no build step.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const PROMPT = { "old-file": "Drop a PDF, DOCX or TXT file here, or choose one.",
                   "new-file": "Drop a PDF, DOCX or TXT file here, or choose one.",
                   "folder-files": "Drop several PDF, DOCX or TXT files, or one ZIP, here, or choose them." };

  // Tabs, as the ARIA authoring practices describe them: arrows move between tabs.
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  function select(tab) {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    }
    tab.focus();
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (step) { e.preventDefault(); select(tabs[(i + step + tabs.length) % tabs.length]); }
      if (e.key === "Home") { e.preventDefault(); select(tabs[0]); }
      if (e.key === "End") { e.preventDefault(); select(tabs[tabs.length - 1]); }
    });
  });

  function show(input) {
    const zone = input.closest(".zone");
    const names = Array.from(input.files).map((f) => f.name);
    const chosen = zone.querySelector(".chosen");
    chosen.textContent = names.length ? names.join(", ") : PROMPT[input.id];
    zone.classList.toggle("has-file", names.length > 0);
  }
  for (const zone of document.querySelectorAll(".zone")) {
    const input = $(zone.dataset.input);
    input.addEventListener("change", () => show(input));
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      const files = new DataTransfer();
      const wanted = input.multiple ? Array.from(e.dataTransfer.files) : [e.dataTransfer.files[0]];
      wanted.forEach((f) => files.items.add(f));
      input.files = files.files;
      show(input);
    });
  }
  $("swap").addEventListener("click", () => {
    const a = $("old-file"), b = $("new-file");
    const fa = new DataTransfer(), fb = new DataTransfer();
    Array.from(a.files).forEach((f) => fb.items.add(f));
    Array.from(b.files).forEach((f) => fa.items.add(f));
    a.files = fa.files; b.files = fb.files;
    show(a); show(b);
  });

  async function post(url, body, errorBox, button) {
    errorBox.textContent = "";
    button.disabled = true;
    try {
      const res = await fetch(url, { method: "POST", body, headers: { "X-CSRF-Token": csrf } });
      const data = await res.json().catch(() => ({ error: "the server answered " + res.status }));
      if (res.status !== 202) throw new Error(data.error || "the server answered " + res.status);
      return data;
    } catch (err) {
      errorBox.textContent = err.message;
      button.disabled = false;
      return null;
    }
  }

  $("pair-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target, button = form.querySelector("button[type=submit]");
    if (!$("old-file").files.length || !$("new-file").files.length) {
      $("pair-error").textContent = "Choose both versions: the earlier one and the later one.";
      ($("old-file").files.length ? $("new-file") : $("old-file")).focus();
      return;
    }
    const data = await post("/api/compare", new FormData(form), $("pair-error"), button);
    if (data) location.assign(data.page + ($("show-fillins").checked ? "?fillins=1" : ""));
  });
  $("folder-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target, button = form.querySelector("button[type=submit]");
    const files = $("folder-files").files;
    if (!files.length) { $("folder-error").textContent = "Choose the agreements, or one ZIP of them."; $("folder-files").focus(); return; }
    const body = new FormData();
    for (const f of files) body.append(/\.zip$/i.test(f.name) ? "zip" : "files", f);
    if ($("folder-baseline").files.length) body.append("baseline", $("folder-baseline").files[0]);
    body.append("watch", $("folder-watch").value);
    body.append("ocr", $("folder-ocr").value);
    const data = await post("/api/batch", body, $("folder-error"), button);
    if (data) location.assign(data.page);
  });

  const LABEL = { queued: "waiting", running: "working", done: "done", failed: "failed" };
  async function recent() {
    const res = await fetch("/api/jobs");
    if (!res.ok) return;
    const { jobs } = await res.json();
    const list = $("recent");
    list.textContent = "";
    $("recent-empty").hidden = jobs.length > 0;
    for (const job of jobs) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = job.page;
      a.textContent = job.kind === "batch" ? job.names.length + " agreements" : job.names.join(" → ");
      const when = document.createElement("span");
      when.textContent = new Date(job.created * 1000).toLocaleString();
      const state = document.createElement("span");
      state.className = "state " + job.state;
      state.textContent = LABEL[job.state] || job.state;
      const del = document.createElement("button");
      del.type = "button"; del.className = "quiet"; del.textContent = "Delete";
      del.setAttribute("aria-label", "Delete " + a.textContent);
      del.addEventListener("click", async () => {
        await fetch("/api/jobs/" + job.job, { method: "DELETE", headers: { "X-CSRF-Token": csrf } });
        recent();
        $("recent-h").focus();
      });
      li.append(a, state, when, del);
      list.append(li);
    }
  }
  $("recent-h").tabIndex = -1;
  recent();
})();
