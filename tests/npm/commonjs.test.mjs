// The package through require(), as CommonJS tooling loads it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

test("require('muster-wasm') works without an init call", () => {
  const muster = require("muster-wasm");
  assert.equal(typeof muster.validate, "function");
  const report = muster.validate("RegisterInstance", { ServiceId: "srv-p5zdwlg5uvvzjita", InstanceId: "a", Attributes: { k: "v" } });
  assert.equal(report.valid, true);
});

test("the exports map resolves each condition to an existing file", () => {
  const pkg = require("muster-wasm/package.json");
  assert.equal(pkg.name, "muster-wasm");
  assert.ok(require.resolve("muster-wasm").endsWith("node/muster_wasm.js"));
  assert.deepEqual(pkg.files.sort(), ["README.md", "bin/", "node/", "web/"]);
  assert.equal(pkg.sideEffects, false);
});
