// The main flow with the keyboard only (Tab, Shift+Tab, Enter, arrow keys): switch views with
// the tabs, change the theme, edit a field of the RegisterInstance builder, reach its
// diagnostics and the export panel. Every stop must show a focus indicator.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { appSuite } from './harness.mjs';

const withApp = appSuite();

/** What has focus: its test id, id and whether it shows a focus ring (outline of 2px or more). */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { testid: null, id: null, ring: false };
    // The theme radios are drawn by the text next to them, which carries the ring.
    const drawn = el.matches('.theme-option input') ? el.nextElementSibling : el;
    const style = getComputedStyle(drawn);
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return {
      testid: el.dataset.testid ?? null,
      id: el.id || null,
      tag: el.tagName.toLowerCase(),
      ring,
      focusVisible: el.matches(':focus-visible'),
      inExport: Boolean(el.closest('[data-testid="export-panel"]')),
      inDiagnostics: Boolean(el.closest('[data-testid="diagnostics"]')),
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until `want(focused)` holds, checking that every element passed on
 * the way shows a focus ring. Fails after `max` presses.
 */
async function tabTo(page, want, { back = false, max = 60, label = 'the target' } = {}) {
  const seen = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    seen.push(now.testid ?? now.id ?? now.tag);
    assert.ok(now.ring, `no visible focus indicator on ${JSON.stringify(now)} (after ${seen.join(' > ')})`);
    if (want(now)) return now;
  }
  throw new Error(`${label} not reached in ${max} presses: ${seen.join(' > ')}`);
}

describe('keyboard only', () => {
  test('tabs, theme, a field, the diagnostics and the export panel, with a visible focus indicator', async () => {
    await withApp({ hash: '#/register-instance' }, async ({ page }) => {
      // The view tabs are links: Tab reaches them, Enter follows them.
      await tabTo(page, (f) => f.testid === 'tab-register-instance', { label: 'the first view tab' });
      await tabTo(page, (f) => f.testid === 'tab-registry', { max: 1 });
      await page.keyboard.press('Enter');
      await page.getByTestId('registry-page').waitFor();
      assert.equal(await page.getByTestId('tab-registry').getAttribute('aria-current'), 'page');
      await tabTo(page, (f) => f.testid === 'tab-container-instance', { max: 1 });
      await page.keyboard.press('Enter');
      await page.getByTestId('ci-status').waitFor();
      await tabTo(page, (f) => f.testid === 'tab-register-instance', { back: true, max: 2 });
      await page.keyboard.press('Enter');
      await page.getByTestId('status').waitFor();
      assert.match(page.url(), /#\/register-instance$/);

      // The theme switch is a radio group: Tab enters it at the checked choice, arrows move.
      const checked = await tabTo(page, (f) => f.testid?.startsWith('theme-'), { max: 8, label: 'the theme switch' });
      assert.equal(checked.testid, 'theme-system');
      await page.keyboard.press('ArrowRight');
      assert.equal((await focused(page)).testid, 'theme-light');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
      assert.equal(await page.evaluate(() => localStorage.getItem('muster.theme')), 'dark');
      assert.ok((await focused(page)).ring, 'the theme choice shows a focus ring');

      // A field of the builder: type into InstanceId.
      await tabTo(page, (f) => f.testid === 'instance-id', { label: 'the InstanceId field' });
      await page.keyboard.press('Control+A');
      await page.keyboard.type('bad id!');
      await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.dataset.valid === 'false');
      assert.equal(await page.getByTestId('instance-id').getAttribute('aria-invalid'), 'true');

      // The diagnostics: Enter on a finding takes focus back to its field.
      const finding = await tabTo(page, (f) => f.inDiagnostics && f.testid === 'diagnostic-focus', {
        label: 'the first diagnostic',
      });
      assert.equal(finding.tag, 'button');
      await page.keyboard.press('Enter');
      assert.equal((await focused(page)).testid, 'instance-id');
      // Shift+Tab walks back from the field too.
      await tabTo(page, (f) => f.testid === 'service-id', { back: true, max: 6, label: 'ServiceId, backwards' });

      // The export panel: its format select takes the arrow keys.
      const format = await tabTo(page, (f) => f.inExport && f.testid === 'export-format', { label: 'the export format' });
      assert.equal(format.tag, 'select');
      const before = await page.getByTestId('export-format').inputValue();
      await page.keyboard.press('ArrowDown');
      const after = await page.getByTestId('export-format').inputValue();
      assert.notEqual(after, before, 'ArrowDown changes the export format');
      await tabTo(page, (f) => f.inExport && f.tag === 'button', { max: 12, label: 'an export button' });
    });
  });

  test('a diagnostic can be reached and followed from the narrow layout too', async () => {
    await withApp({ hash: '#/register-instance', viewport: { width: 375, height: 740 } }, async ({ page }) => {
      await page.getByTestId('instance-id').fill('bad id!');
      await page.getByTestId('instance-id').focus();
      // The status link below the heading jumps to the findings on narrow screens.
      await tabTo(page, (f) => f.testid === 'status-jump', { back: true, label: 'the status link' });
      await page.keyboard.press('Enter');
      await tabTo(page, (f) => f.inDiagnostics && f.testid === 'diagnostic-focus', { max: 4, label: 'a finding after the jump' });
      await page.keyboard.press('Enter');
      assert.equal((await focused(page)).testid, 'instance-id');
    });
  });
});
