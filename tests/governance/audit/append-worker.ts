/**
 * A separate process appending to one SQLite audit file, for the multi-process test:
 * `node --import tsx append-worker.ts <file> <count> <name>`.
 */
import { openSqlDatabase } from '../../../connectors/kinds/sql/database.ts';
import { createAuditLog } from '../../../governance/audit/create-audit-log.ts';
import { entryInput } from './fixtures.ts';

const [file, count, name] = process.argv.slice(2);
const { db } = openSqlDatabase(`sqlite:${file}`);
const audit = createAuditLog({ db, dialect: 'sqlite', batchMaxSize: 20, batchMaxDelayMs: 0 });
await Promise.all(Array.from({ length: Number(count) }, () => audit.append(entryInput({ principal: name ?? 'worker' }))));
await audit.close();
await db.destroy();
