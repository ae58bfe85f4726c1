// Large plans in the Placement view: thousands of tasks on thousands of container instances are
// placed a slice at a time, with a progress bar and Cancel, while the page keeps answering; the
// finished plan is the one the npm package's one-call planService makes for the same input.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { appSuite, ROOT, screenshot } from './harness.mjs';

const withApp = appSuite();

const PLACEMENT = { hash: '#/placement', ready: 'pl-page' };
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const CLUSTER_ARN = 'arn:aws:ecs:us-east-1:123456789012:container-instance/prod';

const byTestId = (id) => `[data-testid="${id}"]`;

/** The example's first instance, copied `count` times over three zones with room for many tasks. */
async function largeCluster(page, count) {
  const example = JSON.parse(await page.getByTestId('pl-cluster').inputValue());
  const template = example.containerInstances[0];
  const instances = Array.from({ length: count }, (_, i) => {
    const instance = structuredClone(template);
    const id = i.toString(16).padStart(32, '0');
    instance.containerInstanceArn = `${CLUSTER_ARN}/${id}`;
    instance.ec2InstanceId = `i-${id.slice(-17)}`;
    instance.privateIpAddress = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    instance.runningTasksCount = 0;
    instance.attributes.find((a) => a.name === 'ecs.availability-zone').value = ZONES[i % 3];
    return instance;
  });
  return { containerInstances: instances };
}

/**
 * Puts a service of `tasks` tasks on `instances` instances into the editors. The cluster goes in
 * as one line: Playwright's fill types a multi-line text far more slowly than a paste lands.
 */
async function loadLargeScenario(page, { instances, tasks, seed, cloudMap = true }) {
  const cluster = await largeCluster(page, instances);
  const service = JSON.parse(await page.getByTestId('pl-service').inputValue());
  service.desiredCount = tasks;
  // A service with service discovery runs at most 1,000 tasks (ECS052).
  delete service.serviceRegistries;
  await page.getByTestId('pl-cluster').fill(JSON.stringify(cluster));
  await page.getByTestId('pl-service').fill(JSON.stringify(service, null, 2));
  if (!cloudMap) await page.getByTestId('pl-cloud-map').fill('');
  await page.getByTestId('pl-seed').fill(String(seed));
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="pl-cluster-summary"]')?.textContent.startsWith(want),
    `${instances} container instances`,
  );
}

/** The progress bar's value and maximum, or null while it is hidden. */
function progressOf(page) {
  return page.evaluate(() => {
    const box = document.querySelector('[data-testid="pl-progress-box"]');
    const bar = document.querySelector('[data-testid="pl-progress"]');
    if (!box || box.hidden) return null;
    return { value: bar.value, max: bar.max, label: document.querySelector('[data-testid="pl-progress-label"]').textContent };
  });
}

/** The longest time between two animation frames over `ms`: how long the page stops painting. */
function longestFrameGap(page, ms) {
  return page.evaluate(
    (span) =>
      new Promise((resolve) => {
        const start = performance.now();
        let last = start;
        let worst = 0;
        const frame = (now) => {
          worst = Math.max(worst, now - last);
          last = now;
          if (now - start < span) requestAnimationFrame(frame);
          else resolve(worst);
        };
        requestAnimationFrame(frame);
      }),
    ms,
  );
}

/** Records in the page whether the progress bar was ever shown and the values it showed. */
function watchProgress(page) {
  return page.evaluate(() => {
    window.__progressSeen = [];
    const box = document.querySelector('[data-testid="pl-progress-box"]');
    const bar = document.querySelector('[data-testid="pl-progress"]');
    const note = () => {
      if (!box.hidden) window.__progressSeen.push(Number(bar.value));
    };
    new MutationObserver(note).observe(box, { attributes: true, subtree: true, childList: true, characterData: true });
  });
}

/** Every placed task in the page: number, task ARN and the instance it is on. */
function placedInPage(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="pl-card"]')].flatMap((card) =>
      [...card.querySelectorAll('[data-testid="pl-task-chip"]')].map((chip) => ({
        task: Number(chip.dataset.task),
        taskArn: chip.dataset.arn,
        instance: card.dataset.id,
      })),
    ).sort((a, b) => a.task - b.task),
  );
}

/** The one-call plan of the npm package for the inputs in the editors (as the page reads them). */
async function oneCallPlan(page) {
  const entry = path.join(ROOT, 'pkg', 'node', 'index.mjs');
  if (!fs.existsSync(entry)) {
    throw new Error(`${entry} is missing. Build the npm package first: scripts/build-npm`);
  }
  const { planService } = await import(entry);
  const read = async (id) => page.getByTestId(id).inputValue();
  const input = {
    cluster: JSON.parse(await read('pl-cluster')),
    taskDefinition: JSON.parse(await read('pl-task-definition')),
    service: JSON.parse(await read('pl-service')),
    seed: Number(await read('pl-seed')),
  };
  const cloudMap = await read('pl-cloud-map');
  if (cloudMap.trim()) input.cloudMap = JSON.parse(cloudMap);
  return planService(JSON.stringify(input));
}

describe('Placement view: large plans', () => {
  test('a large plan shows its progress, keeps the page answering, and Cancel or an edit stops it', async () => {
    await withApp(PLACEMENT, async ({ page }) => {
      await page.waitForFunction(() => document.querySelector('[data-testid="pl-summary"]')?.textContent === '6 tasks placed across 3 Availability Zones.');
      // The example finishes in its first slice: no progress bar.
      assert.equal(await progressOf(page), null);
      await loadLargeScenario(page, { instances: 5000, tasks: 5000, seed: 5 });
      // A slower CPU (as on a low-end laptop) makes the job long enough to watch and stop.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });

      await page.getByTestId('pl-plan').click();
      await page.getByTestId('pl-progress-box').waitFor({ timeout: 20_000 });
      const first = await progressOf(page);
      assert.equal(first.max, 5000);
      assert.match(first.label, /^Placing tasks: [\d,]+ of 5,000$/);
      const name = await page.evaluate(() => document.querySelector('[data-testid="pl-progress"]').labels[0]?.textContent);
      assert.match(name, /^Placing tasks: [\d,]+ of 5,000$/, 'the label names the bar');
      assert.equal(await page.getByTestId('pl-summary').textContent(), 'Planning: placing 5,000 tasks…');
      assert.equal(await page.getByTestId('pl-summary').getAttribute('aria-live'), 'polite');
      await screenshot(page, 'placement-progress');
      await page.waitForFunction((before) => {
        const bar = document.querySelector('[data-testid="pl-progress"]');
        return bar.value > before;
      }, first.value);
      // The page keeps painting while the job runs.
      const gap = await longestFrameGap(page, 300);
      assert.ok(gap < 250, `the page did not paint for ${Math.round(gap)} ms while planning`);
      const running = await progressOf(page);
      assert.ok(running, 'still planning');
      assert.ok(running.value > first.value && running.value < 5000, JSON.stringify(running));

      // Cancel: the bar goes, the example's plan stays, and nothing more is placed.
      await page.getByTestId('pl-cancel').click();
      await page.getByTestId('pl-progress-box').waitFor({ state: 'hidden' });
      assert.equal(await page.getByTestId('pl-summary').textContent(), 'Cancelled. The plan below is the one from before.');
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'pl-plan', 'focus moves to Plan');
      assert.equal(await page.getByTestId('pl-task-chip').count(), 6);
      assert.equal(await page.getByTestId('pl-stale').isVisible(), true);
      await page.waitForTimeout(700);
      assert.equal(await progressOf(page), null);
      assert.equal(await page.getByTestId('pl-summary').textContent(), 'Cancelled. The plan below is the one from before.');
      assert.equal(await page.getByTestId('pl-task-chip').count(), 6);

      // Typing while a job runs: the keystroke lands at once and stops the job on the old inputs.
      await page.getByTestId('pl-plan').click();
      await page.getByTestId('pl-progress-box').waitFor({ timeout: 20_000 });
      await page.waitForFunction(() => document.querySelector('[data-testid="pl-progress"]').value > 0);
      const seed = page.getByTestId('pl-seed');
      await seed.focus();
      await page.keyboard.press('End');
      const started = Date.now();
      await page.keyboard.type('1');
      await page.waitForFunction(
        () => document.querySelector('[data-testid="pl-seed"]').value === '51'
          && document.querySelector('[data-testid="pl-summary"]').textContent.startsWith('Cancelled: the inputs changed'),
        undefined,
        { timeout: 2_000 },
      );
      const answered = Date.now() - started;
      assert.ok(answered < 1_000, `the keystroke took ${answered} ms to show`);
      assert.equal(await progressOf(page), null);
      assert.equal(await page.getByTestId('pl-task-chip').count(), 6);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    });
  });

  test('a large plan run to the end is the one-call plan; Plan pressed again mid-way leaves only the newest result', async () => {
    await withApp(PLACEMENT, async ({ page }) => {
      await page.waitForFunction(() => document.querySelector('[data-testid="pl-summary"]')?.textContent === '6 tasks placed across 3 Availability Zones.');
      await loadLargeScenario(page, { instances: 2000, tasks: 2000, seed: 11, cloudMap: false });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 2 });
      await watchProgress(page);

      // Start, then press Plan again while the first job runs: the first must not land.
      await page.getByTestId('pl-plan').click();
      await page.getByTestId('pl-progress-box').waitFor({ timeout: 20_000 });
      await page.getByTestId('pl-plan').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="pl-summary"]')?.textContent === '2000 tasks placed across 3 Availability Zones.',
        undefined,
        { timeout: 60_000 },
      );
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      assert.equal(await progressOf(page), null);
      assert.equal(await page.getByTestId('pl-stale').isHidden(), true);
      const seen = await page.evaluate(() => window.__progressSeen);
      assert.ok(seen.length >= 2, `the bar showed progress: ${seen}`);

      const placed = await placedInPage(page);
      assert.equal(placed.length, 2000);
      const reference = await oneCallPlan(page);
      assert.equal(reference.valid, true);
      const expected = reference.placement.tasks.map((t, i) => ({
        task: i + 1,
        taskArn: t.taskArn,
        instance: t.containerInstanceArn.split('/').pop(),
      }));
      assert.deepEqual(placed, expected);
      // Every instance's task count and each zone's total agree too.
      const zones = await page.locator(byTestId('pl-zone')).evaluateAll((els) => els.map((z) => [z.dataset.zone, Number(z.dataset.tasks)]));
      const byZone = {};
      for (const t of reference.placement.tasks) byZone[t.availabilityZone] = (byZone[t.availabilityZone] ?? 0) + 1;
      assert.deepEqual(Object.fromEntries(zones.filter(([, n]) => n > 0)), byZone);
    });
  });
});
