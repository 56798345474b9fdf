/**
 * The shared entity keys that tie the departments' silos together, and the conventions the
 * gateway uses to merge one department's view of an entity with another's.
 */

/**
 * The key of every entity that several departments hold, by GraphQL type name.
 *
 * A connector that contributes fields to one of these types exposes a stub of the type that
 * carries only this key, plus a lookup root field (see {@link lookupFieldName}).
 */
export const SHARED_KEYS = {
  Person: 'personId',
  Building: 'buildingId',
  Vehicle: 'plate',
  Enterprise: 'creditCode',
  District: 'code',
  Street: 'code',
  Community: 'code',
  Grid: 'code',
} as const satisfies Record<string, string>;

/**
 * The GraphQL type of each shared key: administrative units are keyed by their `AdminCode`,
 * everything else by an opaque `ID`.
 */
export function sharedKeyType(typeName: string): 'AdminCode' | 'ID' {
  return ['District', 'Street', 'Community', 'Grid'].includes(typeName) ? 'AdminCode' : 'ID';
}

/** The name of a type with a shared key. */
export type SharedEntity = keyof typeof SHARED_KEYS;

/** Whether a type name is one of the shared entities. */
export function isSharedEntity(typeName: string): typeName is SharedEntity {
  return Object.hasOwn(SHARED_KEYS, typeName);
}

const LOOKUP_PREFIX = '_lookup';

/**
 * The root field through which a subgraph resolves a batch of keys of `typeName`:
 * `_lookupStreet(keys: [String!]!): [Street]!`, one entry per key, in key order, `null` for
 * a key the system does not hold.
 *
 * The gateway merges types on these fields and hides them from the city schema.
 */
export function lookupFieldName(typeName: string): string {
  return `${LOOKUP_PREFIX}${typeName}`;
}

/** The type a lookup root field resolves, or `null` when the field is not a lookup. */
export function lookupFieldType(fieldName: string): string | null {
  return fieldName.startsWith(LOOKUP_PREFIX) && fieldName.length > LOOKUP_PREFIX.length
    ? fieldName.slice(LOOKUP_PREFIX.length)
    : null;
}

/** Whether a root field is internal plumbing that the city schema does not show. */
export function isInternalRootField(fieldName: string): boolean {
  return fieldName.startsWith('_');
}
