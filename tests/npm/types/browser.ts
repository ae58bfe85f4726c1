// The browser build's own entry points, as a bundler project sees them: init() with the wasm's
// location and the instantiated module back, initSync() with the bytes.
import init, { initSync, validate } from "muster-wasm";
import type { InitInput, InitOutput } from "muster-wasm";

const output: InitOutput = await init({ module_or_path: new URL("/static/muster_wasm_bg.wasm", "https://example.com") });
const memory: WebAssembly.Memory = output.memory;
const fromFetch: InitInput = fetch("/muster_wasm_bg.wasm") as unknown as Response;
await init({ module_or_path: fromFetch });
initSync({ module: new Uint8Array([0, 97, 115, 109]) });
const ok: boolean = validate("RegisterInstance", "{}").valid;

export { memory, ok };
