import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleCity, type SampleCity } from '../../connectors/index.ts';
import { createCityHub, createLogger, type CityHub } from '../../gateway/index.ts';
import { chromiumPath, launchChromium, openOfflinePage } from '../support/browser.ts';

const executablePath = chromiumPath();
const QUERY = 'query Districts {\n  districts(first: 2) {\n    code\n    name\n  }\n}';

describe.skipIf(!executablePath)('GraphiQL in a real browser on a closed network', () => {
  let dataDir: string;
  let city: SampleCity;
  let hub: CityHub;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-browser-'));
    city = await startSampleCity({ dataDir, only: ['admin-divisions'] });
    hub = await createCityHub({
      definitions: city.definitions,
      env: city.env,
      dataDir,
      logger: createLogger('silent'),
      probeIntervalMs: 0,
      graphiql: { title: 'CityHub', defaultQuery: QUERY },
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
});
