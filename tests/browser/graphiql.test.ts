import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleCity, type SampleCity } from '../../connectors/sample-city/index.ts';
import { createCityHub, createLogger, type CityHub } from '../../gateway/index.ts';
import { loadScenarioDocuments, scenarioGraphiql } from '../../gateway/operations.ts';
import { chromiumPath, launchChromium, openOfflinePage } from '../support/browser.ts';

const executablePath = chromiumPath();
const QUERY = 'query Districts {\n  districts(first: 2) {\n    code\n    name\n  }\n}';
const WITH_EXAMPLE = '# Variables: { "code": "310106" }\n# Persona: caseWorker\n# Purpose: elderly-care\nquery OneDistrict($code: AdminCode!) {\n  district(code: $code) {\n    code\n    name\n  }\n}';

describe.skipIf(!executablePath)('GraphiQL in a real browser on a closed network', () => {
  let dataDir: string;
  let city: SampleCity;
  let hub: CityHub;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-browser-'));
    city = await startSampleCity({ dataDir, only: ['admin-divisions'] });
    const operations = join(dataDir, 'operations');
    mkdirSync(operations);
    writeFileSync(join(operations, 'a-districts.graphql'), QUERY);
    writeFileSync(join(operations, 'b-one-district.graphql'), WITH_EXAMPLE);
    hub = await createCityHub({
      definitions: city.definitions,
      env: city.env,
      dataDir,
      logger: createLogger('silent'),
      probeIntervalMs: 0,
      graphiql: scenarioGraphiql(loadScenarioDocuments({ dir: operations })),
    });
    url = await hub.listen(0);
    browser = await launchChromium(executablePath!);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await city?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders the editor from the hub alone and runs a query', async () => {
    const { page, blocked } = await openOfflinePage(browser, url);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const response = await page.goto(`${url}/graphql`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('CityHub');
    // The query editor (Monaco) shows the default query once GraphiQL has rendered.
    const editor = page.locator('.graphiql-query-editor');
    await editor.getByText('districts(first: 2)').waitFor({ timeout: 30_000 });

    await page.locator('.graphiql-execute-button').click();
    const expected = city.model.districts.slice(0, 2);
    const result = page.locator('.graphiql-response');
    await result.getByText(expected[1]!.nameZh).waitFor({ timeout: 30_000 });
    const shown = await result.innerText();
    for (const district of expected) {
      expect(shown).toContain(district.code);
      expect(shown).toContain(district.nameZh);
    }
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('opens a scenario tab with its example variables and headers, and runs it with them', async () => {
    const { page, blocked } = await openOfflinePage(browser, url);
    await page.goto(`${url}/graphql`);
    await page.locator('.graphiql-tab', { hasText: 'OneDistrict' }).click();
    await page.locator('.graphiql-query-editor').getByText('district(code: $code)').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Variables' }).click();
    await page.locator('.graphiql-editor-tool').getByText('"310106"').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Headers' }).click();
    await page.locator('.graphiql-editor-tool').getByText('npx cityhub token caseWorker').waitFor({ timeout: 10_000 });
    // Monaco renders spaces as no-break spaces.
    expect((await page.locator('.graphiql-editor-tool').innerText()).replace(/\u00a0/g, ' ')).toContain('"x-cityhub-purpose": "elderly-care"');

    await page.locator('.graphiql-execute-button').click();
    const district = city.model.districts.find((d) => d.code === '310106')!;
    await page.locator('.graphiql-response').getByText(district.nameZh).waitFor({ timeout: 30_000 });
    expect(blocked).toEqual([]);
  });
});
