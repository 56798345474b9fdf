import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIdentityVerifier } from '../../governance/index.ts';
import { runCli, type CliResult } from '../support/cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-cli-governance-'));
const env = { CITYHUB_JWKS_URL: '', CITYHUB_DATABASE_URL: '' };

const cityhub = (...args: string[]): Promise<CliResult> => runCli(args, { dataDir, env });

describe('cityhub token and cityhub agreements', { timeout: 60_000 }, () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('mints a development token the hub verifies with the key pair under the data dir', async () => {
    const { stdout, code } = await cityhub('token', 'streetOfficer');
    expect(code).toBe(0);
    const verifier = createIdentityVerifier({ mode: 'development', dataDir, issuer: 'cityhub-dev', audience: 'cityhub' });
    const principal = await verifier.verify(stdout.trim());
    expect(principal).toMatchObject({ subject: 'persona-street-officer', department: 'Street Office 310106013', jurisdictions: ['310106013'] });
  });

  it('refuses an unknown persona, listing the known ones', async () => {
    const { stderr, code } = await cityhub('token', 'mayor');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/must be one of cityOperationsOfficer, districtOfficer, streetOfficer, caseWorker/);
  });

  it('requests, approves, lists and revokes an agreement in the store under the data dir', async () => {
    const requested = await cityhub(
      'agreements', 'request', '--as', 'streetOfficer', '--provider', 'Civil Affairs Bureau', '--type', 'ElderlyResident',
      '--fields', 'name,phone', '--purpose', 'elderly-care', '--until', '2099-01-01T00:00:00Z', '--reason', 'home visits',
    );
    expect(requested.code).toBe(0);
    const agreement = JSON.parse(requested.stdout);
    expect(agreement).toMatchObject({ status: 'pending', fields: ['name', 'phone'], requesterDepartment: 'Street Office 310106013' });

    const refused = await cityhub('agreements', 'approve', agreement.id, '--as', 'streetOfficer');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/only the providing department "Civil Affairs Bureau" may approve/);

    const approved = await cityhub('agreements', 'approve', agreement.id, '--as', 'caseWorker', '--note', 'ok');
    expect(JSON.parse(approved.stdout)).toMatchObject({ status: 'approved', decisionNote: 'ok' });
    const listed = await cityhub('agreements', 'list', '--status', 'approved');
    expect(JSON.parse(listed.stdout).map((a: { id: string }) => a.id)).toEqual([agreement.id]);
    const revoked = await cityhub('agreements', 'revoke', agreement.id, '--as', 'caseWorker', '--reason', 'done');
    expect(JSON.parse(revoked.stdout)).toMatchObject({ status: 'revoked', revocationReason: 'done' });
  });

  it('rejects a pending request and reports a bad request naming the field', async () => {
    const requested = await cityhub(
      'agreements', 'request', '--as', 'trafficPoliceOfficer', '--provider', 'Civil Affairs Bureau', '--type', 'CommunityWorker',
      '--fields', 'phone', '--purpose', 'emergency-response', '--until', '2099-01-01T00:00:00Z', '--reason', 'incident contacts',
    );
    const rejected = await cityhub('agreements', 'reject', JSON.parse(requested.stdout).id, '--as', 'caseWorker', '--reason', 'use the duty roster');
    expect(JSON.parse(rejected.stdout)).toMatchObject({ status: 'rejected', decisionNote: 'use the duty roster' });
    const bad = await cityhub(
      'agreements', 'request', '--as', 'trafficPoliceOfficer', '--provider', 'Civil Affairs Bureau', '--type', 'CommunityWorker',
      '--fields', 'phone', '--purpose', 'Emergency Response', '--until', '2099-01-01T00:00:00Z', '--reason', 'x',
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/purpose must be lowercase words joined by hyphens/);
  });
});
