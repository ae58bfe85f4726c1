// The web app in headless Chromium: cold load to interactive (a fresh context each time, so
// nothing is cached), and keystroke to updated diagnostics on the largest valid RegisterInstance.
// Needs a built dist/ (`trunk build --release --offline`). Prints one JSON object.
import { launchBrowser, serveDist } from "../e2e/harness.mjs";
import { largestRegisterInstance } from "./corpus.mjs";

const LOADS = 7;
const KEYSTROKES = 200;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const server = await serveDist();
const browser = await launchBrowser();
try {
  // Cold load: from navigation start until the builder's status badge is in the page.
  const loads = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid="status"]')) {
          window.__interactive = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 30_000 });
    loads.push(await page.evaluate(() => window.__interactive));
    await context.close();
  }

  // Keystrokes: each input event alternates the InstanceId between a valid and an invalid value
  // (one character apart), and the time runs until the status badge says so.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId("status").waitFor({ timeout: 30_000 });
  const request = largestRegisterInstance();
  const text = JSON.stringify(request, null, 2);
  await page.getByTestId("json-editor").fill(text);
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.dataset.valid === "true");
  const samples = await page.evaluate(async ({ text, count }) => {
    const editor = document.querySelector('[data-testid="json-editor"]');
    const status = document.querySelector('[data-testid="status"]');
    const valid = text;
    const invalid = text.replace('"InstanceId": "i-0123456789abcdef0"', '"InstanceId": "i-0123456789abcdef "');
    const out = [];
    for (let i = 0; i < count; i++) {
      const next = i % 2 === 0 ? invalid : valid;
      const want = i % 2 === 0 ? "false" : "true";
      const start = performance.now();
      const done = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (status.dataset.valid === want) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(status, { attributes: true });
      });
      editor.value = next;
      editor.dispatchEvent(new Event("input", { bubbles: true }));
      out.push((await done) - start);
      // Let the frame finish before the next keystroke, as typing would.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    }
    return out;
  }, { text, count: KEYSTROKES });
  await context.close();

  console.log(JSON.stringify({
    coldLoadMs: median(loads),
    coldLoadMaxMs: Math.max(...loads),
    keystrokeP50Ms: percentile(samples, 0.5),
    keystrokeP95Ms: percentile(samples, 0.95),
    requestChars: JSON.stringify(request).length,
  }));
} finally {
  await browser.close();
  await server.close();
}
