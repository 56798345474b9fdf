import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditSigner } from '../../gateway/audit/audit-signing-key.ts';
import { openHubStores } from '../../gateway/store-database.ts';
import { entryInput } from '../governance/audit/fixtures.ts';
import { runCli, type CliResult } from '../support/cli.ts';

const python = spawnSync('python3', ['--version']).status === 0;
const SCRIPT = join(import.meta.dirname, '..', 'verify_audit_evidence.py');

// The commands find the store by --data-dir; the retention period comes from the environment unless given.
const cli = (args: string[], dataDir: string, env: Record<string, string> = {}): Promise<CliResult> =>
  runCli(args, {
    dataDir: join(dataDir, 'not-the-store'),
    env: { CITYHUB_DATABASE_URL: '', CITYHUB_AUDIT_SIGNING_KEY: '', CITYHUB_AUDIT_SIGNING_KEY_FILE: '', CITYHUB_AUDIT_RETENTION_DAYS: '', ...env },
  });
const YEAR = { CITYHUB_AUDIT_RETENTION_DAYS: '365' };

describe('cityhub audit archive and prune', () => {
  let dataDir: string;
  let vkey: string;

  async function append(count: number, occurredAt: Date): Promise<void> {
    const key = loadAuditSigner({ dataDir, env: {} })!;
    const stores = await openHubStores({ dataDir, auditOptions: { checkpoints: { ...key.checkpoints, everyEntries: 10 } } });
    for (let index = 0; index < count; index += 1) await stores.audit!.append(entryInput({ occurredAt }));
    await stores.close();
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-retention-'));
    vkey = join(dataDir, 'audit-signing-key.vkey');
    // 25 entries of 2025 (expired after a year), then 5 of today; checkpoints at 10, 20, 25 (the first store's close) and 30.
    await append(25, new Date('2025-03-03T02:00:00.000Z'));
    await append(5, new Date());
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to archive or prune without a valid retention period, naming the setting', async () => {
    const unset = await cli(['audit', 'archive', '--out', join(dataDir, 'never.jsonl'), '--data-dir', dataDir], dataDir);
    expect(unset.code).toBe(1);
    expect(unset.stderr).toMatch(/no retention period is set \(CITYHUB_AUDIT_RETENTION_DAYS or --retention-days\): the audit log keeps every entry/);
    const badEnv = await cli(['audit', 'archive', '--out', join(dataDir, 'never.jsonl'), '--data-dir', dataDir], dataDir, { CITYHUB_AUDIT_RETENTION_DAYS: 'a year' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toMatch(/CITYHUB_AUDIT_RETENTION_DAYS must be a positive whole number of days, received "a year"/);
    const badFlag = await cli(['audit', 'prune', '--archive', 'x', '--retention-days', '0', '--data-dir', dataDir], dataDir);
    expect(badFlag.code).toBe(1);
    expect(badFlag.stderr).toMatch(/--retention-days must be a positive whole number of days, received "0"/);
    const noArchive = await cli(['audit', 'prune', '--data-dir', dataDir], dataDir, YEAR);
    expect(noArchive.code).toBe(1);
    expect(noArchive.stderr).toMatch(/required option '--archive <file>' not specified/);
    const missing = await cli(['audit', 'prune', '--archive', join(dataDir, 'missing.jsonl'), '--data-dir', dataDir], dataDir, YEAR);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read the archive ".*missing\.jsonl": ENOENT/);
    const tooLong = await cli(['audit', 'archive', '--out', join(dataDir, 'never.jsonl'), '--retention-days', '100000', '--data-dir', dataDir], dataDir);
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toMatch(/no checkpoint covers only entries that occurred before .*: nothing to archive yet/);
  }, 120_000);

  it('archives the expired entries, prunes them with the archive, and still verifies the store and the archive offline', async () => {
    const file = join(dataDir, 'archive-1.jsonl');
    const archived = await cli(['audit', 'archive', '--out', file, '--data-dir', dataDir], dataDir, YEAR);
    expect(archived.stderr).toBe('');
    const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(archived.stdout).toContain(`archived entries 1 to 25 (checkpoint of tree size 25) to ${file}, sha256 ${digest}`);
    // An altered archive is refused, and nothing is deleted.
    const altered = join(dataDir, 'altered.jsonl');
    writeFileSync(altered, readFileSync(file, 'utf8').replace('"principal":"wang.li"', '"principal":"nobody"'));
    const refused = await cli(['audit', 'prune', '--archive', altered, '--data-dir', dataDir], dataDir, YEAR);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the archive does not verify \(edited: the content of entry 1 does not match its hash\): nothing pruned/);

    const pruned = await cli(['audit', 'prune', '--archive', file, '--data-dir', dataDir], dataDir, YEAR);
    expect(pruned.stderr).toBe('');
    expect(pruned.stdout).toContain(`pruned entries 1 to 25; ${file} (sha256 ${digest}) holds them`);
    const verified = await cli(['audit', 'verify', '--data-dir', dataDir], dataDir);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^ok: audit log intact, 5 entries, last seq 30/);
    expect(verified.stdout).toContain(`pruned: entries 1 to 25 (archived, sha256 ${digest}, pruned `);
    expect(verified.stdout).toMatch(/checkpoint: tree size 30, .* \(4 checkpoints checked\)/);
    const offline = await cli(['audit', 'verify-export', file, '--public-key', vkey], dataDir);
    expect(offline.stdout).toMatch(/^ok: .*archive-1\.jsonl intact, 25 entries/);
    const again = await cli(['audit', 'prune', '--archive', file, '--data-dir', dataDir], dataDir, YEAR);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/the archive holds entries 1 to 25 but the log's entries start after seq 25: nothing pruned/);

    // The evidence export of the pruned store starts after the pruned entries and verifies offline too.
    const rest = join(dataDir, 'rest.jsonl');
    expect((await cli(['audit', 'export', '--format', 'evidence', '--out', rest, '--data-dir', dataDir], dataDir)).stderr).toBe('');
    expect((await cli(['audit', 'verify-export', rest, '--public-key', vkey], dataDir)).stdout).toMatch(/^ok: .*rest\.jsonl intact, 5 entries/);
    if (!python) {
      console.warn('[cityhub tests] python3 is not installed: skipping the independent verification of the archives');
      return;
    }
    for (const export_ of [file, rest]) {
      const ok = spawnSync('python3', [SCRIPT, export_, vkey], { encoding: 'utf8' });
      expect(ok.stdout + ok.stderr).toMatch(/^ok: signatures, consistency, chain, inclusion proofs and root verified/);
    }
    // A start whose hash was altered no longer verifies.
    const lines = readFileSync(rest, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    lines[0].start.hash = lines[0].start.hash.replace(/^./, (digit: string) => (digit === '0' ? '1' : '0'));
    const forged = join(dataDir, 'forged-start.jsonl');
    writeFileSync(forged, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    const bad = spawnSync('python3', [SCRIPT, forged, vkey], { encoding: 'utf8' });
    expect(bad.stdout).toMatch(/^broken: the start hash of entry 25 is not in checkpoint 25/);
    const badHere = await cli(['audit', 'verify-export', forged, '--public-key', vkey], dataDir);
    expect(badHere.stdout).toMatch(/first breaks at seq 25 \(forged\): line 1: the start's hash of entry 25 is not in the checkpoint of tree size 25/);
  }, 180_000);
});
