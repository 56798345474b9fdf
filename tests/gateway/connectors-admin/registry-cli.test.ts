import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENTS } from '../../../connectors/sample-city/index.ts';
import communityWorkersSpec from '../../../connectors/sample-city/simulators/systems/community-workers.ts';
import { runCli, startCli, type RunningCli } from '../../support/cli.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

const workers = DEPARTMENTS.find((d) => d.manifest.id === 'community-workers')!;
const grids = DEPARTMENTS.find((d) => d.manifest.id === 'grids')!.manifest;

describe('plain cityhub start and the connectors commands', { timeout: 90_000 }, () => {
  let system: DepartmentSystem;
  let dir: string;
  let dataDir: string;
  let hub: RunningCli;
  let url: string;
  const manifestFile = (name: string, manifest: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(manifest, null, 2));
    return file;
  };
  // `connectors register` runs the full check in the CLI's own environment, as the hub's: it names the endpoint and the key.
  const env = () => ({ CITYHUB_COMMUNITY_WORKERS_URL: system.endpoint, CITYHUB_COMMUNITY_WORKERS_KEY: 'test-key' });
  const cli = (args: string[]) => runCli(['connectors', ...args], { dataDir, env: env() });

  beforeAll(async () => {
    system = await startDepartmentSystem(workers, communityWorkersSpec);
    dir = mkdtempSync(join(tmpdir(), 'cityhub-registry-cli-'));
    dataDir = join(dir, 'data');
    hub = startCli(['start'], { dataDir, env: { PORT: '0', ...env() } });
    [, url] = (await hub.waitFor(/admin API \(registerConnector, activateConnector\) at (http:\/\/127\.0\.0\.1:\d+)\/graphql/))! as unknown as [string, string];
  });
  afterAll(async () => {
    if (hub && hub.child.exitCode === null) {
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
    await system?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let token: string;
  const ask = async (query: string) => {
    token ??= (await runCli(['token', 'caseWorker'], { dataDir })).stdout.trim();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-cityhub-purpose': 'elderly-care' },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: any; errors?: Array<{ message: string }> };
  };

  it('starts on an empty registry, saying so and how to register a connector', () => {
    expect(hub.output()).toContain('CityHub is serving no connector yet: the registry in the hub store under the data directory (cityhub.sqlite) is empty');
    expect(hub.output()).toContain('cityhub connectors register <manifest.json> --as <persona>');
  });

  it('registers a JSON manifest and activates it from the command line; the running hub serves it within a second', async () => {
    const registered = await cli(['register', manifestFile('workers.json', workers.manifest), '--as', 'connectorAdmin']);
    expect(registered.code).toBe(0);
    expect(JSON.parse(registered.stdout)).toMatchObject({ connectorId: 'community-workers', version: 1, state: 'checked', report: { ok: true } });
    const activated = await cli(['activate', 'community-workers', '--as', 'connectorAdmin']);
    expect(activated.code).toBe(0);
    expect(JSON.parse(activated.stdout)).toMatchObject({ activated: { version: 1, state: 'active' }, replaced: null });
    await ask('{ __typename }');
    const activatedAt = Date.now();
    let answer = await ask('{ communityWorkers(first: 2) { workerId } }');
    while (answer.errors && Date.now() - activatedAt < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await ask('{ communityWorkers(first: 2) { workerId } }');
    }
    expect(answer.errors).toBeUndefined();
    expect(answer.data.communityWorkers).toHaveLength(2);
    const listed = await cli(['list', '--as', 'platformAdmin']);
    expect(JSON.parse(listed.stdout).map((v: { connectorId: string; state: string }) => [v.connectorId, v.state])).toEqual([['community-workers', 'active']]);
  });

  it('exits 1 with every offending path when the check finds an error, and keeps that version from being activated', async () => {
    const broken = { ...workers.manifest, timeoutMs: -1 };
    const registered = await cli(['register', manifestFile('broken.json', broken), '--as', 'connectorAdmin']);
    expect(registered.code).toBe(1);
    expect(registered.stderr).toContain('connector "community-workers" version 2 is registered, but its check reported errors, so it cannot be activated');
    expect(registered.stderr).toMatch(/manifest timeoutMs: /);
    const activated = await cli(['activate', 'community-workers', '--version', '2', '--as', 'connectorAdmin']);
    expect(activated.code).toBe(1);
    expect(activated.stderr).toMatch(/version 2 cannot be activated: its check report holds 1 error/);
  });

  it("refuses another department's connector, an unknown persona, a missing identity and a file that is not JSON", async () => {
    const foreign = await cli(['register', manifestFile('grids.json', grids), '--as', 'connectorAdmin']);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/may not administer connector "grids" of Grid Management Centre/);
    expect((await cli(['list', '--as', 'nobody'])).stderr).toMatch(/--as must be one of .*connectorAdmin/);
    expect((await cli(['list'])).stderr).toMatch(/say who acts: --as <persona> \(development\) or --token <jwt>/);
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    const notJson = await cli(['register', join(dir, 'bad.json'), '--as', 'connectorAdmin']);
    expect(notJson.stderr).toMatch(/Invalid manifest in .*bad\.json: \(root\) at 1:\d+: /);
    expect((await cli(['register', join(dir, 'missing.json'), '--as', 'connectorAdmin'])).stderr).toMatch(/cannot read the manifest file .*missing\.json/);
  });

  it('acts as the bearer of a verified token', async () => {
    const token = (await runCli(['token', 'platformAdmin'], { dataDir })).stdout.trim();
    const shown = await runCli(['connectors', 'show', 'community-workers', '--token', token], { dataDir });
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout).map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const forged = await runCli(['connectors', 'show', 'community-workers', '--token', `${token.slice(0, -4)}AAAA`], { dataDir });
    expect(forged.code).toBe(1);
  });

  it('retires a connector from the command line, and the running hub stops serving it', async () => {
    expect((await cli(['retire', 'community-workers', '--as', 'connectorAdmin'])).code).toBe(0);
    const retiredAt = Date.now();
    let answer = await ask('{ communityWorkers(first: 2) { workerId } }');
    while (!answer.errors && Date.now() - retiredAt < 5_000) answer = await ask('{ communityWorkers(first: 2) { workerId } }');
    expect(answer.errors?.[0]?.message).toMatch(/Cannot query field "communityWorkers"/);
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
  });
});
