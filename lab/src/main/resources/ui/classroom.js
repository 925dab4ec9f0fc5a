// novalab classroom: plain JS, no build step. The token lives in sessionStorage (or comes in the URL fragment:
// #token=...&instance=...&runLab=1, so a headless browser can open a logged-in view).
"use strict";

const API = "/novalab/v1/classroom";
const MAX_BLOCKS = 1024;

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

async function call(method, path, body) {
  const headers = { "X-Auth-Token": token(), "Accept": "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (r.status === 401) { logout("Your session has expired: log in again."); throw new Error("unauthorized"); }
  if (!r.ok) {
    const inner = json && Object.values(json).find(v => v && v.message);
    throw new Error((json && json.message) || (inner && inner.message) || ("HTTP " + r.status));
  }
  return json;
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

function logout(message) {
  sessionStorage.removeItem("novalab.token");
  $("app").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message || "";
}

async function loadInstances(selected) {
  const data = await call("GET", API + "/instances");
  const select = $("instance-select");
  select.replaceChildren(el("option", { value: "" }, "(pick an instance)"));
  data.instances.forEach(i => {
    const o = el("option", { value: i.uuid }, `${i.name} (${i.domain}, ${i.status})`);
    if (i.uuid === selected) o.selected = true;
    select.append(o);
  });
}

async function showInstance(uuid) {
  $("app-error").textContent = "";
  if (!uuid) { $("instance").hidden = true; return; }
  const d = await call("GET", API + "/instances/" + encodeURIComponent(uuid));
  $("instance-title").textContent = `of ${d.name} (${d.uuid})`;
  $("flow").replaceChildren(...d.flow.map(s => el("li", {}, el("b", {}, s.step), s.what)));
  $("tree").textContent = d.tree;
  $("chain").replaceChildren(...d.chain.map(c => el("div", {}, el("h4", {}, c.file), el("pre", {}, c.info))));
  $("secret").replaceChildren(d.secret
    ? el("p", {}, "libvirt secret ", el("code", { id: "secret-uuid" }, d.secret.uuid), ` (usage: ${d.secret.usage}; `
        + `${d.secret.private ? "private" : "not private"}, ${d.secret.ephemeral ? "ephemeral" : "persistent"}). `
        + "Its value is never shown.")
    : el("p", {}, "This disk is not encrypted: no secret."));
  $("xml").textContent = d.xml;
  $("console").textContent = d.console || "(the guest printed nothing yet)";
  drawClusters(d.clusters, d.clusterSummary);
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

async function runLab() {
  $("lab").hidden = false;
  $("lab-status").textContent = "Running the lab (every case builds a disk, defines and starts a domain) ...";
  $("run-lab").disabled = true;
  try {
    const r = await call("POST", API + "/lab", {});
    const rows = r.cases.map((c, i) => el("tr", { class: c.matches ? "" : "mismatch" },
      el("td", {}, c.id), el("td", {}, c.title), el("td", {}, c.seedSays), el("td", {}, c.expected.toLowerCase()),
      el("td", {}, c.observed.label + (c.observed.detail ? ": " + c.observed.detail : "")),
      el("td", { class: c.matches ? "ok" : "no" }, c.matches ? "yes" : "NO"), el("td", {}, c.why),
      el("td", {}, c.disk ? c.disk.clusterSummary : "(removed when the start was refused)")));
    $("lab-table").tBodies[0].replaceChildren(...rows);
    $("lab-explanation").replaceChildren(...r.explanation.map(p => el("li", {}, p)));
    $("lab-status").textContent = `${r.matching} of ${r.total} observations match their expectations.`;
  } catch (e) {
    $("lab-status").textContent = "The lab failed: " + e.message;
  } finally {
    $("run-lab").disabled = false;
  }
}

async function start() {
  $("login").hidden = true;
  $("app").hidden = false;
  const f = fragment();
  try {
    await loadInstances(f.instance);
    $("who").textContent = "logged in";
    if (f.instance) await showInstance(f.instance);
    if (f.runLab) await runLab();
  } catch (e) {
    $("app-error").textContent = e.message;
  }
}

window.addEventListener("DOMContentLoaded", () => {
  const f = fragment();
  if (f.token) sessionStorage.setItem("novalab.token", f.token);
  $("login-form").addEventListener("submit", login);
  $("instance-select").addEventListener("change", ev => showInstance(ev.target.value).catch(e => $("app-error").textContent = e.message));
  $("refresh").addEventListener("click", () => loadInstances($("instance-select").value).catch(e => $("app-error").textContent = e.message));
  $("run-lab").addEventListener("click", runLab);
  if (token()) start(); else logout();
});
