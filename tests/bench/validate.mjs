// Validation throughput in Node: muster's validate (JSON text in) against AJV (JSON.parse, then a
// compiled JSON Schema of the same shapes) on the same 100,000 requests, and the latency of one
// validation of the largest valid RegisterInstance. Writes the corpus (JSON lines) to the path
// given, for the native and botocore runs. Prints one JSON object.
import { writeFileSync } from "node:fs";
import Ajv from "ajv";
import { validate } from "muster-wasm";
import { validationCorpus, largestRegisterInstance, schemas } from "./corpus.mjs";

const corpus = validationCorpus().map(({ operation, request }) => ({ operation, text: JSON.stringify(request) }));
if (process.argv[2]) writeFileSync(process.argv[2], corpus.map((c) => JSON.stringify({ operation: c.operation, request: JSON.parse(c.text) })).join("\n") + "\n");

const ajv = new Ajv({ allErrors: true, unicodeRegExp: true, strict: false });
const compiled = { RegisterInstance: ajv.compile(schemas.RegisterInstance), RegisterContainerInstance: ajv.compile(schemas.RegisterContainerInstance) };

function time(run) {
  run(); // warm
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

let musterInvalid = 0, ajvInvalid = 0, onlyMuster = 0, onlyAjv = 0;
for (const { operation, text } of corpus) {
  const m = !validate(operation, text).valid;
  const a = !compiled[operation](JSON.parse(text));
  musterInvalid += m; ajvInvalid += a; onlyMuster += m && !a; onlyAjv += a && !m;
}
const musterMs = time(() => { for (const { operation, text } of corpus) validate(operation, text); });
const ajvMs = time(() => { for (const { operation, text } of corpus) compiled[operation](JSON.parse(text)); });

const largest = JSON.stringify(largestRegisterInstance());
if (!validate("RegisterInstance", largest).valid) throw new Error("the latency request must be valid");
const samples = [];
for (let i = 0; i < 20000; i++) {
  const start = process.hrtime.bigint();
  validate("RegisterInstance", largest);
  samples.push(Number(process.hrtime.bigint() - start) / 1e3);
}
samples.sort((a, b) => a - b);
console.log(JSON.stringify({
  requests: corpus.length, musterMs, ajvMs, musterInvalid, ajvInvalid, onlyMuster, onlyAjv,
  largestChars: largest.length, p50Us: samples[Math.floor(samples.length * 0.5)], p99Us: samples[Math.floor(samples.length * 0.99)],
}));
