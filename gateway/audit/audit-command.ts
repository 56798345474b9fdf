import { createReadStream, createWriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { AuditCheckpoint, AuditLog, AuditVerifyReport } from '../../governance/index.ts';
import { resolveHubConfig } from '../config.ts';

/** Options of {@link createAuditCommand}. */
export interface AuditCommandOptions {
  /** Environment the store is found from (`CITYHUB_DATA_DIR`, `CITYHUB_DATABASE_URL`). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The `cityhub audit` command group:
 *
 * - `audit verify [--anchor <seq:hash>]`: walks the chain in the hub's store and prints `ok`
 *   or the first broken link and why; exit code 1 when broken;
 * - `audit export --format jsonl|csv [--out file]`: writes the chain with its hashes;
 * - `audit verify-export <file.jsonl> [--anchor <seq:hash>]`: verifies an exported file
 *   without the database; exit code 1 when broken.
 *
 * The store is `<CITYHUB_DATA_DIR>/cityhub.sqlite`, or PostgreSQL when `CITYHUB_DATABASE_URL`
 * is set; it is migrated first.
 *
 * ```ts
 * program.addCommand(createAuditCommand());
 * ```
 */
export function createAuditCommand(options: AuditCommandOptions = {}): Command {
  const env = options.env ?? process.env;
  const audit = new Command('audit').description("the hub's tamper-evident audit log: verify the chain, export it, verify an export");
  const anchorOption = new Option('--anchor <seq:hash>', 'a checkpoint recorded earlier (a previous report\'s last) that the chain must still hold').argParser(parseAnchor);

  audit
    .command('verify')
    .description("walk the hash chain of the hub's audit store and report the first broken link")
    .addOption(anchorOption)
    .action(async (flags: { anchor?: AuditCheckpoint }) => {
      const report = await withAuditLog(env, (log) => log.verify(flags.anchor ? { anchor: flags.anchor } : {}));
      printReport(report, 'audit log');
    });

  audit
    .command('export')
    .description('write the audit chain, hashes included, as JSON Lines or CSV')
    .addOption(new Option('-f, --format <format>', 'jsonl or csv').choices(['jsonl', 'csv']).makeOptionMandatory())
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .action(async (flags: { format: 'jsonl' | 'csv'; out?: string }) => {
      await withAuditLog(env, async (log) => {
        const chunks = flags.format === 'csv' ? log.exportCsv() : log.exportJsonLines();
        const out = flags.out === undefined ? process.stdout : createWriteStream(flags.out, { flags: 'wx' });
        if (flags.out !== undefined) await once(out, 'open');
        for await (const chunk of chunks) {
          if (!out.write(chunk)) await once(out, 'drain');
        }
        if (flags.out !== undefined) await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      });
    });

  audit
    .command('verify-export')
    .description('verify a JSON Lines export of the audit log without the database')
    .argument('<file>', 'the .jsonl file written by `cityhub audit export --format jsonl`')
    .addOption(anchorOption)
    .action(async (file: string, flags: { anchor?: AuditCheckpoint }) => {
      try {
        await access(file);
      } catch {
        throw new Error(`audit verify-export: cannot read ${JSON.stringify(file)}`);
      }
      const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
      const { verifyAuditExport } = await import('../../governance/index.ts');
      const report = await verifyAuditExport(lines, flags.anchor ? { anchor: flags.anchor } : {});
      printReport(report, file);
    });

  return audit;
}

// Private: opens the hub's store, migrates the audit tables, runs `action`, closes everything.
async function withAuditLog<T>(env: Readonly<Record<string, string | undefined>>, action: (log: AuditLog) => Promise<T>): Promise<T> {
  const config = resolveHubConfig(env);
  // Loaded here: the store and the audit log load kysely and its dialects, which the other
  // commands and `--help` never need.
  const [{ openHubDatabase }, { createAuditLog, migrateAuditLog }] = await Promise.all([import('../store-database.ts'), import('../../governance/index.ts')]);
  const database = openHubDatabase({ dataDir: config.dataDir, databaseUrl: env.CITYHUB_DATABASE_URL });
  try {
    await migrateAuditLog({ db: database.db, dialect: database.dialect });
    const log = createAuditLog({ db: database.db, dialect: database.dialect });
    try {
      return await action(log);
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
    return;
  }
  console.log(`broken: ${what} first breaks at seq ${report.firstBrokenSeq} (${report.reason}): ${report.message}`);
  console.log(`${report.entriesChecked} entries intact before the break`);
  process.exitCode = 1;
}

function parseAnchor(value: string): AuditCheckpoint {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match) throw new InvalidArgumentError('must be <seq>:<64 hex digits of the hash>, e.g. 42:3f…');
  return { seq: Number(match[1]), hash: match[2]! };
}
