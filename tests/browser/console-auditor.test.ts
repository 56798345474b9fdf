import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CSV_COLUMNS } from '../../governance/index.ts';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { seriousViolations } from '../support/axe.ts';
import { openOfflinePage } from '../support/browser.ts';
import { CONSOLE_ARTIFACTS_DIR, signInToConsole, tabTo } from '../support/console.ts';
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

  it('shows the four reports over a period of days as tables and charts per day, as the log answers them', async () => {
    const { page, blocked, pageErrors, screenshot } = await signInToConsole(browser, hub.url, 'auditor');
    const reports = page.getByRole('region', { name: 'Reports', exact: true });
    const day = (offset: number) => {
      const at = new Date();
      const local = new Date(at.getFullYear(), at.getMonth(), at.getDate() + offset);
      return { date: local, text: `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}` };
    };
    const [yesterday, today, tomorrow] = [day(-1), day(0), day(1)];
    await reports.getByLabel('First day').fill(yesterday.text);
    await reports.getByLabel('Last day').fill(today.text);
    await reports.getByRole('button', { name: 'Show reports' }).click();
    const period = { from: yesterday.date, to: tomorrow.date };
    const log = hub.stores.audit!;

    const accesses = reports.getByRole('table', { name: `Accesses by department and purpose · ${yesterday.text} – ${today.text}` });
    const civil = accesses.locator('tbody tr', { hasText: 'Civil Affairs Bureau' });
    await civil.waitFor();
    const stored = (await log.accessesByDepartmentAndPurpose(period)).find((row) => row.department === 'Civil Affairs Bureau')!;
    expect((await civil.locator('td').allInnerTexts()).slice(0, 4)).toEqual(['Civil Affairs Bureau', 'elderly-care', String(stored.accesses), String(stored.denied)]);
    // The chart per day: the same numbers as text beside the canvas; the hub started today.
    const chart = reports.locator('.chart-box', { has: page.getByRole('img', { name: 'Accesses by department and purpose · per day' }) });
    await chart.getByText(`${yesterday.text}: 0`).waitFor();
    const todays = Number(/: (\d+)$/.exec(await chart.getByText(`${today.text}:`).innerText())![1]);
    expect(todays).toBeGreaterThanOrEqual(stored.accesses);

    // The other three reports list what the log lists for the period (the auditor's own reads aside, which go on).
    const seqsIn = async (name: string) => {
      const table = reports.getByRole('table', { name: `${name} · ${yesterday.text} – ${today.text}` });
      const empty = reports.getByText(`${name} · ${yesterday.text} – ${today.text}: Nothing found.`);
      await table.or(empty).waitFor();
      if (await empty.isVisible()) return [];
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      return rows.filter((cells) => !cells.includes('Audit Bureau')).map((cells) => Number(cells[0]));
    };
    const notAuditors = (rows: readonly { seq: number; department: string | null }[]) => rows.filter((row) => row.department !== 'Audit Bureau').map((row) => row.seq);
    expect(await seqsIn('Accesses outside office hours')).toEqual(notAuditors(await log.accessesOutsideOfficeHours(period)));
    expect([...new Set(await seqsIn('Use of conditional fields'))].sort((a, b) => a - b)).toEqual([...new Set(notAuditors(await log.conditionalFieldUse(period)))].sort((a, b) => a - b));
    // Without history every reader of personal records today is unusual; the report's days are the city's (Asia/Shanghai).
    const unusual = await log.unusualPersonalReads(period);
    expect(unusual.map((row) => row.principal).sort()).toEqual(['persona-case-worker', 'persona-street-officer']);
    const unusualTable = reports.getByRole('table', { name: `Unusually many personal-record reads · ${yesterday.text} – ${today.text}` });
    const unusualRows = await unusualTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)));
    expect(unusualRows).toEqual(unusual.map((row) => [row.day, row.principal, row.department, String(row.personalRecords)]));
    const unusualChart = reports.locator('.chart-box', { has: page.getByRole('img', { name: 'Unusually many personal-record reads · per day' }) });
    await unusualChart.getByText(`${unusual[0]!.day}: 2`).waitFor({ state: 'attached' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot('auditor-reports');

    await reports.getByLabel('First day').fill(today.text);
    await reports.getByLabel('Last day').fill(yesterday.text);
    await reports.getByRole('button', { name: 'Show reports' }).click();
    await reports.getByRole('alert').getByText('The last day must not be before the first day.').waitFor();
    await reports.getByLabel('First day').fill(day(-70).text);
    await reports.getByLabel('Last day').fill(today.text);
    await reports.getByRole('button', { name: 'Show reports' }).click();
    await reports.getByRole('alert').getByText('A report period is at most 62 days.').waitFor();
    await reports.getByLabel('First day').fill('');
    await reports.getByRole('button', { name: 'Show reports' }).click();
    await reports.getByRole('alert').getByText('Give the first and the last day of the period.').waitFor();
    // The tables still show the last period asked for.
    await accesses.waitFor();
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('has no serious or critical accessibility violations on the sign-in and audit pages, in English and in Chinese', async () => {
    const { page } = await openOfflinePage(browser, hub.url);
    await page.addInitScript(() => localStorage.setItem('cityhub.console.language', 'en'));
    await page.goto(`${hub.url}/console/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Persona').selectOption('auditor');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Personal key').fill(resident);
    await page.getByRole('button', { name: 'Search' }).first().click();
    await page.getByRole('table', { name: `Accesses of ${resident}` }).waitFor();
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('The chain is intact').waitFor();
    await page.getByRole('table', { name: /^Accesses by department and purpose · / }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('heading', { name: '报表' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual(['zh-CN', 'CityHub 控制台']);
    expect(await seriousViolations(page)).toEqual([]);
    // The check sees what it is for: an input without a label is a critical violation.
    await page.evaluate(() => document.getElementById('main')!.append(Object.assign(document.createElement('input'), { id: 'unlabelled' })));
    expect(await seriousViolations(page)).toContainEqual(expect.objectContaining({ rule: 'label', impact: 'critical', targets: ['#unlabelled'] }));
  });

  it('lets an auditor sign in, find who read a resident and verify the chain with the keyboard only', async () => {
    const { page } = await openOfflinePage(browser, hub.url);
    await page.addInitScript(() => localStorage.setItem('cityhub.console.language', 'en'));
    await page.goto(`${hub.url}/console/`);
    const persona = page.getByLabel('Persona');
    await tabTo(page, persona);
    // A closed select changes its choice with the arrow keys.
    for (let press = 0; press < 20 && (await persona.inputValue()) !== 'auditor'; press++) await page.keyboard.press('ArrowDown');
    expect(await persona.inputValue()).toBe('auditor');
    await tabTo(page, page.getByRole('button', { name: 'Sign in' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Audit', level: 1 }).waitFor();

    // The skip link is the first stop and moves the focus to the page's content, not its route.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => [document.activeElement?.id, location.hash])).toEqual(['main', '']);

    await tabTo(page, page.getByLabel('Personal key'));
    await page.keyboard.type(resident);
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: `Accesses of ${resident}` }).locator('tbody tr').first().waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Verify' }));
    // The focused control shows where the focus is (the console's focus ring).
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Entries checked' }).getByText('The chain is intact').waitFor();
    mkdirSync(CONSOLE_ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: join(CONSOLE_ARTIFACTS_DIR, 'auditor-keyboard.png'), fullPage: true });
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
    await page.getByLabel('Department', { exact: true }).fill('Civil Affairs Bureau');
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
