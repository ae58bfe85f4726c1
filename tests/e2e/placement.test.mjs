// The Placement view in Chromium: the example service planned with spread(zone) then
// binpack(memory), a memberOf constraint that leaves every task unplaced, a cluster query
// expression marked where it stops parsing, and the strategy / constraint rows kept in sync with
// the CreateService JSON. Screenshots for a look.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { appSuite, screenshot } from './harness.mjs';

const withApp = appSuite();

const PLACEMENT = { hash: '#/placement', ready: 'pl-page' };

/** The example's container instances (their IDs) by what the test calls them. */
const INSTANCES = {
  a1: '1a5e0c2f7b8d4e9a9c3f6b2d8e1a7c41',
  a2: '2b6f1d3a8c9e4f0b8d4a7c3e9f2b8d52',
  b1: '3c7a2e4b9d0f4a1c9e5b8d4f0a3c9e63',
  b2: '4d8b3f5c0e1a4b2d8f6c9e5a1b4d0f74',
  c1: '5e9c4a6d1f2b4c3e9a7d0f6b2c5e1a85',
  c2: '6f0d5b7e2a3c4d4f8b8e1a7c3d6f2b96',
};
const MEMBER_OF_UNSATISFIED = 'MemberOf placement constraint unsatisfied';


const byTestId = (id) => `[data-testid="${id}"]`;
const card = (page, name) => page.locator(`${byTestId('pl-card')}[data-id="${INSTANCES[name]}"]`);
const chips = (scope) => scope.locator(byTestId('pl-task-chip'));

async function serviceJson(page) {
  return JSON.parse(await page.getByTestId('pl-service').inputValue());
}

async function expectServiceValid(page, valid) {
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="pl-service-status"]')?.dataset.valid === want,
    String(valid),
  );
}

/** Presses Plan and waits for a plan made from the current inputs. */
async function plan(page) {
  await page.getByTestId('pl-plan').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="pl-stale"]')?.hidden === true);
}

describe('Placement view', () => {
  test('spread over zones then binpack on memory puts 2 tasks per zone on the fullest instances that fit', async () => {
    await withApp(PLACEMENT, async ({ page }) => {
      assert.equal(await page.title(), 'muster · ECS task placement');
      assert.equal(await page.getByTestId('tab-placement').getAttribute('aria-current'), 'page');
      await expectServiceValid(page, true);
      assert.match(await page.getByTestId('pl-cluster-summary').textContent(), /6 container instances in 3 Availability Zones/);
      assert.deepEqual((await serviceJson(page)).placementStrategy, [
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'binpack', field: 'memory' },
      ]);
      // The form shows the same chain.
      assert.equal(await page.getByTestId('pl-strategy-type-0').inputValue(), 'spread');
      assert.equal(await page.getByTestId('pl-strategy-value-0').inputValue(), 'attribute:ecs.availability-zone');
      assert.equal(await page.getByTestId('pl-strategy-type-1').inputValue(), 'binpack');
      assert.equal(await page.getByTestId('pl-strategy-value-1').inputValue(), 'memory');

      await plan(page);
      assert.equal(await page.getByTestId('pl-summary').textContent(), '6 tasks placed across 3 Availability Zones.');
      // Two tasks per zone.
      for (const zone of ['us-east-1a', 'us-east-1b', 'us-east-1c']) {
        const group = page.locator(`${byTestId('pl-zone')}[data-zone="${zone}"]`);
        assert.equal(await chips(group).count(), 2, zone);
      }
      // binpack(memory) within each zone: the least memory left that still fits. a2 (1,536 MiB)
      // takes both of zone a; b2 (768 MiB) one, then it is too full and b1 takes the other; c2
      // has only 128 CPU units, so c1 takes both of zone c.
      const expected = { a1: 0, a2: 2, b1: 1, b2: 1, c1: 2, c2: 0 };
      for (const [name, count] of Object.entries(expected)) {
        assert.equal(await chips(card(page, name)).count(), count, name);
      }
      // Dynamic host ports, one per task.
      const ports = await page.locator(`${byTestId('pl-task-chip')} .chip-port`).allTextContents();
      assert.equal(ports.length, 6);
      for (const port of ports) assert.ok(Number(port.replace(/[^0-9]/g, '')) >= 49153, port);
      // a2's memory bar: 1,536 MiB left of 7,985 before, two tasks of 512.
      const memory = card(page, 'a2').locator(`${byTestId('pl-usage')}[data-resource="MEMORY"]`);
      assert.equal(await memory.getAttribute('role'), 'meter');
      assert.equal(await memory.getAttribute('aria-valuemax'), '7985');
      assert.equal(await memory.getAttribute('aria-valuenow'), '7473');
      assert.equal(await memory.getAttribute('aria-valuetext'), '7,473 of 7,985 MiB in use (1,024 by this plan), 512 free');
      assert.match(await card(page, 'a2').locator('.pl-ports').textContent(), /22, 2375, 2376, 51678, 51679/);
      assert.equal(await page.getByTestId('pl-failure').count(), 0);
      // A plan this small is shown whole: no "Show more" anywhere.
      assert.equal(await page.locator('.show-more').count(), 0);

      // The explanation: task 1 goes to b2 (all zones empty, least memory); c2 is out on CPU.
      const chain = await page.getByTestId('pl-chain').locator('code').allTextContents();
      assert.deepEqual(chain, ['spread(attribute:ecs.availability-zone)', 'binpack(memory)']);
      const first = page.locator(`${byTestId('pl-task-explanation')}[data-task="1"]`);
      assert.equal(await first.getAttribute('open'), '');
      const chosen = first.locator(`${byTestId('pl-verdict')}[data-chosen="true"]`);
      assert.equal(await chosen.count(), 1);
      assert.equal(await chosen.getAttribute('data-id'), INSTANCES.b2.slice(0, 8));
      assert.match(await chosen.textContent(), /chosen/);
      const c2 = first.locator(`${byTestId('pl-verdict')}[data-id="${INSTANCES.c2.slice(0, 8)}"]`);
      assert.match(await c2.textContent(), /removed by RESOURCE:CPU/);
      assert.equal(await page.getByTestId('pl-task-explanation').count(), 6);

      // The registrations ECS would make, all valid, and the SRV answer for them.
      const registrations = page.getByTestId('pl-registration');
      assert.equal(await registrations.count(), 6);
      assert.equal(await page.locator(`${byTestId('pl-registration')}[data-valid="true"]`).count(), 6);
      assert.equal(await page.locator(`${byTestId('dns-record')}[data-section="answer"][data-type="SRV"]`).count(), 6);
      assert.match(await page.getByTestId('dns-dig').textContent(), /web\.prod\.local\.\s+60\s+IN\s+SRV/);

      await screenshot(page, 'placement');
    });
  });

  test('the view works at 375 px without sideways scrolling', async () => {
    await withApp({ ...PLACEMENT, viewport: { width: 375, height: 800 } }, async ({ page }) => {
      await plan(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the viewport`);
      await screenshot(page, 'placement-375');
    });
  });

  test('a memberOf constraint nothing matches leaves the tasks unplaced; a broken expression is marked until fixed', async () => {
    await withApp(PLACEMENT, async ({ page }) => {
      await page.getByTestId('pl-add-constraint').click();
      const type = page.getByTestId('pl-constraint-type-0');
      const expression = page.getByTestId('pl-constraint-value-0');
      assert.equal(await type.inputValue(), 'memberOf');
      await expression.fill('attribute:ecs.instance-type =~ g4dn.*');
      assert.deepEqual((await serviceJson(page)).placementConstraints, [
        { type: 'memberOf', expression: 'attribute:ecs.instance-type =~ g4dn.*' },
      ]);
      await expectServiceValid(page, true);
      await page.getByTestId('pl-stale').waitFor();

      await plan(page);
      const failure = page.getByTestId('pl-failure');
      assert.equal(await failure.count(), 1);
      assert.equal(await failure.getAttribute('data-reason'), MEMBER_OF_UNSATISFIED);
      assert.equal(await failure.getAttribute('data-count'), '6');
      assert.match(await failure.textContent(), new RegExp(MEMBER_OF_UNSATISFIED));
      assert.match(await page.getByTestId('pl-event').first().textContent(), /^service web was unable to place a task/);
      assert.equal(await page.getByTestId('pl-task-chip').count(), 0);
      assert.match(await page.getByTestId('pl-summary').textContent(), /6 not placed/);
      const verdict = page.locator(`${byTestId('pl-task-explanation')}[data-task="1"] ${byTestId('pl-verdict')}`).first();
      assert.match(await verdict.textContent(), /memberOf\(attribute:ecs\.instance-type =~ g4dn\.\*\)/);

      // A broken expression: the bad span is marked, the input and the request are invalid.
      const marked = page.getByTestId('pl-constraint-expr-error-0');
      assert.equal(await marked.isHidden(), true);
      await expression.fill('attribute:ecs.instance-type == (g4dn');
      await marked.waitFor();
      assert.equal(await marked.locator(byTestId('pl-expr-mark')).count(), 1);
      assert.match(await marked.textContent(), /^Columns? \d+/);
      assert.equal(
        (await marked.locator(byTestId('pl-expr-marked')).textContent()),
        'attribute:ecs.instance-type == (g4dn',
      );
      assert.equal(await expression.getAttribute('aria-invalid'), 'true');
      assert.ok((await expression.getAttribute('aria-describedby')).split(' ').includes('pl-constraint-expr-error-0'));
      await expectServiceValid(page, false);
      await page.locator(`${byTestId('diagnostics')} ${byTestId('diagnostic')}[data-code="PL008"]`).waitFor();
      // Fixed: the marker and the finding go.
      await expression.fill('attribute:ecs.instance-type =~ m5.*');
      await marked.waitFor({ state: 'hidden' });
      assert.equal(await expression.getAttribute('aria-invalid'), null);
      await expectServiceValid(page, true);
      assert.equal(await page.locator(`${byTestId('diagnostic')}[data-code="PL008"]`).count(), 0);
      await plan(page);
      // Only the m5 instances are left: a1, a2, b1, b2 (zones a and b).
      assert.equal(await chips(card(page, 'c1')).count(), 0);
      assert.equal(await page.getByTestId('pl-task-chip').count(), 6);
    });
  });

  test('the strategy rows and the JSON stay in sync both ways', async () => {
    await withApp(PLACEMENT, async ({ page }) => {
      // Reorder: binpack first.
      await page.getByTestId('pl-strategy-up-1').click();
      assert.deepEqual((await serviceJson(page)).placementStrategy.map((s) => s.type), ['binpack', 'spread']);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'pl-strategy-type-0');
      // A type change fixes the field: random takes none.
      await page.getByTestId('pl-strategy-type-1').selectOption('random');
      assert.deepEqual((await serviceJson(page)).placementStrategy[1], { type: 'random' });
      assert.equal(await page.getByTestId('pl-strategy-value-1').isDisabled(), true);
      // A bad field is flagged on its input.
      const field = page.getByTestId('pl-strategy-value-0');
      await field.fill('disk');
      await expectServiceValid(page, false);
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      await page.locator(`${byTestId('pl-strategy-row-0')} ${byTestId('field-diagnostic')}[data-code="PL004"]`).waitFor();
      // JSON edits reach the rows.
      const json = await serviceJson(page);
      json.placementStrategy = [{ type: 'spread', field: 'instanceId' }];
      await page.getByTestId('pl-service').fill(JSON.stringify(json, null, 2));
      await expectServiceValid(page, true);
      assert.equal(await page.locator('[data-testid^="pl-strategy-row-"]').count(), 1);
      assert.equal(await page.getByTestId('pl-strategy-value-0').inputValue(), 'instanceId');
      // Removing the last strategy removes the member: ECS's default then applies.
      await page.getByTestId('pl-strategy-remove-0').click();
      assert.equal((await serviceJson(page)).placementStrategy, undefined);
      await plan(page);
      assert.match(await page.getByTestId('pl-explanation').textContent(), /ECS's default for services/);
      // Broken JSON locks the form until it parses again.
      await page.getByTestId('pl-service').fill('{"serviceName": ');
      await page.getByTestId('pl-form-locked').waitFor();
      assert.equal(await page.getByTestId('pl-add-strategy').isDisabled(), true);
      await page.getByTestId('pl-reset').click();
      await page.getByTestId('pl-form-locked').waitFor({ state: 'hidden' });
      assert.equal(await page.locator('[data-testid^="pl-strategy-row-"]').count(), 2);
    });
  });

  test('the Cluster view\'s instances become the cluster input, and the inputs survive switching views', async () => {
    await withApp({ hash: '#/container-instance', ready: 'ci-status' }, async ({ page }) => {
      await page.getByTestId('tab-placement').click();
      await page.getByTestId('pl-page').waitFor();
      assert.equal(await page.getByTestId('pl-use-cluster').isDisabled(), true);
      await page.getByTestId('pl-seed').fill('42');
      // Register the builder's m5.large, then use it here.
      await page.getByTestId('tab-container-instance').click();
      await page.getByTestId('ci-register').click();
      await page.getByTestId('ci-registered').waitFor();
      await page.getByTestId('tab-placement').click();
      assert.equal(await page.getByTestId('pl-seed').inputValue(), '42');
      await page.getByTestId('pl-use-cluster').click();
      assert.equal(await page.getByTestId('pl-cluster-summary').textContent(), '1 container instance in 1 Availability Zone.');
      await plan(page);
      assert.equal(await page.getByTestId('pl-card').count(), 1);
      assert.equal(await page.getByTestId('pl-task-chip').count(), 6);
      assert.equal(await page.getByTestId('pl-summary').textContent(), '6 tasks placed across 1 Availability Zone.');
    });
  });
});
