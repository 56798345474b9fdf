import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHubStores } from '../../gateway/store-database.ts';
import { runCli } from '../support/cli.ts';

/** `cityhub migrate` on the embedded store, and what the hub does after it without migrating. */
describe('cityhub migrate', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-migrate-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates the store in --data-dir, after which the hub opens it without migrating', async () => {
    await expect(openHubStores({ dataDir, migrate: false })).rejects.toThrow(/is not migrated .*run `cityhub migrate`/);
    const result = await runCli(['migrate', '--data-dir', dataDir], { dataDir, env: { CITYHUB_DATABASE_URL: '' } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`ok: the hub's stores at sqlite:${join(dataDir, 'cityhub.sqlite')} are migrated`);
    expect(existsSync(join(dataDir, 'cityhub.sqlite'))).toBe(true);
    const stores = await openHubStores({ dataDir, migrate: false });
    await stores.close();
  });

  it('refuses --grant-hub-role on a SQLite store, saying why', async () => {
    const result = await runCli(['migrate', '--data-dir', dataDir, '--grant-hub-role', 'cityhub_hub'], { dataDir, env: { CITYHUB_DATABASE_URL: '' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cityhub: --grant-hub-role needs a PostgreSQL store');
  });
});
