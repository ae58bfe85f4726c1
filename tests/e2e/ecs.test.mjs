// The ECS views in Chromium: the RegisterContainerInstance builder (agent presets, form <-> JSON,
// diagnostics inline and in the list, the response preview, Register) and the Cluster view
// (resource bars, tasks, deregistration with and without force, draining, services, describe),
// navigation, and screenshots for a look.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { appSuite, screenshot } from './harness.mjs';

const withApp = appSuite();

const CI = { hash: '#/container-instance', ready: 'ci-status' };
const CLUSTER = { hash: '#/cluster', ready: 'cluster-page' };
const LINUX_PORTS = ['22', '2375', '2376', '51678', '51679'];


const byTestId = (id) => `[data-testid="${id}"]`;
const inList = (page, code) => page.locator(`${byTestId('diagnostics')} ${byTestId('diagnostic')}[data-code="${code}"]`);
const inline = (scope, code) => scope.locator(`${byTestId('field-diagnostic')}[data-code="${code}"]`);

async function editorJson(page) {
  return JSON.parse(await page.getByTestId('ci-json-editor').inputValue());
}

async function expectValid(page, valid) {
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="ci-status"]')?.dataset.valid === want,
    String(valid),
  );
}

/** The ids an element's aria-describedby names. */
async function describedBy(locator) {
  return ((await locator.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
}

/** Picks an instance type and OS in the preset and fills the request. */
async function fillPreset(page, type, os = 'linux') {
  await page.getByTestId('preset-type').selectOption(type);
  await page.getByTestId(`preset-os-${os}`).check();
  await page.getByTestId('preset-fill').click();
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid="ci-document"]')?.value.includes(`"instanceType" : "${t}"`),
    type,
  );
}

/** Registers the builder's request and returns the new instance's ID. */
async function register(page) {
  const before = await page.getByTestId('ci-registered').textContent();
  await page.getByTestId('ci-register').click();
  await page.waitForFunction(
    (b) => {
      const el = document.querySelector('[data-testid="ci-registered"]');
      return el && !el.hidden && el.textContent !== b;
    },
    before,
  );
  return (await page.getByTestId('ci-registered').locator('code').textContent()).trim();
}

const card = (page, id) => page.locator(`${byTestId('ci-card')}[data-id="${id}"]`);
const callResult = (page) => page.getByTestId('call-result');

async function goToCluster(page) {
  await page.getByTestId('tab-cluster').click();
  await page.getByTestId('cluster-page').waitFor();
}

describe('Container instance and Cluster views', () => {
  test('an m5.large Linux preset fills the form and JSON with CPU 2048 and the reserved ports', async () => {
    await withApp(CI, async ({ page }) => {
      // Start elsewhere so the preset visibly changes the request.
      await fillPreset(page, 'c5.xlarge');
      assert.equal(await page.getByTestId('ci-resources-0-2').inputValue(), '4096');
      await fillPreset(page, 'm5.large');
      await expectValid(page, true);
      assert.match(await page.getByTestId('preset-reports').textContent(), /CPU 2,048 units · MEMORY 7,985 MiB/);
      // The form.
      assert.equal(await page.getByTestId('ci-field-cluster').inputValue(), 'default');
      assert.equal(await page.getByTestId('ci-resources-0-0').inputValue(), 'CPU');
      assert.equal(await page.getByTestId('ci-resources-0-1').inputValue(), 'INTEGER');
      assert.equal(await page.getByTestId('ci-resources-0-2').inputValue(), '2048');
      assert.equal(await page.getByTestId('ci-resources-1-0').inputValue(), 'MEMORY');
      assert.equal(await page.getByTestId('ci-resources-2-0').inputValue(), 'PORTS');
      assert.equal(await page.getByTestId('ci-resources-2-2').inputValue(), LINUX_PORTS.join(', '));
      assert.equal(await page.getByTestId('ci-field-agent-version').inputValue(), '1.80.0');
      // The JSON.
      const json = await editorJson(page);
      const resource = (name) => json.totalResources.find((r) => r.name === name);
      assert.equal(resource('CPU').integerValue, 2048);
      assert.deepEqual(resource('PORTS').stringSetValue, LINUX_PORTS);
      assert.equal(JSON.parse(json.instanceIdentityDocument).instanceType, 'm5.large');
      assert.equal(await page.locator('[data-testid="diagnostic"][data-severity="error"]').count(), 0);
      // The capability attributes are collapsed until asked for.
      const capabilities = page.getByTestId('ci-show-capabilities');
      assert.match(await capabilities.textContent(), /Show \d+ capability attributes/);
      const visibleNames = () => page.evaluate(() => [...document.querySelectorAll('[data-testid^="ci-attributes-row-"]')]
        .filter((row) => !row.hidden)
        .map((row) => row.querySelector('input').value));
      assert.deepEqual(await visibleNames(), ['ecs.os-type', 'ecs.os-family']);
      await capabilities.click();
      assert.equal(await capabilities.getAttribute('aria-expanded'), 'true');
      assert.ok((await visibleNames()).length > 30);
      // Settings reach the request: reserved ports and custom attributes.
      await page.getByTestId('preset-ports').fill('22, 8080');
      await page.getByTestId('preset-attributes-toggle').click();
      await page.getByTestId('preset-attributes').fill('stack=prod');
      await page.getByTestId('preset-fill').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="ci-resources-2-2"]')?.value === '22, 8080');
      const custom = (await editorJson(page)).attributes.find((a) => a.name === 'stack');
      assert.deepEqual(custom, { name: 'stack', value: 'prod' });
      // A setting the agent refuses is explained, and the request is left alone.
      await page.getByTestId('preset-gpu').check();
      await page.getByTestId('preset-fill').click();
      await page.getByTestId('preset-error').waitFor();
      assert.match(await page.getByTestId('preset-error').textContent(), /no NVIDIA GPUs/);
      assert.equal(await page.getByTestId('ci-resources-2-2').inputValue(), '22, 8080');
    });
  });

  test('a negative MEMORY and a bad attribute name show inline and in the list, and clear when fixed', async () => {
    await withApp(CI, async ({ page }) => {
      await expectValid(page, true);
      const memory = page.getByTestId('ci-resources-1-2');
      await memory.fill('-512');
      await expectValid(page, false);
      await inList(page, 'ECS012').waitFor();
      await inline(page.locator('#ci-diagnostics-resources-1'), 'ECS012').waitFor();
      assert.equal(await memory.getAttribute('aria-invalid'), 'true');
      assert.ok((await describedBy(memory)).includes('ci-diagnostics-resources-1'));
      assert.equal((await editorJson(page)).totalResources[1].integerValue, -512);
      // The preview shows ECS's refusal, and Register is off.
      const refused = page.getByTestId('ci-preview-error');
      await refused.waitFor();
      assert.equal(await refused.getAttribute('data-code'), 'InvalidParameterException');
      assert.match(await refused.textContent(), /ECS012/);
      assert.equal(await page.getByTestId('ci-register').isDisabled(), true);
      // Clicking the finding focuses the field.
      await page.getByTestId('ci-json-editor').focus();
      await inList(page, 'ECS012').getByTestId('diagnostic-focus').click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'ci-resources-1-2');
      await memory.fill('7985');
      await expectValid(page, true);
      assert.equal(await inList(page, 'ECS012').count(), 0);
      assert.equal(await inline(page, 'ECS012').count(), 0);
      assert.equal(await memory.getAttribute('aria-invalid'), null);
      assert.ok(!(await describedBy(memory)).includes('ci-diagnostics-resources-1'));

      // A custom attribute with a space in its name: ECS018 on the name input.
      await page.getByTestId('ci-add-attributes').click();
      const rows = await page.locator('[data-testid^="ci-attributes-row-"]').count();
      const last = rows - 1;
      const name = page.getByTestId(`ci-attributes-${last}-0`);
      assert.equal(await name.inputValue(), 'custom.attribute-1');
      await name.fill('team colour');
      await inList(page, 'ECS018').waitFor();
      await inline(page.getByTestId(`ci-attributes-row-${last}`), 'ECS018').waitFor();
      assert.equal(await name.getAttribute('aria-invalid'), 'true');
      await inList(page, 'ECS018').getByTestId('diagnostic-focus').click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), `ci-attributes-${last}-0`);
      await name.fill('team-colour');
      await page.getByTestId(`ci-attributes-${last}-1`).fill('blue');
      await expectValid(page, true);
      assert.deepEqual((await editorJson(page)).attributes.at(-1), { name: 'team-colour', value: 'blue' });
      // Remove it again.
      await page.getByTestId(`ci-remove-attributes-${last}`).click();
      assert.equal(await page.locator('[data-testid^="ci-attributes-row-"]').count(), rows - 1);
    });
  });

  test('JSON edits reach the form; invalid JSON locks it; the document formats', async () => {
    await withApp(CI, async ({ page }) => {
      const editor = page.getByTestId('ci-json-editor');
      const json = await editorJson(page);
      json.cluster = 'prod';
      json.tags = [{ key: 'team', value: 'blue' }];
      await editor.fill(JSON.stringify(json, null, 2));
      assert.equal(await page.getByTestId('ci-field-cluster').inputValue(), 'prod');
      assert.equal(await page.getByTestId('ci-tags-0-0').inputValue(), 'team');
      // The cluster the view simulates is "default": ECS would not find "prod".
      const refused = page.getByTestId('ci-preview-error');
      await refused.waitFor();
      assert.equal(await refused.getAttribute('data-code'), 'ClusterNotFoundException');
      await page.getByTestId('ci-field-cluster').fill('default');
      await page.getByTestId('ci-preview-ok').waitFor();
      // Not JSON: JSON001 on the editor, the form is locked.
      await editor.fill('{"cluster": ');
      await expectValid(page, false);
      await inList(page, 'JSON001').waitFor();
      await inline(page.locator('#ci-diagnostics-top'), 'JSON001').waitFor();
      assert.equal(await editor.getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getByTestId('ci-form-notice').isVisible(), true);
      assert.equal(await page.getByTestId('ci-field-cluster').isDisabled(), true);
      assert.equal(await page.getByTestId('ci-add-tags').isDisabled(), true);
      // A document on one line is formatted on request.
      await editor.fill(JSON.stringify({ cluster: 'default', instanceIdentityDocument: '{"instanceId":"i-1","region":"us-east-1"}' }));
      await inList(page, 'ECS005').first().waitFor();
      await page.getByTestId('ci-document-format').click();
      assert.equal(await page.getByTestId('ci-document').inputValue(), '{\n  "instanceId": "i-1",\n  "region": "us-east-1"\n}');
      await inline(page.locator('#ci-diagnostics-document'), 'ECS005').first().waitFor();
    });
  });

  test('register, then deregister without and with force, drain with a service task', async () => {
    await withApp(CI, async ({ page }) => {
      // The preview is the response RegisterContainerInstance would give.
      await page.getByTestId('ci-preview-ok').waitFor();
      const arn = await page.getByTestId('ci-preview-arn').textContent();
      assert.match(arn, /^arn:aws:ecs:us-east-1:123456789012:container-instance\/default\/[0-9a-f]{32}$/);
      const zone = page.locator(`${byTestId('ci-preview-attribute')}[data-key="ecs.availability-zone"]`);
      assert.match(await zone.textContent(), /us-east-1a/);
      assert.equal(await zone.getAttribute('class'), 'added');
      const first = await register(page);
      assert.equal(first, arn.split('/').pop());
      // The preview now shows a second, different instance.
      await page.waitForFunction((a) => document.querySelector('[data-testid="ci-preview-arn"]')?.textContent !== a, arn);
      await fillPreset(page, 'm5.xlarge');
      await page.getByTestId('preset-zone').fill('us-east-1b');
      await page.getByTestId('preset-fill').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="ci-document"]')?.value.includes('us-east-1b'));
      const second = await register(page);

      await goToCluster(page);
      assert.equal(new URL(page.url()).hash, '#/cluster');
      assert.match(await page.getByTestId('cluster-count').textContent(), /2 container instances/);
      const one = card(page, first);
      assert.equal(await one.getAttribute('data-status'), 'ACTIVE');
      const cpu = one.locator(`${byTestId('ci-meter')}[data-resource="CPU"]`);
      assert.equal(await cpu.getAttribute('data-registered'), '2048');
      assert.equal(await cpu.getAttribute('data-remaining'), '2048');
      // The bar's width is set through the CSSOM: full, as nothing is reserved.
      const width = await cpu.locator('.bar-fill').evaluate((el) => el.style.width);
      assert.equal(width, '100%');
      assert.match(await one.getByTestId('ci-ports').textContent(), /22, 2375, 2376, 51678, 51679/);
      assert.match(await one.textContent(), /m5\.large/);
      assert.match(await one.textContent(), /us-east-1a/);
      assert.equal(await card(page, second).locator(`${byTestId('ci-meter')}[data-resource="CPU"]`).getAttribute('data-registered'), '4096');

      // A service task on the first instance.
      await one.getByTestId('ci-task-group').selectOption('service:web');
      await one.getByTestId('ci-add-task').click();
      await one.getByTestId('ci-task').waitFor();
      assert.match(await one.getByTestId('ci-task-count').textContent(), /1 running/);

      // Without force ECS refuses.
      await one.getByTestId('ci-deregister').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="call-result"]')?.dataset.code === 'InvalidParameterException');
      assert.match(await callResult(page).textContent(), /DeregisterContainerInstance.*Found running tasks on the instance/);
      assert.equal(await one.count(), 1);

      // Drain it: the web task moves to the second instance within the service's bounds.
      await one.getByTestId('ci-drain').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="call-result"]')?.dataset.code === 'HTTP 200');
      assert.equal(await one.getAttribute('data-status'), 'DRAINING');
      const drain = page.locator(`${byTestId('drain')}[data-key="web"]`);
      await drain.waitFor();
      assert.match(await drain.textContent(), /desiredCount 1: minimumHealthyPercent 100% keeps at least 1 RUNNING; maximumPercent 200% allows at most 2/);
      assert.equal(await drain.getByTestId('drain-step').count(), 2);
      assert.match(await drain.getByTestId('drain-end').textContent(), /^Done/);
      assert.equal(await one.getByTestId('ci-task').count(), 0);
      await card(page, second).getByTestId('ci-task').waitFor();
      assert.equal(await one.getByTestId('ci-drain').textContent(), 'Activate');

      // Activate it again, and put a standalone task on it.
      await one.getByTestId('ci-drain').click();
      await page.waitForFunction((id) => document.querySelector(`[data-testid="ci-card"][data-id="${id}"]`)?.dataset.status === 'ACTIVE', first);
      await one.getByTestId('ci-task-group').selectOption('family:demo');
      await one.getByTestId('ci-add-task').click();
      await one.getByTestId('ci-task').waitFor();
      const task = await one.getByTestId('ci-task').getAttribute('data-key');

      // With force the instance goes, and its task is orphaned.
      await one.getByTestId('ci-force').check();
      await one.getByTestId('ci-deregister').click();
      await one.waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'last-call');
      assert.equal(await callResult(page).getAttribute('data-code'), 'HTTP 200');
      assert.match(await callResult(page).textContent(), /is INACTIVE/);
      const orphaned = page.locator(`${byTestId('orphaned-task')}[data-key="${task}"]`);
      await orphaned.waitFor();
      assert.match(await orphaned.textContent(), /family:demo RUNNING/);
      assert.match(await page.getByTestId('cluster-count').textContent(), /^1 container instance$/);
      const response = JSON.parse(await page.getByTestId('call-response').textContent());
      assert.equal(response.containerInstance.status, 'INACTIVE');
      const request = JSON.parse(await page.getByTestId('call-request').textContent());
      assert.deepEqual(request, { cluster: 'default', containerInstance: `${arn}`, force: true });

      // DescribeContainerInstances shows the one left.
      await page.getByTestId('describe-toggle').click();
      const described = JSON.parse(await page.getByTestId('describe-json').textContent());
      assert.equal(described.containerInstances.length, 1);
      assert.equal(described.containerInstances[0].runningTasksCount, 1);
      assert.equal(described.containerInstances[0].containerInstanceArn.split('/').pop(), second);
    });
  });

  test('services bound the drain; a stalled drain says why', async () => {
    await withApp(CI, async ({ page }) => {
      await register(page);
      await page.getByTestId('preset-zone').fill('us-east-1b');
      await page.getByTestId('preset-fill').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="ci-document"]')?.value.includes('us-east-1b'));
      await register(page);
      await goToCluster(page);
      // maximumPercent 100 with minimumHealthyPercent 100: nothing can move.
      await page.getByTestId('service-max-0').fill('100');
      const cards = page.getByTestId('ci-card');
      const first = cards.first();
      await first.getByTestId('ci-add-task').click();
      await first.getByTestId('ci-task').waitFor();
      await first.getByTestId('ci-drain').click();
      const end = page.locator(`${byTestId('drain')}[data-key="web"] ${byTestId('drain-end')}`);
      await end.waitFor();
      assert.match(await end.textContent(), /can neither stop nor start one/);
      assert.equal(await end.getAttribute('class'), 'line-error');
      assert.equal(await first.getByTestId('ci-task').count(), 1);
      // An invalid number is refused with a reason next to the row.
      await page.getByTestId('service-desired-0').fill('many');
      assert.equal(await page.getByTestId('service-desired-0').getAttribute('aria-invalid'), 'true');
      await page.locator('#service-error-0').waitFor();
      assert.match(await page.locator('#service-error-0').textContent(), /desiredCount must be a whole number/);
      // A second service becomes a task group.
      await page.getByTestId('service-add').click();
      assert.equal(await page.getByTestId('service-name-1').inputValue(), 'svc-1');
      await first.getByTestId('ci-task-group').selectOption('service:svc-1');
      // Reset empties the cluster; a bad name is refused.
      await page.getByTestId('cluster-name').fill('bad name');
      await page.getByTestId('cluster-reset-button').click();
      await page.locator('#cluster-reset-error').waitFor();
      assert.equal(await page.getByTestId('cluster-name').getAttribute('aria-invalid'), 'true');
      // Each field is marked by its own problem only.
      assert.equal(await page.getByTestId('cluster-region').getAttribute('aria-invalid'), null);
      assert.match(await page.locator('#cluster-name-error').textContent(), /contains a space/);
      await page.getByTestId('cluster-name').fill('prod');
      await page.getByTestId('cluster-region').fill('US East 1');
      await page.getByTestId('cluster-reset-button').click();
      await page.locator('#cluster-region-error').waitFor();
      assert.match(await page.locator('#cluster-region-error').textContent(), /not a Region code/);
      assert.equal(await page.getByTestId('cluster-region').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getByTestId('cluster-name').getAttribute('aria-invalid'), null);
      assert.ok(await page.locator('#cluster-name-error').isHidden());
      await page.getByTestId('cluster-region').fill('us-east-1');
      await page.getByTestId('cluster-reset-button').click();
      await page.getByTestId('cluster-empty').waitFor();
      assert.equal(await page.getByTestId('cluster-arn').textContent(), 'arn:aws:ecs:us-east-1:123456789012:cluster/prod');
      // The builder's request named the old cluster, so it follows the new one: its preview
      // is not a ClusterNotFoundException nobody asked for.
      await page.getByTestId('tab-container-instance').click();
      assert.equal(await page.getByTestId('ci-field-cluster').inputValue(), 'prod');
      await page.getByTestId('ci-preview-ok').waitFor();
    });
  });

  test('#/cluster opens the empty cluster, which links to the builder', async () => {
    await withApp(CLUSTER, async ({ page }) => {
      assert.equal(await page.getByTestId('tab-cluster').getAttribute('aria-current'), 'page');
      assert.match(await page.getByTestId('cluster-count').textContent(), /^0 container instances$/);
      assert.equal(await page.getByTestId('cluster-arn').textContent(), 'arn:aws:ecs:us-east-1:123456789012:cluster/default');
      await page.getByTestId('last-call').getByText('Register, drain or deregister').waitFor();
      await page.getByTestId('describe-toggle').click();
      assert.deepEqual(JSON.parse(await page.getByTestId('describe-json').textContent()), { containerInstances: [], failures: [] });
    });
  });

  test('tabs and the URL hash reach both views, and their state survives switching', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('tab-container-instance').click();
      await page.getByTestId('container-instance-page').waitFor();
      assert.equal(new URL(page.url()).hash, '#/container-instance');
      assert.equal(await page.getByTestId('tab-container-instance').getAttribute('aria-current'), 'page');
      assert.equal(await page.title(), 'muster · RegisterContainerInstance builder');
      await page.getByTestId('ci-field-agent-version').fill('1.81.0');
      await page.getByTestId('tab-cluster').click();
      await page.getByTestId('cluster-page').waitFor();
      assert.equal(await page.title(), 'muster · ECS cluster');
      assert.equal(await page.getByTestId('ci-status').count(), 0, 'only the current view is mounted');
      await page.getByTestId('cluster-empty').getByRole('link').click();
      await page.getByTestId('container-instance-page').waitFor();
      assert.equal(await page.getByTestId('ci-field-agent-version').inputValue(), '1.81.0');
      await page.goBack();
      await page.getByTestId('cluster-page').waitFor();
      await page.evaluate(() => { location.hash = '#/container-instance'; });
      await page.getByTestId('container-instance-page').waitFor();
      await page.reload();
      await page.getByTestId('container-instance-page').waitFor();
      assert.equal(await page.getByTestId('tab-container-instance').getAttribute('aria-current'), 'page');
    });
  });

  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['mobile', { width: 375, height: 812 }],
  ]) {
    for (const scheme of ['light', 'dark']) {
      test(`screenshots ${name} ${scheme}`, async () => {
        await withApp({ ...CI, viewport, colorScheme: scheme }, async ({ page }) => {
          const noSideways = async () => {
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at ${viewport.width}px`);
          };
          // A finding to judge, then the valid request with its preview.
          await page.getByTestId('ci-resources-1-2').fill('-512');
          await inList(page, 'ECS012').waitFor();
          await noSideways();
          await screenshot(page, `container-instance-${name}-${scheme}`);
          await page.getByTestId('ci-resources-1-2').fill('7985');
          await expectValid(page, true);
          await page.getByTestId('ci-preview-ok').waitFor();
          await screenshot(page, `container-instance-${name}-${scheme}-valid`);
          await register(page);
          await page.getByTestId('preset-zone').fill('us-east-1b');
          await page.getByTestId('preset-fill').click();
          await page.waitForFunction(() => document.querySelector('[data-testid="ci-document"]')?.value.includes('us-east-1b'));
          await register(page);
          await goToCluster(page);
          const first = page.getByTestId('ci-card').first();
          await first.getByTestId('ci-add-task').click();
          await first.getByTestId('ci-task-group').selectOption('family:demo');
          await first.getByTestId('ci-add-task').click();
          await first.getByTestId('ci-drain').click();
          await page.getByTestId('drain').waitFor();
          await noSideways();
          await screenshot(page, `cluster-${name}-${scheme}`);
        });
      });
    }
  }
});
