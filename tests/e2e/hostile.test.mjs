// Hostile input in the app: a multi-megabyte request, JSON nested 100,000 deep, invisible and
// right-to-left characters, and a 10,000-character cluster query expression pasted into the
// editors. Each gets a diagnostic within seconds, the page keeps answering, and nothing is
// logged as an error (a panic in the wasm would be).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { appSuite } from './harness.mjs';

const withApp = appSuite();

const byTestId = (id) => `[data-testid="${id}"]`;
const inList = (page, code) => page.locator(`${byTestId('diagnostics')} ${byTestId('diagnostic')}[data-code="${code}"]`);
/** How long the page may take to show the finding for one pasted input. */
const ANSWER_MS = 10_000;

const ADDRESS = { AWS_INSTANCE_IPV4: '172.2.1.3', AWS_INSTANCE_PORT: '808' };
const request = (attributes, extra = {}) => ({
  ServiceId: 'srv-p5zdwlg5uvvzjita',
  InstanceId: 'myservice-53',
  Attributes: attributes,
  ...extra,
});

/** A round trip to the page: it must come back quickly, so the main thread is free. */
async function assertResponsive(page, what) {
  const start = Date.now();
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  const took = Date.now() - start;
  assert.ok(took < 2_000, `${what}: a page.evaluate round trip took ${took} ms`);
}

/** Fills `testId` with `text`, then waits for `code` in the diagnostics list; returns the ms. */
async function pasteAndExpect(page, testId, text, code, list = (c) => inList(page, c)) {
  const start = Date.now();
  await page.getByTestId(testId).fill(text);
  await list(code).first().waitFor({ timeout: ANSWER_MS });
  return Date.now() - start;
}

async function expectInvalid(page, statusId) {
  await page.waitForFunction(
    (id) => document.querySelector(`[data-testid="${id}"]`)?.dataset.valid === 'false',
    statusId,
    { timeout: ANSWER_MS },
  );
}

describe('hostile input in the app', () => {
  test('a multi-megabyte request in the RegisterInstance editor is answered in seconds', async () => {
    await withApp({}, async ({ page }) => {
      const blob = 'a'.repeat(4 * 1024 * 1024);
      const took = await pasteAndExpect(page, 'json-editor', JSON.stringify(request({ ...ADDRESS, blob })), 'CM006');
      await expectInvalid(page, 'status');
      await inList(page, 'CM008').waitFor();
      assert.ok(took < ANSWER_MS, `took ${took} ms`);
      await assertResponsive(page, 'after 4 MB');
      // The view still works: a normal request is valid again.
      await page.getByTestId('json-editor').fill(JSON.stringify(request(ADDRESS), null, 2));
      await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.dataset.valid === 'true');
      await assertResponsive(page, 'after the fix');
    });
  });

  test('JSON nested 100,000 deep is a JSON001 finding, in both request editors', async () => {
    const deep = `{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": {"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    await withApp({}, async ({ page }) => {
      await pasteAndExpect(page, 'json-editor', deep, 'JSON001');
      await expectInvalid(page, 'status');
      assert.match(await inList(page, 'JSON001').first().textContent(), /recursion limit/);
      await assertResponsive(page, 'after deep JSON');
    });
    await withApp({ hash: '#/container-instance', ready: 'ci-status' }, async ({ page }) => {
      await pasteAndExpect(page, 'ci-json-editor', `{"cluster": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'JSON001');
      await expectInvalid(page, 'ci-status');
      await assertResponsive(page, 'after deep JSON in the ECS editor');
    });
  });

  test('lone surrogates, zero-width, right-to-left and NUL characters are named in the findings', async () => {
    await withApp({}, async ({ page }) => {
      const text = JSON.stringify(
        request({ ...ADDRESS, 'zero\u200Bwidth': 'v', rtl: 'a\u202Eb', nul: 'a\u0000b' }, { InstanceId: 'i-\u202E1' }),
      );
      await pasteAndExpect(page, 'json-editor', text, 'CM005');
      await expectInvalid(page, 'status');
      await inList(page, 'CM006').first().waitFor();
      await inList(page, 'CM003').first().waitFor();
      const messages = (await page.locator(`${byTestId('diagnostics')} ${byTestId('diagnostic')}`).allTextContents()).join('\n');
      for (const name of ['U+200B', 'U+202E', 'U+0000']) assert.ok(messages.includes(name), `${name} in\n${messages}`);
      // A lone surrogate written as an escape is not valid JSON; pasted raw it arrives as U+FFFD.
      await pasteAndExpect(page, 'json-editor', JSON.stringify(request({ ...ADDRESS, k: '\uD800' })), 'JSON001');
      await pasteAndExpect(page, 'json-editor', `{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": {"AWS_INSTANCE_IPV4": "172.2.1.3", "AWS_INSTANCE_PORT": "808", "k\uDC00": "\uD800"}}`, 'CM005');
      await assertResponsive(page, 'after invisible characters');
      // The form shows the names, and editing there still works.
      await page.getByTestId('instance-id').fill('myservice-\u200B53');
      await inList(page, 'CM003').first().waitFor();
      await assertResponsive(page, 'after a form edit');
    });
  });

  test('a 10,000-character placement constraint expression is refused at once', async () => {
    await withApp({ hash: '#/placement', ready: 'pl-page' }, async ({ page }) => {
      await page.getByTestId('pl-add-constraint').click();
      const expression = `attribute:stack == ${'x'.repeat(10_000)}`;
      const start = Date.now();
      await page.getByTestId('pl-constraint-value-0').fill(expression);
      await inList(page, 'PL009').first().waitFor({ timeout: ANSWER_MS });
      assert.ok(Date.now() - start < ANSWER_MS);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="pl-service-status"]')?.dataset.valid === 'false',
        undefined,
        { timeout: ANSWER_MS },
      );
      assert.equal(await page.getByTestId('pl-constraint-value-0').getAttribute('aria-invalid'), 'true');
      await assertResponsive(page, 'after a long expression');
      // Backtracking shapes just under the limit, planned: the page still answers.
      await page.getByTestId('pl-constraint-value-0').fill(`attribute:stack =~ ${'(a+)+'.repeat(50)}$ or attribute:stack =~ (a|aa)*b`);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="pl-service-status"]')?.dataset.valid === 'true',
        undefined,
        { timeout: ANSWER_MS },
      );
      await page.getByTestId('pl-plan').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="pl-stale"]')?.hidden === true, undefined, { timeout: ANSWER_MS });
      assert.ok((await page.getByTestId('pl-failure').count()) >= 1);
      await assertResponsive(page, 'after planning with backtracking regexes');
    });
  });

  test('a multi-megabyte and a deeply nested CreateService in the placement editor', async () => {
    await withApp({ hash: '#/placement', ready: 'pl-page' }, async ({ page }) => {
      const service = JSON.parse(await page.getByTestId('pl-service').inputValue());
      await page.getByTestId('pl-service').fill(JSON.stringify({ ...service, serviceName: 'x'.repeat(3 * 1024 * 1024) }));
      await page.waitForFunction(
        () => document.querySelector('[data-testid="pl-service-status"]')?.dataset.valid === 'false',
        undefined,
        { timeout: ANSWER_MS },
      );
      await assertResponsive(page, 'after a 3 MB service');
      await pasteAndExpect(page, 'pl-service', `{"serviceName": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'JSON001');
      await assertResponsive(page, 'after a deep service');
    });
  });
});
