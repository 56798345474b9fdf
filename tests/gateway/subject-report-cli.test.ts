import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditSigner } from '../../gateway/audit/audit-signing-key.ts';
import { openHubStores } from '../../gateway/store-database.ts';
import { verifyInclusionProof } from '../../governance/index.ts';
import { entryInput, source } from '../governance/audit/fixtures.ts';
import { runCli, type CliResult } from '../support/cli.ts';

const cli = (args: string[], dataDir: string): Promise<CliResult> =>
  runCli(args, { dataDir: join(dataDir, 'not-the-store'), env: { CITYHUB_DATABASE_URL: '', CITYHUB_AUDIT_SIGNING_KEY: '', CITYHUB_AUDIT_SIGNING_KEY_FILE: '' } });
const hex = (value: string) => Buffer.from(value, 'hex');

describe('cityhub audit subject', { timeout: 120_000 }, () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-subject-'));
    const key = loadAuditSigner({ dataDir, env: {} })!;
    const stores = await openHubStores({ dataDir, auditOptions: { checkpoints: { ...key.checkpoints, everyEntries: 2 } } });
    await stores.audit!.append(entryInput({ department: 'Civil Affairs Bureau', purpose: 'elderly-care', sources: [source({ system: 'elderly-registry', fieldsRead: ['ElderlyResident.name', 'ElderlyResident.phone'], fieldsMasked: ['ElderlyResident.phone'], personalKeys: ['P-1'] })] }));
    await stores.audit!.append(entryInput({ sources: [source({ personalKeys: ['P-2'] })] }));
    await stores.audit!.append(entryInput({ department: 'Public Security Bureau', purpose: 'criminal-investigation', sources: [source({ system: 'population-registry', fieldsRead: ['Person.name'], fieldsMasked: [], personalKeys: ['P-1'] })] }));
    await stores.close();
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints a person's report as an auditor sees it, each access with its fields and proof", async () => {
    const printed = await cli(['audit', 'subject', 'P-1', '--data-dir', dataDir], dataDir);
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    const lines = printed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^data-subject report of P-1, generated .*: 2 accesses$/);
    // Closing the store checkpointed the tail: every access is proven.
    expect(lines[1]).toMatch(/^proven against checkpoint tree size 3, root [0-9a-f]{64}, issued .*; 0 not covered yet$/);
    expect(lines[2]).toMatch(/^#3 .* Public Security Bureau \(wang\.li\) for criminal-investigation: ok, confidential until \d{4}-.*Z; ResidentLookup; proof: leaf 2 of 3$/);
    expect(lines[3]).toBe('    population-registry: in the clear Person.name');
    expect(lines[4]).toMatch(/^#1 .* Civil Affairs Bureau \(wang\.li\) for elderly-care: ok; ResidentLookup; proof: leaf 0 of 3$/);
    expect(lines[5]).toBe('    elderly-registry: in the clear ElderlyResident.name; masked ElderlyResident.phone');
  });

  it('prints it as JSON with --json, with proofs that verify, and records the read in the log', async () => {
    const printed = await cli(['audit', 'subject', 'P-2', '--json', '--data-dir', dataDir], dataDir);
    expect(printed.code).toBe(0);
    const report = JSON.parse(printed.stdout);
    expect(report).toMatchObject({ personId: 'P-2', viewer: 'auditor', totalAccesses: 1, withheld: { count: 0, until: null } });
    const [access] = report.accesses;
    expect(verifyInclusionProof(access.proof.leafIndex, access.proof.treeSize, hex(access.proof.leafHash), access.proof.hashes.map(hex), hex(report.checkpoint.rootHash))).toBe(true);
    const stores = await openHubStores({ dataDir });
    try {
      const { entries } = await stores.audit!.search({ personalKey: 'P-2' });
      expect(entries[0]).toMatchObject({
        principal: expect.stringMatching(/^cli:/),
        purpose: 'audit',
        operationName: 'cityhub audit subject',
        outcome: 'ok',
        sources: [{ system: 'cityhub.audit-log', fieldsRead: ['Query.dataSubjectReport'], personalKeys: ['P-2'], rowsReturned: 1 }],
      });
    } finally {
      await stores.close();
    }
  });

  it('refuses an empty personId, and records the failed read', async () => {
    const refused = await cli(['audit', 'subject', '', '--data-dir', dataDir], dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('personId must be a non-empty string');
    const stores = await openHubStores({ dataDir });
    try {
      const { entries } = await stores.audit!.search({ outcome: 'error' });
      expect(entries[0]).toMatchObject({ operationName: 'cityhub audit subject', errorCode: 'BAD_USER_INPUT', sources: [{ personalKeys: [] }] });
    } finally {
      await stores.close();
    }
  });
});

describe('cityhub token resident', { timeout: 120_000 }, () => {
  it('mints a resident token naming the person given with --person', async () => {
    const minted = await runCli(['token', 'resident', '--person', 'P0000000000000000000000a']);
    expect(minted.code).toBe(0);
    const claims = decodeJwt(minted.stdout.trim());
    expect(claims).toMatchObject({ roles: ['resident'], personId: 'P0000000000000000000000a', jurisdictions: [], sub: 'resident-P0000000000000000000000a' });
    expect(claims.department).toBeUndefined();
    const persona = decodeJwt((await runCli(['token', 'resident'])).stdout.trim());
    expect(persona.personId).toBe('P15812193139d7d544ad8df7');
  });

  it('refuses --person for any other persona, and a personId with spaces', async () => {
    const other = await runCli(['token', 'caseWorker', '--person', 'P1']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('--person is for the resident persona only, not caseWorker');
    const spaced = await runCli(['token', 'resident', '--person', 'P 1']);
    expect(spaced.code).not.toBe(0);
    expect(spaced.stderr).toContain('must be a personId of at most 128 characters without spaces');
  });
});
