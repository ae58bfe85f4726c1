// Screenshots of every view for a look: light and dark at 1280 px, with an invalid request so
// the diagnostics show, saved under target/screenshots/ (the 375 px and embed ones come from
// responsive.test.mjs and embed.test.mjs). Also checks each view renders under both themes.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { appSuite, screenshot } from './harness.mjs';
import { VIEWS } from './views.mjs';

const withApp = appSuite();

describe('screenshots', () => {
  for (const colorScheme of ['light', 'dark']) {
    test(`every view, ${colorScheme}`, async () => {
      for (const view of VIEWS) {
        await withApp({ hash: `#/${view.slug}`, ready: view.ready, colorScheme }, async ({ page }) => {
          const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          // The page background follows the system theme.
          assert.equal(background, colorScheme === 'dark' ? 'rgb(15, 18, 23)' : 'rgb(245, 246, 248)');
          await screenshot(page, `${colorScheme}-${view.slug}`);
          await view.invalidate(page);
          await screenshot(page, `${colorScheme}-${view.slug}-invalid`);
        });
      }
    });
  }
});
