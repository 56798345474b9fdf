import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { access } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError, Option } from 'commander';
import { userInfo } from 'node:os';
import { parseRetentionDays, type AuditCheckpoint, type AuditLog, type AuditVerifyReport, type SubjectAccess, type SubjectAccessReport } from '../../governance/index.ts';
import { resolveHubConfig } from '../config.ts';
import { readPrivateKeyFile, readVerifierKeyFile, type AuditSigner } from './audit-signing-key.ts';
import { auditExport, type AuditExportFormat } from './audit-export.ts';

/** Options of {@link createAuditCommand}. */
export interface AuditCommandOptions {
  /** Environment the store is found from (`CITYHUB_DATA_DIR`, `CITYHUB_DATABASE_URL`). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The `cityhub audit` command group:
 *
 * - `audit verify [--anchor <seq:hash>] [--public-key file]`: walks the chain in the hub's
 *   store, checks every signed checkpoint and the Merkle tree against the entries, and prints
 *   `ok` or the first broken link and why; exit code 1 when broken;
 * - `audit export --format jsonl|csv|evidence [--out file]`: writes the chain with its hashes
 *   (`evidence`: with the checkpoints and proofs, after a checkpoint of the whole log);
 * - `audit verify-export <file> [--anchor <seq:hash>] [--public-key file]`: verifies an
 *   exported file without the database (an evidence export needs the hub's public key);
 * - `audit cosign --key <pem> --name <name>`: co-signs the latest checkpoint (the Audit
 *   Bureau's key) after checking it and the tree; `audit keygen`: makes such a key;
 * - `audit prove --seq <n>` and `audit consistency --from <n> --to <m>`: proofs as JSON;
 * - `audit subject <personId> [--json]`: the person's data-subject access report as an
 *   auditor sees it (every access, with its inclusion proof), itself appended to the log.
 * - `audit archive --out file` writes the entries older than the retention period
 *   (`CITYHUB_AUDIT_RETENTION_DAYS` or `--retention-days`), up to a checkpoint, as an
 *   evidence export; `audit prune --archive file` verifies that archive with the hub's key and
 *   deletes its entries, keeping what `verify` needs of them.
 *
 * Every command but `verify-export` and `keygen` takes `--data-dir` (else `CITYHUB_DATA_DIR`):
 * the store is `<data dir>/cityhub.sqlite`, or PostgreSQL when `CITYHUB_DATABASE_URL` is set.
 * A data directory without a store is refused (nothing is created); an existing store is
 * migrated first. The hub's key is the one `cityhub start` uses (see `loadAuditSigner`).
 *
 * ```ts
 * program.addCommand(createAuditCommand());
 * ```
 */
export function createAuditCommand(options: AuditCommandOptions = {}): Command {
  const env = options.env ?? process.env;
  const audit = new Command('audit').description("the hub's tamper-evident audit log: verify the chain, export it, verify an export");
  const anchorOption = new Option('--anchor <seq:hash>', 'a checkpoint recorded earlier (a previous report\'s last) that the chain must still hold').argParser(parseAnchor);

  const dataDirOption = () => new Option('-d, --data-dir <dir>', 'directory of the hub store (env CITYHUB_DATA_DIR, default ./data)');
  const publicKeyOption = () => new Option('--public-key <file>', "the hub's verifier key (audit-signing-key.vkey) @default the data directory's or CITYHUB_AUDIT_SIGNING_KEY's");

  audit
    .command('verify')
    .description("walk the hash chain of the hub's audit store, check its signed checkpoints and Merkle tree, and report the first break")
    .addOption(anchorOption)
    .addOption(dataDirOption())
    .addOption(publicKeyOption())
    .action(async (flags: StoreFlags & { anchor?: AuditCheckpoint; publicKey?: string }) => {
      const report = await withAuditLog(env, flags, async (log, signer) => {
        const hub = flags.publicKey !== undefined ? readVerifierKeyFile(flags.publicKey) : signer?.verifier;
        const latest = await log.latestCheckpoint();
        if (latest !== null && hub === undefined) throw new Error('the log has signed checkpoints but no public key was found to check them: pass --public-key');
        return log.verify({ ...(flags.anchor ? { anchor: flags.anchor } : {}), ...(hub ? { verifiers: [hub] } : {}) });
      });
      printReport(report, 'audit log');
    });

  audit
    .command('cosign')
    .description("co-sign the hub's latest checkpoint with a second key (the Audit Bureau's), after checking its signature and the tree")
    .requiredOption('--key <file>', "the co-signer's Ed25519 private key (PEM, from `cityhub audit keygen`)")
    .requiredOption('--name <name>', "the co-signer's key name, e.g. audit-bureau.example.gov")
    .option('--tree-size <n>', 'the checkpoint to co-sign (default: the latest)', parseCount)
    .addOption(dataDirOption())
    .addOption(publicKeyOption())
    .action(async (flags: StoreFlags & { key: string; name: string; treeSize?: number; publicKey?: string }) => {
      const { createNoteSigner } = await import('../../governance/index.ts');
      const cosigner = createNoteSigner(flags.name, readPrivateKeyFile(flags.key));
      const checkpoint = await withAuditLog(env, flags, (log, signer) => {
        const hub = flags.publicKey !== undefined ? readVerifierKeyFile(flags.publicKey) : signer?.verifier;
        if (hub === undefined) throw new Error("no public key of the hub was found to check the checkpoint with: pass --public-key");
        return log.cosign({ signer: cosigner, hub, ...(flags.treeSize !== undefined ? { treeSize: flags.treeSize } : {}) });
      });
      process.stdout.write(checkpoint.note);
    });

  audit
    .command('keygen')
    .description('make an Ed25519 key for co-signing checkpoints: the private key (PEM) to --out, its verifier key to <out>.vkey')
    .requiredOption('--out <file>', 'where to write the private key (refused if it exists)')
    .requiredOption('--name <name>', 'the key name its signatures carry')
    .action(async (flags: { out: string; name: string }) => {
      const { generateKeyPairSync } = await import('node:crypto');
      const { writeFileSync } = await import('node:fs');
      const { createNoteSigner } = await import('../../governance/index.ts');
      const { privateKey } = generateKeyPairSync('ed25519');
      const signer = createNoteSigner(flags.name, privateKey);
      writeFileSync(flags.out, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600, flag: 'wx' });
      writeFileSync(`${flags.out}.vkey`, `${signer.verifierKey}\n`, { flag: 'wx' });
      console.log(signer.verifierKey);
    });

  audit
    .command('prove')
    .description("print an entry's inclusion proof against a checkpoint, as JSON")
    .requiredOption('--seq <n>', 'the entry', parseCount)
    .option('--tree-size <n>', 'the checkpoint (default: the latest)', parseCount)
    .addOption(dataDirOption())
    .action(async (flags: StoreFlags & { seq: number; treeSize?: number }) => {
      const result = await withAuditLog(env, flags, async (log) => {
        const checkpoint = await log.latestCheckpoint(flags.treeSize);
        if (checkpoint === null) throw new Error(flags.treeSize === undefined ? 'the log has no checkpoint yet' : `the log has no checkpoint of tree size ${flags.treeSize}`);
        if (flags.seq > checkpoint.treeSize) throw new Error(`entry ${flags.seq} is not in the checkpoint of tree size ${checkpoint.treeSize}`);
        const [proof] = await log.inclusionProofs([flags.seq], checkpoint.treeSize);
        return { checkpoint, proof };
      });
      console.log(JSON.stringify(result, null, 2));
    });

  audit
    .command('consistency')
    .description('print the consistency proof between two checkpoints, as JSON')
    .requiredOption('--from <n>', 'the older tree size', parseCount)
    .requiredOption('--to <n>', 'the newer tree size', parseCount)
    .addOption(dataDirOption())
    .action(async (flags: StoreFlags & { from: number; to: number }) => {
      const result = await withAuditLog(env, flags, async (log) => {
        for (const size of [flags.from, flags.to]) if ((await log.latestCheckpoint(size)) === null) throw new Error(`the log has no checkpoint of tree size ${size}`);
        return log.consistencyProof(flags.from, flags.to);
      });
      console.log(JSON.stringify(result, null, 2));
    });

  audit
    .command('export')
    .description('write the audit chain, hashes included, as JSON Lines or CSV')
    .addOption(new Option('-f, --format <format>', 'jsonl, csv, or evidence (JSON Lines with checkpoints and proofs)').choices(['jsonl', 'csv', 'evidence'] satisfies AuditExportFormat[]).makeOptionMandatory())
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .addOption(dataDirOption())
    .action(async (flags: StoreFlags & { format: 'jsonl' | 'csv' | 'evidence'; out?: string }) => {
      // The one export the auditors' GET /audit/export serves too (see auditExport).
      await withAuditLog(env, flags, async (log) => writeChunks(await auditExport(log, flags.format), flags.out), flags.format === 'evidence');
    });

  const retentionOption = () =>
    new Option('--retention-days <days>', 'how long entries are kept (env CITYHUB_AUDIT_RETENTION_DAYS)').argParser((value) => {
      try {
        return parseRetentionDays(value, '--retention-days');
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    });

  audit
    .command('archive')
    .description('write the entries older than the retention period, up to the last checkpoint that covers only them, as an evidence export (checkpoints and proofs)')
    .requiredOption('-o, --out <file>', 'the archive file to write (refused if it exists)')
    .addOption(retentionOption())
    .addOption(dataDirOption())
    .action(async (flags: StoreFlags & { out: string; retentionDays?: number }) => {
      const before = retentionCutoff(env, flags.retentionDays);
      const written = await withAuditLog(env, flags, async (log) => {
        const checkpoint = await log.expiredCheckpoint(before);
        if (checkpoint === null) throw new Error(`no checkpoint covers only entries that occurred before ${before.toISOString()} (the retention period): nothing to archive yet`);
        const from = ((await log.pruned())?.entries ?? 0) + 1;
        await writeChunks(log.exportEvidence({ throughTreeSize: checkpoint.treeSize }), flags.out);
        return { from, through: checkpoint.treeSize };
      });
      console.log(`archived entries ${written.from} to ${written.through} (checkpoint of tree size ${written.through}) to ${flags.out}, sha256 ${await fileSha256(flags.out)}`);
      console.log(`keep it where the log's own store is not, then: cityhub audit prune --archive ${flags.out}`);
    });

  audit
    .command('prune')
    .description('delete the entries an archive holds, after verifying the archive with the hub\'s key and that they are past the retention period; the tree stays verifiable')
    .requiredOption('--archive <file>', 'the archive `cityhub audit archive` wrote: it is verified before anything is deleted')
    .addOption(retentionOption())
    .addOption(dataDirOption())
    .addOption(publicKeyOption())
    .action(async (flags: StoreFlags & { archive: string; retentionDays?: number; publicKey?: string }) => {
      const before = retentionCutoff(env, flags.retentionDays);
      const digest = await fileSha256(flags.archive);
      const result = await withAuditLog(env, flags, (log, signer) => {
        const hub = flags.publicKey !== undefined ? readVerifierKeyFile(flags.publicKey) : signer?.verifier;
        if (hub === undefined) throw new Error('no public key of the hub was found to verify the archive with: pass --public-key');
        return log.prune({ archive: readLines(flags.archive), archiveSha256: digest, verifiers: [hub], before });
      });
      console.log(`pruned entries ${result.from} to ${result.through}; ${flags.archive} (sha256 ${digest}) holds them`);
    });

  audit
    .command('verify-export')
    .description('verify an export of the audit log without the database (an evidence export with the hub\'s public key only)')
    .argument('<file>', 'the file written by `cityhub audit export --format jsonl` or `--format evidence`')
    .addOption(anchorOption)
    .option('--public-key <file...>', "the hub's verifier key (audit-signing-key.vkey), then any co-signers' keys to report")
    .action(async (file: string, flags: { anchor?: AuditCheckpoint; publicKey?: string[] }) => {
      try {
        await access(file);
      } catch {
        throw new Error(`audit verify-export: cannot read ${JSON.stringify(file)}`);
      }
      const lines = () => readLines(file);
      const { AUDIT_EVIDENCE_FORMAT, verifyAuditExport, verifyEvidenceExport } = await import('../../governance/index.ts');
      let first = '';
      for await (const line of lines()) {
        first = line;
        break;
      }
      if (first.includes(`"${AUDIT_EVIDENCE_FORMAT}"`)) {
        if (flags.publicKey === undefined) throw new Error(`audit verify-export: ${file} is an evidence export; pass the hub's --public-key to check its checkpoints`);
        printReport(await verifyEvidenceExport(lines(), flags.publicKey.map(readVerifierKeyFile)), file);
        return;
      }
      const report = await verifyAuditExport(lines(), flags.anchor ? { anchor: flags.anchor } : {});
      printReport(report, file);
    });

  audit
    .command('subject')
    .description("print a person's data-subject access report (who saw their data), as an auditor sees it; the read is audited")
    .argument('<personId>', 'the person (Person.personId)')
    .option('--json', 'print the report as JSON (every page merged)')
    .addOption(dataDirOption())
    .action(async (personId: string, flags: StoreFlags & { json?: boolean }) => {
      const report = await withAuditLog(env, flags, (log) => auditedSubjectReport(log, personId));
      if (flags.json) console.log(JSON.stringify(report, null, 2));
      else process.stdout.write(formatSubjectReport(report));
    });

  return audit;
}

// Private: every page of the auditor's report, then its own entry in the log (principal the
// operating-system user, the person as its personal key, the outcome), before it is printed.
async function auditedSubjectReport(log: AuditLog, personId: string): Promise<SubjectAccessReport> {
  // Loaded here, as the store is: `--help` and the other commands need neither.
  const [{ AUDIT_LOG_SYSTEM }, { SUBJECT_REPORT_FIELD }] = await Promise.all([import('./audit-api.ts'), import('./subject-report-api.ts')]);
  const started = performance.now();
  const occurredAt = new Date();
  let report: SubjectAccessReport | undefined;
  let failure: unknown;
  try {
    const accesses: SubjectAccess[] = [];
    for (let after: string | null = null; ; ) {
      const page: SubjectAccessReport = await log.subjectReport({ personId, viewer: 'auditor', first: 500, after });
      accesses.push(...page.accesses);
      report = { ...page, accesses, pageInfo: { hasNextPage: false, endCursor: page.pageInfo.endCursor } };
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
  } catch (error) {
    failure = error;
  }
  const outcome = failure === undefined ? 'ok' : 'error';
  const code = (failure as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  await log.append({
    requestId: `cli-${createHash('sha256').update(`${occurredAt.toISOString()} ${process.pid} ${personId}`).digest('hex').slice(0, 32)}`,
    occurredAt,
    principal: `cli:${userInfo().username}`,
    department: null,
    purpose: 'audit',
    operationName: 'cityhub audit subject',
    operationHash: createHash('sha256').update(`cityhub audit subject ${personId}`).digest('hex'),
    outcome,
    errorCode: failure === undefined ? null : typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
    latencyMs: performance.now() - started,
    sources: [
      {
        system: AUDIT_LOG_SYSTEM,
        fieldsRead: [`Query.${SUBJECT_REPORT_FIELD}`],
        rowsReturned: report?.accesses.length ?? 0,
        // A personId the report refused (empty, too long) is not a key to record.
        personalKeys: failure === undefined ? [personId] : [],
        rowsFiltered: 0,
        fieldsMasked: [],
        fieldsDenied: [],
        conditionalFields: [],
        agreementIds: [],
        outcome,
        latencyMs: performance.now() - started,
      },
    ],
  });
  if (failure !== undefined) throw failure;
  return report!;
}

// Private: the report as text: a summary line, then per access one line and one per system.
function formatSubjectReport(report: SubjectAccessReport): string {
  const checkpoint = report.checkpoint;
  const lines = [
    `data-subject report of ${report.personId}, generated ${report.generatedAt}: ${report.totalAccesses} accesses`,
    checkpoint === null
      ? 'no signed checkpoint yet: no access is proven'
      : `proven against checkpoint tree size ${checkpoint.treeSize}, root ${checkpoint.rootHash}, issued ${checkpoint.issuedAt}; ${report.unprovenAccesses} not covered yet`,
  ];
  for (const access of report.accesses) {
    const who = `${access.department ?? '(no department)'} (${access.principal ?? 'anonymous'})`;
    const confidential = access.confidentialUntil === null ? '' : `, confidential until ${access.confidentialUntil}`;
    const proof = access.proof === null ? 'not proven yet' : `proof: leaf ${access.proof.leafIndex} of ${access.proof.treeSize}`;
    lines.push(`#${access.seq} ${access.occurredAt} ${who} for ${access.purpose ?? '(no purpose)'}: ${access.outcome}${confidential}; ${access.operationName ?? '(anonymous operation)'}; ${proof}`);
    for (const system of access.systems) {
      const part = (label: string, fields: readonly string[]) => (fields.length === 0 ? [] : [`${label} ${fields.join(', ')}`]);
      const agreements = system.agreementIds.length === 0 ? [] : [`agreements ${system.agreementIds.join(', ')}`];
      lines.push(`    ${system.system}: ${[...part('in the clear', system.fieldsInClear), ...part('masked', system.fieldsMasked), ...part('denied', system.fieldsDenied), ...agreements].join('; ') || 'no fields'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// Private: writes an export to `file` (refused if it exists), or to standard output.
async function writeChunks(chunks: AsyncIterable<string>, file: string | undefined): Promise<void> {
  const out = file === undefined ? process.stdout : createWriteStream(file, { flags: 'wx' });
  if (file !== undefined) await once(out, 'open');
  for await (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  if (file !== undefined) await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function readLines(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (error) {
    throw new Error(`cannot read the archive ${JSON.stringify(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return hash.digest('hex');
}

// Private: now minus the retention period (the flag, else CITYHUB_AUDIT_RETENTION_DAYS), which must be set.
function retentionCutoff(env: Readonly<Record<string, string | undefined>>, days: number | undefined): Date {
  const raw = env.CITYHUB_AUDIT_RETENTION_DAYS?.trim();
  if (days === undefined && !raw) throw new Error('no retention period is set (CITYHUB_AUDIT_RETENTION_DAYS or --retention-days): the audit log keeps every entry');
  const kept = days ?? parseRetentionDays(raw, 'CITYHUB_AUDIT_RETENTION_DAYS');
  return new Date(Date.now() - kept * 86_400_000);
}

interface StoreFlags {
  readonly dataDir?: string;
}

// Private: opens the hub's existing store (refusing a data directory without one, and
// creating nothing), migrates the audit tables, runs `action` with the log and the hub's
// signer (when its key exists), closes everything.
async function withAuditLog<T>(
  env: Readonly<Record<string, string | undefined>>,
  flags: StoreFlags,
  action: (log: AuditLog, signer: AuditSigner | undefined) => Promise<T>,
  /** Let the log issue checkpoints (only the evidence export does: nothing else writes). */
  checkpoints = false,
): Promise<T> {
  const config = resolveHubConfig({ ...env, ...(flags.dataDir !== undefined ? { CITYHUB_DATA_DIR: flags.dataDir } : {}) });
  // Loaded here: the store and the audit log load kysely and its dialects, which the other
  // commands and `--help` never need.
  const [{ HUB_DATABASE_FILE, openHubDatabase }, { createAuditLog, migrateAuditLog }, { loadAuditSigner }, { resolveConfidentialPurposes }] = await Promise.all([
    import('../store-database.ts'),
    import('../../governance/index.ts'),
    import('./audit-signing-key.ts'),
    import('./confidential-purposes-config.ts'),
  ]);
  const databaseUrl = env.CITYHUB_DATABASE_URL?.trim() || undefined;
  if (databaseUrl === undefined && !existsSync(join(config.dataDir, HUB_DATABASE_FILE))) {
    throw new Error(`no hub store in ${config.dataDir} (${HUB_DATABASE_FILE} does not exist): pass the hub's --data-dir, or set CITYHUB_DATABASE_URL`);
  }
  const database = openHubDatabase({ dataDir: config.dataDir, databaseUrl });
  try {
    if (database.dialect === 'postgres') {
      const { sql } = await import('kysely');
      const { rows } = await sql<{ found: string | null }>`SELECT to_regclass('cityhub_audit_entries')::text AS found`.execute(database.db);
      if (rows[0]?.found == null) throw new Error('no audit log in the database of CITYHUB_DATABASE_URL (table cityhub_audit_entries does not exist): is it the hub\'s store?');
    }
    await migrateAuditLog({ db: database.db, dialect: database.dialect });
    const signer = loadAuditSigner({ dataDir: config.dataDir, env, create: false });
    const log = createAuditLog({
      db: database.db,
      dialect: database.dialect,
      confidentialPurposes: resolveConfidentialPurposes(env),
      ...(signer && checkpoints ? { checkpoints: signer.checkpoints } : {}),
    });
    try {
      return await action(log, signer);
    } finally {
      await log.close();
    }
  } finally {
    await database.db.destroy();
  }
}

// Private: one line for an intact chain, the break and its reason otherwise (exit code 1).
function printReport(report: AuditVerifyReport, what: string): void {
  if (report.ok) {
    const last = report.last ? `, last seq ${report.last.seq} hash ${report.last.hash}` : '';
    console.log(`ok: ${what} intact, ${report.entriesChecked} entries${last}`);
    if (report.pruned) console.log(`pruned: entries 1 to ${report.pruned.entries} (archived, sha256 ${report.pruned.archiveSha256}, pruned ${report.pruned.prunedAt})`);
    const checkpoint = report.checkpoint;
    if (checkpoint) {
      console.log(`checkpoint: tree size ${checkpoint.treeSize}, root ${checkpoint.rootHash}, issued ${checkpoint.issuedAt}, signed by ${checkpoint.signedBy.join(', ')} (${checkpoint.checkpointsChecked} checkpoints checked)`);
    }
    return;
  }
  console.log(`broken: ${what} first breaks at seq ${report.firstBrokenSeq} (${report.reason}): ${report.message}`);
  console.log(`${report.entriesChecked} entries intact before the break`);
  process.exitCode = 1;
}

function parseCount(value: string): number {
  if (!/^[1-9][0-9]*$/.test(value)) throw new InvalidArgumentError('must be a positive integer');
  return Number(value);
}

function parseAnchor(value: string): AuditCheckpoint {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match) throw new InvalidArgumentError('must be <seq>:<64 hex digits of the hash>, e.g. 42:3f…');
  return { seq: Number(match[1]), hash: match[2]! };
}
