import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioDocuments, useScenarioOperations } from '../../gateway/operations.ts';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { seriousViolations } from '../support/axe.ts';
import { signInToConsole, type ConsolePage } from '../support/console.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

const executablePath = chromiumPath();

describe.skipIf(!executablePath)('the console for the operations centre, in a real browser against the hub', { timeout: 120_000 }, () => {
  let hub: EdgeHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startEdgeHub({
      only: ['admin-divisions', 'elderly-registry', 'elderly-sensors', 'community-workers', 'hotline-tickets', 'sanitation-ratings', 'air-quality', 'elevators', 'city-events'],
      plugins: [useScenarioOperations({ documents: loadScenarioDocuments() })],
    });
    browser = await launchChromium(executablePath!);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  // Opens the elderly-living-alone scenario as `persona` and runs its example; answers the residents' table.
  async function runElderlyScenario(persona: string, purpose: string): Promise<ConsolePage & { table: ReturnType<ConsolePage['page']['getByRole']> }> {
    const opened = await signInToConsole(browser, hub.url, persona, purpose);
    const { page } = opened;
    await page.getByRole('button', { name: 'elderly-living-alone' }).click();
    await page.getByRole('heading', { name: 'elderly-living-alone', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const table = page.getByRole('table', { name: 'elderlyResidents', exact: true });
    await table.waitFor({ timeout: 30_000 });
    return { ...opened, table };
  }

  // The text of one column of a table, by its header, row by row.
  async function column(table: ReturnType<ConsolePage['page']['getByRole']>, header: string): Promise<string[]> {
    const headers = await table.locator(':scope > thead th').allInnerTexts();
    const index = headers.indexOf(header);
    expect(index, `column ${header} in ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
    return table.locator(`:scope > tbody > tr > td:nth-child(${index + 1})`).allInnerTexts();
  }

  it('shows the case worker the residents in full, and the street officer their names withheld and the workers\' names masked', async () => {
    const caseWorker = await runElderlyScenario('caseWorker', 'elderly-care');
    const names = await column(caseWorker.table, 'name');
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(name).not.toMatch(/withheld|masked/);
      expect(name).not.toBe('—');
    }
    expect((await column(caseWorker.table, 'assignedWorker.name')).some((name) => name.includes('masked'))).toBe(false);
    await caseWorker.screenshot('operations-elderly-case-worker');

    const streetOfficer = await runElderlyScenario('streetOfficer', 'elderly-care');
    const withheld = await column(streetOfficer.table, 'name');
    expect(withheld.length).toBeGreaterThan(0);
    for (const name of withheld) expect(name).toBe('withheld');
    // Withheld is explained: the badge carries the hub's reason.
    expect(await streetOfficer.table.locator('.withheld').first().getAttribute('title')).toMatch(/needs an approved agreement/);
    const workers = await column(streetOfficer.table, 'assignedWorker.name');
    expect(workers.some((name) => /\*.*masked/.test(name))).toBe(true);
    await streetOfficer.page.getByText(/Policy notices \(\d+\)/).waitFor();
    // Masked and withheld badges, the notices and the table pass axe-core's serious and critical rules.
    expect(await seriousViolations(streetOfficer.page)).toEqual([]);
    await streetOfficer.screenshot('operations-elderly-street-officer');
    expect([...caseWorker.blocked, ...streetOfficer.blocked]).toEqual([]);
    expect([...caseWorker.pageErrors, ...streetOfficer.pageErrors]).toEqual([]);
  });

  it('charts the city vital signs per district, and shows a public app the hotline statistics withheld and charts only what it may read', async () => {
    const officer = await signInToConsole(browser, hub.url, 'cityOperationsOfficer', 'city-operations');
    await officer.page.getByRole('button', { name: 'city-vital-signs' }).click();
    await officer.page.getByRole('button', { name: 'Run', exact: true }).click();
    const table = officer.page.getByRole('table', { name: 'districts', exact: true });
    await table.waitFor({ timeout: 30_000 });
    const districts = await column(table, 'name');
    expect(districts.length).toBeGreaterThan(1);
    await officer.page.getByLabel('districts:').selectOption({ label: 'hotlineSummary.openTickets' });
    const chart = officer.page.getByRole('img', { name: 'districts · hotlineSummary.openTickets' });
    await chart.waitFor();
    // The chart's numbers, as screen readers get them, are the table's.
    const bars = await officer.page.locator('.chart-box li').allInnerTexts();
    const open = await column(table, 'hotlineSummary.openTickets');
    expect(bars).toEqual(districts.map((name, i) => `${name}: ${open[i]}`));
    expect(open.every((value) => /^\d+$/.test(value))).toBe(true);
    expect(await seriousViolations(officer.page)).toEqual([]);
    await officer.screenshot('operations-vital-signs-officer');

    const app = await signInToConsole(browser, hub.url, 'appDeveloper', 'open-data');
    await app.page.getByRole('button', { name: 'city-vital-signs' }).click();
    await app.page.getByRole('button', { name: 'Run', exact: true }).click();
    const open2 = app.page.getByRole('table', { name: 'districts', exact: true });
    await open2.waitFor({ timeout: 30_000 });
    for (const value of await column(open2, 'hotlineSummary.openTickets')) expect(value).toBe('withheld');
    for (const value of await column(open2, 'sanitationScore.averageScore')) expect(value).toMatch(/^\d+(\.\d+)?$/);
    // Withheld numbers are no measure to chart: the app charts what it may read.
    const measures = await app.page.getByLabel('districts:').locator('option').allInnerTexts();
    expect(measures).toContain('sanitationScore.averageScore');
    expect(measures).not.toContain('hotlineSummary.openTickets');
    await app.screenshot('operations-vital-signs-open-data');
  });

  it('says what is wrong with variables that are not a JSON object, without sending them', async () => {
    const { page } = await signInToConsole(browser, hub.url, 'caseWorker', 'elderly-care');
    await page.getByRole('button', { name: 'elderly-living-alone' }).click();
    await page.getByLabel('Variables (JSON)').fill('[1, 2]');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('alert').getByText('Variables (JSON): the variables must be one JSON object').waitFor();
  });
});
