// moadiff serve, job page: progress (server-sent events, polling as a fallback), then the result or the error.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const id = location.pathname.split("/")[2];
  const api = "/api/jobs/" + id;
  const showFillins = new URLSearchParams(location.search).get("fillins") === "1";
  const DOWNLOADS = [["docx", "Word redline"], ["md", "Markdown"], ["csv", "CSV"], ["pdf", "PDF"], ["json", "JSON"], ["html", "HTML"]];
  const BATCH = [["index", "Index"], ["matrix", "Clause matrix"], ["csv", "Summary CSV"], ["json", "Summary JSON"], ["matrix_csv", "Matrix CSV"]];
  let finished = false, source = null, poller = null, lastStatus = "";

  function stageText(job) {
    const p = job.progress;
    if (job.state === "queued") {
      return job.queue_position ? "Waiting: " + job.queue_position + " comparison" + (job.queue_position > 1 ? "s" : "") + " ahead." : "Waiting to start…";
    }
    switch (p.stage) {
      case "ocr": return p.total ? "Reading " + p.file + " by OCR: page " + Math.max(p.done, 1) + " of " + p.total + "." : "Reading " + p.file + " by OCR.";
      case "reading": return p.file ? "Reading " + p.file + "." : "Reading the files.";
      case "comparing": return "Comparing the clauses.";
      case "writing": return "Writing the reports.";
      default: return "Starting…";
    }
  }

  function render(job) {
    $("names").textContent = job.kind === "batch" ? job.names.length + " agreements" : job.names.join(" → ");
    document.title = "moadiff: " + (job.kind === "batch" ? job.names.length + " agreements" : job.names.join(" → "));
    if (job.state === "done") return done(job);
    if (job.state === "failed") return failed(job);
    $("progress-box").hidden = false;
    const text = stageText(job);
    if (text !== lastStatus) { $("status").textContent = text; lastStatus = text; }
    const bar = $("bar");
    if (job.progress.stage === "ocr" && job.progress.total) { bar.max = job.progress.total; bar.value = job.progress.done; }
    else bar.removeAttribute("value");
    const files = $("files");
    files.textContent = "";
    if (job.kind === "batch") {
      for (const [name, state] of Object.entries(job.progress.files)) {
        const li = document.createElement("li");
        li.className = state;
        li.textContent = name + ": " + (state === "read" ? "read" : state === "ocr" ? "OCR" : "reading");
        files.append(li);
      }
    }
  }

  function stop() {
    finished = true;
    if (source) source.close();
    if (poller) clearInterval(poller);
  }

  function done(job) {
    stop();
    $("progress-box").hidden = true;
    $("failed-box").hidden = true;
    $("result-box").hidden = false;
    $("title").textContent = job.kind === "batch" ? "Batch result" : "Comparison result";
    const summary = $("summary");
    if (job.kind === "batch") summary.textContent = job.exit_status === 2 ? "Done; some files could not be read (see the index)." : "Done.";
    else summary.textContent = job.exit_status === 1 ? "Substantive changes found." : "No substantive changes.";
    const box = $("downloads");
    box.textContent = "";
    for (const [key, label] of job.kind === "batch" ? BATCH : DOWNLOADS) {
      const url = job.outputs[key];
      if (!url) continue;
      if (job.notes[key]) {
        const span = document.createElement("span");
        span.className = "unavailable";
        span.textContent = label + ": " + job.notes[key];
        box.append(span);
        continue;
      }
      const a = document.createElement("a");
      const opens = job.kind === "batch" && (key === "index" || key === "matrix");
      a.href = url + (opens ? "" : "?download=1");
      if (opens) a.target = "report"; else a.setAttribute("download", "");
      a.textContent = label;
      box.append(a);
    }
    const frame = $("report");
    frame.name = "report";
    frame.title = job.kind === "batch" ? "Batch index" : "Comparison report";
    if (showFillins && job.kind === "compare") {
      frame.addEventListener("load", () => {
        const toggle = frame.contentDocument && frame.contentDocument.getElementById("md-show-fill-in");
        if (toggle && !toggle.checked) toggle.click();
      }, { once: true });
    }
    frame.src = job.kind === "batch" ? job.outputs.index : job.outputs.html;
    $("status").textContent = "";
  }

  function failed(job) {
    stop();
    $("progress-box").hidden = true;
    $("result-box").hidden = true;
    $("failed-box").hidden = false;
    $("title").textContent = "The comparison failed";
    $("error").textContent = job.error || "The comparison failed.";
    $("password-form").hidden = !job.password_needed;
    if (job.password_needed) $("password").focus();
  }

  async function poll() {
    try {
      const res = await fetch(api);
      if (res.status === 404) { location.assign("/"); return; }
      render(await res.json());
    } catch (err) { /* the server may be restarting: keep trying */ }
  }

  function listen() {
    finished = false;
    if (!window.EventSource) { poller = setInterval(poll, 1000); poll(); return; }
    source = new EventSource(api + "/events");
    source.onmessage = (e) => render(JSON.parse(e.data));
    source.addEventListener("deleted", () => location.assign("/"));
    source.onerror = () => {
      source.close();
      if (!finished && !poller) { poller = setInterval(poll, 1000); poll(); }
    };
  }

  $("password-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const res = await fetch(api + "/retry", { method: "POST", headers: { "X-CSRF-Token": csrf, "Content-Type": "application/json" },
                                               body: JSON.stringify({ password: $("password").value }) });
    if (res.status !== 202) { $("error").textContent = (await res.json()).error; return; }
    $("password").value = "";
    $("failed-box").hidden = true;
    $("progress-box").hidden = false;
    poller = null;
    listen();
    $("status").focus();
  });
  $("delete").addEventListener("click", async () => {
    if (!confirm("Delete this comparison and its files?")) return;
    const res = await fetch(api, { method: "DELETE", headers: { "X-CSRF-Token": csrf } });
    if (res.status === 204 || res.status === 404) location.assign("/");
  });
  $("status").tabIndex = -1;
  listen();
})();
