// Trunk post-build hook: takes the `integrity` attribute off the wasm's <link rel="preload">.
// Chromium ignores integrity on a preload with as="fetch" and warns about it on every load
// (crbug.com/981419); the JS module's preload keeps its integrity. Fails the build if the
// preload is missing, so a change in trunk's output cannot go unnoticed.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const file = path.join(process.env.TRUNK_STAGING_DIR ?? "dist", "index.html");
const html = readFileSync(file, "utf8");
const preload = /<link rel="preload"[^>]*as="fetch" type="application\/wasm"[^>]*>/;
const link = html.match(preload)?.[0];
if (!link) {
  console.error(`${file}: no <link rel="preload"> of the wasm to adjust`);
  process.exit(1);
}
writeFileSync(file, html.replace(link, link.replace(/ integrity="[^"]*"/, "")));
