import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditSigner } from '../../gateway/audit/audit-signing-key.ts';
import { openHubStores } from '../../gateway/store-database.ts';
import { verifyInclusionProof } from '../../governance/index.ts';
import { entryInput } from '../governance/audit/fixtures.ts';
import { runCli, type CliResult } from '../support/cli.ts';

// CITYHUB_DATA_DIR points elsewhere, so that the commands find the store by --data-dir.
const cli = (args: string[], dataDir: string): Promise<CliResult> =>
  runCli(args, { dataDir: join(dataDir, 'not-the-store'), env: { CITYHUB_DATABASE_URL: '', CITYHUB_AUDIT_SIGNING_KEY: '', CITYHUB_AUDIT_SIGNING_KEY_FILE: '' } });
const python = spawnSync('python3', ['--version']).status === 0;
const SCRIPT = join(import.meta.dirname, '..', 'verify_audit_evidence.py');

describe('the cityhub audit evidence commands', () => {
  let dataDir: string;
  let vkey: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-evidence-'));
    // A hub store with 30 entries and checkpoints every 10, signed with the development key.
    const key = loadAuditSigner({ dataDir, env: {} })!;
    vkey = join(dataDir, 'audit-signing-key.vkey');
    const stores = await openHubStores({ dataDir, auditOptions: { checkpoints: { ...key.checkpoints, everyEntries: 10 } } });
    for (let index = 0; index < 30; index += 1) await stores.audit!.append(entryInput());
    await stores.close();
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('verifies the store with its latest checkpoint, exports evidence, and verifies it offline with only the public key', async () => {
    const verified = await cli(['audit', 'verify', '--data-dir', dataDir], dataDir);
    expect(verified.stderr).toBe('');
    expect(verified.stdout).toMatch(/^ok: audit log intact, 30 entries/);
    expect(verified.stdout).toMatch(/checkpoint: tree size 30, root [0-9a-f]{64}, issued .*, signed by cityhub\.local\/audit \(3 checkpoints checked\)/);
    const file = join(dataDir, 'evidence.jsonl');
    const exported = await cli(['audit', 'export', '--format', 'evidence', '--out', file, '--data-dir', dataDir], dataDir);
    expect(exported.stderr).toBe('');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines[0]).toEqual({ format: 'cityhub-audit-evidence', version: 1, treeSize: 30 });
    expect(lines.filter((line) => line.type === 'checkpoint')).toHaveLength(3);
    expect(lines.filter((line) => line.type === 'entry')).toHaveLength(30);
    const checked = await cli(['audit', 'verify-export', file, '--public-key', vkey], dataDir);
    expect(checked.stdout).toMatch(/^ok: .*evidence\.jsonl intact, 30 entries/);
    expect(checked.code).toBe(0);
    // One altered proof hash is caught.
    const altered = join(dataDir, 'altered.jsonl');
    const entry = lines.findIndex((line) => line.type === 'entry' && line.entry.seq === 7);
    lines[entry].inclusion[0] = lines[entry].inclusion[0].replace(/^./, (c: string) => (c === 'a' ? 'b' : 'a'));
    writeFileSync(altered, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    const broken = await cli(['audit', 'verify-export', altered, '--public-key', vkey], dataDir);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/first breaks at seq 7 \(forged\): line \d+: the inclusion proof of entry 7 does not verify against the checkpoint of tree size 30/);
    const without = await cli(['audit', 'verify-export', file], dataDir);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/is an evidence export; pass the hub's --public-key/);
    if (!python) {
      console.warn('[cityhub tests] python3 is not installed: skipping the independent verification of the evidence export');
      return;
    }
    for (const env of [{}, { VERIFY_PURE_ED25519: '1' }]) {
      const ok = spawnSync('python3', [SCRIPT, file, vkey], { encoding: 'utf8', env: { ...process.env, ...env } });
      expect(ok.stdout + ok.stderr).toMatch(/^ok: signatures, consistency, chain, inclusion proofs and root verified/);
      expect(ok.status).toBe(0);
      const bad = spawnSync('python3', [SCRIPT, altered, vkey], { encoding: 'utf8', env: { ...process.env, ...env } });
      expect(bad.stdout).toMatch(/^broken: the inclusion proof of entry 7 does not verify/);
      expect(bad.status).toBe(1);
    }
    const otherKey = join(dataDir, 'other.pem');
    await cli(['audit', 'keygen', '--out', otherKey, '--name', 'cityhub.local/audit'], dataDir);
    const forged = spawnSync('python3', [SCRIPT, file, `${otherKey}.vkey`], { encoding: 'utf8' });
    expect(forged.stdout).toMatch(/^broken: a checkpoint is not signed by the hub key/);
  }, 180_000);

  it('co-signs the latest checkpoint with the Audit Bureau key and prints an inclusion proof', async () => {
    const key = join(dataDir, 'bureau.pem');
    const made = await cli(['audit', 'keygen', '--out', key, '--name', 'audit-bureau.example'], dataDir);
    expect(made.stdout).toMatch(/^audit-bureau\.example\+[0-9a-f]{8}\+/);
    const cosigned = await cli(['audit', 'cosign', '--key', key, '--name', 'audit-bureau.example', '--data-dir', dataDir], dataDir);
    expect(cosigned.stderr).toBe('');
    expect(cosigned.stdout).toMatch(/^cityhub\.local\/audit\n30\n[A-Za-z0-9+/=]{44}\ntime .*\n\n\u2014 cityhub\.local\/audit \S+\n\u2014 audit-bureau\.example \S+\n$/);
    const proved = await cli(['audit', 'prove', '--seq', '5', '--data-dir', dataDir], dataDir);
    const { checkpoint, proof } = JSON.parse(proved.stdout);
    expect(verifyInclusionProof(4, 30, Buffer.from(proof.leafHash, 'hex'), proof.hashes.map((hash: string) => Buffer.from(hash, 'hex')), Buffer.from(checkpoint.rootHash, 'hex'))).toBe(true);
    const outside = await cli(['audit', 'prove', '--seq', '31', '--data-dir', dataDir], dataDir);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/entry 31 is not in the checkpoint of tree size 30/);
  }, 120_000);

  it('detects a deleted tail without an anchor', async () => {
    const stores = await openHubStores({ dataDir, audit: false });
    try {
      const db = stores.database.db;
      await sql`PRAGMA foreign_keys = OFF`.execute(db);
      for (const table of ['cityhub_audit_personal_keys', 'cityhub_audit_sources', 'cityhub_audit_entries']) {
        await sql.raw(`DROP TRIGGER ${table}_no_delete`).execute(db);
        await sql.raw(`DELETE FROM ${table} WHERE seq > 27`).execute(db);
      }
    } finally {
      await stores.close();
    }
    const verified = await cli(['audit', 'verify', '--data-dir', dataDir], dataDir);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/broken: audit log first breaks at seq 28 \(deleted\): the log ends at seq 27 but the checkpoint signed at .* covers 30 entries/);
  }, 60_000);

  it('refuses a data directory without a store, creating nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cityhub-empty-'));
    try {
      for (const args of [['audit', 'verify'], ['audit', 'export', '--format', 'jsonl']]) {
        const refused = await cli([...args, '--data-dir', empty], dataDir);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/no hub store in .*cityhub-empty-.* \(cityhub\.sqlite does not exist\): pass the hub's --data-dir, or set CITYHUB_DATABASE_URL/);
      }
      expect(existsSync(join(empty, 'cityhub.sqlite'))).toBe(false);
      expect(existsSync(join(empty, 'audit-signing-key.pem'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);
});
