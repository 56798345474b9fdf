import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isAdminCode } from './admin-code.ts';

/**
 * `AdminCode`: a hierarchical administrative code (`310106`, `310106013002-07`).
 * Rejects malformed codes on input with an error naming the value.
 */
export const AdminCodeScalar = new GraphQLScalarType<string, string>({
  name: 'AdminCode',
  description:
    'Hierarchical administrative code: city 3101, district 310106 (GB/T 2260), street 310106013, community 310106013002, grid 310106013002-07. A row lies within a code when its code starts with it.',
  // The district part is the national standard; streets, communities and grids extend it by suffix.
  specifiedByURL: 'https://en.wikipedia.org/wiki/GB/T_2260',
  serialize(value) {
    if (typeof value !== 'string') throw new GraphQLError(`AdminCode cannot represent ${JSON.stringify(value)}`);
    return value;
  },
  parseValue(value) {
    if (!isAdminCode(value)) {
      throw new GraphQLError(`AdminCode must be a code such as "310106013", received ${JSON.stringify(value)}`);
    }
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !isAdminCode(ast.value)) {
      throw new GraphQLError(`AdminCode must be a code such as "310106013"`, { nodes: ast });
    }
    return ast.value;
  },
});

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Normalises a date-time value to an ISO 8601 string in UTC, or `null` when it is not one. */
export function toIsoDateTime(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'string' && ISO_DATE_TIME.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  return null;
}

/** `DateTime`: an ISO 8601 instant with a zone, serialised in UTC. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO 8601 instant with a time zone, such as 2026-11-29T08:30:00Z; answered in UTC.',
  specifiedByURL: 'https://scalars.graphql.org/andimarek/date-time',
  serialize(value) {
    const iso = toIsoDateTime(value);
    if (iso === null) throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
    return iso;
  },
  parseValue(value) {
    const iso = toIsoDateTime(value);
    if (iso === null) {
      throw new GraphQLError(`DateTime must be ISO 8601 with a zone, received ${JSON.stringify(value)}`);
    }
    return iso;
  },
  parseLiteral(ast) {
    const iso = ast.kind === Kind.STRING ? toIsoDateTime(ast.value) : null;
    if (iso === null) throw new GraphQLError('DateTime must be ISO 8601 with a zone', { nodes: ast });
    return iso;
  },
});

/** A point on the map, WGS 84. */
export interface GeoPoint {
  readonly lat: number;
  readonly lng: number;
}

/** Whether a value is a point with finite latitude and longitude in range. */
export function isGeoPoint(value: unknown): value is GeoPoint {
  if (typeof value !== 'object' || value === null) return false;
  const { lat, lng } = value as Record<string, unknown>;
  return (
    typeof lat === 'number' &&
    typeof lng === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lng) <= 180
  );
}
