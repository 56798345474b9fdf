import { SENSITIVITIES } from '../../schema/index.ts';
import type { ConnectorDefinition } from '../sdk/define-connector.ts';

const HEADER = `# The systems of the sample city

Generated from the connector manifests by \`npx tsx connectors/sample-city/write-systems-list.ts\`; a
test fails when this file and the manifests disagree. Each system is a legacy source that a
department already runs; CityHub wraps it in a connector (its manifest) and stitches all of
them into one city schema. The sample city ships a simulated legacy system for each, with
deterministic, seeded data; a real city replaces the simulators with its own endpoints and
keeps the connectors.

Columns: **id** (the connector id), **system** (its Chinese and English names),
**department**, **source** (how the legacy system is reached), **types** (what it
contributes to the city schema), **sensitivity** (the highest class of the data it holds).

Source kinds: \`sql\` (a relational database through kysely: SQLite file or PostgreSQL),
\`rest\` (JSON over HTTP, often paged, legacy field names), \`soap\` (XML envelopes over
HTTP), \`csv\` (file drops refreshed on a schedule, some GBK-encoded), \`mqtt\` (sensor topics
on a broker), \`graphql\` (an existing GraphQL service, stitching- or federation-style).

Sensitivity: \`public\` (may be opened to citizens), \`internal\` (government use),
\`sensitive\` (restricted: critical infrastructure, enforcement data), \`personal\` (personal
information: names, ID numbers, phones, health).
`;

const FOOTER = `
## Keys that tie the silos together

Every row carries the jurisdiction it belongs to, as an administrative code that grows by
suffix: a district \`310106\`, a street \`310106013\`, a community \`310106013002\`, a grid
\`310106013002-07\`; "is this row inside my jurisdiction" is a prefix test. Entities that
several departments hold merge on one stable key: \`Person.personId\` (a keyed hash of the
resident ID number), \`Building.buildingId\`, \`Vehicle.plate\`, \`Enterprise.creditCode\`
(the 18-character unified social credit code), and the administrative code of a grid,
street or district.
`;

/**
 * The list of systems as markdown (`connectors/sample-city/SYSTEMS.md`): one table per domain, one row
 * per connector, from the manifests alone, so the list cannot drift from what the hub serves.
 *
 * ```ts
 * writeFileSync('connectors/sample-city/SYSTEMS.md', formatSystemsList(DEPARTMENTS));
 * ```
 */
export function formatSystemsList(definitions: readonly ConnectorDefinition[]): string {
  const byDomain = new Map<string, ConnectorDefinition[]>();
  for (const definition of definitions) {
    const list = byDomain.get(definition.manifest.domain) ?? [];
    list.push(definition);
    byDomain.set(definition.manifest.domain, list);
  }
  const sections = [...byDomain].map(([domain, list]) => {
    const rows = list.map(({ manifest }) => {
      const types = Object.keys(manifest.catalogue);
      const highest = Math.max(...types.flatMap((type) => Object.values(manifest.catalogue[type]!.fields).map((field) => SENSITIVITIES.indexOf(field.sensitivity))));
      const cells = [manifest.id, `${manifest.names.zh} (${manifest.names.en})`, manifest.department, manifest.source.kind, types.join(', '), SENSITIVITIES[highest]];
      return `| ${cells.map((cell) => String(cell).replaceAll('|', '\\|')).join(' | ')} |`;
    });
    return [`## ${domain}`, '', '| id | system | department | source | types | sensitivity |', '|---|---|---|---|---|---|', ...rows].join('\n');
  });
  return `${HEADER}\n${sections.join('\n\n')}\n\n${definitions.length} systems in all.\n${FOOTER}`;
}
