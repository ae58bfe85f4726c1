// The package in a browser (headless Chromium through playwright-core), the two ways a web page
// gets it: bundled by Vite (tests/npm/bundler, `import init from "muster-wasm"`), and as a native
// ES module straight from pkg/web, with the wasm at its default place or at one given to init().
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, mkdirSync, copyFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { validate, version } from "muster-wasm";
import { serveDist, launchBrowser } from "../e2e/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, "../../pkg");
const REQUEST = { ServiceId: "srv-p5zdwlg5uvvzjita", InstanceId: "my service", Attributes: { AWS_INSTANCE_IPV4: "10.0.0.1" } };
const EXPECTED = { version: version(), report: validate("RegisterInstance", REQUEST) };

let work;
let browser;

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), "muster-browser-"));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Opens `url`, waits for #result to settle, and returns its JSON with the requests the page made. */
async function resultOf(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on("console", (msg) => msg.type() === "error" && problems.push(`console: ${msg.text()}`));
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()}`));
  page.on("response", (res) => {
    requests.push(new URL(res.url()).pathname);
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  try {
    await page.goto(url);
    const result = page.locator("#result[data-state]");
    await result.waitFor({ timeout: 30_000 });
    const state = await result.getAttribute("data-state");
    const text = await result.textContent();
    assert.equal(state, "done", text);
    assert.deepEqual(problems, []);
    return { value: JSON.parse(text), requests };
  } finally {
    await context.close();
  }
}

test("a Vite app bundles the browser build and validates after await init()", async () => {
  const outDir = path.join(work, "vite-dist");
  await build({
    root: path.join(here, "bundler"),
    configFile: false,
    logLevel: "warn",
    cacheDir: path.join(work, "vite-cache"),
    build: { outDir, emptyOutDir: true },
  });
  const assets = readdirSync(path.join(outDir, "assets"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one wasm asset: ${assets}`);
  assert.deepEqual(readFileSync(path.join(outDir, "assets", wasm[0])), readFileSync(path.join(pkg, "web/muster_wasm_bg.wasm")), "the web build's wasm");
  const js = assets.filter((f) => f.endsWith(".js")).map((f) => readFileSync(path.join(outDir, "assets", f), "utf8")).join("\n");
  assert.doesNotMatch(js, /readFileSync|require\(/, "not the Node build");

  const server = await serveDist(outDir);
  try {
    const { value, requests } = await resultOf(server.url);
    assert.deepEqual(value, EXPECTED);
    assert.ok(requests.some((r) => r === `/assets/${wasm[0]}`), requests.join(" "));
  } finally {
    await server.close();
  }
});

/** A page that loads pkg/web/muster_wasm.js as a native ES module and calls `initCall`. */
function nativePage(initCall) {
  return `<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>muster-wasm as a native ES module</title>
<pre id="result">loading</pre>
<script type="module">
  import init, { validate, version } from "/pkg/web/muster_wasm.js";
  const out = document.getElementById("result");
  try {
    await ${initCall};
    const report = validate("RegisterInstance", ${JSON.stringify(JSON.stringify(REQUEST))});
    out.textContent = JSON.stringify({ version: version(), report });
    out.dataset.state = "done";
  } catch (err) {
    out.textContent = String(err && err.stack || err);
    out.dataset.state = "failed";
  }
</script>
`;
}

test("native ES module: init() fetches the wasm next to the module; init({ module_or_path }) from elsewhere", async () => {
  const site = path.join(work, "site");
  mkdirSync(path.join(site, "custom"), { recursive: true });
  symlinkSync(pkg, path.join(site, "pkg"));
  copyFileSync(path.join(pkg, "web/muster_wasm_bg.wasm"), path.join(site, "custom/place.wasm"));
  writeFileSync(path.join(site, "index.html"), nativePage("init()"));
  writeFileSync(path.join(site, "custom.html"), nativePage('init({ module_or_path: "/custom/place.wasm" })'));

  const server = await serveDist(site);
  try {
    const plain = await resultOf(server.url);
    assert.deepEqual(plain.value, EXPECTED);
    assert.ok(plain.requests.includes("/pkg/web/muster_wasm_bg.wasm"), plain.requests.join(" "));

    const custom = await resultOf(`${server.url}custom.html`);
    assert.deepEqual(custom.value, EXPECTED);
    assert.ok(custom.requests.includes("/custom/place.wasm"), custom.requests.join(" "));
    assert.ok(!custom.requests.includes("/pkg/web/muster_wasm_bg.wasm"), "the default place is not fetched");
  } finally {
    await server.close();
  }
});
