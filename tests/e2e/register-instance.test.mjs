// The RegisterInstance builder in Chromium: validity, diagnostics in the list and inline,
// form <-> JSON sync, accessibility attributes, copy, and screenshots for a look.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { appSuite, screenshot } from './harness.mjs';

const SEED = {
  ServiceId: 'srv-p5zdwlg5uvvzjita',
  InstanceId: 'myservice-53',
  CreatorRequestId: '7a48a98a-72e6-4849-bfa7-1a458e030d7b',
  Attributes: { AWS_INSTANCE_IPV4: '172.2.1.3', AWS_INSTANCE_PORT: '808' },
};

const withApp = appSuite();


const inList = (page, code) => page.locator(`[data-testid="diagnostics"] [data-testid="diagnostic"][data-code="${code}"]`);
const inline = (scope, code) => scope.locator(`[data-testid="field-diagnostic"][data-code="${code}"]`);

async function editorJson(page) {
  return JSON.parse(await page.getByTestId('json-editor').inputValue());
}

async function expectValid(page, valid) {
  const status = page.getByTestId('status');
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="status"]')?.dataset.valid === want,
    String(valid),
  );
  const text = await status.textContent();
  assert.match(text, valid ? /Valid/ : /\d+ errors?/);
}

/** The ids an element's aria-describedby names. */
async function describedBy(locator) {
  return ((await locator.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
}

describe('RegisterInstance builder', () => {
  test('loads the seed request, valid against the seed context, under the CSP', async () => {
    await withApp({}, async ({ page }) => {
      await expectValid(page, true);
      assert.equal(await page.getByTestId('service-id').inputValue(), SEED.ServiceId);
      assert.equal(await page.getByTestId('instance-id').inputValue(), SEED.InstanceId);
      assert.equal(await page.getByTestId('creator-request-id').inputValue(), SEED.CreatorRequestId);
      assert.equal(await page.getByTestId('attr-key-0').inputValue(), 'AWS_INSTANCE_IPV4');
      assert.equal(await page.getByTestId('attr-value-1').inputValue(), '808');
      assert.deepEqual(await editorJson(page), SEED);
      assert.deepEqual(JSON.parse(await page.getByTestId('preview').textContent()), SEED);
      // The seed context: private DNS, MULTIVALUE, A + SRV.
      assert.equal(await page.getByTestId('ns-type').inputValue(), 'DNS_PRIVATE');
      assert.equal(await page.getByTestId('routing-policy').inputValue(), 'MULTIVALUE');
      assert.equal(await page.getByTestId('record-A').isChecked(), true);
      assert.equal(await page.getByTestId('record-AAAA').isChecked(), false);
      assert.equal(await page.getByTestId('record-SRV').isChecked(), true);
      assert.equal(await page.getByTestId('health-check').inputValue(), '');
      assert.equal(await page.locator('[data-testid="diagnostic"][data-severity="error"]').count(), 0);
      // Present reserved keys have no quick-add button; the others do.
      assert.equal(await page.getByTestId('add-reserved-AWS_INSTANCE_PORT').isVisible(), false);
      assert.equal(await page.getByTestId('add-reserved-AWS_INSTANCE_CNAME').isVisible(), true);
      // The app mounted with the meta CSP in force.
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline scripts');
    });
  });

  test('a bad InstanceId shows CM003 in the list and inline, focuses on click, and clears when fixed', async () => {
    await withApp({}, async ({ page }) => {
      const field = page.getByTestId('instance-id');
      await field.fill('bad id!');
      await expectValid(page, false);
      await inList(page, 'CM003').waitFor();
      const box = page.locator('#diagnostics-instance-id');
      await inline(box, 'CM003').waitFor();
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.ok((await describedBy(field)).includes('diagnostics-instance-id'));
      // Form -> JSON.
      assert.equal((await editorJson(page)).InstanceId, 'bad id!');
      assert.match(await page.getByTestId('preview').textContent(), /"InstanceId": "bad id!"/);
      // The docs link opens safely in a new tab.
      const docs = inList(page, 'CM003').locator('a.docs');
      assert.equal(await docs.getAttribute('target'), '_blank');
      assert.equal(await docs.getAttribute('rel'), 'noopener noreferrer');
      assert.match(await docs.getAttribute('href'), /^https:\/\/docs\.aws\.amazon\.com\//);
      // Clicking the entry focuses its field.
      await page.getByTestId('json-editor').focus();
      await inList(page, 'CM003').getByTestId('diagnostic-focus').click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-instance-id');
      // Fix it.
      await field.fill('myservice-53');
      await expectValid(page, true);
      assert.equal(await inList(page, 'CM003').count(), 0);
      assert.equal(await inline(page, 'CM003').count(), 0);
      assert.equal(await field.getAttribute('aria-invalid'), null);
      assert.ok(!(await describedBy(field)).includes('diagnostics-instance-id'));
    });
  });

  test('removing AWS_INSTANCE_PORT with an SRV record gives CM024 on the attributes section', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('attr-remove-1').click();
      await expectValid(page, false);
      await inList(page, 'CM024').waitFor();
      await inline(page.locator('#diagnostics-attributes'), 'CM024').waitFor();
      const section = page.locator('#attributes');
      assert.equal(await section.getAttribute('aria-invalid'), 'true');
      assert.deepEqual(Object.keys((await editorJson(page)).Attributes), ['AWS_INSTANCE_IPV4']);
      // Clicking the entry focuses the attributes section.
      await inList(page, 'CM024').getByTestId('diagnostic-focus').click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'attributes');
      // Without the SRV record the port is not needed ...
      await page.getByTestId('record-SRV').uncheck();
      await expectValid(page, true);
      assert.equal(await inList(page, 'CM024').count(), 0);
      // ... and with it back, quick-adding the port fixes it.
      await page.getByTestId('record-SRV').check();
      await inList(page, 'CM024').waitFor();
      await page.getByTestId('add-reserved-AWS_INSTANCE_PORT').click();
      await expectValid(page, true);
      assert.equal(await inline(page, 'CM024').count(), 0);
      assert.equal((await editorJson(page)).Attributes.AWS_INSTANCE_PORT, '80');
      assert.equal(await page.getByTestId('attr-key-1').inputValue(), 'AWS_INSTANCE_PORT');
      assert.equal(await page.getByTestId('add-reserved-AWS_INSTANCE_PORT').isVisible(), false);
    });
  });

  test('an attribute error is shown on its row and marks its input invalid', async () => {
    await withApp({}, async ({ page }) => {
      const port = page.getByTestId('attr-value-1');
      await port.fill('80a');
      await inList(page, 'CM011').waitFor();
      await inline(page.getByTestId('attr-row-1'), 'CM011').waitFor();
      assert.equal(await port.getAttribute('aria-invalid'), 'true');
      assert.ok((await describedBy(port)).includes('diagnostics-attr-1'));
      await inList(page, 'CM011').getByTestId('diagnostic-focus').click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'attr-value-1');
      await port.fill('8080');
      await expectValid(page, true);
      assert.equal(await port.getAttribute('aria-invalid'), null);
    });
  });

  test('invalid JSON in the editor gives JSON001 and locks the form until it is fixed', async () => {
    await withApp({}, async ({ page }) => {
      const editor = page.getByTestId('json-editor');
      await editor.fill('{"ServiceId": "srv-p5zdwlg5uvvzjita",');
      await expectValid(page, false);
      await inList(page, 'JSON001').waitFor();
      await inline(page.locator('#diagnostics-top'), 'JSON001').waitFor();
      assert.equal(await editor.getAttribute('aria-invalid'), 'true');
      assert.ok((await describedBy(editor)).includes('diagnostics-top'));
      assert.equal(await page.getByTestId('form-notice').isVisible(), true);
      assert.match(await page.getByTestId('form-notice').textContent(), /not valid JSON/);
      assert.equal(await page.getByTestId('service-id').isDisabled(), true);
      assert.equal(await page.getByTestId('add-attribute').isDisabled(), true);
      assert.equal(await page.getByTestId('copy-request').isDisabled(), true);
      // Fix it: JSON -> form.
      const fixed = { ...SEED, InstanceId: 'from-json', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '443', team: 'blue' } };
      await editor.fill(JSON.stringify(fixed, null, 2));
      await expectValid(page, true);
      assert.equal(await inList(page, 'JSON001').count(), 0);
      assert.equal(await inline(page, 'JSON001').count(), 0);
      assert.equal(await editor.getAttribute('aria-invalid'), null);
      assert.equal(await page.getByTestId('form-notice').isVisible(), false);
      assert.equal(await page.getByTestId('service-id').isDisabled(), false);
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'from-json');
      assert.equal(await page.getByTestId('attr-value-0').inputValue(), '10.0.0.1');
      assert.equal(await page.getByTestId('attr-key-2').inputValue(), 'team');
      assert.equal(await page.getByTestId('attr-value-2').inputValue(), 'blue');
    });
  });

  test('form edits rewrite the JSON in place: add, rename, set value, refuse duplicate keys', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('add-attribute').click();
      assert.equal(await page.getByTestId('attr-key-2').inputValue(), 'attribute_1');
      await page.getByTestId('attr-key-2').fill('team');
      await page.getByTestId('attr-value-2').fill('blue');
      let json = await editorJson(page);
      assert.deepEqual(Object.keys(json.Attributes), ['AWS_INSTANCE_IPV4', 'AWS_INSTANCE_PORT', 'team']);
      assert.equal(json.Attributes.team, 'blue');
      // Rename the first row in place: the order is kept.
      await page.getByTestId('attr-key-0').fill('zone');
      json = await editorJson(page);
      assert.deepEqual(Object.keys(json.Attributes), ['zone', 'AWS_INSTANCE_PORT', 'team']);
      // A rename onto an existing key is refused and explained.
      await page.getByTestId('attr-key-0').fill('team');
      await page.locator('#attr-error-0').waitFor();
      assert.match(await page.locator('#attr-error-0').textContent(), /already an attribute "team"/);
      assert.equal(await page.getByTestId('attr-key-0').getAttribute('aria-invalid'), 'true');
      assert.deepEqual(Object.keys((await editorJson(page)).Attributes), ['zone', 'AWS_INSTANCE_PORT', 'team']);
      // Leaving the field puts the real key back.
      await page.getByTestId('attr-value-0').focus();
      assert.equal(await page.getByTestId('attr-key-0').inputValue(), 'zone');
      assert.equal(await page.locator('#attr-error-0').isVisible(), false);
      // The text is pretty-printed after a form edit.
      assert.match(await page.getByTestId('json-editor').inputValue(), /^\{\n {2}"ServiceId": /);
      // Clearing the optional CreatorRequestId removes it from the request.
      await page.getByTestId('creator-request-id').fill('');
      assert.equal('CreatorRequestId' in (await editorJson(page)), false);
      // Reset brings back the example request and context.
      await page.getByTestId('record-SRV').uncheck();
      await page.getByTestId('reset').click();
      assert.deepEqual(await editorJson(page), SEED);
      assert.equal(await page.getByTestId('record-SRV').isChecked(), true);
      await expectValid(page, true);
    });
  });

  test('the context form drives the checks; "without a service" skips them', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('record-CNAME').check();
      await inList(page, 'CM022').waitFor();
      await page.getByTestId('record-CNAME').uncheck();
      await expectValid(page, true);
      await page.getByTestId('health-check').selectOption('HTTP');
      await expectValid(page, true);
      await page.getByTestId('attr-remove-1').click();
      await inList(page, 'CM024').waitFor();
      await page.getByTestId('without-service').check();
      await expectValid(page, true);
      await inList(page, 'CM090').waitFor();
      assert.equal(await page.getByTestId('ns-type').isDisabled(), true);
      assert.match(await page.getByTestId('context-preview').textContent(), /No context/);
      await page.getByTestId('without-service').uncheck();
      await page.getByTestId('ns-type').selectOption('HTTP');
      assert.equal(await page.getByTestId('routing-policy').isDisabled(), true);
      assert.equal(await page.getByTestId('record-A').isDisabled(), true);
      const context = JSON.parse(await page.getByTestId('context-preview').textContent());
      assert.equal(context.service.Id, SEED.ServiceId);
      assert.equal(context.namespace.Type, 'HTTP');
    });
  });

  test('Copy puts the pretty request on the clipboard and says so', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('copy-request').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="copy-status"]')?.textContent === 'Copied');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, await page.getByTestId('preview').textContent());
      assert.deepEqual(JSON.parse(copied), SEED);
    });
  });

  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['mobile', { width: 375, height: 812 }],
  ]) {
    for (const scheme of ['light', 'dark']) {
      test(`screenshot ${name} ${scheme}`, async () => {
        await withApp({ viewport }, async ({ page }) => {
          await page.emulateMedia({ colorScheme: scheme });
          // Show some findings so the screenshot has something to judge.
          await page.getByTestId('instance-id').fill('bad id!');
          await page.getByTestId('attr-value-1').fill('0808');
          await inList(page, 'CM003').waitFor();
          // Narrow screens get a link from the top of the form to the findings below it.
          const jump = page.getByTestId('status-jump');
          assert.equal(await jump.isVisible(), name === 'mobile');
          if (name === 'mobile') assert.match(await jump.textContent(), /1 error, 1 warning/);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at ${viewport.width}px`);
          await screenshot(page, `register-instance-${name}-${scheme}`);
          await page.getByTestId('instance-id').fill('myservice-53');
          await page.getByTestId('attr-value-1').fill('808');
          await expectValid(page, true);
          await screenshot(page, `register-instance-${name}-${scheme}-valid`);
        });
      });
    }
  }
});
