// Every view at 375 x 740 (a small phone): the page never scrolls sideways, as loaded, with an
// invalid request (long diagnostics), with every disclosure open, and in the dark theme; the
// embedded builders too. Each state is saved under target/screenshots/ for a look.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { appSuite, screenshot } from './harness.mjs';
import { VIEWS } from './views.mjs';

const withApp = appSuite();
const PHONE = { width: 375, height: 740 };

/** Fails if the document is wider than the viewport, naming the widest offenders. */
async function assertNoSideScroll(page, label) {
  const { scrollWidth, offenders } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const offenders = [...document.querySelectorAll('body *')]
      .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > width + 0.5)
      // Inside a scrolling box is fine: the box scrolls, not the page.
      .filter((el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const overflow = getComputedStyle(p).overflowX;
          if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') return false;
        }
        return true;
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}[${el.dataset.testid ?? ''}] right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, offenders };
  });
  assert.ok(scrollWidth <= PHONE.width, `${label}: the page is ${scrollWidth}px wide at 375px: ${offenders.join(', ')}`);
}

/** Opens every <details> on the page. */
async function openAllDetails(page) {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
}

describe('375 px wide', () => {
  for (const view of VIEWS) {
    test(`${view.slug}: no horizontal scroll, valid, invalid, opened and dark`, async () => {
      await withApp({ hash: `#/${view.slug}`, ready: view.ready, viewport: PHONE }, async ({ page }) => {
        await assertNoSideScroll(page, `${view.slug}`);
        await screenshot(page, `375-${view.slug}`);
        await view.invalidate(page);
        await assertNoSideScroll(page, `${view.slug} invalid`);
        await openAllDetails(page);
        await assertNoSideScroll(page, `${view.slug} invalid, details open`);
        await screenshot(page, `375-${view.slug}-invalid`);
        await page.getByTestId('theme-dark').check();
        await assertNoSideScroll(page, `${view.slug} dark`);
        await screenshot(page, `375-${view.slug}-invalid-dark`);
      });
    });
  }

  test('the Scenario menu opens inside the screen', async () => {
    await withApp({ viewport: PHONE }, async ({ page }) => {
      await page.getByTestId('scenario-menu-open').click();
      const box = await page.locator('.scenario-panel').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `the panel spans ${box?.x} to ${box && box.x + box.width}`);
      await screenshot(page, '375-scenario-menu');
    });
  });

  test('the import dialog fits', async () => {
    await withApp({ viewport: PHONE }, async ({ page }) => {
      await page.getByTestId('import-open').click();
      await page.getByTestId('import-dialog').waitFor();
      await assertNoSideScroll(page, 'import dialog');
    });
  });

  test('the embedded builders fit', async () => {
    for (const operation of ['RegisterInstance', 'RegisterContainerInstance']) {
      await withApp({ hash: `?embed=1&operation=${operation}`, ready: 'embed', viewport: PHONE }, async ({ page }) => {
        await openAllDetails(page);
        await assertNoSideScroll(page, `embed ${operation}`);
        await screenshot(page, `375-embed-${operation}`);
      });
    }
  });
});
