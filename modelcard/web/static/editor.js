// modelcard edit: live lint, preview, fixes and save. Plain JS, no build step.
// The server does every change (form, YAML, body) with a minimal diff and sends back
// the whole state; this script only collects edits and shows what comes back.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const base = document.querySelector('meta[name="api-base"]').content;
  const bodyEl = $("body");
  const yamlEl = $("front-matter");
  const DEBOUNCE_MS = 300;

  let current = null; // the last state from the server
  let baseDigest = null; // the stored card the draft started from (set on load, save and reload only)
  let pending = { form: false, yaml: false, body: false };
  let timer = null;
  let seq = 0;
  let inFlight = null;

  // -- talking to the server ---------------------------------------------------------

  async function api(path, payload) {
    const response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": csrf },
      body: JSON.stringify(payload),
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = { error: "the server sent no JSON (" + response.status + ")" }; }
    return { ok: response.ok, status: response.status, data: data };
  }

  function schedule(kind) {
    pending[kind] = true;
    markUnsaved();
    clearTimeout(timer);
    timer = setTimeout(sendDraft, DEBOUNCE_MS);
  }

  async function sendDraft() {
    clearTimeout(timer);
    timer = null;
    if (!current) return;
    const payload = { text: current.text, body: bodyEl.value };
    const sent = pending;
    if (sent.form) payload.form = readForm();
    if (sent.yaml) payload.front_matter = yamlEl.value;
    pending = { form: false, yaml: false, body: false };
    const mine = ++seq;
    const request = api(base + "/draft", payload);
    inFlight = request;
    const result = await request;
    if (inFlight === request) inFlight = null;
    if (mine !== seq) return; // a newer draft is on its way
    if (!result.ok) { showBanner(result.data.error); return; }
    show(result.data, { form: !sent.form && !pending.form, yaml: !pending.yaml && document.activeElement !== yamlEl, body: false });
  }

  // Send what is pending now and wait for it: actions always start from the latest draft.
  async function flush() {
    if (timer !== null || pending.form || pending.yaml || pending.body) await sendDraft();
    else if (inFlight) await inFlight;
  }

  async function action(path, payload, options) {
    await flush();
    const result = await api(path, Object.assign({ text: current.text }, payload || {}));
    if (!result.ok) return result;
    ++seq; // drop answers to drafts sent before this action
    show(result.data, Object.assign({ form: true, yaml: true, body: true }, options || {}));
    if (result.data.message) showBanner(result.data.message, "info");
    return result;
  }

  // -- the form ------------------------------------------------------------------------

  function readForm() {
    const form = {};
    document.querySelectorAll("#metadata input[data-field]").forEach((el) => {
      if (!el.disabled) form[el.dataset.field] = el.value;
    });
    document.querySelectorAll("#metadata .chips").forEach((box) => {
      if (box.hasAttribute("data-readonly")) return;
      const values = Array.from(box.querySelectorAll(".chip")).map((c) => c.dataset.value);
      const typed = box.querySelector("input").value.trim();
      form[box.dataset.field] = typed ? values.concat([typed]) : values;
    });
    return form;
  }

  function chip(value) {
    const span = document.createElement("span");
    span.className = "chip";
    span.dataset.value = value;
    span.textContent = value;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "chip-remove";
    remove.setAttribute("aria-label", "remove " + value);
    remove.textContent = "×";
    span.appendChild(remove);
    return span;
  }

  function fillForm(form) {
    $("form-disabled").hidden = form !== null;
    if (form === null) return;
    Object.keys(form).forEach((key) => {
      const field = form[key];
      const box = document.querySelector('.chips[data-field="' + key + '"]');
      if (box) {
        const input = box.querySelector("input");
        if (document.activeElement === input) return;
        const list = box.querySelector(".chip-list");
        list.replaceChildren.apply(list, field.value.map(chip));
        input.value = "";
        input.disabled = !field.editable;
        input.title = field.reason || "";
        box.toggleAttribute("data-readonly", !field.editable);
        return;
      }
      const input = $("f-" + key);
      if (!input || document.activeElement === input) return;
      input.value = field.value;
      input.disabled = !field.editable;
      input.title = field.reason || "";
    });
    document.querySelector(".other-license").hidden = $("f-license").value.trim() !== "other";
  }

  document.querySelectorAll("#metadata input[data-field]").forEach((el) => {
    el.addEventListener("input", () => {
      document.querySelector(".other-license").hidden = $("f-license").value.trim() !== "other";
      schedule("form");
    });
  });
  document.querySelectorAll("#metadata .chips").forEach((box) => {
    const input = box.querySelector("input");
    const add = () => {
      const values = input.value.split(",").map((v) => v.trim()).filter(Boolean);
      values.forEach((v) => box.querySelector(".chip-list").appendChild(chip(v)));
      input.value = "";
      if (values.length) schedule("form");
    };
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === ",") { e.preventDefault(); add(); }
      else if (e.key === "Backspace" && !input.value) {
        const last = box.querySelector(".chip:last-child");
        if (last) { last.remove(); schedule("form"); }
      }
    });
    input.addEventListener("change", add);
    box.addEventListener("click", (e) => {
      if (e.target.classList.contains("chip-remove")) { e.target.parentElement.remove(); schedule("form"); }
    });
  });
  $("metadata").addEventListener("submit", (e) => e.preventDefault());

  // Languages: 8,000 codes, searched here and offered a few at a time.
  let languages = null;
  const languageInput = $("f-language");
  languageInput.addEventListener("input", async () => {
    if (languages === null) {
      languages = [];
      const response = await fetch(base + "/choices/language", { credentials: "same-origin" });
      if (response.ok) languages = await response.json();
    }
    const q = languageInput.value.trim().toLowerCase();
    const list = $("dl-language");
    if (!q) { list.replaceChildren(); return; }
    const hits = languages.filter((l) => l[0].startsWith(q) || l[1].toLowerCase().includes(q)).slice(0, 30);
    list.replaceChildren.apply(list, hits.map((l) => { const o = document.createElement("option"); o.value = l[0]; o.textContent = l[1]; return o; }));
  });

  yamlEl.addEventListener("input", () => schedule("yaml"));
  bodyEl.addEventListener("input", () => schedule("body"));

  // -- showing a state -----------------------------------------------------------------

  function show(state, replace) {
    current = state;
    if (replace.body && bodyEl.value !== normalize(state.body)) bodyEl.value = normalize(state.body);
    if (replace.yaml && yamlEl.value !== normalize(state.front_matter)) yamlEl.value = normalize(state.front_matter);
    if (replace.form) fillForm(state.form);
    showFindings(state.findings);
    $("preview").innerHTML = state.preview; // sanitised on the server; the CSP allows no inline script
    showResults(state.results);
    $("carbon").textContent = state.carbon || "not stated";
    $("generated-note").textContent = state.generated.length
      ? "From the run's logs (refreshed by “Regenerate from logs”): " + state.generated.join(", ") + "."
      : "";
    $("missing-sections").textContent = Object.values(state.sections).filter((v) => !v).length + " missing";
    document.querySelectorAll("#guidance li").forEach((li) => {
      const present = !!state.sections[li.dataset.section];
      li.classList.toggle("present", present);
      li.classList.toggle("missing", !present);
    });
    setStatus(state.saved && !pending.body && !pending.form && !pending.yaml);
  }

  function normalize(text) { return text.replace(/\r\n?/g, "\n"); }

  function showFindings(findings) {
    $("findings-count").textContent = findings.length;
    const list = $("findings");
    list.replaceChildren();
    document.querySelectorAll(".field-findings").forEach((el) => el.replaceChildren());
    document.querySelectorAll("[data-field-box]").forEach((el) => el.classList.remove("has-finding"));
    findings.forEach((f) => {
      const li = document.createElement("li");
      li.className = "finding " + f.severity;
      li.dataset.code = f.code;
      const code = document.createElement("a");
      code.href = f.docs;
      code.target = "_blank";
      code.rel = "noopener";
      code.className = "code";
      code.textContent = f.code;
      code.title = f.name + ": open the rule's documentation";
      const where = document.createElement("button");
      where.type = "button";
      where.className = "where";
      where.textContent = "line " + f.line;
      where.title = "go to the place";
      where.addEventListener("click", () => goTo(f.place));
      const message = document.createElement("span");
      message.className = "message";
      message.textContent = f.message;
      li.append(code, " ", where, " ", message);
      if (f.fix) {
        const fix = document.createElement("button");
        fix.type = "button";
        fix.className = "fix";
        fix.textContent = "Fix";
        fix.title = f.fix;
        fix.addEventListener("click", () => applyFix(f));
        li.append(" ", fix);
      }
      list.appendChild(li);
      if (f.place.field) {
        const box = document.querySelector('[data-findings-for="' + f.place.field + '"]');
        if (box) {
          const note = document.createElement("span");
          note.className = "field-finding " + f.severity;
          note.textContent = f.code + " " + f.message;
          box.appendChild(note);
          box.closest("[data-field-box]").classList.add("has-finding");
        }
      }
    });
  }

  function showResults(rows) {
    const table = $("results");
    table.hidden = rows.length === 0;
    $("results-count").textContent = rows.length + " stated";
    const tbody = table.querySelector("tbody");
    tbody.replaceChildren.apply(tbody, rows.map((r) => {
      const tr = document.createElement("tr");
      [r.task, r.dataset, r.metric, r.value, r.source].forEach((v) => { const td = document.createElement("td"); td.textContent = v; tr.appendChild(td); });
      return tr;
    }));
  }

  function goTo(place) {
    if (place.field) {
      const el = $("f-" + place.field);
      if (el && !el.disabled) { el.focus(); el.scrollIntoView({ block: "center" }); return; }
    }
    const box = place.box === "body" ? bodyEl : yamlEl;
    if (box === yamlEl) $("yaml-box").open = true;
    selectLine(box, place.line);
  }

  function selectLine(textarea, line) {
    const lines = textarea.value.split("\n");
    let start = 0;
    for (let i = 0; i < Math.min(line - 1, lines.length); i++) start += lines[i].length + 1;
    const end = start + (lines[line - 1] || "").length;
    textarea.focus();
    textarea.setSelectionRange(start, end);
    const height = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
    textarea.scrollTop = Math.max(0, (line - 3) * height);
  }

  // -- actions -------------------------------------------------------------------------

  async function applyFix(f) {
    const result = await action(base + "/fix", { code: f.code, line: f.line, column: f.column });
    if (!result.ok) showBanner(result.data.error);
  }

  $("fix-all").addEventListener("click", async () => {
    const result = await action(base + "/fix", { all: true });
    if (!result.ok) showBanner(result.data.error);
    else showBanner(result.data.applied ? "applied " + result.data.applied + " fix(es)" : "nothing to fix", "info");
  });

  async function save(force) {
    const message = $("commit-message") ? $("commit-message").value : null;
    const result = await action(base + "/save", { digest: baseDigest, force: !!force, message: message });
    if (result.ok) baseDigest = result.data.digest;
    if (result.status === 409) {
      showBanner(result.data.error + ".", "conflict");
      $("conflict-actions").hidden = false;
    } else if (!result.ok) {
      showBanner(result.data.error);
    }
  }
  $("save").addEventListener("click", () => save(false));
  $("overwrite").addEventListener("click", () => save(true));
  $("reload").addEventListener("click", async () => {
    pending = { form: false, yaml: false, body: false };
    clearTimeout(timer);
    timer = null;
    const result = await action(base + "/reload", {});
    if (result.ok) baseDigest = result.data.digest;
    else showBanner(result.data.error);
  });
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save(false); }
  });

  const regenerate = $("regenerate");
  if (regenerate) {
    regenerate.addEventListener("click", async () => {
      regenerate.disabled = true;
      const result = await action(base + "/regenerate", {});
      regenerate.disabled = false;
      if (!result.ok) showBanner(result.data.error);
    });
  }

  document.querySelectorAll("#guidance .insert").forEach((button) => {
    button.addEventListener("click", () => {
      const text = bodyEl.value.replace(/\s*$/, "");
      const added = "\n\n" + button.dataset.heading + "\n\n";
      bodyEl.value = text + added;
      bodyEl.focus();
      bodyEl.setSelectionRange(bodyEl.value.length, bodyEl.value.length);
      bodyEl.scrollTop = bodyEl.scrollHeight;
      schedule("body");
    });
  });

  // -- push ----------------------------------------------------------------------------

  const dialog = $("push-dialog");
  if ($("push-open")) $("push-open").addEventListener("click", () => { $("push-output").replaceChildren(); $("push-go").disabled = true; dialog.showModal(); });
  $("push-close").addEventListener("click", () => dialog.close());

  async function push(dryRun) {
    const out = $("push-output");
    out.textContent = dryRun ? "reading the repository…" : "pushing…";
    const payload = {
      repo_id: $("push-repo").value, revision: $("push-revision").value,
      endpoint: $("push-endpoint").value, message: $("push-message").value, dry_run: dryRun,
    };
    await flush();
    const result = await api(base + "/push", Object.assign({ text: current.text }, payload));
    const data = result.data;
    out.replaceChildren();
    if (!result.ok || !data.ok) {
      const p = document.createElement("pre");
      p.className = "error";
      p.textContent = data.error;
      out.appendChild(p);
      $("push-go").disabled = true;
      return;
    }
    const title = document.createElement("p");
    title.textContent = data.dry_run
      ? "plan for " + data.repo_id + "@" + data.revision + " on " + data.endpoint + ":"
      : (data.created_commit ? "pushed: commit " + data.commit : "nothing changed: commit " + data.commit);
    out.appendChild(title);
    const table = document.createElement("table");
    data.files.forEach((f) => {
      const tr = document.createElement("tr");
      [f.path, size(f.size), f.mode === "lfs" ? "large file" : "regular", f.status].forEach((v) => { const td = document.createElement("td"); td.textContent = v; tr.appendChild(td); });
      table.appendChild(tr);
    });
    data.ignored.forEach((path) => {
      const tr = document.createElement("tr");
      [path, "", "", "ignored"].forEach((v) => { const td = document.createElement("td"); td.textContent = v; tr.appendChild(td); });
      table.appendChild(tr);
    });
    out.appendChild(table);
    $("push-go").disabled = !data.dry_run;
  }
  function size(n) {
    const units = ["B", "kB", "MB", "GB", "TB"];
    let value = n, unit = 0;
    while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
    return unit === 0 ? n + " B" : value.toFixed(1) + " " + units[unit];
  }
  $("push-plan").addEventListener("click", () => push(true));
  $("push-go").addEventListener("click", () => push(false));

  // -- status and banner ---------------------------------------------------------------

  function markUnsaved() { setStatus(false); }
  function setStatus(saved) {
    const el = $("status");
    el.textContent = saved ? "saved" : "not saved";
    el.className = "status " + (saved ? "saved" : "unsaved");
  }
  function showBanner(text, kind) {
    $("banner").hidden = false;
    $("banner").className = "banner " + (kind || "error");
    $("banner-text").textContent = text;
    $("conflict-actions").hidden = true;
  }
  $("banner-close").addEventListener("click", () => { $("banner").hidden = true; });
  window.addEventListener("beforeunload", (e) => {
    if ($("status").classList.contains("unsaved")) { e.preventDefault(); e.returnValue = ""; }
  });

  fetch(base + "/state", { credentials: "same-origin" })
    .then((r) => r.json())
    .then((state) => {
      baseDigest = state.digest;
      show(state, { form: true, yaml: false, body: false });
      document.body.dataset.ready = "1";
    });
})();
