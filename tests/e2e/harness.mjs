// Serves an already built dist/ (from `trunk build --offline`) on 127.0.0.1 and a free port, and
// drives it in headless Chromium through playwright-core. Builds nothing itself.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const SCREENSHOTS = path.join(ROOT, 'target', 'screenshots');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Starts a static server for `root`; resolves to `{ url, close }`. */
export async function serveDist(root = DIST) {
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) {
    throw new Error(
      `${index} is missing. Build the app first: cd ${ROOT} && trunk build --offline (or --release).`,
    );
  }
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = path.resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}`);
        return;
      }
      res.writeHead(200, {
        'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Launches headless Chromium (the system one; playwright cannot download browsers here). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Opens the app in a fresh context and waits until it has mounted. Collects console errors and
 * warnings, page errors, failed requests and CSP violations; `assertClean()` throws if there were any.
 * `hash` opens a view directly (`#/registry`); `ready` is the test id that says it has mounted
 * (the builder's `status` badge by default).
 */
export async function openApp(
  browser,
  url,
  { viewport = { width: 1280, height: 900 }, colorScheme = 'light', hash = '', ready = 'status' } = {},
) {
  const context = await browser.newContext({ viewport, colorScheme });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  // Runs before the page's own scripts and is not subject to its CSP.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    // Warnings too: Chromium warns about what it ignores (an integrity it cannot check, say).
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(url + hash);
  await page.getByTestId(ready).waitFor({ timeout: 30_000 });
  return {
    context,
    page,
    problems,
    async assertClean() {
      const csp = await page.evaluate(() => window.__cspViolations);
      const all = [...problems, ...csp.map((v) => `CSP violation: ${v}`)];
      if (all.length > 0) throw new Error(`the page reported problems:\n${all.join('\n')}`);
    },
    close: () => context.close(),
  };
}

/** Saves a full-page screenshot to target/screenshots/NAME.png and returns its path. */
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  // Finished transitions (bar widths) so the picture shows the settled page.
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/**
 * Registers the suite's hooks (serve dist/, launch Chromium; close both after) and returns
 * `withApp(options, fn)`: opens the app with `openApp`, runs `fn(app)`, then checks the page
 * reported no errors or CSP violations, and closes it whatever happened.
 */
export function appSuite() {
  let server;
  let browser;
  before(async () => {
    server = await serveDist();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return async function withApp(options, fn) {
    const app = await openApp(browser, server.url, options);
    try {
      await fn(app);
      await app.assertClean();
    } finally {
      await app.close();
    }
  };
}
