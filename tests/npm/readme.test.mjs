// pkg/README.md documents the whole package: a section per export (so a new export without docs
// fails here), the CLI's commands, every diagnostic code, and Node examples that actually run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esm from "muster-wasm";
import { COMMANDS } from "../../pkg/bin/muster.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, "../../pkg");
const readme = readFileSync(path.join(pkg, "README.md"), "utf8");

/** The fenced blocks of the README: `{ lang, body, line }`. */
function blocks(text) {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1],
    body: m[2],
    line: text.slice(0, m.index).split("\n").length,
  }));
}

test("every export of pkg/node/index.mjs has its own README section", () => {
  const names = Object.keys(esm).map((name) => (name === "default" ? "init" : name));
  const missing = names.filter((name) => !readme.includes(`### \`${name}(`));
  assert.deepEqual(missing, [], "add a ### section for each to wasm/npm/readme.mjs");
  assert.match(readme, /Nothing is pending: every export of this build has its section above\./);
});

test("the README shows every CLI command and its usage", () => {
  for (const [name, command] of Object.entries(COMMANDS)) {
    assert.ok(readme.includes(`| \`muster ${name}\` |`), name);
    assert.ok(readme.includes(command.usage), `${name} usage`);
  }
});

test("the README's code table lists every diagnostic code", () => {
  for (const rule of esm.rules()) assert.ok(readme.includes(`| \`${rule.code}\` | ${rule.severity} |`), rule.code);
});

describeExamples();

function describeExamples() {
  let work;
  before(() => {
    // A project with muster-wasm installed, as the examples assume.
    work = mkdtempSync(path.join(tmpdir(), "muster-readme-"));
    mkdirSync(path.join(work, "node_modules"));
    symlinkSync(pkg, path.join(work, "node_modules/muster-wasm"));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test("every Node example in the README runs", () => {
    const examples = blocks(readme).filter((b) => b.lang === "js" && !/^\/\/ browser/.test(b.body));
    assert.ok(examples.length >= 17, `found ${examples.length} examples`);
    const failures = [];
    for (const example of examples) {
      const file = path.join(work, `example-${example.line}.mjs`);
      writeFileSync(file, example.body);
      const r = spawnSync(process.execPath, [file], { cwd: work, encoding: "utf8", timeout: 30_000 });
      if (r.status !== 0) failures.push(`README line ${example.line}:\n${example.body}\n${r.stderr}`);
    }
    assert.equal(failures.length, 0, failures.join("\n\n"));
  });
}
