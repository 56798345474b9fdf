import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { Agreement, AgreementStatus, AgreementStore } from '../../governance/index.ts';
import { MAX_PERSON_ID_LENGTH, PERSONAS, isResident, loadDevKeyPair, mintToken, type PersonaName, type Principal } from '../../governance/identity/index.ts';
import { resolveGovernanceConfig } from './governance-config.ts';

const PERSONA_NAMES = Object.keys(PERSONAS) as PersonaName[];

function persona(value: string): PersonaName {
  if (!PERSONA_NAMES.includes(value as PersonaName)) throw new InvalidArgumentError(`must be one of ${PERSONA_NAMES.join(', ')}`);
  return value as PersonaName;
}

function dataDirOf(options: { dataDir?: string }): string {
  return resolve(options.dataDir ?? (process.env.CITYHUB_DATA_DIR || './data'));
}

/**
 * `cityhub token <persona>`: prints a development token for one of the sample personas,
 * signed with the key pair under the data directory (the one `cityhub start` verifies with).
 * Refuses in production mode (`CITYHUB_JWKS_URL` set), where tokens come from the city's
 * identity provider. `--person <personId>` names the person of a `resident` token (default:
 * the persona's own); it is refused for any other persona.
 */
export function createTokenCommand(): Command {
  return new Command('token')
    .description(`print a development token for a sample persona (${PERSONA_NAMES.join(', ')})`)
    .argument('<persona>', 'the persona', persona)
    .option('-d, --data-dir <dir>', 'data directory holding the development key pair (env CITYHUB_DATA_DIR, default ./data)')
    .option('--expires-in <seconds>', 'token lifetime in seconds (default 28800)', (value) => {
      const seconds = Number(value);
      if (!Number.isInteger(seconds) || seconds <= 0) throw new InvalidArgumentError('must be a positive integer');
      return seconds;
    })
    .option('--person <personId>', 'the person a resident token is for (persona resident only; default its sample person)', (value) => {
      if (value === '' || value.length > MAX_PERSON_ID_LENGTH || /\s/.test(value)) throw new InvalidArgumentError(`must be a personId of at most ${MAX_PERSON_ID_LENGTH} characters without spaces`);
      return value;
    })
    .action(async (name: PersonaName, options: { dataDir?: string; expiresIn?: number; person?: string }) => {
      const principal = PERSONAS[name];
      if (options.person !== undefined && !isResident(principal)) throw new Error(`--person is for the resident persona only, not ${name}`);
      const dataDir = dataDirOf(options);
      const config = resolveGovernanceConfig(process.env, dataDir);
      if (config.identity.mode !== 'development') {
        throw new Error('tokens are minted only in development mode; unset CITYHUB_JWKS_URL, or get a token from the identity provider');
      }
      const keys = await loadDevKeyPair({ dataDir });
      const token = await mintToken({
        principal: options.person !== undefined ? { ...principal, subject: `resident-${options.person}`, personId: options.person } : principal,
        keys,
        issuer: config.identity.issuer,
        audience: config.identity.audience,
        expiresInSeconds: options.expiresIn ?? DEV_TOKEN_LIFETIME_SECONDS,
      });
      console.log(token);
    });
}

/** How long development tokens printed by the CLI and at start-up last: a working day. */
export const DEV_TOKEN_LIFETIME_SECONDS = 8 * 3600;

/**
 * `cityhub agreements request|approve|reject|revoke|list`: the agreement mutations and query
 * of the city schema, run against the same store (SQLite under the data directory, or
 * `CITYHUB_DATABASE_URL`), acting as a sample persona (`--as`). Prints the agreement(s) as JSON.
 */
export function createAgreementsCommand(): Command {
  const command = new Command('agreements').description('request, decide, revoke and list data-sharing agreements (acting as a sample persona)');
  const withStore = async <T>(options: { dataDir?: string }, run: (store: AgreementStore) => Promise<T>): Promise<void> => {
    const { databaseUrl } = resolveGovernanceConfig(process.env, dataDirOf(options));
    // Loaded here: the connectors (kysely dialects, source kinds) are for agreements only, never for `token`.
    const [{ openSqlDatabase }, { createAgreementStore }] = await Promise.all([import('../../connectors/index.ts'), import('../../governance/index.ts')]);
    const database = openSqlDatabase(databaseUrl);
    try {
      const result = await run(createAgreementStore({ db: database.db }));
      console.log(JSON.stringify(result, null, 2));
    } finally {
      await database.db.destroy();
    }
  };
  const as = (name: PersonaName): Principal => PERSONAS[name];
  const dataDir = ['-d, --data-dir <dir>', 'data directory (env CITYHUB_DATA_DIR, default ./data)'] as const;

  command
    .command('request')
    .description("request another department's conditional fields for your persona's department")
    .requiredOption('--as <persona>', 'the requesting persona', persona)
    .requiredOption('--provider <department>', 'the department that holds the data, e.g. "Civil Affairs Bureau"')
    .requiredOption('--type <type>', 'the catalogued type, e.g. ElderlyResident')
    .requiredOption('--fields <fields>', 'comma-separated fields, e.g. name,phone')
    .requiredOption('--purpose <purpose>', 'the one purpose, e.g. elderly-care')
    .requiredOption('--until <iso>', 'when the agreement stops holding (ISO-8601)')
    .option('--from <iso>', 'when it starts to hold (ISO-8601, default now)')
    .requiredOption('--reason <text>', 'why the data is needed')
    .option(...dataDir)
    .action((options) =>
      withStore(options, (store) =>
        store.request({
          requesterDepartment: as(options.as).department,
          providerDepartment: options.provider,
          typeName: options.type,
          fields: String(options.fields).split(',').map((field: string) => field.trim()).filter(Boolean),
          purpose: options.purpose,
          validFrom: options.from ?? new Date(),
          validUntil: options.until,
          requestedBy: as(options.as),
          reason: options.reason,
        }),
      ),
    );
  command
    .command('approve')
    .argument('<id>', 'the agreement id')
    .requiredOption('--as <persona>', "a persona of the providing department", persona)
    .option('--note <text>', 'an approval note')
    .option(...dataDir)
    .action((id: string, options) => withStore(options, (store) => store.approve(id, { by: as(options.as), ...(options.note ? { note: options.note } : {}) })));
  command
    .command('reject')
    .argument('<id>', 'the agreement id')
    .requiredOption('--as <persona>', 'a persona of the providing department', persona)
    .requiredOption('--reason <text>', 'why it is rejected')
    .option(...dataDir)
    .action((id: string, options) => withStore(options, (store) => store.reject(id, { by: as(options.as), reason: options.reason })));
  command
    .command('revoke')
    .argument('<id>', 'the agreement id')
    .requiredOption('--as <persona>', 'a persona of the providing department', persona)
    .requiredOption('--reason <text>', 'why it is revoked')
    .option(...dataDir)
    .action((id: string, options) => withStore(options, (store) => store.revoke(id, { by: as(options.as), reason: options.reason })));
  command
    .command('list')
    .option('--status <status>', 'pending, approved, rejected, revoked or expired')
    .option('--requester <department>', 'only this requesting department')
    .option('--provider <department>', 'only this providing department')
    .option(...dataDir)
    .action((options) =>
      withStore(options, (store): Promise<Agreement[]> =>
        store.list({
          ...(options.status ? { status: options.status as AgreementStatus } : {}),
          ...(options.requester ? { requesterDepartment: options.requester } : {}),
          ...(options.provider ? { providerDepartment: options.provider } : {}),
        }),
      ),
    );
  return command;
}
