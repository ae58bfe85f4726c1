// The app's views for the cross-cutting browser tests (accessibility, responsive layout): how to
// open each, and how to make its input invalid so that its diagnostics show.

const byTestId = (id) => `[data-testid="${id}"]`;

/** Makes each view's request invalid, so its diagnostics show (inline and in the list). */
export const VIEWS = [
  {
    slug: 'register-instance',
    ready: 'status',
    async invalidate(page) {
      await page.getByTestId('instance-id').fill('bad id!');
      await page.getByTestId('attr-value-1').fill('0808');
      await page.getByTestId('service-id').fill('');
      await page.locator(`${byTestId('diagnostics')} ${byTestId('diagnostic')}[data-code="CM003"]`).waitFor();
    },
  },
  {
    slug: 'registry',
    ready: 'registry-page',
    async invalidate(page) {
      await page.getByTestId('svc-health').selectOption('HTTP');
      await page.locator('input[data-testid^="svc-ttl"]').first().fill('-5');
      await page.getByTestId('dist-queries').fill('0');
      await page.getByTestId('disc-max').fill('0');
      await page.getByTestId('disc-query').fill('nope');
      await page.getByTestId('qa-count').fill('many');
      await page.waitForFunction(() => document.querySelectorAll('[aria-invalid="true"]').length >= 2);
    },
  },
  {
    slug: 'container-instance',
    ready: 'ci-status',
    async invalidate(page) {
      await page.getByTestId('ci-resources-1-2').fill('-512');
      await page.getByTestId('ci-add-attributes').click();
      const rows = await page.locator('[data-testid^="ci-attributes-row-"]').count();
      await page.getByTestId(`ci-attributes-${rows - 1}-0`).fill('team colour');
      await page.locator(`${byTestId('diagnostics')} ${byTestId('diagnostic')}[data-code="ECS018"]`).waitFor();
    },
  },
  {
    slug: 'cluster',
    ready: 'cluster-page',
    async invalidate(page) {
      await page.getByTestId('service-desired-0').fill('many');
      await page.locator('#service-error-0').waitFor();
      await page.getByTestId('cluster-name').fill('bad name');
      await page.getByTestId('cluster-reset-button').click();
      await page.locator('#cluster-reset-error').waitFor();
    },
  },
  {
    slug: 'placement',
    ready: 'pl-page',
    async invalidate(page) {
      await page.getByTestId('pl-add-constraint').click();
      await page.getByTestId('pl-constraint-value-0').fill('attribute:ecs.instance-type == (g4dn');
      await page.getByTestId('pl-constraint-expr-error-0').waitFor();
      await page.getByTestId('pl-strategy-value-0').fill('disk');
      await page.locator(`${byTestId('diagnostics')} ${byTestId('diagnostic')}[data-code="PL008"]`).waitFor();
    },
  },
];
