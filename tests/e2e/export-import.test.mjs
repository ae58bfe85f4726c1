// Export and import in the request builders: the export panel (formats, colours, copy, download,
// the warning and "Export anyway" for invalid requests) and the import dialog (paste, file input,
// drop, what it understood, loading into the right builder, keyboard and focus).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';

import { appSuite, screenshot } from './harness.mjs';

const CI = { hash: '#/container-instance', ready: 'ci-status' };
const CLI = `aws servicediscovery register-instance \\
  --service-id srv-abcdefabcdefabcd \\
  --instance-id imported-7 \\
  --attributes AWS_INSTANCE_IPV4=10.1.2.3,AWS_INSTANCE_PORT=8080`;

const withApp = appSuite();


async function expectValid(page, valid, testid = 'status') {
  await page.waitForFunction(
    ([id, want]) => document.querySelector(`[data-testid="${id}"]`)?.dataset.valid === want,
    [testid, String(valid)],
  );
}

const output = (page) => page.getByTestId('export-output');
const activeTestId = (page) => page.evaluate(() => document.activeElement?.dataset.testid ?? null);

describe('export panel', () => {
  test('a valid RegisterInstance exports as the AWS CLI, copies and downloads', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('instance-id').fill('web-1');
      await expectValid(page, true);
      const panel = page.getByTestId('export-panel');
      assert.equal(await page.getByTestId('export-warning').isVisible(), false);
      await page.getByTestId('export-format').selectOption('cli');
      await page.getByTestId('export-region').fill('eu-west-1');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="export-output"]')?.textContent.includes('eu-west-1'),
      );
      const text = await output(page).textContent();
      assert.match(text, /^aws servicediscovery register-instance \\\n/);
      assert.match(text, /--service-id srv-p5zdwlg5uvvzjita/);
      assert.match(text, /--instance-id web-1/);
      assert.match(text, /--region eu-west-1/);
      // Coloured as text in spans: flags are their own runs.
      const flags = await output(page).locator('span.tok-flag').allTextContents();
      assert.ok(flags.includes('--instance-id'), flags.join(' '));
      assert.equal(await output(page).locator(':not(span)').count(), 0, 'only spans inside the output');
      assert.equal(await page.getByTestId('export-filename').textContent(), 'register-instance.sh');
      assert.ok((await page.getByTestId('export-notes').locator('li').count()) >= 1);

      // Formats the operation cannot use are disabled, with the reason; RegisterInstance has none.
      assert.equal(await panel.locator('option[disabled]').count(), 0);

      await page.getByTestId('export-copy').click();
      await page.getByTestId('export-feedback').filter({ hasText: 'Copied' }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('export-download').click(),
      ]);
      assert.equal(download.suggestedFilename(), 'register-instance.sh');
      assert.equal(fs.readFileSync(await download.path(), 'utf8'), text);

      // Another format: JSON keys and strings coloured, a new file name.
      await page.getByTestId('export-format').selectOption('cloudformation-yaml');
      await page.getByTestId('export-filename').filter({ hasText: 'register-instance.template.yaml' }).waitFor();
      assert.ok(await output(page).locator('span.tok-key').count() > 3);
      await page.getByTestId('export-format').selectOption('cli');
      await page.getByTestId('export-output').scrollIntoViewIfNeeded();
      await screenshot(page, 'export');
    });
  });

  test('user text is shown as text, never as markup', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('json-editor').fill(JSON.stringify({
        ServiceId: 'srv-p5zdwlg5uvvzjita',
        InstanceId: 'web-1',
        Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '80', note: '<img src=x>' },
      }));
      await expectValid(page, true);
      await page.getByTestId('export-format').selectOption('json');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="export-output"]')?.textContent.includes('<img src=x>'),
      );
      assert.equal(await page.locator('[data-testid="export-panel"] img').count(), 0);
    });
  });

  test('errors hold the export back until "Export anyway"', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('instance-id').fill('bad id!');
      await expectValid(page, false);
      const warning = page.getByTestId('export-warning');
      await warning.waitFor();
      assert.match(await warning.textContent(), /The request has 1 error\./);
      const items = page.getByTestId('export-error-item');
      assert.equal(await items.count(), 1);
      assert.equal(await items.first().getAttribute('data-code'), 'CM003');
      assert.match(await items.first().textContent(), /^CM003 at \/InstanceId: /);
      assert.equal(await output(page).isVisible(), false);
      assert.equal(await page.getByTestId('export-copy').isDisabled(), true);
      assert.equal(await page.getByTestId('export-download').isDisabled(), true);

      await page.getByTestId('export-anyway').click();
      await output(page).waitFor();
      assert.match(await output(page).textContent(), /--instance-id 'bad id!'/);
      assert.match(await warning.textContent(), /Exported anyway/);
      assert.equal(await page.getByTestId('export-anyway').isVisible(), false);
      assert.equal(await page.getByTestId('export-download').isDisabled(), false);

      // Fixed: the warning goes away.
      await page.getByTestId('instance-id').fill('good-1');
      await expectValid(page, true);
      await warning.waitFor({ state: 'hidden' });
      assert.match(await output(page).textContent(), /--instance-id good-1/);
    });
  });

  test('the container-instance builder disables the formats it cannot use', async () => {
    await withApp(CI, async ({ page }) => {
      const disabled = page.locator('[data-testid="export-format"] option[disabled]');
      assert.deepEqual(
        await disabled.evaluateAll((os) => os.map((o) => o.value)),
        ['cloudformation-yaml', 'cloudformation-json', 'terraform'],
      );
      assert.match(await disabled.first().textContent(), /not available: .*RegisterContainerInstance/);
      await page.getByTestId('export-format').selectOption('cli');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="export-output"]')?.textContent.startsWith('aws ecs register-container-instance'),
      );
    });
  });

  test('the Placement CreateService request exports to Terraform', async () => {
    await withApp({ hash: '#/placement', ready: 'pl-page' }, async ({ page }) => {
      await page.getByTestId('export-format').selectOption('terraform');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="export-output"]')?.textContent.startsWith('resource "aws_ecs_service"'),
      );
      assert.equal(await page.getByTestId('export-filename').textContent(), 'create-service.tf');
    });
  });
});

describe('import dialog', () => {
  test('a pasted AWS CLI command is understood and loaded into the form', async () => {
    await withApp({}, async ({ page }) => {
      const dialog = page.getByTestId('import-dialog');
      assert.equal(await dialog.isVisible(), false);
      await page.getByTestId('import-open').click();
      await dialog.waitFor();
      assert.equal(await dialog.getAttribute('role'), 'dialog');
      assert.equal(await dialog.getAttribute('aria-modal'), 'true');
      const heading = await page.locator(`#${await dialog.getAttribute('aria-labelledby')}`).textContent();
      assert.equal(heading, 'Import a request');
      assert.equal(await activeTestId(page), 'import-text', 'focus moves into the dialog');
      assert.equal(await page.getByTestId('import-use').isDisabled(), true);

      // Something it cannot read: a clear error.
      await page.getByTestId('import-text').fill('aws servicediscovery nope --x 1');
      const error = page.getByTestId('import-error');
      await error.waitFor();
      assert.match(await error.textContent(), /^IMPORT_FAILED: .*not a command muster imports/);
      assert.equal(await page.getByTestId('import-use').isDisabled(), true);

      await page.getByTestId('import-text').fill(CLI);
      await page.getByTestId('import-summary').waitFor();
      assert.equal(await error.isVisible(), false);
      assert.equal(
        await page.getByTestId('import-understood').textContent(),
        'Understood a RegisterInstance request from AWS CLI command.',
      );
      assert.equal(await page.getByTestId('import-operation').textContent(), 'RegisterInstance');
      assert.equal(await page.getByTestId('import-detected-format').textContent(), 'cli');
      assert.equal(await page.getByTestId('import-switch').isVisible(), false);
      const expected = {
        ServiceId: 'srv-abcdefabcdefabcd',
        InstanceId: 'imported-7',
        Attributes: { AWS_INSTANCE_IPV4: '10.1.2.3', AWS_INSTANCE_PORT: '8080' },
      };
      assert.deepEqual(JSON.parse(await page.getByTestId('import-preview').textContent()), expected);

      await page.getByTestId('import-use').click();
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await activeTestId(page), 'import-open', 'focus returns to the opener');
      assert.equal(await page.getByTestId('service-id').inputValue(), 'srv-abcdefabcdefabcd');
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'imported-7');
      assert.equal(await page.getByTestId('creator-request-id').inputValue(), '');
      assert.equal(await page.getByTestId('attr-value-1').inputValue(), '8080');
      assert.deepEqual(JSON.parse(await page.getByTestId('json-editor').inputValue()), expected);
    });
  });

  test('a PowerShell command is read with its backticks and quoting', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('import-open').click();
      await page.getByTestId('import-dialog').waitFor();
      await page.getByTestId('import-text').fill(
        "PS C:\\> aws servicediscovery register-instance `\r\n  --service-id 'srv-abcdefabcdefabcd' `\r\n  --instance-id \"it''s-7\" `\r\n  --attributes 'AWS_INSTANCE_IPV4=10.1.2.3'\r\n",
      );
      await page.getByTestId('import-summary').waitFor();
      assert.equal(
        await page.getByTestId('import-understood').textContent(),
        'Understood a RegisterInstance request from AWS CLI command for PowerShell.',
      );
      assert.equal(await page.getByTestId('import-detected-format').textContent(), 'powershell');
      assert.deepEqual(JSON.parse(await page.getByTestId('import-preview').textContent()), {
        ServiceId: 'srv-abcdefabcdefabcd',
        InstanceId: "it''s-7",
        Attributes: { AWS_INSTANCE_IPV4: '10.1.2.3' },
      });
    });
  });

  test('a --cli-input-yaml skeleton is read as the AWS CLI v2 reads it, and a YAML mistake names its line', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('import-open').click();
      await page.getByTestId('import-dialog').waitFor();
      const yaml = [
        "ServiceId: 'srv-abcdefabcdefabcd' # [REQUIRED] The ID of the service",
        'InstanceId: yaml-1',
        'Attributes: # [REQUIRED]',
        '  AWS_INSTANCE_IPV4: 10.1.2.9',
        "  AWS_INSTANCE_PORT: '8080'",
        '  stage: yes',
      ].join('\n');
      await page.getByTestId('import-text').fill(yaml);
      await page.getByTestId('import-summary').waitFor();
      assert.equal(await page.getByTestId('import-detected-format').textContent(), 'cli-input-yaml');
      // YAML 1.2, as the CLI reads it: `yes` is the string "yes".
      assert.deepEqual(JSON.parse(await page.getByTestId('import-preview').textContent()), {
        ServiceId: 'srv-abcdefabcdefabcd',
        InstanceId: 'yaml-1',
        Attributes: { AWS_INSTANCE_IPV4: '10.1.2.9', AWS_INSTANCE_PORT: '8080', stage: 'yes' },
      });
      await page.getByTestId('import-text').fill(`${yaml}\n  when: 2024-01-01`);
      const error = page.getByTestId('import-error');
      await error.waitFor();
      assert.match(await error.textContent(), /YAML line 7: .*date/);
      await page.getByTestId('import-text').fill(yaml);
      await page.getByTestId('import-use').click();
      await page.getByTestId('import-dialog').waitFor({ state: 'hidden' });
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'yaml-1');
    });
  });

  test('a --cli-input-json file loads into the container-instance builder', async () => {
    await withApp(CI, async ({ page }) => {
      // The builder's own cli-input-json export, with another cluster, as the file.
      await page.getByTestId('export-format').selectOption('cli-input-json');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="export-filename"]')?.textContent.endsWith('.json'),
      );
      const file = JSON.parse(await output(page).textContent());
      file.cluster = 'imported-cluster';
      const content = JSON.stringify(file, null, 2);

      // Opened from the RegisterInstance builder, it switches views.
      await page.getByTestId('tab-register-instance').click();
      await page.getByTestId('status').waitFor();
      await page.getByTestId('import-open').click();
      await page.getByTestId('import-format').selectOption('cli-input-json');
      await page.getByTestId('import-file').setInputFiles({
        name: 'register-container-instance.json',
        mimeType: 'application/json',
        buffer: Buffer.from(content),
      });
      await page.getByTestId('import-file-name').filter({ hasText: 'Read register-container-instance.json' }).waitFor();
      assert.equal(await page.getByTestId('import-text').inputValue(), content);
      await page.getByTestId('import-operation').filter({ hasText: 'RegisterContainerInstance' }).waitFor();
      assert.equal(await page.getByTestId('import-detected-format').textContent(), 'cli-input-json');
      assert.match(await page.getByTestId('import-switch').textContent(), /opens the RegisterContainerInstance builder/);
      await page.getByTestId('import-use').click();
      await page.getByTestId('ci-status').waitFor();
      assert.equal(new URL(page.url()).hash, '#/container-instance');
      assert.equal(await page.getByTestId('ci-field-cluster').inputValue(), 'imported-cluster');
    });
  });

  test('a dropped file is read', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('import-open').click();
      await page.getByTestId('import-drop').evaluate((zone, text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], 'register.sh', { type: 'text/plain' }));
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, CLI);
      await page.getByTestId('import-file-name').filter({ hasText: 'Read register.sh' }).waitFor();
      assert.equal(await page.getByTestId('import-operation').textContent(), 'RegisterInstance');
      assert.equal(await page.getByTestId('import-drop').getAttribute('class'), 'drop-zone');
      await screenshot(page, 'import-dialog');
    });
  });

  test('keyboard: Escape closes the dialog and focus returns', async () => {
    await withApp({}, async ({ page }) => {
      await page.getByTestId('import-open').focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByTestId('import-dialog');
      await dialog.waitFor();
      assert.equal(await activeTestId(page), 'import-text');
      await page.keyboard.type('aws ecs');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await activeTestId(page), 'import-open');
      // Cancel closes it too, and nothing was loaded.
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      await page.getByTestId('import-cancel').click();
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await activeTestId(page), 'import-open');
      assert.equal(await page.getByTestId('instance-id').inputValue(), 'myservice-53');
    });
  });
});
