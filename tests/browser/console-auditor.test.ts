import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

const executablePath = chromiumPath();
const ELDERLY = 'query Elderly { elderlyResidents(where: { streetCode: "310106013" }, first: 2) { personId name } }';

describe.skipIf(!executablePath)('the console for auditors, in a real browser against the hub', () => {
  let hub: EdgeHub;
  let browser: Browser;
  let resident: string;

  beforeAll(async () => {
    hub = await startEdgeHub({ only: ['admin-divisions', 'elderly-registry'], audit: true });
    // Two departments read the same residents under their purposes: the accesses the auditor looks for.
    const read = await hub.post('caseWorker', { query: ELDERLY });
    expect(read.body.errors).toBeUndefined();
    resident = read.body.data.elderlyResidents[0].personId;
    const second = await hub.post('streetOfficer', { query: ELDERLY });
    expect(second.body.data.elderlyResidents[0].personId).toBe(resident);
    await hub.stores.audit!.flush();
    browser = await launchChromium(executablePath!);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('finds who read a given resident, with department, purpose, system and fields, and verifies the chain', async () => {
    const { page, blocked, pageErrors, screenshot } = await signInToConsole(browser, hub.url, 'auditor');
    await page.getByRole('heading', { name: 'Audit', level: 1 }).waitFor();

    await page.getByLabel('Personal key').fill(resident);
    await page.getByRole('button', { name: 'Search' }).first().click();
    const accesses = page.getByRole('table', { name: `Accesses of ${resident}` });
    await accesses.waitFor();
    const rows = accesses.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const text = await accesses.innerText();
    expect(text).toContain('Civil Affairs Bureau');
    expect(text).toContain('elderly-care');
    expect(text).toContain('Street Office 310106013');
    expect(text).toContain('elderly-registry');
    expect(text).toContain('ElderlyResident.personId');
    await screenshot('auditor-who-accessed');

    await page.getByRole('button', { name: 'Verify' }).click();
    const verdict = page.getByRole('status').filter({ hasText: 'Entries checked' });
    await verdict.getByText('The chain is intact').waitFor();
    expect(await verdict.innerText()).toMatch(/Entries checked: \d+/);
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows where the chain breaks after an entry was edited in the database', async () => {
    const db = hub.stores.database.db;
    // An attacker with the database: drop the append-only trigger and rewrite who read the data.
    await sql`DROP TRIGGER cityhub_audit_entries_no_update`.execute(db);
    await sql`UPDATE cityhub_audit_entries SET principal = 'someone-else' WHERE seq = 1`.execute(db);
    const { page, screenshot } = await signInToConsole(browser, hub.url, 'auditor');
    await page.getByRole('button', { name: 'Verify' }).click();
    const verdict = page.getByRole('status').filter({ hasText: 'Entries checked' });
    await verdict.getByText('The chain is broken').waitFor();
    expect(await verdict.innerText()).toMatch(/First broken entry: #1 · Reason: edited/);
    await screenshot('auditor-chain-broken');
  });

  it('searches the log by department and pages through it', async () => {
    for (let i = 0; i < 21; i++) await hub.post('caseWorker', { query: ELDERLY });
    await hub.stores.audit!.flush();
    const { page } = await signInToConsole(browser, hub.url, 'auditor');
    await page.getByLabel('Department').fill('Civil Affairs Bureau');
    await page.getByRole('button', { name: 'Search' }).nth(1).click();
    const table = page.getByRole('table', { name: 'Search the audit log · Page 1' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(20);
    expect(await table.innerText()).not.toContain('Street Office');
    await page.getByRole('button', { name: 'Next page' }).click();
    const second = page.getByRole('table', { name: 'Search the audit log · Page 2' });
    await second.waitFor();
    // 22 reads by the case worker: 20 on the first page, 2 on the second.
    expect(await second.locator('tbody tr').count()).toBe(2);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await table.waitFor();
  });
});
