// The Registry & DNS view in Chromium: navigation between views (tabs, URL hash, Back, reload),
// registering instances, health, DNS answers, the distribution chart, DiscoverInstances, the
// response preview, and screenshots for a look.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { appSuite, screenshot } from './harness.mjs';

const withApp = appSuite();

const REGISTRY = { hash: '#/registry', ready: 'registry-page' };


/** Waits until `fn(arg)`, run in the page, returns something truthy; returns it. */
async function until(page, fn, arg) {
  const handle = await page.waitForFunction(fn, arg, { timeout: 10_000 });
  return handle.jsonValue();
}

const byTestId = (id) => `[data-testid="${id}"]`;
const row = (page, id) => page.locator(`${byTestId('instance-row')}[data-instance-id="${id}"]`);
const bar = (page, id) => page.locator(`${byTestId('dist-bar')}[data-instance-id="${id}"]`);

/** Adds one instance with the quick-add form. */
async function addInstance(page, id, ipv4, port = '8080') {
  await page.getByTestId('qa-id').fill(id);
  await page.getByTestId('qa-ipv4').fill(ipv4);
  await page.getByTestId('qa-port').fill(port);
  await page.getByTestId('qa-add').click();
  await row(page, id).waitFor();
}

/** Waits for the DNS answer to settle and returns the data of one section's records, sorted. */
async function sectionData(page, section) {
  return page.evaluate(
    (s) => [...document.querySelectorAll(`[data-testid="dns-record"][data-section="${s}"] [data-testid="dns-data"]`)]
      .map((td) => td.textContent)
      .sort(),
    section,
  );
}

async function waitForAnswerCount(page, n) {
  await until(
    page,
    (want) => document.querySelectorAll('[data-testid="dns-record"][data-section="answer"]').length === want,
    n,
  );
}

/** Three instances with a custom health check, web-2 marked UNHEALTHY. */
async function threeInstances(page) {
  await page.getByTestId('svc-health').selectOption('CUSTOM');
  await addInstance(page, 'web-1', '10.1.0.1');
  await addInstance(page, 'web-2', '10.1.0.2');
  await addInstance(page, 'web-3', '10.1.0.3');
  await row(page, 'web-2').getByTestId('instance-health').selectOption('UNHEALTHY');
  await until(page, () => document.querySelector('[data-testid="instance-row"][data-instance-id="web-2"]')?.dataset.health === 'UNHEALTHY');
}

async function barCounts(page) {
  return page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll('[data-testid="dist-bar"]')].map((b) => [b.dataset.instanceId, Number(b.dataset.count)]),
  ));
}

describe('Registry & DNS', () => {
  test('tabs and the URL hash switch views; Back, reload and in-page anchors behave', async () => {
    await withApp({}, async ({ page }) => {
      const builderTab = page.getByTestId('tab-register-instance');
      const registryTab = page.getByTestId('tab-registry');
      assert.equal(await builderTab.getAttribute('aria-current'), 'page');
      assert.equal(await registryTab.getAttribute('aria-current'), null);
      assert.equal(await page.getByRole('navigation', { name: 'Views' }).count(), 1);
      // The builder's state survives a trip to the other view.
      await page.getByTestId('instance-id').fill('kept-across-views');

      await registryTab.click();
      await page.getByTestId('registry-page').waitFor();
      assert.equal(new URL(page.url()).hash, '#/registry');
      assert.equal(await registryTab.getAttribute('aria-current'), 'page');
      assert.equal(await page.title(), 'muster · Registry & DNS');
      assert.equal(await page.getByTestId('status').count(), 0, 'only the current view is mounted');
      assert.match(await page.getByTestId('builder-summary').textContent(), /kept-across-views/);

      // Keyboard: Tab to the builder's tab and press Enter.
      await builderTab.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('status').waitFor();
      assert.equal(new URL(page.url()).hash, '#/register-instance');
      assert.equal(await page.title(), 'muster · RegisterInstance builder');
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'kept-across-views');

      // Back returns to the registry; an in-page anchor keeps the view.
      await page.goBack();
      await page.getByTestId('registry-page').waitFor();
      await page.evaluate(() => { location.hash = '#svc-heading'; });
      await page.waitForTimeout(100);
      assert.equal(await page.getByTestId('registry-page').count(), 1);

      // Setting the hash by hand switches too.
      await page.evaluate(() => { location.hash = '#/register-instance'; });
      await page.getByTestId('status').waitFor();
      await page.evaluate(() => { location.hash = '#/registry'; });
      await page.getByTestId('registry-page').waitFor();

      // A reload keeps the view.
      await page.reload();
      await page.getByTestId('registry-page').waitFor();
      assert.equal(await registryTab.getAttribute('aria-current'), 'page');

      // The builder's context form links here.
      await builderTab.click();
      await page.getByTestId('context-registry-link').click();
      await page.getByTestId('registry-page').waitFor();
    });
  });

  test('three instances, one UNHEALTHY: A, SRV, WEIGHTED and the distribution', async () => {
    await withApp(REGISTRY, async ({ page }) => {
      await threeInstances(page);
      assert.equal(await page.getByTestId('instance-row').count(), 3);
      assert.equal(await page.getByTestId('instance-count').textContent(), '3 registered');
      assert.equal(await page.getByTestId('svc-status').getAttribute('data-valid'), 'true');
      for (const id of ['web-1', 'web-3']) {
        assert.equal(await row(page, id).getAttribute('data-health'), 'HEALTHY');
      }

      // A: exactly the two healthy addresses.
      assert.equal(await page.getByTestId('dns-name').getAttribute('placeholder'), 'myservice.example.local');
      await waitForAnswerCount(page, 2);
      assert.equal(await page.getByTestId('dns-rcode').getAttribute('data-rcode'), 'NOERROR');
      assert.deepEqual(await sectionData(page, 'answer'), ['10.1.0.1', '10.1.0.3']);
      assert.match(await page.getByTestId('dns-notes').textContent(), /1 of 3 A records are unhealthy/);
      const dig = await page.getByTestId('dns-dig').textContent();
      assert.match(dig, /;; ANSWER SECTION:/);
      assert.doesNotMatch(dig, /10\.1\.0\.2/);

      // SRV: the targets' addresses in the additional section.
      await page.getByTestId('dns-type').selectOption('SRV');
      await until(page, () => document.querySelectorAll('[data-testid="dns-record"][data-section="additional"]').length === 2);
      assert.deepEqual(await sectionData(page, 'additional'), ['10.1.0.1', '10.1.0.3']);
      assert.deepEqual(await sectionData(page, 'answer'), [
        '1 1 8080 web-1.myservice.example.local.',
        '1 1 8080 web-3.myservice.example.local.',
      ]);
      assert.match(await page.getByTestId('dns-dig').textContent(), /;; ADDITIONAL SECTION:/);

      // WEIGHTED: one healthy answer, whatever the seed.
      await page.getByTestId('dns-type').selectOption('A');
      await page.getByTestId('svc-routing').selectOption('WEIGHTED');
      await waitForAnswerCount(page, 1);
      for (let i = 0; i < 3; i++) {
        const before = await page.getByTestId('dns-seed').inputValue();
        await page.getByTestId('dns-new-seed').click();
        assert.notEqual(await page.getByTestId('dns-seed').inputValue(), before);
        await waitForAnswerCount(page, 1);
        const [ip] = await sectionData(page, 'answer');
        assert.ok(['10.1.0.1', '10.1.0.3'].includes(ip), ip);
      }
      // The same seed gives the same answer.
      await page.getByTestId('dns-seed').fill('7');
      const first = await sectionData(page, 'answer');
      await page.getByTestId('dns-seed').fill('8');
      await page.getByTestId('dns-seed').fill('7');
      assert.deepEqual(await sectionData(page, 'answer'), first);

      // The distribution: the unhealthy instance is never answered.
      await until(page, () => document.querySelectorAll('[data-testid="dist-bar"]').length === 3);
      let counts = await barCounts(page);
      assert.equal(counts['web-2'], 0);
      assert.equal(counts['web-1'] + counts['web-3'], 1000, 'WEIGHTED: one instance per answer');
      assert.ok(counts['web-1'] > 350 && counts['web-3'] > 350, JSON.stringify(counts));
      assert.equal(await bar(page, 'web-2').getAttribute('data-health'), 'UNHEALTHY');
      assert.match(await bar(page, 'web-2').textContent(), /UNHEALTHY/);
      // Bar widths come through the CSSOM (no CSP violation; assertClean checks).
      const widths = await page.evaluate(() => Object.fromEntries(
        [...document.querySelectorAll('[data-testid="dist-bar"]')].map((b) => [
          b.dataset.instanceId,
          b.querySelector('.bar-fill').getBoundingClientRect().width / b.querySelector('.bar-track').getBoundingClientRect().width,
        ]),
      ));
      assert.equal(widths['web-2'], 0);
      assert.ok(widths['web-1'] > 0.3 && widths['web-1'] < 0.7, JSON.stringify(widths));

      // MULTIVALUE from the chart's own switch: both healthy ones in every answer; the service
      // editor follows (one shared service).
      await page.getByTestId('dist-routing-MULTIVALUE').check();
      await until(page, () => document.querySelector('[data-testid="dist-bar"][data-instance-id="web-1"]')?.dataset.count === '1000');
      counts = await barCounts(page);
      assert.deepEqual(counts, { 'web-1': 1000, 'web-2': 0, 'web-3': 1000 });
      assert.equal(await page.getByTestId('svc-routing').inputValue(), 'MULTIVALUE');
      await waitForAnswerCount(page, 2);

      // N queries.
      await page.getByTestId('dist-queries').fill('250');
      await until(page, () => document.querySelector('[data-testid="dist-bar"][data-instance-id="web-1"]')?.dataset.count === '250');
      assert.match(await page.getByTestId('dist-summary').textContent(), /^250 queries of myservice\.example\.local A/);
      await page.getByTestId('dist-queries').fill('0');
      await page.getByTestId('dist-error').waitFor();
      assert.equal(await page.getByTestId('dist-queries').getAttribute('aria-invalid'), 'true');
      await page.getByTestId('dist-queries').fill('1000');

      // Health back to HEALTHY: three answers.
      await row(page, 'web-2').getByTestId('instance-health').selectOption('HEALTHY');
      await waitForAnswerCount(page, 3);
    });
  });

  test('a CreatorRequestId reused for another instance is refused with DuplicateRequest', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('tab-registry').click();
      await page.getByTestId('add-from-builder').click();
      await row(page, 'myservice-53').waitFor();
      // The builder's next instance keeps the seed's CreatorRequestId.
      await page.getByTestId('tab-register-instance').click();
      await page.getByTestId('instance-id').fill('myservice-54');
      await page.getByTestId('tab-registry').click();
      await until(page, () => /DuplicateRequest/.test(document.querySelector('[data-testid="builder-summary"]')?.textContent ?? ''));
      assert.match(await page.getByTestId('builder-summary').textContent(), /already registered the instance "myservice-53"/);
      assert.equal(await page.getByTestId('preview-error').getAttribute('data-code'), 'DuplicateRequest');
      await page.getByTestId('add-from-builder').click();
      await row(page, 'myservice-54').waitFor();
      assert.equal(await row(page, 'myservice-54').getAttribute('data-health'), 'refused');
      assert.match(await row(page, 'myservice-54').getByTestId('instance-refused').textContent(), /DuplicateRequest/);
    });
  });

  test('register from the builder, preview the response, edit, re-register and deregister', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('tab-registry').click();
      // The preview of the builder's request against an empty registry: a create.
      const change = page.getByTestId('preview-change');
      assert.equal(await change.getAttribute('data-change'), 'create');
      assert.match(await page.getByTestId('preview-operation-id').textContent(), /^[a-z0-9]{32}-[a-z0-9]{8}$/);
      const actions = await page.locator(byTestId('preview-record')).evaluateAll((rows) => rows.map((r) => r.dataset.action));
      assert.deepEqual(actions, ['create', 'create', 'create']);
      assert.match(await page.getByTestId('builder-summary').textContent(), /Creates the instance myservice-53/);
      assert.equal(await page.getByTestId('no-instances').isVisible(), true);

      await page.getByTestId('add-from-builder').click();
      await row(page, 'myservice-53').waitFor();
      // The same request again, with its CreatorRequestId: a retry that changes nothing.
      await until(page, () => document.querySelector('[data-testid="preview-change"]')?.dataset.change === 'retry');
      assert.match(await page.getByTestId('builder-summary').textContent(), /Repeats the registration of myservice-53/);
      assert.match(await page.getByTestId('preview-notes').textContent(), /A retry/);
      assert.equal(await page.getByTestId('no-instances').isVisible(), false);

      // Edit: into the builder, change the address, register again from the registry.
      await row(page, 'myservice-53').getByTestId('instance-edit').click();
      await page.getByTestId('status').waitFor();
      assert.equal(new URL(page.url()).hash, '#/register-instance');
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'myservice-53');
      await page.getByTestId('attr-value-0').fill('172.2.1.99');
      await page.getByTestId('tab-registry').click();
      await until(page, () => document.querySelector('[data-testid="preview-change"]')?.dataset.change === 'update');
      assert.match(await page.getByTestId('builder-summary').textContent(), /Updates myservice-53/);
      assert.match(await page.getByTestId('preview-notes').textContent(), /already registered/);
      await page.getByTestId('add-from-builder').click();
      await until(page, () => document.querySelector('[data-testid="instance-updates"]')?.textContent === 'updated once');
      assert.equal(await page.getByTestId('instance-row').count(), 1);
      assert.match(await row(page, 'myservice-53').textContent(), /172\.2\.1\.99/);
      // Re-registering the row's own request (same CreatorRequestId) is a retry: still one update.
      await row(page, 'myservice-53').getByTestId('instance-reregister').click();
      await page.waitForTimeout(200);
      assert.equal(await row(page, 'myservice-53').getByTestId('instance-updates').textContent(), 'updated once');

      // An address Cloud Map refuses: the row and the skipped list say why; DNS leaves it out.
      await addInstance(page, 'bad-1', '999.1.1.1');
      assert.equal(await row(page, 'bad-1').getAttribute('data-health'), 'refused');
      assert.match(await row(page, 'bad-1').getByTestId('instance-refused').textContent(), /InvalidInput/);
      await page.getByTestId('skipped').waitFor();
      assert.equal(await page.locator(`${byTestId('skipped-item')}[data-instance-id="bad-1"]`).getAttribute('data-error'), 'InvalidInput');
      assert.equal(await page.getByTestId('instance-count').textContent(), '1 registered, 1 refused');
      await waitForAnswerCount(page, 1);
      assert.deepEqual(await sectionData(page, 'answer'), ['172.2.1.99']);
      await row(page, 'bad-1').getByTestId('instance-deregister').click();
      await until(page, () => !document.querySelector('[data-testid="instance-row"][data-instance-id="bad-1"]'));
      assert.equal(await page.getByTestId('skipped').isVisible(), false);

      // Quick-add form errors.
      await page.getByTestId('qa-count').fill('many');
      await page.getByTestId('qa-add').click();
      await page.getByTestId('qa-error').waitFor();
      assert.match(await page.getByTestId('qa-error').textContent(), /How many/);

      // A thousand more: past the quota, the last one is refused with ResourceLimitExceeded.
      await page.getByTestId('qa-id').fill('bulk-1');
      await page.getByTestId('qa-ipv4').fill('10.9.0.1');
      await page.getByTestId('qa-count').fill('1000');
      await page.getByTestId('qa-add').click();
      await page.getByTestId('quota-error').waitFor();
      assert.match(await page.getByTestId('quota-error').textContent(), /ResourceLimitExceeded.*1000/);
      assert.equal(await page.getByTestId('instance-count').textContent(), '1000 registered, 1 refused');
      assert.equal(await page.locator(`${byTestId('skipped-item')}[data-instance-id="bulk-1000"]`).getAttribute('data-error'), 'ResourceLimitExceeded');
      assert.equal(await page.getByTestId('instance-row').count(), 50, 'long lists are cut');
      await page.getByTestId('show-all-instances').click();
      await until(page, () => document.querySelectorAll('[data-testid="instance-row"]').length === 1001);
    });
  });

  test('a long distribution shows its progress, keeps the page painting, and Cancel keeps what it counted', async (t) => {
    await withApp(REGISTRY, async ({ page }) => {
      // 1,000 instances (the quota) answered with MULTIVALUE: 100,000 queries take about a
      // second, several with the CPU slowed down.
      await page.getByTestId('qa-id').fill('bulk-1');
      await page.getByTestId('qa-ipv4').fill('10.9.0.1');
      await page.getByTestId('qa-count').fill('1000');
      await page.getByTestId('qa-add').click();
      await until(page, () => document.querySelector('[data-testid="instance-count"]')?.textContent === '1000 registered');
      await page.getByTestId('dist-routing-MULTIVALUE').check();
      await until(page, () => document.querySelector('[data-testid="dist-summary"]')?.textContent.startsWith('1,000 queries'));
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.getByTestId('dist-queries').fill('100000');
      await page.getByTestId('dist-progress-box').waitFor();
      await until(page, () => Number(document.querySelector('[data-testid="dist-progress"]')?.value) > 0);
      assert.match(await page.getByTestId('dist-progress-label').textContent(), /^[\d,]+ of 100,000 queries…$/);
      assert.equal(await page.getByTestId('dist-summary').getAttribute('aria-busy'), 'true');
      // While it counts, frames keep coming (slices of about 8 ms, a few times that at 4x).
      const gaps = page.evaluate(
        () => new Promise((resolve) => {
          let last = performance.now();
          let worst = 0;
          const end = last + 800;
          const tick = (now) => {
            worst = Math.max(worst, now - last);
            last = now;
            if (now < end) requestAnimationFrame(tick);
            else resolve(worst);
          };
          requestAnimationFrame(tick);
        }),
      );
      const worst = await gaps;
      t.diagnostic(`longest frame gap while counting: ${Math.round(worst)} ms`);
      assert.ok(worst < 250, `the page did not paint for ${Math.round(worst)} ms`);

      // Cancel (with the focus on it, as from the keyboard): the bars count the queries made, and
      // the focus goes on to the Queries box. Looking at the bar and pressing Cancel happen in one
      // task of the page, so the run cannot finish in between.
      const pressed = await page.evaluate(() => {
        if (document.querySelector('[data-testid="dist-progress-box"]').hidden) return false;
        const cancel = document.querySelector('[data-testid="dist-cancel"]');
        cancel.focus();
        cancel.click();
        return true;
      });
      assert.ok(pressed, 'still counting when Cancel was pressed');
      await page.getByTestId('dist-stopped').waitFor();
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      const stopped = await page.getByTestId('dist-stopped').textContent();
      const made = stopped.match(/^Cancelled after ([\d,]+) of 100,000 queries; the bars count those\./)?.[1];
      assert.ok(made, stopped);
      assert.ok(Number(made.replaceAll(',', '')) < 100_000, made);
      assert.match(await page.getByTestId('dist-summary').textContent(), new RegExp(`^${made} queries of `));
      assert.equal(await page.getByTestId('dist-progress-box').isHidden(), true);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'dist-queries');
      // MULTIVALUE answers 8 of the 1,000 healthy instances each time.
      const counts = Object.values(await barCounts(page));
      assert.equal(counts.reduce((a, b) => a + b, 0), 8 * Number(made.replaceAll(',', '')));

      // A new input starts a new run, which finishes.
      await page.getByTestId('dist-queries').fill('20000');
      await until(page, () => document.querySelector('[data-testid="dist-summary"]')?.textContent.startsWith('20,000 queries'));
      assert.equal(await page.getByTestId('dist-stopped').isHidden(), true);
      assert.equal(await page.getByTestId('dist-summary').getAttribute('aria-busy'), 'false');
      const total = Object.values(await barCounts(page)).reduce((a, b) => a + b, 0);
      assert.equal(total, 8 * 20_000);
    });
  });

  test('DiscoverInstances: filters, MaxResults and API errors', async () => {
    await withApp(REGISTRY, async ({ page }) => {
      await threeInstances(page);
      const count = () => page.getByTestId('disc-count').getAttribute('data-count');
      await until(page, () => document.querySelector('[data-testid="disc-count"]')?.dataset.count === '2');
      const response = JSON.parse(await page.getByTestId('disc-response').textContent());
      assert.deepEqual(response.Instances.map((i) => i.InstanceId).sort(), ['web-1', 'web-3']);
      assert.equal(response.Instances[0].NamespaceName, 'example.local');
      await page.getByTestId('disc-health').selectOption('ALL');
      await until(page, () => document.querySelector('[data-testid="disc-count"]')?.dataset.count === '3');
      await page.getByTestId('disc-health').selectOption('UNHEALTHY');
      await until(page, () => document.querySelector('[data-testid="disc-count"]')?.dataset.count === '1');
      await page.getByTestId('disc-health').selectOption('ALL');
      await page.getByTestId('disc-max').fill('2');
      await until(page, () => document.querySelector('[data-testid="disc-count"]')?.dataset.count === '2');
      assert.equal(await count(), '2');
      await page.getByTestId('disc-query').fill('AWS_INSTANCE_IPV4=10.1.0.3');
      await until(page, () => document.querySelector('[data-testid="disc-count"]')?.dataset.count === '1');
      const request = JSON.parse(await page.getByTestId('disc-request').textContent());
      assert.deepEqual(request, {
        NamespaceName: 'example.local',
        ServiceName: 'myservice',
        MaxResults: 2,
        QueryParameters: { AWS_INSTANCE_IPV4: '10.1.0.3' },
        HealthStatus: 'ALL',
      });
      // The API's own errors.
      await page.getByTestId('disc-max').fill('0');
      await until(page, () => document.querySelector('[data-testid="disc-api-error"]')?.dataset.code === 'InvalidInput');
      await page.getByTestId('disc-max').fill('');
      await page.getByTestId('svc-name').fill('other');
      // The request follows the service, so the lookup still finds it.
      await page.getByTestId('disc-count').waitFor();
      // A parameter line without '=' is the form's error.
      await page.getByTestId('disc-query').fill('nope');
      await page.getByTestId('disc-error').waitFor();
      assert.match(await page.getByTestId('disc-error').textContent(), /QueryParameters/);
    });
  });

  test('the service editor has its own diagnostics and shares the service with the builder', async () => {
    await withApp(REGISTRY, async ({ page }) => {
      assert.equal(await page.getByTestId('svc-status').getAttribute('data-valid'), 'true');
      const service = JSON.parse(await page.getByTestId('service-json').textContent());
      assert.equal(service.Id, 'srv-p5zdwlg5uvvzjita');
      assert.equal(service.Name, 'myservice');
      assert.deepEqual(service.DnsConfig.DnsRecords, [{ Type: 'A', TTL: 60 }, { Type: 'SRV', TTL: 60 }]);

      // A bad TTL: CM103 on that TTL, focused from the list.
      const ttl = page.getByTestId('svc-ttl-SRV');
      await ttl.fill('-5');
      const cm103 = page.locator(`${byTestId('svc-diagnostic')}[data-code="CM103"]`);
      await cm103.waitFor();
      assert.equal(await ttl.getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getByTestId('svc-status').getAttribute('data-valid'), 'false');
      await cm103.locator('button').click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'svc-ttl-SRV');
      // The response preview still runs, and says its records follow a service Cloud Map would refuse.
      assert.match(await page.getByTestId('preview-notes').textContent(), /first: CM103 at \/DnsConfig\/DnsRecords\/1\/TTL\), so Cloud Map would not have created it/);
      await ttl.fill('30');
      await until(page, () => document.querySelector('[data-testid="svc-status"]')?.dataset.valid === 'true');
      assert.equal(await ttl.getAttribute('aria-invalid'), null);
      assert.doesNotMatch((await page.getByTestId('preview-notes').textContent().catch(() => '')) ?? '', /would not have created it/);

      // A Route 53 check in a private namespace: CM107 on the health check.
      await page.getByTestId('svc-health').selectOption('HTTP');
      await page.locator(`${byTestId('svc-diagnostic')}[data-code="CM107"]`).waitFor();
      assert.equal(await page.getByTestId('svc-health').getAttribute('aria-invalid'), 'true');
      await page.getByTestId('svc-ns-type').selectOption('DNS_PUBLIC');
      await until(page, () => document.querySelector('[data-testid="svc-status"]')?.dataset.valid === 'true');
      // The namespace name followed the type, and so does the query's default name.
      assert.equal(await page.getByTestId('svc-ns-name').inputValue(), 'example.com');
      await page.getByTestId('svc-name').fill('web');
      assert.equal(await page.getByTestId('svc-fqdn').textContent(), 'web.example.com');
      assert.equal(await page.getByTestId('dns-name').getAttribute('placeholder'), 'web.example.com');

      // The builder checks against the same service.
      await page.getByTestId('tab-register-instance').click();
      assert.equal(await page.getByTestId('ns-type').inputValue(), 'DNS_PUBLIC');
      assert.equal(await page.getByTestId('health-check').inputValue(), 'HTTP');
      assert.equal(await page.getByTestId('context-service-name').textContent(), 'web.example.com');
      const context = JSON.parse(await page.getByTestId('context-preview').textContent());
      assert.equal(context.service.Name, 'web');
      assert.equal(context.namespace.Name, 'example.com');
      assert.equal(context.service.DnsConfig.DnsRecords[1].TTL, 30);
      await page.getByTestId('routing-policy').selectOption('WEIGHTED');
      await page.getByTestId('tab-registry').click();
      assert.equal(await page.getByTestId('svc-routing').inputValue(), 'WEIGHTED');

      // No namespace type: the simulations say what they need.
      await page.getByTestId('svc-ns-type').selectOption('');
      await page.getByTestId('dns-error').waitFor();
      assert.match(await page.getByTestId('dns-error').textContent(), /Choose a namespace type/);
      // HTTP namespace: no DNS, REFUSED.
      await page.getByTestId('svc-ns-type').selectOption('HTTP');
      await until(page, () => document.querySelector('[data-testid="dns-rcode"]')?.dataset.rcode === 'REFUSED');
      assert.equal(await page.getByTestId('svc-routing').isDisabled(), true);
    });
  });

  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['mobile', { width: 375, height: 812 }],
  ]) {
    for (const scheme of ['light', 'dark']) {
      test(`screenshot ${name} ${scheme}`, async () => {
        await withApp({ ...REGISTRY, viewport, colorScheme: scheme }, async ({ page }) => {
          await threeInstances(page);
          await page.getByTestId('dns-type').selectOption('SRV');
          await until(page, () => document.querySelectorAll('[data-testid="dns-record"][data-section="additional"]').length === 2);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at ${viewport.width}px`);
          await screenshot(page, `registry-${name}-${scheme}`);
        });
      });
    }
  }
});
