import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildDetachedSubschema, type ConnectorDefinition } from '../../connectors/index.ts';
import { DEPARTMENTS } from '../../connectors/sample-city/index.ts';
import type { AgreementStore, AuditLog } from '../../governance/index.ts';
import { addAuditApi } from '../audit/audit-api.ts';
import { addSubjectReport } from '../audit/subject-report-api.ts';
import { composeCitySchema } from '../compose.ts';
import { addRegistryApi } from '../connectors-admin/registry-api.ts';
import type { RegistryService } from '../connectors-admin/registry-service.ts';
import { addAgreementsApi, buildGovernanceCatalogue, governCitySchema } from '../governance/index.ts';

/**
 * The whole schema the console's documents are typed against: the sample city's connectors
 * composed as the hub composes them, governed (with the agreements API), with the auditors'
 * API, the data-subject report and the connector registry's admin API — the union of what
 * the hub serves to its different viewers. It is built from the definitions alone (see
 * `buildDetachedSubschema`): no legacy system, store or running hub is needed, and none of
 * its resolvers can run (each store it would call refuses, saying so).
 *
 * ```ts
 * const sdl = printConsoleSchema(); // the SDL GraphQL Code Generator reads
 * ```
 */
export function consoleSchema(definitions: readonly ConnectorDefinition[] = DEPARTMENTS): GraphQLSchema {
  const city = composeCitySchema(definitions.map((definition) => ({ manifest: definition.manifest, schema: buildDetachedSubschema(definition) })));
  const catalogue = buildGovernanceCatalogue(definitions.map((definition) => definition.manifest));
  const governed = addAgreementsApi(governCitySchema(city, catalogue), refusing<AgreementStore>('agreement store'));
  const log = refusing<AuditLog>('audit log');
  const audited = addSubjectReport(addAuditApi(governed, { log }), { log });
  return addRegistryApi(audited, refusing<RegistryService>('registry service'));
}

/** {@link consoleSchema} as SDL, its types sorted by name so that the printed text is stable. */
export function printConsoleSchema(definitions?: readonly ConnectorDefinition[]): string {
  return printSchema(lexicographicSortSchema(consoleSchema(definitions)));
}

// Private: an object whose every method throws, naming itself: the APIs above only keep their
// store for their resolvers, and a schema printed for code generation never resolves a field.
function refusing<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: (_target, property) =>
      typeof property === 'symbol'
        ? undefined
        : () => {
            throw new Error(`the console's schema for code generation has no ${what} (${property} was called)`);
          },
  });
}
