import { resolve } from 'node:path';
import { createIdentityVerifier, PERSONAS, type PersonaName, type Principal } from '../../governance/index.ts';
import { resolveGovernanceConfig } from '../governance/governance-config.ts';
import { openHubStores } from '../store-database.ts';
import { createConnectorCheck } from './manifest-check.ts';
import { readManifestFile } from './read-manifest-file.ts';
import type { RegistryCommandOptions } from './registry-commands.ts';
import { createRegistryService } from './registry-service.ts';
import { announceRegistryChange } from './registry-sync.ts';

/**
 * Runs one `cityhub connectors` registry subcommand against the hub's store and prints its
 * result as JSON. `register` sets the exit code 1 when the check reported an error (the
 * version is stored, and cannot be activated).
 */
export async function runRegistryCommand(
  action: 'register' | 'activate' | 'rollback' | 'retire' | 'list' | 'show',
  argument: string | undefined,
  options: RegistryCommandOptions & { readonly version?: number },
): Promise<void> {
  const dataDir = resolve(options.dataDir ?? (process.env.CITYHUB_DATA_DIR || './data'));
  const principal = await actingPrincipal(options, dataDir);
  const candidate = action === 'register' ? await readManifestFile(argument!) : undefined;
  const stores = await openHubStores({ dataDir, ...(process.env.CITYHUB_DATABASE_URL ? { databaseUrl: process.env.CITYHUB_DATABASE_URL } : {}) });
  try {
    const service = createRegistryService({
      store: stores.registry,
      audit: stores.audit!,
      check: createConnectorCheck({ env: process.env, dataDir }),
      onActiveChange: (change) => announceRegistryChange(stores.database, change),
    });
    const id = argument ?? '';
    const result =
      action === 'register' ? await service.register(principal, candidate)
      : action === 'activate' ? await service.activate(principal, id, options.version)
      : action === 'rollback' ? await service.rollback(principal, id)
      : action === 'retire' ? await service.retire(principal, id)
      : action === 'list' ? await service.list(principal)
      : await service.show(principal, id);
    console.log(JSON.stringify(result, null, 2));
    if (action === 'register' && 'report' in result && !result.report.ok) {
      console.error(`cityhub: connector "${result.connectorId}" version ${result.version} is registered, but its check reported errors, so it cannot be activated:`);
      for (const finding of result.report.findings.filter((f) => f.severity === 'error')) console.error(`  ${finding.check} ${finding.path ?? ''}: ${finding.message}`);
      process.exitCode = 1;
    }
  } finally {
    await stores.close();
  }
}

// Private: who the command acts as: a sample persona (--as), or a verified token (--token, CITYHUB_TOKEN).
async function actingPrincipal(options: RegistryCommandOptions, dataDir: string): Promise<Principal> {
  const token = options.token ?? process.env.CITYHUB_TOKEN;
  if (options.as !== undefined && token) throw new Error('give either --as <persona> or a token (--token, CITYHUB_TOKEN), not both');
  if (options.as !== undefined) {
    const persona = PERSONAS[options.as as PersonaName];
    if (!persona) throw new Error(`--as must be one of ${Object.keys(PERSONAS).join(', ')}, received "${options.as}"`);
    return persona;
  }
  if (!token) throw new Error('say who acts: --as <persona> (development) or --token <jwt> (env CITYHUB_TOKEN)');
  const verifier = createIdentityVerifier(resolveGovernanceConfig(process.env, dataDir).identity);
  return verifier.verify(token);
}
