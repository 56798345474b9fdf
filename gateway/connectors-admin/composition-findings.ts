import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
  printType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { buildDetachedSubschema, defaultListField, defaultSingleField, typeKeyOf, type ConnectorDefinition, type ConnectorManifest } from '../../connectors/index.ts';
import { SHARED_KEYS, isInternalRootField, isSharedEntity, lookupFieldName, sharedKeyType } from '../../schema/index.ts';
import { composeCitySchema, type CitySubgraph } from '../compose.ts';
import { buildGovernanceCatalogue, governCitySchema } from '../governance/index.ts';
import type { CheckFinding } from './check-report.ts';

/** What composing a candidate with the active set gave. */
export interface CompositionOutcome {
  readonly findings: CheckFinding[];
  /** The governed city schema with the candidate, when it composed. */
  readonly schema?: GraphQLSchema;
}

/** The subgraphs of definitions, built from the definitions alone (see `buildDetachedSubschema`): nothing is contacted. */
export function detachedSubgraphs(definitions: readonly ConnectorDefinition[]): CitySubgraph[] {
  return definitions.map((definition) => ({ manifest: definition.manifest, schema: buildDetachedSubschema(definition) }));
}

/**
 * The city schema as clients see it: stitched, then governed (fields shared `none` removed,
 * non-open fields nullable). Throws what composition throws.
 */
export function governSubgraphs(subgraphs: readonly CitySubgraph[]): GraphQLSchema {
  return governCitySchema(composeCitySchema(subgraphs), buildGovernanceCatalogue(subgraphs.map((subgraph) => subgraph.manifest)));
}

/**
 * The `composition` check: the candidate's subgraph composed with the active subgraphs (see
 * {@link detachedSubgraphs}), the candidate replacing any active version of the same id.
 *
 * - **shared keys**: a type of `schema/keys.ts` carries its key (`Person.personId`) with the
 *   scalar the city uses for it (`ID`, or `AdminCode` for administrative units);
 * - **merge conflicts**: a type or field the candidate shares with another connector has the
 *   same kind and type there (a key `ID!` in one and `String!` in another cannot merge), and
 *   a type that is not an entity (an input, an enum, `GeoPoint`) is defined identically;
 * - **name collisions**: a root field, or a field of a merged entity other than its key, that
 *   another connector already serves (stitching would silently pick one of the two), and a
 *   type that another connector also catalogues without it being a shared entity;
 * - then the stitching itself and the governance catalogue must build (skipped with
 *   `compose: false`, when a batch composes all its candidates at once: see `checkConnectors`).
 */
export function compositionFindings(candidate: ConnectorDefinition, active: readonly CitySubgraph[], options: { readonly compose?: boolean } = {}): CompositionOutcome {
  const findings: CheckFinding[] = [];
  const error = (path: string, message: string) => findings.push({ check: 'composition', severity: 'error', path, message });
  const { manifest } = candidate;
  let own: CitySubgraph;
  try {
    own = { manifest, schema: buildDetachedSubschema(candidate) };
  } catch (cause) {
    error('', `the connector's subgraph does not build: ${(cause as Error).message}`);
    return { findings };
  }
  const others = active.filter((subgraph) => subgraph.manifest.id !== manifest.id);

  const rootNames = rootTypeNames(own.schema);
  for (const type of Object.values(own.schema.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    if (isSharedEntity(type.name) && isObjectType(type)) {
      const key = SHARED_KEYS[type.name];
      const keyField = type.getFields()[key];
      const wanted = sharedKeyType(type.name);
      if (manifest.catalogue[type.name] && manifest.catalogue[type.name]!.key !== key) {
        error(`catalogue.${type.name}.key`, `${type.name} is a shared entity keyed by ${key} (schema/keys.ts), not by ${manifest.catalogue[type.name]!.key}`);
      } else if (keyField && getNamedType(keyField.type).name !== wanted) {
        error(
          pathOf(manifest, type.name, key),
          `${type.name}.${key} is the shared key of ${type.name}: its scalar must be ${wanted} (schema/keys.ts), this connector declares ${getNamedType(keyField.type).name}`,
        );
      }
    }
    for (const other of others) {
      const theirs = other.schema.getType(type.name);
      if (!theirs) continue;
      const by = `connector "${other.manifest.id}"`;
      if (rootNames.has(type.name) && isObjectType(type) && isObjectType(theirs)) {
        const theirFields = theirs.getFields();
        for (const field of Object.keys(type.getFields())) {
          if (!isInternalRootField(field) && theirFields[field]) {
            error(rootPathOf(manifest, type.name, field), `root field ${type.name}.${field} is already served by ${by}`);
          }
        }
        continue;
      }
      if (kindOf(type) !== kindOf(theirs)) {
        error(type.name, `${type.name} is ${kindOf(type)} here but ${kindOf(theirs)} in ${by}`);
        continue;
      }
      if (isObjectType(type) && isObjectType(theirs) && isEntity(manifest, own.schema, type.name)) {
        if (manifest.catalogue[type.name] && other.manifest.catalogue[type.name] && !isSharedEntity(type.name)) {
          error(
            `catalogue.${type.name}`,
            `${type.name} is already catalogued by ${by}; a type several departments hold needs a shared key in schema/keys.ts, or a link to the other department's type`,
          );
          continue;
        }
        const key = typeKeyOf(manifest, type.name);
        const theirFields = theirs.getFields();
        for (const [name, field] of Object.entries(type.getFields())) {
          const their = theirFields[name];
          if (!their) continue;
          if (name !== key && name !== typeKeyOf(other.manifest, type.name)) {
            error(pathOf(manifest, type.name, name), `${type.name}.${name} is already served by ${by}`);
          } else if (String(field.type) !== String(their.type)) {
            error(pathOf(manifest, type.name, name), `${type.name}.${name} is ${String(field.type)} here but ${String(their.type)} in ${by}: the two cannot merge`);
          }
        }
        continue;
      }
      if (printType(type) !== printType(theirs)) {
        error(type.name, `${type.name} is defined differently in ${by}: types that are not merged entities must be identical`);
      }
    }
  }
  if (findings.length > 0 || options.compose === false) return { findings };
  try {
    return { findings, schema: governSubgraphs([...others, own]) };
  } catch (cause) {
    error('', `the city schema does not compose: ${(cause as Error).message}`);
    return { findings };
  }
}

// Private: an entity is merged on its key: shared, catalogued here, reached through a `_lookup`, or a link's stub.
function isEntity(manifest: ConnectorManifest, schema: GraphQLSchema, type: string): boolean {
  return (
    isSharedEntity(type) ||
    Boolean(manifest.catalogue[type]) ||
    Boolean(schema.getQueryType()?.getFields()[lookupFieldName(type)]) ||
    manifest.links.some((link) => link.on === type || link.target === type)
  );
}

function rootTypeNames(schema: GraphQLSchema): Set<string> {
  return new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => t).map((t) => t!.name));
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'an object type';
  if (isInputObjectType(type)) return 'an input type';
  if (isInterfaceType(type)) return 'an interface';
  if (isUnionType(type)) return 'a union';
  if (isEnumType(type)) return 'an enum';
  return 'a scalar';
}

/** The manifest path that names a root list or single-row field (`catalogue.Farm.listField`), else its schema coordinate. */
function rootPathOf(manifest: ConnectorManifest, root: string, field: string): string {
  for (const [type, def] of Object.entries(manifest.catalogue)) {
    if ((def.listField ?? defaultListField(type)) === field) return `catalogue.${type}.listField`;
    if ((def.singleField ?? defaultSingleField(type)) === field) return `catalogue.${type}.singleField`;
  }
  return `${root}.${field}`;
}

/**
 * The manifest path of a field when the manifest declares it (a catalogued field, a link's
 * field), else its schema coordinate (`Type.field`).
 */
function pathOf(manifest: ConnectorManifest, type: string, field: string): string {
  if (manifest.catalogue[type]?.fields[field]) return `catalogue.${type}.fields.${field}`;
  const link = manifest.links.findIndex((candidate) => candidate.on === type && candidate.field === field);
  if (link >= 0) return `links.${link}.field`;
  return `${type}.${field}`;
}
