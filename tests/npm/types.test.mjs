// The package's TypeScript types, checked by the TypeScript compiler (tests/node_modules/.bin/tsc):
// types/uses.ts (every export, used correctly) must compile under Node and bundler resolution, and
// types/misuse.ts must fail on exactly the lines marked `// @expect-error TSnnnn`, with that error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esm from "muster-wasm";

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.join(here, "types");
const tsc = path.resolve(here, "../node_modules/.bin/tsc");
const pkg = path.resolve(here, "../../pkg");

function compile(config) {
  const r = spawnSync(tsc, ["-p", path.join(project, config), "--strict", "--noEmit", "--pretty", "false"], { encoding: "utf8" });
  assert.equal(r.error, undefined, `tsc did not run: ${r.error}`);
  return { code: r.status, output: r.stdout + r.stderr };
}

/** `file(line,col): error TSnnnn: ...` lines of tsc output as `{ file, line, code }`. */
function errors(output) {
  return [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): /gm)].map((m) => ({ file: path.basename(m[1]), line: Number(m[2]), code: m[3] }));
}

test("uses.ts compiles with --strict under Node resolution (node/index.d.mts, and require from .cts)", () => {
  const r = compile("tsconfig.json");
  assert.equal(r.code, 0, r.output);
});

test("uses.ts and browser.ts compile with --strict under bundler resolution (web/muster_wasm.d.ts)", () => {
  const r = compile("tsconfig.bundler.json");
  assert.equal(r.code, 0, r.output);
});

test("uses.ts imports every export of the package", () => {
  const source = readFileSync(path.join(project, "uses.ts"), "utf8");
  const block = /import init, \{([^}]*)\} from "muster-wasm";/.exec(source);
  assert.ok(block, "uses.ts has `import init, { ... } from \"muster-wasm\"`");
  const imported = block[1].split(",").map((s) => s.trim()).filter(Boolean).sort();
  const exported = Object.keys(esm).filter((name) => name !== "default").sort();
  assert.deepEqual(imported, exported, "add a typed use of each new export to tests/npm/types/uses.ts");
});

test("the type declarations declare every runtime export, in both builds", () => {
  const runtime = Object.keys(createRequire(import.meta.url)("muster-wasm")).sort();
  for (const file of ["node/muster_wasm.d.ts", "web/muster_wasm.d.ts"]) {
    const text = readFileSync(path.join(pkg, file), "utf8");
    const declared = [...new Set([...text.matchAll(/^export function (\w+)/gm)].map((m) => m[1]))]
      .filter((name) => name !== "initSync")
      .sort();
    assert.deepEqual(declared, runtime, file);
  }
});

test("misuse.ts fails on exactly the marked lines, with the marked errors", () => {
  const source = readFileSync(path.join(project, "misuse.ts"), "utf8").split("\n");
  const expected = source
    .map((line, i) => ({ line: i + 1, code: /\/\/ @expect-error (TS\d+)/.exec(line)?.[1] }))
    .filter((e) => e.code !== undefined);
  assert.ok(expected.length >= 15, "misuse.ts marks its mistakes");
  const r = compile("tsconfig.misuse.json");
  assert.notEqual(r.code, 0, "misuse.ts must not compile");
  const found = errors(r.output);
  assert.ok(found.every((e) => e.file === "misuse.ts"), `errors only in misuse.ts:\n${r.output}`);
  const key = (e) => `line ${e.line} ${e.code}`;
  const missing = expected.filter((e) => !found.some((f) => key(f) === key(e))).map(key);
  const unexpected = found.filter((f) => !expected.some((e) => key(e) === key(f))).map(key);
  assert.deepEqual({ missing, unexpected }, { missing: [], unexpected: [] }, r.output);
});
