// The classroom page walked in Debian's headless chromium, as a teacher would: log in, look at a plain, a LUKS, a
// legacy-AES, a boot-from-volume and an ERROR server, watch the page follow a stop, a start, a create and a delete
// made elsewhere (no reload), run the lab and see its table fill, log out. Run by ClassroomWalkIT, which starts the
// server and passes what it booted in CLASSROOM_WALK (JSON). Any browser console error, page error, failed request
// or failed check makes the exit code non-zero; screenshots go to the directory the test names.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cfg = JSON.parse(process.env.CLASSROOM_WALK);
const problems = [];
const checks = [];

function check(what, ok, detail) {
  checks.push(what);
  if (!ok) throw new Error(`check failed: ${what}${detail === undefined ? "" : ": " + detail}`);
}

const profile = mkdtempSync(join(tmpdir(), "novalab-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: cfg.chromium || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = context.pages()[0] || await context.newPage();
page.setDefaultTimeout(30_000);
page.on("console", m => { if (m.type() === "error") problems.push("console error: " + m.text()); });
page.on("pageerror", e => problems.push("page error: " + e.message));
page.on("requestfailed", r => {
  // the event stream is cut on purpose when the page logs out or closes
  if (!(r.url().endsWith("/novalab/v1/classroom/events") && /ABORTED/.test(r.failure()?.errorText || ""))) {
    problems.push(`request failed: ${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
  }
});
page.on("response", r => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`); });

async function api(method, path, body) {
  const r = await fetch(cfg.baseUrl + path, { method, headers: { "X-Auth-Token": cfg.token, "Content-Type": "application/json",
    "OpenStack-API-Version": "compute 2.79" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status >= 400) throw new Error(`${method} ${path}: HTTP ${r.status} ${await r.text()}`);
  return r.status === 204 ? null : r.json().catch(() => null);
}

const row = uuid => page.locator(`#servers tr[data-uuid="${uuid}"]`);
const step = name => page.locator("#flow li").filter({ has: page.locator("b", { hasText: new RegExp("^" + name + "$") }) });
const shot = async name => page.screenshot({ path: join(cfg.screenshots, name + ".png"), fullPage: true });

async function pick(kind) {
  const uuid = cfg.servers[kind];
  await row(uuid).click();
  await page.locator(`#instance[data-uuid="${uuid}"]`).waitFor({ state: "visible" });
  const tree = await page.locator("#tree").textContent();
  const others = Object.entries(cfg.servers).filter(([k, u]) => k !== kind).map(([k, u]) => u);
  check(`${kind}: the directory shown is its own only`, others.every(u => !tree.includes(u)), tree);
  return uuid;
}

try {
  await page.goto(cfg.baseUrl + "/ui/");
  await page.locator("#login").waitFor({ state: "visible" });
  await page.fill("input[name=username]", cfg.user);
  await page.fill("input[name=password]", cfg.password);
  await page.fill("input[name=project]", cfg.project);
  await page.click("#login button[type=submit]");
  await page.locator("#who", { hasText: `${cfg.user} (project ${cfg.project})` }).waitFor();
  check("the logged-in user is named", true);
  await page.locator("#live.on").waitFor();
  await page.evaluate(() => { window.__sameDocument = true; });

  // every server, by name and id, ERROR with its fault
  for (const [kind, uuid] of Object.entries(cfg.servers)) {
    await row(uuid).waitFor();
    const text = await row(uuid).textContent();
    check(`${kind}: listed by name with its id`, text.includes(cfg.names[kind]) && text.includes(uuid), text);
  }
  check("the ERROR server shows its fault", (await row(cfg.servers.error).textContent()).includes("claims disk_format"));

  let uuid = await pick("plain");
  check("plain: reads through its _base file", (await step("_base file").textContent()).includes("backing file"));
  check("plain: disk not encrypted", (await step("disk vda").textContent()).includes("not encrypted"));
  check("plain: no secret", (await step("secret").textContent()).includes("no disk is encrypted"));
  check("plain: the cluster map is drawn", await page.locator("#clusters i.c.backing").count() > 0);
  await shot("classroom-plain");

  uuid = await pick("luks");
  check("luks: disk encrypted with LUKS", (await step("disk vda").textContent()).includes("encrypted: luks"));
  const secret = (await page.locator(".secret-uuid").first().textContent()).trim();
  check("luks: the secret's uuid is shown", /^[0-9a-f-]{36}$/.test(secret), secret);
  check("luks: the XML names it", (await page.locator("#xml").textContent()).includes(`<encryption format='luks'>`));
  check("luks: written clusters are encrypted", await page.locator("#clusters i.c.top.enc").count() > 0);
  check("luks: the guest booted", (await page.locator("#console").textContent()).includes("novalab fixture guest: booted from disk"));
  await shot("classroom-luks");

  await pick("aes");
  check("aes: legacy qcow encryption", (await step("disk vda").textContent()).includes("encrypted: qcow"));
  check("aes: img info says aes", (await page.locator("#chain").textContent()).includes("format: aes"));
  await shot("classroom-aes");

  await pick("bfv");
  check("bfv: a clone in the pool", (await step("clone").textContent()).includes("copy-on-write clone of images/"));
  check("bfv: a network disk", (await step("disk vda").textContent()).includes("rbd vms/"));
  check("bfv: no cluster map of a file", await page.locator("#cluster-section").isHidden());
  check("bfv: the guest booted", (await page.locator("#console").textContent()).includes("novalab fixture guest: booted from disk"));
  await shot("classroom-bfv");

  await pick("error");
  check("error: the fault is shown", (await page.locator("#fault").textContent()).includes("claims disk_format qcow2"));
  check("error: the flow ends in the fault", await page.locator("#flow li.failed").count() === 1);
  check("error: nothing made on the host", await page.locator("#flow li.missing").count() >= 4);
  await shot("classroom-error");

  // live: a stop, a start, a create and a delete made through the API show up without a reload
  uuid = await pick("plain");
  await api("POST", `/v2.1/servers/${uuid}/action`, { "os-stop": null });
  await page.locator(`#servers tr[data-uuid="${uuid}"][data-status="SHUTOFF"]`).waitFor();
  await page.locator(`#instance[data-status="SHUTOFF"]`).waitFor();
  await step("domain").filter({ hasText: "shut off" }).waitFor();
  await api("POST", `/v2.1/servers/${uuid}/action`, { "os-start": null });
  await page.locator(`#servers tr[data-uuid="${uuid}"][data-status="ACTIVE"]`).waitFor();
  await step("domain").filter({ hasText: ": running" }).waitFor();
  const made = await api("POST", "/v2.1/servers", { server: { name: "vm-live", imageRef: cfg.image, flavorRef: "1", networks: "none" } });
  const live = made.server.id;
  await page.locator("#servers tr", { hasText: "vm-live" }).waitFor();
  await page.locator(`#servers tr[data-uuid="${live}"][data-status="ACTIVE"]`).waitFor({ timeout: 120_000 });
  await api("DELETE", `/v2.1/servers/${live}`);
  await page.locator(`#servers tr[data-uuid="${live}"]`).waitFor({ state: "detached", timeout: 120_000 });
  check("the page followed stop, start, create and delete without a reload", await page.evaluate(() => window.__sameDocument === true));
  await shot("classroom-live");

  // the lab: progress while it runs, its table in view
  await page.click("#run-lab");
  await page.locator("#lab-status", { hasText: /Observed \d+ of 14 cases/ }).waitFor({ timeout: 120_000 });
  check("the lab shows its progress", await page.locator("#lab-progress").isVisible());
  await page.locator("#lab-status", { hasText: "14 of 14 observations match their expectations." }).waitFor({ timeout: 300_000 });
  check("the lab's table has every case", await page.locator("#lab-table tbody tr").count() === 14);
  check("every case matches", await page.locator("#lab-table tr.mismatch").count() === 0);
  check("a case tells why", (await page.locator("#lab-table tbody").textContent()).includes("(removed when the start was refused)"));
  const box = await page.locator("#lab-table").boundingBox();
  check("the lab's table is in view", box && box.y >= 0 && box.y < 900, JSON.stringify(box));
  await page.screenshot({ path: join(cfg.screenshots, "classroom-lab.png") });

  // logout revokes the token
  const pageToken = await page.evaluate(() => sessionStorage.getItem("novalab.token"));
  await page.click("#logout");
  await page.locator("#login").waitFor({ state: "visible" });
  check("logout leaves the page at the login form", await page.locator("#app").isHidden());
  check("logout forgets the token", await page.evaluate(() => sessionStorage.getItem("novalab.token")) === null);
  const old = await fetch(cfg.baseUrl + "/novalab/v1/classroom/instances", { headers: { "X-Auth-Token": pageToken } });
  check("logout revokes the token", old.status === 401, old.status);
} catch (e) {
  problems.push(String(e && e.stack || e));
  await shot("classroom-failure").catch(() => null);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(JSON.stringify({ checks: checks.length, problems }, null, 2));
process.exit(problems.length ? 1 : 0);
