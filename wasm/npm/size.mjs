// Writes a size report of the package's wasm as Markdown to stdout:
//   node wasm/npm/size.mjs SHIPPED.wasm NAMED.wasm [GZIPPED_BYTES]
// SHIPPED is the file in pkg/ (its bytes and gzip size are what users download); NAMED is the same
// module optimised the same way but with its name section kept, so each function body can be named.
// GZIPPED_BYTES is `gzip -9` of SHIPPED as measured by the caller (zlib's level 9 when left out).
// Reads the binary format directly: section sizes, code-section body sizes, the name section.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";

const SECTIONS = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count", "tag"];

class Reader {
  constructor(bytes, pos = 0) {
    this.bytes = bytes;
    this.pos = pos;
  }
  u8() {
    return this.bytes[this.pos++];
  }
  leb() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.u8();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }
  name() {
    const len = this.leb();
    const text = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return text;
  }
}

/** The module's sections: `{ id, name, start, end, size }` (size includes the section header). */
function sections(bytes) {
  const r = new Reader(bytes, 8);
  const out = [];
  while (r.pos < bytes.length) {
    const headerStart = r.pos;
    const id = r.u8();
    const size = r.leb();
    const start = r.pos;
    let name = SECTIONS[id] ?? `unknown ${id}`;
    if (id === 0) name = `custom "${new Reader(bytes, start).name()}"`;
    out.push({ id, name, start, end: start + size, size: start + size - headerStart });
    r.pos = start + size;
  }
  return out;
}

/** Body size of each defined function, by function index. */
function bodySizes(bytes, all) {
  const imported = importedFunctions(bytes, all);
  const code = all.find((s) => s.id === 10);
  const r = new Reader(bytes, code.start);
  const count = r.leb();
  const sizes = new Map();
  for (let i = 0; i < count; i++) {
    const before = r.pos;
    const size = r.leb();
    r.pos += size;
    sizes.set(imported + i, r.pos - before);
  }
  return sizes;
}

function importedFunctions(bytes, all) {
  const section = all.find((s) => s.id === 2);
  if (!section) return 0;
  const r = new Reader(bytes, section.start);
  let functions = 0;
  const count = r.leb();
  for (let i = 0; i < count; i++) {
    r.name();
    r.name();
    const kind = r.u8();
    if (kind === 0) {
      functions++;
      r.leb();
    } else if (kind === 1) {
      r.u8();
      limits(r);
    } else if (kind === 2) {
      limits(r);
    } else if (kind === 3) {
      r.u8();
      r.u8();
    } else if (kind === 4) {
      r.u8();
      r.leb();
    }
  }
  return functions;
}

function limits(r) {
  const flags = r.u8();
  r.leb();
  if (flags & 1) r.leb();
}

/** Function names from the `name` custom section (subsection 1). */
function functionNames(bytes, all) {
  const names = new Map();
  const section = all.find((s) => s.name === 'custom "name"');
  if (!section) return names;
  const r = new Reader(bytes, section.start);
  r.name();
  while (r.pos < section.end) {
    const id = r.u8();
    const size = r.leb();
    const end = r.pos + size;
    if (id === 1) {
      const count = r.leb();
      for (let i = 0; i < count; i++) {
        const index = r.leb();
        names.set(index, r.name());
      }
    }
    r.pos = end;
  }
  return names;
}

/** The crate a function comes from: `<f64 as core[1a2b]::fmt::Display>::fmt` -> `core`. */
function crateOf(name) {
  if (/ shim$/.test(name)) return "export shims (wasm-bindgen; each export's body inlined)";
  const m = /([A-Za-z_][A-Za-z0-9_]*)::/.exec(unhash(name));
  if (m) return m[1];
  return name.startsWith("<") ? "core" : "(unnamed)";
}

const unhash = (name) => name.replaceAll(/\[[0-9a-f]{16}\]/g, "").replace(/::h[0-9a-f]{16}$/, "");
const tidy = (name) => unhash(name).replaceAll("|", "\\|");
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const pct = (n, total) => `${((100 * n) / total).toFixed(1)}%`;

const [shippedFile, namedFile, gzipped] = process.argv.slice(2);
const shipped = readFileSync(shippedFile);
const named = readFileSync(namedFile);
const gzip = gzipped ? Number(gzipped) : gzipSync(shipped, { level: 9 }).length;
const shippedSections = sections(shipped);
const namedSections = sections(named);
const sizes = bodySizes(named, namedSections);
const names = functionNames(named, namedSections);
const codeTotal = [...sizes.values()].reduce((a, b) => a + b, 0);

const functions = [...sizes.entries()]
  .map(([index, size]) => ({ name: names.get(index) ?? `func[${index}]`, size }))
  .sort((a, b) => b.size - a.size);
const crates = new Map();
for (const f of functions) crates.set(crateOf(f.name), (crates.get(crateOf(f.name)) ?? 0) + f.size);

const lines = [
  `# ${path.basename(shippedFile)} size`,
  "",
  `${shipped.length} bytes (${kib(shipped.length)}), ${gzip} bytes gzipped (gzip -9, ${kib(gzip)}), ${sizes.size} functions.`,
  "",
  "## Sections",
  "",
  "| section | bytes | share |",
  "|---|---:|---:|",
  ...shippedSections
    .slice()
    .sort((a, b) => b.size - a.size)
    .map((s) => `| ${s.name} | ${s.size} | ${pct(s.size, shipped.length)} |`),
  "",
  "## Code by crate",
  "",
  "| crate | bytes | share of code |",
  "|---|---:|---:|",
  ...[...crates.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([crate, size]) => `| ${crate} | ${size} | ${pct(size, codeTotal)} |`),
  "",
  "## Top 15 functions",
  "",
  "| function | bytes | share of code |",
  "|---|---:|---:|",
  ...functions.slice(0, 15).map((f) => `| \`${tidy(f.name)}\` | ${f.size} | ${pct(f.size, codeTotal)} |`),
  "",
];
process.stdout.write(lines.join("\n"));
