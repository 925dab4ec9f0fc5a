// novalab classroom: plain JS, no build step. The token lives in sessionStorage (or comes in the URL fragment:
// #token=...&instance=...&runLab=1, so a headless browser can open a logged-in view). The page keeps up by itself:
// it reads the server-sent events of /novalab/v1/classroom/events (through fetch, so the token stays a header) and
// reloads the server list, and the picked server, when the instance store announces a change.
"use strict";

const API = "/novalab/v1/classroom";
const MAX_BLOCKS = 1024;
const RECONNECT_MS = 2000;

const state = { selected: null, events: null, pending: new Set(), timer: null, loggedIn: false };

function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => { if (k === "class") e.className = v; else e.setAttribute(k, v); });
  children.forEach(c => e.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return e;
}

function fragment() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  return { token: params.get("token"), instance: params.get("instance"), runLab: params.get("runLab") === "1" };
}

function token() { return sessionStorage.getItem("novalab.token"); }

function headers(extra) { return Object.assign({ "X-Auth-Token": token(), "Accept": "application/json" }, extra || {}); }

async function failure(r) {
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  const inner = json && Object.values(json).find(v => v && v.message);
  return new Error((json && json.message) || (inner && inner.message) || ("HTTP " + r.status));
}

async function call(method, path, body) {
  const h = headers(body === undefined ? {} : { "Content-Type": "application/json" });
  const r = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401) { logout("Your session has expired: log in again."); throw new Error("unauthorized"); }
  if (!r.ok) throw await failure(r);
  return r.status === 204 ? null : r.json();
}

async function login(ev) {
  ev.preventDefault();
  const f = ev.target;
  const body = { auth: {
    identity: { methods: ["password"], password: { user: { name: f.username.value, domain: { name: "Default" }, password: f.password.value } } },
    scope: { project: { name: f.project.value, domain: { name: "Default" } } } } };
  $("login-error").textContent = "";
  try {
    const r = await fetch("/identity/v3/auth/tokens", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (r.status !== 201) {
      const j = await r.json().catch(() => null);
      throw new Error((j && j.error && j.error.message) || "login failed (HTTP " + r.status + ")");
    }
    sessionStorage.setItem("novalab.token", r.headers.get("X-Subject-Token"));
    f.password.value = "";
    await start();
  } catch (e) {
    $("login-error").textContent = e.message;
  }
}

// Keystone revokes the token (DELETE /v3/auth/tokens), so a copy of it is worth nothing afterwards.
async function logoutClicked() {
  const t = token();
  if (t) {
    await fetch("/identity/v3/auth/tokens", { method: "DELETE", headers: { "X-Auth-Token": t, "X-Subject-Token": t } })
      .catch(() => null);
  }
  logout("You are logged out.");
}

function logout(message) {
  state.loggedIn = false;
  sessionStorage.removeItem("novalab.token");
  if (state.events) { state.events.abort(); state.events = null; }
  state.selected = null;
  $("app").hidden = true;
  $("session").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message || "";
}

// Who the token is for: Keystone's own answer about it (GET /v3/auth/tokens with the token as subject).
async function showWho() {
  const r = await fetch("/identity/v3/auth/tokens", { headers: headers({ "X-Subject-Token": token() }) });
  if (r.status === 401 || r.status === 404) { logout("Your session has expired: log in again."); throw new Error("unauthorized"); }
  if (!r.ok) throw await failure(r);
  const t = (await r.json()).token;
  $("who").textContent = t.user.name + (t.project ? " (project " + t.project.name + ")" : "");
  $("session").hidden = false;
}

async function loadServers() {
  const data = await call("GET", API + "/instances");
  const rows = data.instances.map(i => {
    const status = el("td", { class: "status status-" + i.status }, i.status + (i.taskState ? " (" + i.taskState + ")" : ""));
    if (i.fault) status.append(el("span", { class: "fault" }, i.fault.message));
    const tr = el("tr", { "data-uuid": i.uuid, "data-status": i.status, class: i.uuid === state.selected ? "selected" : "" },
      el("td", { class: "name" }, i.name + (i.bootFromVolume ? " (from volume)" : "")), status,
      el("td", {}, i.host || "(none)"), el("td", { class: "id" }, i.uuid));
    tr.addEventListener("click", () => select(i.uuid));
    return tr;
  });
  $("servers").tBodies[0].replaceChildren(...rows);
  $("no-servers").hidden = rows.length > 0;
  return data.instances;
}

async function select(uuid) {
  state.selected = uuid;
  document.querySelectorAll("#servers tbody tr").forEach(tr => tr.classList.toggle("selected", tr.dataset.uuid === uuid));
  try {
    await showInstance(uuid);
  } catch (e) {
    $("app-error").textContent = e.message;
  }
}

async function showInstance(uuid) {
  $("app-error").textContent = "";
  if (!uuid) { $("instance").hidden = true; return; }
  let d;
  try {
    d = await call("GET", API + "/instances/" + encodeURIComponent(uuid));
  } catch (e) {
    if (/could not be found/.test(e.message)) {
      if (state.selected === uuid) state.selected = null;
      $("instance").hidden = true;
      $("app-error").textContent = "Server " + uuid + " is gone (deleted).";
      return;
    }
    throw e;
  }
  if (state.selected !== uuid) return; // another server was picked meanwhile
  $("instance-title").textContent = `of ${d.name} (${d.uuid}), ${d.status}` + (d.host ? " on " + d.host : "");
  $("instance").dataset.uuid = d.uuid;
  $("instance").dataset.status = d.status;
  $("fault").hidden = !d.fault;
  $("fault").textContent = d.fault ? `Fault ${d.fault.code}: ${d.fault.message}` : "";
  $("flow").replaceChildren(...d.flow.map(s => el("li", { class: s.state }, el("b", {}, s.step), s.what)));
  $("tree").textContent = d.tree;
  $("disks").tBodies[0].replaceChildren(...d.disks.map(k => el("tr", {}, el("td", {}, k.target), el("td", {}, k.type),
    el("td", {}, k.source + (k.parent ? " (clone of " + k.parent + ")" : "")), el("td", {}, k.format),
    el("td", {}, k.encryption ? k.encryption + ", secret " + k.secret : "none"))));
  $("chain").replaceChildren(...(d.chain.length ? d.chain.map(c => el("div", {}, el("h4", {}, c.file), el("pre", {}, c.info)))
    : [el("p", {}, d.disks.length ? "No file chain: the disk is a volume in the pool." : "No disk was made.")]));
  $("secret").replaceChildren(...(d.secrets.length ? d.secrets.map(s => el("p", {}, `${s.disk}: libvirt secret `,
      el("code", { class: "secret-uuid" }, s.uuid), ` (usage: ${s.usage}` + (s.private === undefined ? ")" : `; `
        + `${s.private ? "private" : "not private"}, ${s.ephemeral ? "ephemeral" : "persistent"})`) + ". Its value is never shown."))
    : [el("p", {}, "No disk is encrypted: no secret.")]));
  $("xml").textContent = d.xml || "(no domain was defined)";
  $("console").textContent = d.console || "(the guest printed nothing yet)";
  $("cluster-section").hidden = !d.clusters;
  if (d.clusters) drawClusters(d.clusters, d.clusterSummary);
  $("instance").hidden = false;
}

// One block per cluster, or per bucket of clusters when the disk has more than MAX_BLOCKS clusters; a bucket shows
// its strongest source (allocated in the disk > backing file > zero), so a single written cluster stays visible.
function drawClusters(map, summary) {
  $("cluster-summary").textContent = summary || "";
  const total = map.inTop + map.fromBacking + map.zero;
  const per = Math.max(1, Math.ceil(total / MAX_BLOCKS));
  const rank = { zero: 0, backing: 1, top: 2 };
  const blocks = [];
  map.segments.forEach(s => {
    for (let c = s.first; c < s.first + s.count; ) {
      const b = Math.floor(c / per);
      const end = Math.min(s.first + s.count, (b + 1) * per);
      const cur = blocks[b];
      if (!cur || rank[s.source] > rank[cur.source] || (rank[s.source] === rank[cur.source] && s.encrypted)) {
        blocks[b] = { source: s.source, encrypted: s.encrypted };
      }
      c = end;
    }
  });
  const nodes = blocks.map((b, i) => el("i", {
    class: "c " + b.source + (b.encrypted ? " enc" : ""),
    title: `cluster${per > 1 ? "s " + i * per + "-" + ((i + 1) * per - 1) : " " + i}: ${b.source}${b.encrypted ? ", encrypted" : ""}`
  }));
  $("clusters").replaceChildren(...nodes);
  $("clusters").dataset.clustersPerBlock = per;
}

// The server's events, read as a stream: "event: instance" with the uuid whose row changed. Changes that come in a
// burst (a build's scheduling, spawning, active) are gathered for a moment and answered with one reload.
async function listen() {
  while (state.loggedIn) {
    const abort = new AbortController();
    state.events = abort;
    try {
      const r = await fetch(API + "/events", { headers: headers({ "Accept": "text/event-stream" }), signal: abort.signal });
      if (r.status === 401) { logout("Your session has expired: log in again."); return; }
      if (!r.ok) throw await failure(r);
      const reader = r.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          event(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      }
    } catch (e) {
      if (abort.signal.aborted) return;
    }
    live(false);
    await new Promise(done => setTimeout(done, RECONNECT_MS));
  }
}

function event(block) {
  let name = "message", data = "";
  block.split("\n").forEach(line => {
    if (line.startsWith("event:")) name = line.slice(6).trim();
    else if (line.startsWith("data:")) data += line.slice(5).trim();
  });
  if (name === "hello") { live(true); refresh(null); return; } // (re)connected: catch up on what was missed
  if (name !== "instance") return;
  refresh(JSON.parse(data).uuid);
}

function refresh(uuid) {
  state.pending.add(uuid);
  if (state.timer) return;
  state.timer = setTimeout(async () => {
    const changed = state.pending;
    state.pending = new Set();
    state.timer = null;
    try {
      await loadServers();
      if (state.selected && (changed.has(state.selected) || changed.has(null))) await showInstance(state.selected);
    } catch (e) {
      $("app-error").textContent = e.message;
    }
  }, 150);
}

function live(on) {
  $("live").textContent = on ? "live" : "offline";
  $("live").className = "live " + (on ? "on" : "off");
}

// Five columns fit the panel beside the server; what the seed says, why, and the disk's clusters fold under the case.
function caseRow(c) {
  const more = el("details", {}, el("summary", {}, "why"),
    el("p", {}, "The seed says: " + c.seedSays), el("p", {}, c.why),
    el("p", {}, "The disk's clusters: " + (c.disk ? c.disk.clusterSummary : "(removed when the start was refused)")));
  return el("tr", { class: c.matches ? "" : "mismatch" },
    el("td", {}, c.id), el("td", {}, c.title, more), el("td", {}, c.expected.toLowerCase()),
    el("td", {}, c.observed.label + (c.observed.detail ? ": " + c.observed.detail : "")),
    el("td", { class: c.matches ? "ok" : "no" }, c.matches ? "yes" : "NO"));
}

// The lab answers one JSON line per observed case, then the report: the table fills as the cases run.
async function runLab() {
  $("lab").hidden = false;
  $("lab-table").tBodies[0].replaceChildren();
  $("lab-explanation").replaceChildren();
  $("lab-progress").hidden = false;
  $("lab-progress").value = 0;
  $("lab-status").textContent = "Running the lab (every case builds a disk, defines and starts a domain) ...";
  $("run-lab").disabled = true;
  $("lab-panel").scrollIntoView({ block: "start" });
  try {
    const r = await fetch(API + "/lab", { method: "POST", headers: headers({ "Content-Type": "application/json" }), body: "{}" });
    if (r.status === 401) { logout("Your session has expired: log in again."); return; }
    if (!r.ok) throw await failure(r);
    const reader = r.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "", finished = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 1);
        if (line.trim()) finished = labLine(JSON.parse(line)) || finished;
      }
    }
    if (!finished) throw new Error("the answer ended before the report");
  } catch (e) {
    $("lab-status").textContent = "The lab failed: " + e.message;
  } finally {
    $("run-lab").disabled = false;
    $("lab-progress").hidden = true;
  }
}

function labLine(m) {
  if (m.type === "case") {
    $("lab-table").tBodies[0].append(caseRow(m));
    $("lab-progress").max = m.total;
    $("lab-progress").value = m.done;
    $("lab-status").textContent = `Observed ${m.done} of ${m.total} cases (last: ${m.id}) ...`;
    return false;
  }
  if (m.type === "report") {
    $("lab-table").tBodies[0].replaceChildren(...m.cases.map(caseRow));
    $("lab-explanation").replaceChildren(...m.explanation.map(p => el("li", {}, p)));
    $("lab-status").textContent = `${m.matching} of ${m.total} observations match their expectations.`;
    return true;
  }
  throw new Error(m.message || "unexpected answer");
}

async function start() {
  $("login").hidden = true;
  $("app").hidden = false;
  state.loggedIn = true;
  const f = fragment();
  try {
    await showWho();
    await loadServers();
    listen();
    if (f.instance) await select(f.instance);
    if (f.runLab) await runLab();
  } catch (e) {
    if (state.loggedIn) $("app-error").textContent = e.message;
  }
}

window.addEventListener("DOMContentLoaded", () => {
  const f = fragment();
  if (f.token) {
    sessionStorage.setItem("novalab.token", f.token);
    history.replaceState(null, "", location.pathname + location.hash.replace(/token=[^&]*&?/, "")); // not left in the address bar
  }
  $("login-form").addEventListener("submit", login);
  $("logout").addEventListener("click", logoutClicked);
  $("run-lab").addEventListener("click", runLab);
  if (token()) start(); else logout();
});
