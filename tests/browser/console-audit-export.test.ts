import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditSigner, readVerifierKeyFile } from '../../gateway/audit/audit-signing-key.ts';
import { verifyEvidenceExport } from '../../governance/index.ts';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

const executablePath = chromiumPath();
const ELDERLY = 'query Elderly { elderlyResidents(where: { streetCode: "310106013" }, first: 2) { personId name } }';

describe.skipIf(!executablePath)('the auditor\'s export button downloads the hub\'s evidence export, in a real browser', { timeout: 120_000 }, () => {
  let hub: EdgeHub;
  let browser: Browser;
  let keyDir: string;

  beforeAll(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'cityhub-console-export-'));
    const key = loadAuditSigner({ dataDir: keyDir, env: {} })!;
    hub = await startEdgeHub({ only: ['admin-divisions', 'elderly-registry'], audit: true, auditOptions: { checkpoints: key.checkpoints } });
    expect((await hub.post('caseWorker', { query: ELDERLY })).body.data.elderlyResidents).toHaveLength(2);
    browser = await launchChromium(executablePath!);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('downloads a file that verifies with only the hub\'s public key, and fails once a byte is altered', async () => {
    const { page, blocked, pageErrors, screenshot } = await signInToConsole(browser, hub.url, 'auditor');
    const section = page.getByRole('region', { name: 'Export a period' });
    await section.waitFor();
    expect(await section.getByLabel('From').isDisabled()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Export' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^cityhub-audit-.*\.evidence\.jsonl$/);
    const file = join(keyDir, download.suggestedFilename());
    await download.saveAs(file);
    await section.getByRole('status').getByRole('link', { name: download.suggestedFilename() }).waitFor();
    await screenshot('auditor-export');
    const text = readFileSync(file, 'utf8');
    const verifier = readVerifierKeyFile(join(keyDir, 'audit-signing-key.vkey'));
    const report = await verifyEvidenceExport(text.split('\n'), [verifier]);
    expect(report.ok).toBe(true);
    const entries = text.trimEnd().split('\n').map((line) => JSON.parse(line)).filter((line) => line.type === 'entry');
    expect(entries.at(-1).entry).toMatchObject({ principal: 'persona-auditor', operationName: 'auditExport', outcome: 'ok' });
    const at = text.indexOf('persona-case-worker');
    expect(at).toBeGreaterThan(0);
    const altered = `${text.slice(0, at)}X${text.slice(at + 1)}`;
    expect((await verifyEvidenceExport(altered.split('\n'), [verifier])).ok).toBe(false);

    // A period as CSV: the hub's file too, with its header.
    await section.getByLabel('Format').selectOption('csv');
    await section.getByLabel('From').fill('2020-01-01T00:00');
    await section.getByLabel('To').fill('2099-01-01T00:00');
    const [csv] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Export' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const csvFile = join(keyDir, csv.suggestedFilename());
    await csv.saveAs(csvFile);
    expect(readFileSync(csvFile, 'utf8')).toMatch(/^seq,occurredAt,requestId,principal,/);
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
