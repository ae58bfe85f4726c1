// Embed mode: the example host page embeds the builder with <muster-builder> (web/embed.js),
// receives its postMessage updates as DOM events, and sees a new one after an edit in the
// iframe; the embedded builder has no navigation; the URL presets the request and context; the
// messages go only to the origin the URL names.

import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, test, before, after } from 'node:test';

import { appSuite, launchBrowser, openApp, serveDist, screenshot } from './harness.mjs';

const withApp = appSuite();
const HOST = { hash: 'embed-example.html', ready: 'builder' };
const byTestId = (id) => `[data-testid="${id}"]`;

/** Records every message the page's window receives (before the app starts). */
async function recordMessages(page) {
  await page.context().addInitScript(() => {
    window.__messages = [];
    window.addEventListener('message', (e) => window.__messages.push({ origin: e.origin, data: e.data }));
  });
}

const lastUpdate = (page) => page.evaluate(() => document.getElementById('builder').lastUpdate);

describe('embedding', () => {
  test('the host page receives the diagnostics, and a new message after an edit in the iframe', async () => {
    await withApp(HOST, async ({ page }) => {
      assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline scripts on the host page');
      const iframe = page.locator(byTestId('muster-builder-frame'));
      const src = new URL(await iframe.getAttribute('src'));
      assert.equal(src.searchParams.get('embed'), '1');
      assert.equal(src.searchParams.get('operation'), 'RegisterInstance');
      assert.equal(src.searchParams.get('parentOrigin'), new URL(page.url()).origin);
      assert.equal(await iframe.getAttribute('title'), 'muster RegisterInstance builder');

      // The first update: the preset request lacks the port its SRV record needs.
      await page.locator(byTestId('message')).first().waitFor();
      const first = await lastUpdate(page);
      assert.equal(first.type, 'muster:update');
      assert.equal(first.version, 1);
      assert.equal(first.operation, 'RegisterInstance');
      assert.deepEqual(first.request, {
        ServiceId: 'srv-p5zdwlg5uvvzjita',
        InstanceId: 'web-1',
        Attributes: { AWS_INSTANCE_IPV4: '10.0.0.7' },
      });
      assert.equal(typeof first.text, 'string');
      assert.equal(first.valid, false);
      const cm024 = first.diagnostics.find((d) => d.code === 'CM024');
      assert.ok(cm024, JSON.stringify(first.diagnostics));
      assert.deepEqual(Object.keys(cm024).sort(), ['code', 'docs', 'message', 'path', 'severity']);
      assert.equal(cm024.severity, 'error');
      assert.match(await page.getByTestId('summary').textContent(), /RegisterInstance: \d+ error/);
      assert.match(await page.locator(byTestId('message')).first().textContent(), /CM024/);

      // Editing in the iframe sends a new message.
      const frame = page.frameLocator(byTestId('muster-builder-frame'));
      await frame.getByTestId('instance-id').fill('web-2');
      await page.waitForFunction(() => document.getElementById('builder').lastUpdate?.request?.InstanceId === 'web-2');
      const fixed = { ...first.request, InstanceId: 'web-2', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.7', AWS_INSTANCE_PORT: '8080' } };
      await frame.getByTestId('json-editor').fill(JSON.stringify(fixed, null, 2));
      await page.waitForFunction(() => document.getElementById('builder').lastUpdate?.valid === true);
      const valid = await lastUpdate(page);
      assert.deepEqual(valid.request, fixed);
      assert.equal(valid.diagnostics.filter((d) => d.severity === 'error').length, 0);
      assert.equal(await page.getByTestId('summary').getAttribute('data-valid'), 'true');
      assert.ok((await page.locator(byTestId('message')).count()) >= 3);
      // One edit, one message: the JSON paste fires several input events, repeats are dropped.
      assert.equal(await page.locator(`${byTestId('message')}:has-text("valid, no findings")`).count(), 1);

      // Embed mode: no header, view tabs, footer or links to other views inside the frame.
      await frame.getByTestId('embed').waitFor();
      assert.equal(await frame.locator('header, nav, footer, [data-testid="view-nav"]').count(), 0);
      assert.equal(await frame.locator('a[href^="#/"]:visible').count(), 0);
      // The frame follows the builder's height.
      await page.waitForFunction(() => {
        const f = document.querySelector('[data-testid="muster-builder-frame"]');
        return f.style.height !== '640px' && parseInt(f.style.height, 10) > 400;
      });
      const fits = await page.evaluate(() => {
        const f = document.querySelector('[data-testid="muster-builder-frame"]');
        const doc = f.contentDocument;
        return doc.documentElement.scrollHeight <= f.clientHeight + 1;
      });
      assert.ok(fits, 'the iframe is as tall as the builder');
      const frameCsp = await page.evaluate(
        () => document.querySelector('[data-testid="muster-builder-frame"]').contentWindow.__cspViolations,
      );
      assert.deepEqual(frameCsp, [], 'no CSP violations inside the frame');
      await screenshot(page, 'embed-example-host');
    });
  });

  test('the URL presets the request and context; an unframed builder posts to its own origin', async () => {
    const request = {
      ServiceId: 'srv-p5zdwlg5uvvzjita',
      InstanceId: 'i-1',
      Attributes: { AWS_INSTANCE_IPV4: '10.1.2.3' },
    };
    const context = {
      service: { Name: 'api', DnsConfig: { RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'A', TTL: 30 }] } },
      namespace: { Name: 'corp.internal', Type: 'DNS_PRIVATE' },
    };
    const query = new URLSearchParams({
      embed: '1',
      operation: 'RegisterInstance',
      request: JSON.stringify(request),
      context: JSON.stringify(context),
    });
    await withApp({ hash: `?${query}`, ready: 'embed' }, async ({ page }) => {
      await recordMessages(page);
      await page.reload();
      await page.getByTestId('embed').waitFor();
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'i-1');
      assert.equal(await page.getByTestId('routing-policy').inputValue(), 'WEIGHTED');
      assert.equal(await page.getByTestId('record-SRV').isChecked(), false);
      assert.match(await page.getByTestId('context-preview').textContent(), /corp\.internal/);
      assert.equal(await page.locator('header, nav, footer').count(), 0);
      await page.waitForFunction(() => window.__messages.some((m) => m.data?.type === 'muster:update'));
      const update = await page.evaluate(() => window.__messages.find((m) => m.data?.type === 'muster:update'));
      assert.equal(update.origin, new URL(page.url()).origin);
      assert.deepEqual(update.data.request, request);
      // A and no SRV: the seed's port is not needed, so the request is valid.
      assert.equal(update.data.valid, true, JSON.stringify(update.data.diagnostics));
      await page.getByTestId('instance-id').fill('bad id!');
      await page.waitForFunction(() =>
        window.__messages.some((m) => m.data?.type === 'muster:update' && m.data.diagnostics.some((d) => d.code === 'CM003')),
      );
      assert.ok(await page.evaluate(() => window.__messages.some((m) => m.data?.type === 'muster:resize' && m.data.height > 0)));
      await screenshot(page, 'embed-register-instance');
    });
  });

  test('RegisterContainerInstance embeds the same way, and context=none checks without a service', async () => {
    const request = { cluster: 'prod', instanceIdentityDocument: '{"instanceId":"i-1","region":"us-east-1"}' };
    const query = new URLSearchParams({ embed: '1', operation: 'RegisterContainerInstance', request: JSON.stringify(request) });
    await withApp({ hash: `?${query}`, ready: 'embed' }, async ({ page }) => {
      await recordMessages(page);
      await page.reload();
      await page.getByTestId('ci-status').waitFor();
      assert.equal(await page.getByTestId('ci-field-cluster').inputValue(), 'prod');
      assert.equal(await page.locator('header, nav, footer').count(), 0);
      await page.waitForFunction(() => window.__messages.some((m) => m.data?.type === 'muster:update'));
      const update = await page.evaluate(() => window.__messages.find((m) => m.data?.type === 'muster:update').data);
      assert.equal(update.operation, 'RegisterContainerInstance');
      assert.deepEqual(update.request, request);
      await screenshot(page, 'embed-container-instance');
    });
    await withApp({ hash: '?embed=1&context=none', ready: 'embed' }, async ({ page }) => {
      assert.equal(await page.getByTestId('without-service').isChecked(), true);
      await page.locator(`${byTestId('diagnostic')}[data-code="CM090"]`).waitFor();
    });
  });

  test('the host puts a new request in the running builder with setRequest, and only the host can', async () => {
    await withApp(HOST, async ({ page }) => {
      await page.locator(byTestId('message')).first().waitFor();
      const frame = page.frameLocator(byTestId('muster-builder-frame'));
      const pushed = {
        ServiceId: 'srv-p5zdwlg5uvvzjita',
        InstanceId: 'pushed-1',
        Attributes: { AWS_INSTANCE_IPV4: '10.0.0.8', AWS_INSTANCE_PORT: '8080' },
      };
      await page.evaluate((request) => document.getElementById('builder').setRequest(request, 'none'), pushed);
      await page.waitForFunction(() => document.getElementById('builder').lastUpdate?.request?.InstanceId === 'pushed-1');
      const update = await lastUpdate(page);
      assert.deepEqual(update.request, pushed);
      assert.equal(update.valid, true, JSON.stringify(update.diagnostics));
      assert.ok(update.diagnostics.some((d) => d.code === 'CM090'), 'context "none": checked without a service');
      assert.equal(await frame.getByTestId('instance-id').inputValue(), 'pushed-1');

      // A message the builder cannot use is answered with muster:error, and nothing changes.
      const error = page.evaluate(() => new Promise((resolve) => {
        document.getElementById('builder').addEventListener('muster:error', (e) => resolve(e.detail), { once: true });
      }));
      await page.evaluate(() => document.getElementById('builder').setRequest(42));
      assert.match((await error).message, /object or a JSON string/);

      // Any other window is not heard: here the builder's own window posting to itself.
      await frame.locator('body').evaluate(() =>
        window.postMessage({ type: 'muster:set', version: 1, request: { InstanceId: 'not-the-host' } }, '*'));
      await page.waitForTimeout(400);
      assert.equal((await lastUpdate(page)).request.InstanceId, 'pushed-1');
      assert.equal(await frame.getByTestId('instance-id').inputValue(), 'pushed-1');

      // The example page's own button does the same.
      await page.getByTestId('load-fixed').click();
      await page.waitForFunction(() => document.getElementById('builder').lastUpdate?.request?.InstanceId === 'web-1');
      assert.equal((await lastUpdate(page)).request.Attributes.AWS_INSTANCE_PORT, '8080');

      // Called before the builder has started, the request waits for it.
      await page.evaluate(() => {
        const element = document.createElement('muster-builder');
        element.id = 'second';
        element.setAttribute('operation', 'RegisterContainerInstance');
        document.body.append(element);
        element.setRequest('{"cluster": "pushed-cluster"}');
      });
      await page.waitForFunction(() => document.getElementById('second').lastUpdate?.request?.cluster === 'pushed-cluster');
    });
  });

  test('an unknown operation is reported in the frame and to the parent', async () => {
    await withApp({ hash: '?embed=1&operation=CreateService', ready: 'embed' }, async ({ page }) => {
      assert.match(await page.getByTestId('embed-error').textContent(), /Unknown operation "CreateService"/);
    });
  });
});

describe('embedding: message targets', () => {
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

  test('a builder that cannot start tells the framing page at parentOrigin, on another origin', async () => {
    // The host page on a second local server: another origin (another port) framing the app.
    const frameUrl = (hostOrigin) =>
      `${server.url}?embed=1&operation=CreateService&parentOrigin=${encodeURIComponent(hostOrigin)}`;
    const hostServer = http.createServer((req, res) => {
      const hostOrigin = `http://127.0.0.1:${hostServer.address().port}`;
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>host</title><script>
        window.__messages = [];
        window.addEventListener('message', (e) => window.__messages.push({ origin: e.origin, data: e.data }));
      </script><iframe src="${frameUrl(hostOrigin)}"></iframe>`);
    });
    await new Promise((resolve) => hostServer.listen(0, '127.0.0.1', resolve));
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${hostServer.address().port}/`);
      await page.waitForFunction(() => window.__messages.some((m) => m.data?.type === 'muster:error'), null, { timeout: 15_000 });
      const error = await page.evaluate(() => window.__messages.find((m) => m.data?.type === 'muster:error'));
      assert.equal(error.origin, new URL(server.url).origin);
      assert.deepEqual(Object.keys(error.data).sort(), ['message', 'type', 'version']);
      assert.match(error.data.message, /Unknown operation "CreateService"/);
    } finally {
      await context.close();
      await new Promise((resolve) => hostServer.close(resolve));
    }
  });

  test('messages go only to the parentOrigin the URL names', async () => {
    const app = await openApp(browser, server.url, {
      hash: `?embed=1&parentOrigin=${encodeURIComponent('https://docs.example.com')}`,
      ready: 'embed',
    });
    try {
      await recordMessages(app.page);
      await app.page.reload();
      await app.page.getByTestId('status').waitFor();
      await app.page.getByTestId('instance-id').fill('web-9');
      await app.page.waitForTimeout(300);
      // This page is not at https://docs.example.com, so the browser delivered nothing.
      assert.deepEqual(await app.page.evaluate(() => window.__messages), []);
    } finally {
      await app.close();
    }
  });
});
