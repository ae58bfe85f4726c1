// Nothing a user entered is lost without a way back: resetting a builder, filling it from the
// agent preset and importing a request each say what they replaced and offer Undo; two tabs
// follow each other's saves instead of overwriting them. Also what the builder says about a
// service Cloud Map would refuse, a refused registration, and where the focus goes when a row
// is added.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { appSuite } from './harness.mjs';

const withApp = appSuite();
const CI = { hash: '#/container-instance', ready: 'ci-status' };

/** Waits for the "done" notice and returns its text. */
async function doneNotice(page) {
  const el = page.locator('[data-testid="scenario-notice"][data-kind="done"]');
  await el.first().waitFor({ timeout: 15_000 });
  return el.first().getByTestId('scenario-notice-text').textContent();
}

async function until(page, fn, arg) {
  await page.waitForFunction(fn, arg, { timeout: 15_000 });
}

describe('undo and other tabs', () => {
  test('"Reset to example" can be undone', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('instance-id').fill('carefully-built');
      await page.getByTestId('routing-policy').selectOption('WEIGHTED');
      await page.getByTestId('reset').click();
      assert.match(await doneNotice(page), /back at the example/);
      assert.notEqual(await page.getByTestId('instance-id').inputValue(), 'carefully-built');
      await page.getByTestId('scenario-undo').click();
      await until(page, () => document.querySelector('[data-testid="instance-id"]')?.value === 'carefully-built');
      assert.equal(await page.getByTestId('routing-policy').inputValue(), 'WEIGHTED');
    });
  });

  test('starting the cluster over can be undone, and the agent preset and the request follow the new cluster', async () => {
    await withApp({ hash: '#/cluster', ready: 'cluster-page' }, async ({ page }) => {
      await page.getByTestId('cluster-name').fill('prod');
      await page.getByTestId('cluster-region').fill('eu-west-1');
      await page.getByTestId('cluster-reset-button').click();
      assert.match(await doneNotice(page), /starts over, empty: prod in eu-west-1\. The agent preset and the builder's request follow it\./);
      assert.equal(await page.getByTestId('cluster-arn').textContent(), 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod');
      // The preset and the builder's request name the new cluster, so what they register goes there.
      await page.getByTestId('tab-container-instance').click();
      assert.equal(await page.getByTestId('preset-cluster').inputValue(), 'prod');
      assert.equal(await page.getByTestId('preset-region').inputValue(), 'eu-west-1');
      assert.equal(await page.getByTestId('ci-field-cluster').inputValue(), 'prod');
      // Undo: the cluster, the preset and the request are back.
      await page.getByTestId('scenario-undo').click();
      await until(page, () => document.querySelector('[data-testid="preset-region"]')?.value === 'us-east-1');
      assert.equal(await page.getByTestId('preset-cluster').inputValue(), 'default');
      assert.equal(await page.getByTestId('ci-field-cluster').inputValue(), 'default');
      await page.getByTestId('tab-cluster').click();
      assert.equal(await page.getByTestId('cluster-arn').textContent(), 'arn:aws:ecs:us-east-1:123456789012:cluster/default');
      // Again, then fill: the request registers with the new cluster.
      await page.getByTestId('cluster-name').fill('prod');
      await page.getByTestId('cluster-region').fill('eu-west-1');
      await page.getByTestId('cluster-reset-button').click();
      await doneNotice(page);
      await page.getByTestId('tab-container-instance').click();
      await page.getByTestId('preset-fill').click();
      await until(page, () => document.querySelector('[data-testid="ci-document"]')?.value.includes('"region" : "eu-west-1"'));
      await page.getByTestId('ci-preview-ok').waitFor();
    });
  });

  test('filling from the agent preset, and importing a request, can be undone', async () => {
    await withApp(CI, async ({ page }) => {
      const editor = page.getByTestId('ci-json-editor');
      const before = await editor.inputValue();
      await page.getByTestId('preset-type').selectOption('c5.xlarge');
      await page.getByTestId('preset-fill').click();
      assert.match(await doneNotice(page), /agent preset/);
      assert.notEqual(await editor.inputValue(), before);
      await page.getByTestId('scenario-undo').click();
      await until(page, (want) => document.querySelector('[data-testid="ci-json-editor"]')?.value === want, before);

      await page.getByTestId('import-open').click();
      await page.getByTestId('import-text').fill('aws ecs register-container-instance --cluster imported-cluster');
      await page.getByTestId('import-use').click();
      assert.match(await doneNotice(page), /Imported a RegisterContainerInstance request/);
      assert.match(await editor.inputValue(), /imported-cluster/);
      await page.getByTestId('scenario-undo').click();
      await until(page, (want) => document.querySelector('[data-testid="ci-json-editor"]')?.value === want, before);
    });
  });

  test('get-service output sets the service the builder checks against, with Undo', async () => {
    await withApp({}, async ({ page }) => {
      const output = {
        Service: {
          Id: 'srv-p5zdwlg5uvvzjita', Name: 'payments', NamespaceId: 'ns-1',
          DnsConfig: { RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'AAAA', TTL: 300 }, { Type: 'SRV', TTL: 300 }] },
          HealthCheckCustomConfig: {},
        },
      };
      await page.getByTestId('import-open').click();
      await page.getByTestId('import-text').fill(JSON.stringify(output, null, 2));
      await page.getByTestId('import-sets-service').waitFor();
      assert.equal(await page.getByTestId('import-target-problem').isVisible(), false);
      await page.getByTestId('import-use').click();
      assert.match(await doneNotice(page), /checked against the service/);
      assert.equal(await page.getByTestId('routing-policy').inputValue(), 'WEIGHTED');
      assert.equal(await page.getByTestId('record-AAAA').isChecked(), true);
      assert.equal(await page.getByTestId('record-A').isChecked(), false);
      assert.equal(await page.getByTestId('health-check').inputValue(), 'CUSTOM');
      assert.match(await page.getByTestId('context-service-name').textContent(), /^payments\./);
      // The request now needs an IPv6 address for the AAAA record.
      await until(page, () => document.querySelector('[data-testid="status"]')?.dataset.valid === 'false');
      await page.getByTestId('scenario-undo').click();
      await until(page, () => document.querySelector('[data-testid="routing-policy"]')?.value === 'MULTIVALUE');
      assert.equal(await page.getByTestId('record-A').isChecked(), true);
    });
  });

  test('a second tab takes up what the first saves, instead of overwriting it', async () => {
    await withApp({}, async ({ page, context }) => {
      const other = await context.newPage();
      await other.goto(page.url());
      await other.getByTestId('status').waitFor({ timeout: 30_000 });
      await page.getByTestId('instance-id').fill('edited-in-tab-a');
      await until(other, () => document.querySelector('[data-testid="instance-id"]')?.value === 'edited-in-tab-a');
      assert.match(await doneNotice(other), /another tab/);
      // An edit in the second tab keeps the first tab's.
      await other.getByTestId('creator-request-id').fill('token-from-tab-b');
      await until(page, () => document.querySelector('[data-testid="creator-request-id"]')?.value === 'token-from-tab-b');
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'edited-in-tab-a');
      const saved = await page.evaluate(() => localStorage.getItem('muster.scenario'));
      assert.match(saved, /edited-in-tab-a/);
      assert.match(saved, /token-from-tab-b/);
      await other.close();
    });
  });

  test('the builder shows the errors of a service Cloud Map would not create', async () => {
    await withApp({}, async ({ page }) => {
      const errors = page.getByTestId('context-service-errors');
      assert.equal(await errors.isVisible(), false);
      // A Route 53 health check in a private namespace (CM107).
      await page.getByTestId('health-check').selectOption('HTTP');
      await errors.waitFor();
      assert.match(await errors.textContent(), /CM107/);
      await page.getByTestId('health-check').selectOption('');
      await errors.waitFor({ state: 'hidden' });
    });
  });

  test('a refused registration is not taken for a retry of itself', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('instance-id').fill('bad id!');
      await page.getByTestId('tab-registry').click();
      const summary = page.getByTestId('builder-summary');
      await until(page, () => /InvalidInput/.test(document.querySelector('[data-testid="builder-summary"]')?.textContent ?? ''));
      await page.getByTestId('add-from-builder').click();
      await page.getByTestId('instance-refused').first().waitFor();
      assert.match(await summary.textContent(), /Cloud Map will refuse it with InvalidInput/);
      assert.doesNotMatch(await summary.textContent(), /retry/);
    });
  });

  test('adding an attribute row moves the focus into it', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('add-attribute').focus();
      await page.keyboard.press('Enter');
      await until(page, () => document.activeElement?.dataset.testid === 'attr-key-2');
      await page.keyboard.type('team');
      await until(page, () => document.querySelector('[data-testid="attr-key-2"]')?.value === 'team');
      // A reserved key's chip disappears once added: the focus goes to the new row's value.
      await page.getByTestId('add-reserved-AWS_INSTANCE_IPV6').focus();
      await page.keyboard.press('Enter');
      await until(page, () => document.activeElement?.dataset.testid === 'attr-value-3');
    });
  });
});
