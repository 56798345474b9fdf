import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditSigner, readVerifierKeyFile } from '../../gateway/audit/audit-signing-key.ts';
import { AUDIT_CSV_COLUMNS, PERSONAS, PURPOSE_HEADER, verifyEvidenceExport } from '../../governance/index.ts';
import { runCli } from '../support/cli.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';

const ELDERLY = 'query Elderly { elderlyResidents(where: { streetCode: "310106013" }, first: 2) { personId name } }';
const python = spawnSync('python3', ['--version']).status === 0;
const SCRIPT = join(import.meta.dirname, '..', 'verify_audit_evidence.py');

describe('GET /audit/export: the evidence export over HTTP, for auditors', { timeout: 120_000 }, () => {
  let hub: EdgeHub;
  let keyDir: string;
  let vkey: string;

  beforeAll(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'cityhub-export-key-'));
    const key = loadAuditSigner({ dataDir: keyDir, env: {} })!;
    vkey = join(keyDir, 'audit-signing-key.vkey');
    hub = await startEdgeHub({ only: ['admin-divisions', 'elderly-registry'], audit: true, auditOptions: { checkpoints: key.checkpoints } });
    for (const who of ['caseWorker', 'streetOfficer'] as const) expect((await hub.post(who, { query: ELDERLY })).body.data.elderlyResidents).toHaveLength(2);
    await hub.stores.audit!.flush();
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  const download = async (query: string, headers: Record<string, string>) => fetch(`${hub.url}/audit/export${query}`, { headers });
  const as = async (who: Parameters<EdgeHub['token']>[0], purpose = 'audit') => ({ authorization: `Bearer ${await hub.token(who)}`, [PURPOSE_HEADER]: purpose });

  it('refuses anyone but an auditor with 401 or 403 and a clear message, and audits each refusal', async () => {
    const anonymous = await download('?format=evidence', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await anonymous.json()).error).toBe('/audit/export is for auditors only: send an auditor\'s token as "Authorization: Bearer <token>"');
    const forged = await download('', { authorization: 'Bearer not.a.token' });
    expect(forged.status).toBe(401);
    expect((await forged.json()).error).toMatch(/^\/audit\/export: invalid token: the token is malformed/);
    const caseWorker = await download('', await as('caseWorker', 'elderly-care'));
    expect(caseWorker.status).toBe(403);
    expect(await caseWorker.json()).toEqual({ code: 'FORBIDDEN', error: '/audit/export is for auditors only (the auditor role); persona-case-worker has roles [case-worker]' });
    const noPurpose = await download('', { authorization: `Bearer ${await hub.token('auditor')}` });
    expect(noPurpose.status).toBe(403);
    expect((await noPurpose.json()).error).toMatch(/a purpose is required: set the x-cityhub-purpose header/);
    await hub.stores.audit!.flush();
    const { entries } = await hub.stores.audit!.search({ principal: 'persona-case-worker', outcome: 'denied' });
    expect(entries[0]).toMatchObject({ operationName: 'auditExport', outcome: 'denied', errorCode: 'FORBIDDEN', department: PERSONAS.caseWorker.department });
    expect(entries[0]!.sources).toEqual([expect.objectContaining({ system: 'cityhub.audit-log', fieldsRead: ['GET /audit/export'], fieldsDenied: ['GET /audit/export'] })]);
  });

  it('answers 400 naming the parameter for bad parameters', async () => {
    const headers = await as('auditor');
    const cases: Array<[string, string, RegExp]> = [
      ['?format=xml', 'format', /^\/audit\/export: format must be one of evidence, jsonl, csv, received "xml"$/],
      ['?format=jsonl&from=yesterday', 'from', /from must be an ISO 8601 date or time such as 2026-01-31T00:00:00Z, received "yesterday"/],
      ['?format=csv&from=2026-02-01&to=2026-01-01', 'to', /to \(2026-01-01T00:00:00.000Z\) must be after from \(2026-02-01T00:00:00.000Z\)/],
      ['?format=evidence&from=2026-01-01', 'from', /^\/audit\/export: from: an evidence export holds the whole log \(its checkpoints prove every entry\); leave out from and to/],
      ['?format=jsonl&format=csv', 'format', /format is given 2 times; give it once/],
      ['?since=2026-01-01', 'since', /unknown parameter "since" \(parameters: format, from, to\)/],
    ];
    for (const [query, parameter, message] of cases) {
      const response = await download(query, headers);
      expect(response.status, query).toBe(400);
      const body = await response.json();
      expect(body.parameter, query).toBe(parameter);
      expect(body.error, query).toMatch(message);
    }
  });

  it('downloads the evidence export the CLI writes, which verifies with only the public key and fails after one byte is altered', async () => {
    const response = await download('?format=evidence', await as('auditor'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="cityhub-audit-\d{4}-\d{2}-\d{2}T\d{9}Z\.evidence\.jsonl"$/);
    const text = await response.text();
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ format: 'cityhub-audit-evidence', version: 1 });
    const entries = lines.filter((line) => line.type === 'entry').map((line) => line.entry);
    // The download's own entry is in it, recorded before the export was checkpointed.
    expect(entries.at(-1)).toMatchObject({ principal: 'persona-auditor', purpose: 'audit', operationName: 'auditExport', outcome: 'ok' });
    expect(lines[0].treeSize).toBe(entries.at(-1).seq);

    const verifier = readVerifierKeyFile(vkey);
    const report = await verifyEvidenceExport(text.split('\n'), [verifier]);
    expect(report).toMatchObject({ ok: true, entriesChecked: entries.length });

    // The CLI on the same store writes the same file, byte for byte (nothing grew since).
    const out = join(keyDir, 'cli-evidence.jsonl');
    const cli = await runCli(['audit', 'export', '--format', 'evidence', '--out', out, '--data-dir', hub.dataDir], {
      dataDir: join(keyDir, 'not-the-store'),
      env: { CITYHUB_DATABASE_URL: '', CITYHUB_AUDIT_SIGNING_KEY: '', CITYHUB_AUDIT_SIGNING_KEY_FILE: join(keyDir, 'audit-signing-key.pem') },
    });
    expect(cli.stderr).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(text);

    const file = join(keyDir, 'downloaded.jsonl');
    writeFileSync(file, text);
    const checked = await runCli(['audit', 'verify-export', file, '--public-key', vkey]);
    expect(checked.stdout).toMatch(new RegExp(`^ok: .*downloaded\\.jsonl intact, ${entries.length} entries`));
    // One byte of an entry altered: who read the data.
    const altered = join(keyDir, 'altered.jsonl');
    const at = text.indexOf('persona-case-worker');
    writeFileSync(altered, `${text.slice(0, at)}P${text.slice(at + 1)}`);
    expect((await verifyEvidenceExport(readFileSync(altered, 'utf8').split('\n'), [verifier])).ok).toBe(false);
    const broken = await runCli(['audit', 'verify-export', altered, '--public-key', vkey]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^broken: .* first breaks at seq \d+ \(edited\)/);
    if (!python) {
      console.warn('[cityhub tests] python3 is not installed: skipping the independent verification of the downloaded evidence export');
      return;
    }
    const ok = spawnSync('python3', [SCRIPT, file, vkey], { encoding: 'utf8' });
    expect(ok.stdout + ok.stderr).toMatch(/^ok: signatures, consistency, chain, inclusion proofs and root verified/);
    const bad = spawnSync('python3', [SCRIPT, altered, vkey], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^broken: /);
  });

  it('exports a period as JSON Lines or CSV, hashes included', async () => {
    const headers = await as('auditor');
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const jsonl = await download(`?format=jsonl&from=${from}&to=${to}`, headers);
    expect(jsonl.status).toBe(200);
    const entries = (await jsonl.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(entries.length).toBeGreaterThanOrEqual(2);
    for (const entry of entries) {
      expect(entry.occurredAt >= from && entry.occurredAt < to).toBe(true);
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const future = await download(`?format=csv&from=${new Date(Date.now() + 86_400_000).toISOString()}`, headers);
    expect(future.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(future.headers.get('content-disposition')).toMatch(/\.csv"$/);
    expect(await future.text()).toBe(`${AUDIT_CSV_COLUMNS.join(',')}\r\n`);
  });

  it('answers 405 to anything but GET', async () => {
    const response = await fetch(`${hub.url}/audit/export`, { method: 'POST', headers: await as('auditor') });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect((await response.json()).error).toBe('POST /audit/export: use GET');
  });

  it('serves nothing when the audit log cannot record the download (fail closed)', async () => {
    const headers = await as('auditor');
    await hub.stores.audit!.close();
    const response = await download('?format=jsonl', headers);
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.code).toBe('AUDIT_UNAVAILABLE');
    expect(body.error).toMatch(/^\/audit\/export: the audit log is unavailable, so nothing is exported: /);
  });
});

describe('GET /audit/export on a hub without a checkpoint signing key', { timeout: 60_000 }, () => {
  let hub: EdgeHub;
  beforeAll(async () => {
    hub = await startEdgeHub({ only: ['admin-divisions'], audit: true });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('refuses an evidence export saying the key is missing, and still serves JSON Lines', async () => {
    const headers = { authorization: `Bearer ${await hub.token('auditor')}`, [PURPOSE_HEADER]: 'audit' };
    const evidence = await fetch(`${hub.url}/audit/export?format=evidence`, { headers });
    expect(evidence.status).toBe(503);
    expect(await evidence.json()).toEqual({ code: 'EXPORT_UNAVAILABLE', error: "/audit/export: an evidence export needs the hub's signing key to checkpoint the whole log first; none was found" });
    const jsonl = await fetch(`${hub.url}/audit/export?format=jsonl`, { headers });
    expect(jsonl.status).toBe(200);
    const lines = (await jsonl.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
    // Every download is recorded; the one that could not be served says so in a second entry of its request.
    expect(lines.map((entry) => [entry.operationName, entry.outcome, entry.errorCode])).toEqual([
      ['auditExport', 'ok', null],
      ['auditExport', 'error', 'EXPORT_UNAVAILABLE'],
      ['auditExport', 'ok', null],
    ]);
    expect(lines[0].requestId).toBe(lines[1].requestId);
  });
});
