// The scenario: autosave and restore across a reload, an unreadable autosave, share links opened
// in a fresh browser, scenario files (export, import by file input and by drop), ?src= documents
// fetched from a second local server (success, loading state, 404, oversize, non-JSON, no CORS,
// timeout, a bare request), and the examples menu.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { appSuite, screenshot } from './harness.mjs';

const withApp = appSuite();
const KEY = 'muster.scenario';
const ASIDE = 'muster.scenario.unreadable';
/** The header is there in every view, so it says the app has mounted wherever it opens. */
const ANY_VIEW = { ready: 'scenario-menu' };

async function expectValid(page, valid, testid = 'status') {
  await page.waitForFunction(
    ([id, want]) => document.querySelector(`[data-testid="${id}"]`)?.dataset.valid === want,
    [testid, String(valid)],
  );
}

/** Waits until the autosave holds `text`; returns the saved document. */
async function savedWith(page, text) {
  await page.waitForFunction(
    ([key, want]) => (localStorage.getItem(key) ?? '').includes(want),
    [KEY, text],
  );
  return JSON.parse(await page.evaluate((key) => localStorage.getItem(key), KEY));
}

/** The notice of a kind (`done`, `problem`, `loading`) once it is shown; returns its text. */
async function notice(page, kind) {
  const el = page.locator(`[data-testid="scenario-notice"][data-kind="${kind}"]`);
  await el.first().waitFor({ timeout: 15_000 });
  return el.first().getByTestId('scenario-notice-text').textContent();
}

async function openMenu(page) {
  if ((await page.getByTestId('scenario-menu').getAttribute('open')) === null) {
    await page.getByTestId('scenario-menu-open').click();
  }
}

/** Drops expected failures (the ?src= server's 404s, aborted bodies) from the app's problems. */
function allow(problems, pattern) {
  for (let i = problems.length - 1; i >= 0; i -= 1) {
    if (pattern.test(problems[i])) problems.splice(i, 1);
  }
}

/** A second server on 127.0.0.1 that serves the documents ?src= names, with CORS. */
const SCENARIO = {
  format: 'muster-scenario',
  version: 2,
  cloudMap: {
    request: JSON.stringify(
      { ServiceId: 'srv-p5zdwlg5uvvzjita', InstanceId: 'from-src-1', Attributes: { AWS_INSTANCE_IPV4: '10.9.9.9', AWS_INSTANCE_PORT: '808' } },
      null,
      2,
    ),
  },
};
const BARE_CI = {
  cluster: 'from-src-cluster',
  totalResources: [
    { name: 'CPU', type: 'INTEGER', integerValue: 2048 },
    { name: 'MEMORY', type: 'INTEGER', integerValue: 7680 },
  ],
};

let sources;
before(async () => {
  const big = Buffer.alloc(1.5 * 1024 * 1024, 0x20);
  const cors = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
  const json = (body) => ({ ...cors, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const send = (status, headers, body) => res.writeHead(status, headers).end(body);
    switch (pathname) {
      case '/scenario.json': {
        const body = JSON.stringify(SCENARIO);
        return send(200, json(body), body);
      }
      case '/slow.json': {
        const body = JSON.stringify(SCENARIO);
        return setTimeout(() => send(200, json(body), body), 1500);
      }
      case '/request.json': {
        const body = JSON.stringify(BARE_CI);
        return send(200, json(body), body);
      }
      case '/big.json':
        return send(200, { ...cors, 'content-type': 'application/json', 'content-length': big.length }, big);
      case '/big-chunked.json':
        // No Content-Length: only the real length can tell.
        res.writeHead(200, { ...cors, 'content-type': 'application/json' });
        res.write(big.subarray(0, 700_000));
        return res.end(big.subarray(700_000));
      case '/page.html': {
        const body = '<!doctype html><title>Hello</title><p>Not a scenario</p>';
        return send(200, { ...cors, 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) }, body);
      }
      case '/no-cors.json': {
        const body = JSON.stringify(SCENARIO);
        return send(200, { 'content-type': 'application/json' }, body);
      }
      case '/hang.json':
        // Headers, then nothing: the page must give up after its timeout.
        res.writeHead(200, { ...cors, 'content-type': 'application/json' });
        res.write('{');
        return undefined;
      default:
        return send(404, { ...cors, 'content-type': 'text/plain' }, 'not found');
    }
  });
  server.keepAliveTimeout = 1;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  sources = {
    url: (p) => `http://127.0.0.1:${server.address().port}${p}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
});
after(async () => {
  await sources?.close();
});

const src = (p, hash = '') => ({ ...ANY_VIEW, hash: `?src=${encodeURIComponent(sources.url(p))}${hash}` });

describe('autosave', () => {
  test('an edit survives a reload', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('instance-id').fill('kept-after-reload');
      await page.getByTestId('tab-placement').click();
      await page.getByTestId('pl-seed').fill('4242');
      const saved = await savedWith(page, '4242');
      assert.equal(saved.format, 'muster-scenario');
      assert.equal(saved.version, 2);
      assert.match(saved.cloudMap.request, /kept-after-reload/);
      await page.reload();
      await page.getByTestId('pl-page').waitFor();
      assert.equal(await page.getByTestId('pl-seed').inputValue(), '4242');
      await page.getByTestId('tab-register-instance').click();
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'kept-after-reload');
      assert.equal(await page.getByTestId('scenario-notice').count(), 0);
    });
  });

  test('an unreadable autosave is reported, moved aside, and the app starts from the defaults', async () => {
    await withApp({}, async ({ page }) => {
      const corrupt = '{"format":"muster-scenario","version":2,"cloudMap":{"request":"trunc';
      // Once the first autosave is written nothing is pending that could overwrite the value.
      await savedWith(page, '"format":"muster-scenario"');
      await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, corrupt]);
      await page.reload();
      await page.getByTestId('status').waitFor();
      const text = await notice(page, 'problem');
      assert.match(text, /saved scenario could not be read/);
      assert.match(text, /not JSON/);
      assert.match(text, new RegExp(ASIDE.replace('.', '\\.')));
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'myservice-53');
      assert.equal(await page.evaluate((k) => localStorage.getItem(k), ASIDE), corrupt);
      await expectValid(page, true);
      await screenshot(page, 'scenario-unreadable-autosave');
      // The defaults are saved over it; the aside copy stays.
      await page.getByTestId('scenario-dismiss').click();
      assert.equal(await page.getByTestId('scenario-notice').count(), 0);

      // Another tool's JSON under the key: a foreign value, same handling.
      await savedWith(page, '"format":"muster-scenario"');
      await page.evaluate((k) => localStorage.setItem(k, '{"theme":"dark"}'), KEY);
      await page.reload();
      await page.getByTestId('status').waitFor();
      assert.match(await notice(page, 'problem'), /not a muster scenario/);
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'myservice-53');
    });
  });
});

describe('share link', () => {
  test('opened in a fresh browser context, the link restores the same scenario', async () => {
    let link;
    let original;
    await withApp({}, async ({ page }) => {
      await page.getByTestId('instance-id').fill('shared-7');
      await page.getByTestId('tab-container-instance').click();
      await page.getByTestId('ci-status').waitFor();
      original = await savedWith(page, 'shared-7');
      await openMenu(page);
      await page.getByTestId('scenario-share').click();
      await page.getByTestId('scenario-share-status').filter({ hasText: 'Copied' }).waitFor();
      link = await page.getByTestId('scenario-share-link').inputValue();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
      assert.match(link, /#\/container-instance\?s=[A-Za-z0-9_-]+$/);
      await screenshot(page, 'scenario-menu-share');
      // Escape closes the menu and puts focus back on its button.
      await page.keyboard.press('Escape');
      assert.equal(await page.getByTestId('scenario-menu').getAttribute('open'), null);
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'scenario-menu-open');
    });
    const hash = link.slice(link.indexOf('#'));
    await withApp({ hash, ready: 'ci-status' }, async ({ page }) => {
      assert.match(await notice(page, 'done'), /from the link/);
      // The link is read once: the URL keeps the view, not the payload.
      assert.ok(page.url().endsWith('#/container-instance'), page.url());
      const restored = await savedWith(page, 'shared-7');
      assert.deepEqual(restored, original);
      await page.getByTestId('tab-register-instance').click();
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'shared-7');
      // Undo puts back what this browser had (the defaults).
      await page.getByTestId('scenario-undo').click();
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'myservice-53');
    });
  });

  test('a broken link says so and keeps the app usable', async () => {
    await withApp({ hash: '#/register-instance?s=not-a-real-payload' }, async ({ page }) => {
      assert.match(await notice(page, 'problem'), /link's scenario cannot be read/);
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'myservice-53');
    });
  });
});

describe('scenario file', () => {
  test('export, start over, import by file input and by drop', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('instance-id').fill('exported-3');
      await savedWith(page, 'exported-3');
      await openMenu(page);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('scenario-export').click(),
      ]);
      assert.equal(download.suggestedFilename(), 'muster-scenario.json');
      const text = fs.readFileSync(await download.path(), 'utf8');
      const doc = JSON.parse(text);
      assert.equal(doc.format, 'muster-scenario');
      assert.match(doc.cloudMap.request, /exported-3/);

      await openMenu(page);
      await page.getByTestId('scenario-reset').click();
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'myservice-53');

      await openMenu(page);
      await page.getByTestId('scenario-import-file').setInputFiles({
        name: 'muster-scenario.json',
        mimeType: 'application/json',
        buffer: Buffer.from(text),
      });
      assert.match(await notice(page, 'done'), /from muster-scenario\.json/);
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'exported-3');

      await openMenu(page);
      await page.getByTestId('scenario-reset').click();
      await openMenu(page);
      await page.getByTestId('scenario-drop').evaluate((zone, content) => {
        const data = new DataTransfer();
        data.items.add(new File([content], 'dropped.json', { type: 'application/json' }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, text);
      assert.match(await notice(page, 'done'), /from dropped\.json/);
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'exported-3');

      // A file that is not a scenario is refused with the reason; nothing changes.
      await openMenu(page);
      await page.getByTestId('scenario-import-file').setInputFiles({
        name: 'notes.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{"format": "something-else", "version": 1}'),
      });
      assert.match(await notice(page, 'problem'), /Could not import notes\.json: .*"something-else"/);
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'exported-3');
    });
  });
});

describe('?src=', () => {
  test('a scenario file is fetched with a loading notice, then loaded', async () => {
    await withApp(src('/slow.json'), async ({ page }) => {
      assert.match(await notice(page, 'loading'), /^Loading http:\/\/127\.0\.0\.1:\d+\/slow\.json/);
      await screenshot(page, 'scenario-src-loading');
      assert.match(await notice(page, 'done'), /Loaded the scenario from http:\/\/127\.0\.0\.1:\d+\/slow\.json/);
      assert.equal(await page.locator('[data-kind="loading"]').count(), 0);
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'from-src-1');
      // Loaded once: the URL drops ?src= so a reload keeps later edits.
      assert.ok(!page.url().includes('src='), page.url());
    });
  });

  test('a bare request goes to its builder', async () => {
    await withApp(src('/request.json'), async ({ page }) => {
      assert.match(await notice(page, 'done'), /RegisterContainerInstance request/);
      await page.getByTestId('ci-status').waitFor();
      assert.equal(await page.locator('main').getAttribute('data-view'), 'container-instance');
    });
  });

  test('failures are explained: HTTP status, size, format, CORS', async () => {
    const cases = [
      ['/missing.json', /HTTP 404 Not Found/, /404/],
      ['/big.json', /1572864 bytes; muster loads documents up to 1 MiB/, /big\.json/],
      ['/big-chunked.json', /1572864 bytes; muster loads documents up to 1 MiB/, /^$/],
      ['/page.html', /It is not JSON/, /^$/],
      ['/no-cors.json', /CORS/, /no-cors\.json|CORS|Access-Control|ERR_FAILED/],
    ];
    for (const [path, message, expected] of cases) {
      await withApp(src(path), async ({ page, problems }) => {
        const text = await notice(page, 'problem');
        assert.match(text, /^Could not load http:\/\/127\.0\.0\.1:\d+\//);
        assert.match(text, message);
        // Nothing was loaded: the defaults stay.
        assert.equal(await page.getByTestId('instance-id').inputValue(), 'myservice-53');
        if (path === '/missing.json') await screenshot(page, 'scenario-src-404');
        allow(problems, expected);
      });
    }
  });

  test('a server that never finishes is given up on after 10 seconds', async () => {
    await withApp(src('/hang.json'), async ({ page, problems }) => {
      await notice(page, 'loading');
      const text = await notice(page, 'problem');
      assert.match(text, /within 10 seconds/);
      allow(problems, /hang\.json/);
    });
  });

  test('a URL that is not http(s) is refused without fetching', async () => {
    await withApp({ ...ANY_VIEW, hash: '?src=javascript:alert(1)' }, async ({ page }) => {
      assert.match(await notice(page, 'problem'), /must be an http:\/\/ or https:\/\/ URL/);
    });
  });
});

describe('examples', () => {
  test('each example loads into its view, valid', async () => {
    const examples = [
      ['srv', 'registry', 'registry-page'],
      ['alias', 'register-instance', 'status'],
      ['bridge', 'placement', 'pl-page'],
      ['three-az', 'cluster', 'cluster-page'],
      ['seed', 'register-instance', 'status'],
    ];
    await withApp({}, async ({ page }) => {
      for (const [slug, view, ready] of examples) {
        await openMenu(page);
        await page.getByTestId(`example-${slug}`).click();
        assert.match(await notice(page, 'done'), /Loaded the example/);
        await page.getByTestId(ready).waitFor();
        assert.equal(await page.locator('main').getAttribute('data-view'), view);
        if (ready === 'status') await expectValid(page, true);
        if (slug === 'alias') {
          assert.match(await page.getByTestId('instance-id').inputValue(), /web-alb/);
        }
        if (slug === 'srv') {
          await page.getByTestId('registry-page').getByText('api-3').first().waitFor();
        }
        if (slug === 'bridge') {
          await page.locator('[data-testid="pl-registration"][data-valid="true"]').first().waitFor();
        }
        if (slug === 'three-az') {
          for (const zone of ['us-east-1a', 'us-east-1b', 'us-east-1c']) {
            await page.getByTestId('cluster-page').getByText(zone).first().waitFor();
          }
        }
        await screenshot(page, `scenario-example-${slug}`);
      }
    });
  });
});
