// Starts the muster app. trunk would inline this loader into index.html; as a file it lets the
// page's Content-Security-Policy forbid inline scripts. Trunk.toml's pattern_script puts the
// hashed names of the wasm-bindgen module and the .wasm file on the <script> tag.
const tag = document.querySelector('script[data-muster-js]');

// A theme forced by the header's switch, applied before the app loads so the page does not show
// the system theme first (the app applies and stores later choices; see web/src/state/theme.rs).
try {
  const theme = localStorage.getItem('muster.theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {
  // Storage disabled: follow the system.
}

try {
  const { default: init } = await import(tag.dataset.musterJs);
  await init({ module_or_path: tag.dataset.musterWasm });
  dispatchEvent(new CustomEvent('TrunkApplicationStarted'));
} catch (error) {
  const root = document.getElementById('app');
  if (root) {
    root.textContent = `muster could not start: ${error}`;
    root.classList.add('boot-error');
  }
  throw error;
}
