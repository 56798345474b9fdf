import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CSV_COLUMNS } from '../../governance/index.ts';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

const executablePath = chromiumPath();
const ELDERLY = 'query Elderly { elderlyResidents(where: { streetCode: "310106013" }, first: 2) { personId name } }';

describe.skipIf(!executablePath)('the console for auditors, in a real browser against the hub', { timeout: 120_000 }, () => {
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

    // The city's staff read Chinese: the switch turns the whole page, and the document's language, to it.
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('heading', { name: '审计', level: 1 }).waitFor();
    await page.getByRole('heading', { name: '谁访问了某位居民' }).waitFor();
    expect(await page.getByRole('table', { name: `访问记录： ${resident}` }).locator('thead').innerText()).toMatch(/时间\s+访问者\s+部门\s+用途/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await screenshot('auditor-zh');
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

  it('exports a period as CSV with each entry\'s hashes, oldest first', async () => {
    const { page } = await signInToConsole(browser, hub.url, 'auditor');
    // datetime-local takes the browser's local time: an hour before and after now.
    const [from, to] = await page.evaluate(() => [-1, 1].map((hours) => {
      const at = new Date(Date.now() + hours * 3_600_000);
      return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    }));
    const form = page.getByRole('region', { name: 'Export a period' });
    // A period is for JSON Lines and CSV (the evidence export holds the whole log).
    await form.getByLabel('Format').selectOption('csv');
    await form.getByLabel('From').fill(from!);
    await form.getByLabel('To').fill(to!);
    // The hub writes the file (GET /audit/export, as `cityhub audit export --format csv`); the button downloads it.
    const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Export' }).click()]);
    await form.getByRole('status').getByRole('link', { name: download.suggestedFilename() }).waitFor();
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    // Every entry up to the export's last, oldest first (the auditor's own reads are entries too, after it).
    const seqs = lines.slice(1).map((line) => Number(line.split(',')[0]));
    const { entries } = await hub.stores.audit!.search({}, { first: 500 });
    const stored = [...entries].reverse().filter((entry) => entry.seq <= seqs[seqs.length - 1]! && entry.occurredAt >= new Date(`${from}`).toISOString());
    expect(seqs).toEqual(stored.map((entry) => entry.seq));
    expect(lines[1]!.startsWith(`${stored[0]!.seq},${stored[0]!.occurredAt},`)).toBe(true);
    expect(lines[1]!.endsWith(`,${stored[0]!.prevHash},${stored[0]!.hash}`)).toBe(true);
  });
});
