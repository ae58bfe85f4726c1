// axe-core in every view: as loaded, with an invalid request (so diagnostics show), in the dark
// theme (the system's and the header switch's) and 375 px wide. Zero violations allowed. Also:
// every field marked aria-invalid points at its diagnostics with aria-describedby.
//
// The page's CSP forbids inline scripts; page.evaluate runs through the DevTools protocol, which
// the CSP does not govern, so axe is injected that way.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

import { appSuite } from './harness.mjs';
import { VIEWS } from './views.mjs';

const require = createRequire(import.meta.url);
const axe = require('axe-core');

const withApp = appSuite();

/** Runs axe on the page and fails with a readable list of every violation. */
async function assertNoViolations(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axe.source);
  }
  // Let transitions settle so colours are final.
  await page.waitForTimeout(200);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  });
  const report = violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`)
    .join('\n');
  assert.equal(violations.length, 0, `axe found violations in ${label}:\n${report}`);
}

/** Every element with aria-invalid="true" names, in aria-describedby, a shown element with text. */
async function assertInvalidFieldsDescribed(page, label) {
  const problems = await page.evaluate(() => {
    const out = [];
    const invalid = [...document.querySelectorAll('[aria-invalid="true"]')];
    for (const el of invalid) {
      const name = el.id || el.dataset.testid || el.tagName;
      const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
      if (ids.length === 0) {
        out.push(`${name} has no aria-describedby`);
        continue;
      }
      const targets = ids.map((id) => document.getElementById(id));
      if (targets.some((t) => t === null)) out.push(`${name} names a missing id in "${ids.join(' ')}"`);
      const described = targets.some((t) => t && !t.closest('[hidden]') && t.textContent.trim() !== '' && t.getClientRects().length > 0);
      if (!described) out.push(`${name}: none of "${ids.join(' ')}" is shown`);
    }
    return { count: invalid.length, out };
  });
  assert.deepEqual(problems.out, [], `${label}: invalid fields not described`);
  return problems.count;
}

describe('accessibility (axe-core)', () => {
  for (const view of VIEWS) {
    test(`${view.slug}: no violations as loaded, invalid, in the dark theme and at 375 px`, async () => {
      await withApp({ hash: `#/${view.slug}`, ready: view.ready }, async ({ page }) => {
        await assertNoViolations(page, `${view.slug} (light)`);
        await view.invalidate(page);
        const invalid = await assertInvalidFieldsDescribed(page, view.slug);
        assert.ok(invalid > 0, `${view.slug}: the invalid request marks no field aria-invalid`);
        await assertNoViolations(page, `${view.slug} (light, invalid)`);
        // The header's switch forces dark on a light system.
        await page.getByTestId('theme-dark').check();
        await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
        await assertNoViolations(page, `${view.slug} (dark switch, invalid)`);
        await page.setViewportSize({ width: 375, height: 740 });
        await assertNoViolations(page, `${view.slug} (dark switch, invalid, 375 px)`);
        await page.getByTestId('theme-light').check();
        await assertNoViolations(page, `${view.slug} (light switch, invalid, 375 px)`);
      });
    });

    test(`${view.slug}: no violations with a dark system theme, invalid and at 375 px`, async () => {
      await withApp(
        { hash: `#/${view.slug}`, ready: view.ready, colorScheme: 'dark', viewport: { width: 375, height: 740 } },
        async ({ page }) => {
          assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), true);
          await assertNoViolations(page, `${view.slug} (dark system, 375 px)`);
          await view.invalidate(page);
          await assertInvalidFieldsDescribed(page, view.slug);
          await assertNoViolations(page, `${view.slug} (dark system, invalid, 375 px)`);
        },
      );
    });
  }

  test('the import dialog and the export formats have no violations', async () => {
    await withApp({ colorScheme: 'dark' }, async ({ page }) => {
      await page.getByTestId('export-format').selectOption({ index: 1 });
      await assertNoViolations(page, 'register-instance export (dark)');
      await page.getByTestId('import-open').click();
      await page.getByTestId('import-dialog').waitFor();
      await assertNoViolations(page, 'import dialog (dark)');
    });
  });

  test('the embedded builders have no violations, valid and invalid', async () => {
    for (const [operation, editorId] of [['RegisterInstance', 'json-editor'], ['RegisterContainerInstance', 'ci-json-editor']]) {
      await withApp(
        { hash: `?embed=1&operation=${operation}`, ready: 'embed' },
        async ({ page }) => {
          await assertNoViolations(page, `embed ${operation}`);
          const editor = page.getByTestId(editorId);
          await editor.fill('{"nope": ');
          await page.locator(`[data-testid="diagnostic"][data-code="JSON001"]`).waitFor();
          await assertInvalidFieldsDescribed(page, `embed ${operation}`);
          await assertNoViolations(page, `embed ${operation} (invalid)`);
        },
      );
    }
  });
});
