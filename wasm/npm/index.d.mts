export * from "./muster_wasm.js";
/** No-op in Node, where the module is ready on import; kept for parity with the browser build. */
export default function init(options?: unknown): Promise<void>;
/** No-op in Node, kept for parity with the browser build. */
export function initSync(options?: unknown): void;
