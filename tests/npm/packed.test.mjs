// `npm pack` output installed into a fresh, separate Node project, used there with import and require.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../pkg");

test("the packed tarball installs and works in a separate project", () => {
  const work = mkdtempSync(path.join(tmpdir(), "muster-pack-"));
  try {
    const tarball = execFileSync("npm", ["pack", pkgDir, "--silent", "--pack-destination", work], { encoding: "utf8" }).trim().split("\n").pop();
    const project = path.join(work, "project");
    execFileSync("mkdir", ["-p", project]);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }));
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", path.join(work, tarball)], { cwd: project });
    const installed = JSON.parse(readFileSync(path.join(project, "node_modules/muster-wasm/package.json"), "utf8"));
    assert.equal(installed.name, "muster-wasm");

    writeFileSync(path.join(project, "esm.mjs"), `import { validate } from "muster-wasm";
const r = validate("RegisterInstance", { ServiceId: "srv-p5zdwlg5uvvzjita", InstanceId: "bad id", Attributes: { stage: "prod" } });
console.log(JSON.stringify(r.diagnostics.map((d) => d.code)));`);
    writeFileSync(path.join(project, "cjs.cjs"), `const { validate } = require("muster-wasm");
console.log(JSON.stringify(validate("RegisterInstance", "{").diagnostics.map((d) => d.code)));`);
    assert.deepEqual(JSON.parse(execFileSync("node", ["esm.mjs"], { cwd: project, encoding: "utf8" })), ["CM090", "CM003"]);
    assert.deepEqual(JSON.parse(execFileSync("node", ["cjs.cjs"], { cwd: project, encoding: "utf8" })), ["JSON001"]);
    // npm links the CLI into node_modules/.bin, as `npx muster` runs it.
    const cli = execFileSync(path.join(project, "node_modules/.bin/muster"), ["--version"], { cwd: project, encoding: "utf8" });
    assert.equal(cli, `muster ${installed.version}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

// The package's size budget holds for the wasm browsers download (web/), gzip -9: under 350 KB
// (358,400 bytes). Node reads its wasm from disk, so the Node build is compiled for speed instead
// (scripts/build-npm); it is held to a looser bound so that it cannot grow unnoticed either.
// Sizes are deterministic, so the budgets are held here rather than only reported by the benchmark.
const gzippedSize = (build) =>
  execFileSync("gzip", ["-9c", path.join(pkgDir, build, "muster_wasm_bg.wasm")], { maxBuffer: 64 << 20 }).length;

test("the browser wasm is under 350 KB with gzip -9", () => {
  const gzipped = gzippedSize("web");
  assert.ok(gzipped < 350 * 1024, `web/muster_wasm_bg.wasm is ${gzipped} bytes gzipped; the budget is ${350 * 1024}`);
});

test("the Node wasm is the speed build of the same API, under 512 KB with gzip -9", async () => {
  const gzipped = gzippedSize("node");
  assert.ok(gzipped < 512 * 1024, `node/muster_wasm_bg.wasm is ${gzipped} bytes gzipped; the bound is ${512 * 1024}`);
  const shape = async (build) => {
    const module = await WebAssembly.compile(readFileSync(path.join(pkgDir, build, "muster_wasm_bg.wasm")));
    return {
      exports: WebAssembly.Module.exports(module).map((e) => `${e.kind} ${e.name}`).sort(),
      imports: WebAssembly.Module.imports(module).map((i) => `${i.kind} ${i.name}`).sort(),
    };
  };
  const [node, web] = [await shape("node"), await shape("web")];
  assert.deepEqual(node, web, "both builds export and import the same functions");
  // Built for speed, not size: inlining makes the Node build the larger one.
  assert.ok(gzipped > gzippedSize("web"), "the Node build is the opt-level 3 build");
});
