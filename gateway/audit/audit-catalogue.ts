import type { ConnectorManifest } from '../../connectors/index.ts';

/** One catalogued type as the audit sees it: its key, and which connector provides each field. */
export interface AuditedType {
  readonly name: string;
  readonly key: string;
  /** The connector id providing each catalogued field (the first connector, when several). */
  readonly fieldOwners: ReadonlyMap<string, string>;
  /** Connectors whose catalogue of this type holds personal fields: its rows are personal records. */
  readonly personalConnectors: ReadonlySet<string>;
}

/** Every catalogued type of the city, by GraphQL type name. */
export type AuditCatalogue = ReadonlyMap<string, AuditedType>;

/**
 * Indexes the connectors' catalogues for the audit: for each type its key, the connector
 * providing each field, and the connectors that catalogue personal fields of it.
 *
 * ```ts
 * const catalogue = buildAuditCatalogue(registry.connectors.map((c) => c.manifest));
 * catalogue.get('ElderlyResident')?.fieldOwners.get('name'); // 'elderly-registry'
 * ```
 */
export function buildAuditCatalogue(manifests: readonly ConnectorManifest[]): AuditCatalogue {
  const types = new Map<string, { name: string; key: string; fieldOwners: Map<string, string>; personalConnectors: Set<string> }>();
  for (const manifest of manifests) {
    for (const [name, def] of Object.entries(manifest.catalogue)) {
      let type = types.get(name);
      if (!type) types.set(name, (type = { name, key: def.key, fieldOwners: new Map(), personalConnectors: new Set() }));
      for (const [fieldName, field] of Object.entries(def.fields)) {
        if (!type.fieldOwners.has(fieldName)) type.fieldOwners.set(fieldName, manifest.id);
        if (field.sensitivity === 'personal') type.personalConnectors.add(manifest.id);
      }
    }
  }
  return types;
}
