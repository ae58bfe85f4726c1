// Loads the shared fixture corpus (tests/fixtures/<operation>/*.json), also run by core's tests.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

export function loadFixtures(dir) {
  const folder = path.join(root, dir);
  return readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ""), ...JSON.parse(readFileSync(path.join(folder, f), "utf8")) }));
}

/** The distinct findings of a report as sorted "CODE path" strings, as fixtures state them
 * (a set, like the Rust runner: one rule may report several problems at one path). */
export function findings(report) {
  return [...new Set(report.diagnostics.map((d) => `${d.code} ${d.path}`))].sort();
}

export function expectedFindings(fixture) {
  return [...new Set(fixture.expect.map((e) => `${e.code} ${e.path}`))].sort();
}
