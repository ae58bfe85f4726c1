// Themes: the system's (prefers-color-scheme) by default; the header's switch forces light or
// dark, is remembered in localStorage under `muster.theme`, and applies again on reload.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { appSuite } from './harness.mjs';

const withApp = appSuite();
const LIGHT_BG = 'rgb(245, 246, 248)';
const DARK_BG = 'rgb(15, 18, 23)';

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const forced = (page) => page.evaluate(() => document.documentElement.dataset.theme ?? null);

describe('themes', () => {
  test('follows the system until the switch forces a theme, which survives a reload', async () => {
    await withApp({ colorScheme: 'dark' }, async ({ page }) => {
      assert.equal(await page.getByTestId('theme-system').isChecked(), true);
      assert.equal(await forced(page), null);
      assert.equal(await background(page), DARK_BG);

      await page.getByTestId('theme-light').check();
      assert.equal(await forced(page), 'light');
      assert.equal(await background(page), LIGHT_BG);
      assert.equal(await page.evaluate(() => localStorage.getItem('muster.theme')), 'light');
      assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), 'light');

      await page.reload();
      await page.getByTestId('status').waitFor();
      assert.equal(await page.getByTestId('theme-light').isChecked(), true);
      assert.equal(await forced(page), 'light');
      assert.equal(await background(page), LIGHT_BG);

      await page.getByTestId('theme-system').check();
      assert.equal(await forced(page), null);
      assert.equal(await background(page), DARK_BG);
      assert.equal(await page.evaluate(() => localStorage.getItem('muster.theme')), 'system');
    });
  });

  test('dark on a light system, syntax colours included; a change of the system setting is followed', async () => {
    await withApp({ colorScheme: 'light' }, async ({ page }) => {
      assert.equal(await background(page), LIGHT_BG);
      await page.getByTestId('theme-dark').check();
      assert.equal(await background(page), DARK_BG);
      assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), 'dark');
      // The export's syntax colours switch too.
      const token = await page.evaluate(() => {
        const el = document.querySelector('[data-testid="export-panel"] .tok-key, [data-testid="export-panel"] .tok-flag, [data-testid="export-panel"] .tok-str');
        return el && { kind: [...el.classList].find((c) => c.startsWith('tok-')), color: getComputedStyle(el).color };
      });
      assert.ok(token, 'the export shows highlighted tokens');
      const dark = { 'tok-key': 'rgb(196, 181, 253)', 'tok-flag': 'rgb(147, 197, 253)', 'tok-str': 'rgb(134, 239, 172)' };
      assert.equal(token.color, dark[token.kind]);
      // Back to the system, then the system turns dark.
      await page.getByTestId('theme-system').check();
      assert.equal(await background(page), LIGHT_BG);
      await page.emulateMedia({ colorScheme: 'dark' });
      assert.equal(await background(page), DARK_BG);
    });
  });

  test('the embedded builder takes theme= from its URL', async () => {
    await withApp({ hash: '?embed=1&theme=dark', ready: 'embed', colorScheme: 'light' }, async ({ page }) => {
      assert.equal(await forced(page), 'dark');
      assert.equal(await background(page), DARK_BG);
    });
  });
});
