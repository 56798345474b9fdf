import type { CatalogueField, CatalogueType } from '../../schema/index.ts';
import type { ConnectorManifest } from '../../connectors/index.ts';

/** One catalogued type as the gateway governs it: who provides it, and how it is classified. */
export interface GovernedType {
  readonly name: string;
  /** The connector that catalogues the type (the first one, when several contribute fields). */
  readonly connectorId: string;
  /** The department of that connector: the owner of the type's rows. */
  readonly department: string;
  /** The jurisdiction field the row policy reads. */
  readonly jurisdiction: string;
  /** The classification of every catalogued field, merged over every contributing connector. */
  readonly type: CatalogueType;
  /** The department that provides each field (fields may come from several connectors). */
  readonly fieldDepartments: Readonly<Record<string, string>>;
  /** The connector that provides each catalogued field (the first one, when several do): the source the audit names. */
  readonly fieldConnectors: Readonly<Record<string, string>>;
  /** The connectors whose catalogue of the type holds personal fields: its rows are personal records of theirs. */
  readonly personalConnectors: ReadonlySet<string>;
  /**
   * The type's references (links of kind `ref`, from any connector): the field holding the
   * referenced object, mapped to the field of this type holding its key. The row policy reads
   * the key to tell a reference to nothing (null key) from a row it may not show.
   */
  readonly references: Readonly<Record<string, string>>;
}

/** Every catalogued type of the city, by GraphQL type name. */
export type GovernanceCatalogue = ReadonlyMap<string, GovernedType>;

/**
 * Indexes the catalogues of every connector's manifest by type name, for the gateway's
 * policies. A type catalogued by several connectors keeps the first one's key and
 * jurisdiction, and each field remembers the department that provides it.
 *
 * Throws a `TypeError` naming both connectors when two catalogue the same field of a type
 * differently, since the policy could then not say whose sharing attribute applies.
 *
 * ```ts
 * const catalogue = buildGovernanceCatalogue(registry.connectors.map((c) => c.manifest));
 * catalogue.get('ElderlyResident')?.jurisdiction; // 'gridCode'
 * ```
 */
export function buildGovernanceCatalogue(manifests: readonly ConnectorManifest[]): GovernanceCatalogue {
  const index = new Map<string, { governed: GovernedType; fields: Record<string, CatalogueField>; departments: Record<string, string>; owners: Record<string, string> }>();
  for (const manifest of manifests) {
    for (const [name, def] of Object.entries(manifest.catalogue)) {
      let entry = index.get(name);
      if (!entry) {
        const fields: Record<string, CatalogueField> = {};
        const departments: Record<string, string> = {};
        entry = {
          fields,
          departments,
          owners: {},
          governed: {
            name,
            connectorId: manifest.id,
            department: manifest.department,
            jurisdiction: def.jurisdiction,
            type: { key: def.key, jurisdiction: def.jurisdiction, fields },
            fieldDepartments: departments,
            fieldConnectors: {},
            personalConnectors: new Set(),
            references: {},
          },
        };
        index.set(name, entry);
      }
      for (const [fieldName, field] of Object.entries(def.fields)) {
        if (field.sensitivity === 'personal') (entry.governed.personalConnectors as Set<string>).add(manifest.id);
        const previous = entry.fields[fieldName];
        if (previous && (previous.sharing !== field.sharing || previous.sensitivity !== field.sensitivity || previous.mask !== field.mask)) {
          throw new TypeError(
            `${name}.${fieldName} is catalogued differently by connectors "${entry.owners[fieldName]}" and "${manifest.id}"`,
          );
        }
        if (previous) continue;
        entry.fields[fieldName] = { sharing: field.sharing, sensitivity: field.sensitivity, ...(field.mask ? { mask: field.mask } : {}) };
        entry.departments[fieldName] = manifest.department;
        entry.owners[fieldName] = manifest.id;
        (entry.governed.fieldConnectors as Record<string, string>)[fieldName] = manifest.id;
      }
    }
  }
  for (const manifest of manifests) {
    for (const link of manifest.links) {
      const entry = link.kind === 'ref' ? index.get(link.on) : undefined;
      if (entry && link.kind === 'ref') (entry.governed.references as Record<string, string>)[link.field] = link.from;
    }
  }
  return new Map([...index].map(([name, entry]) => [name, entry.governed]));
}
