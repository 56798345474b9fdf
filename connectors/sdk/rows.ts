import { ConnectorError, toIsoDateTime, type FieldType } from '../../schema/index.ts';
import type { ConnectorManifest, ManifestField } from './manifest.ts';
import type { LegacyRow } from './source-kind.ts';

/** A row in catalogue terms: GraphQL field names, values of their declared types. */
export type CityRow = Readonly<Record<string, unknown>>;

/** Legacy date-times without a zone ("2026-11-29 08:30:00") are read as the city's local time. */
const LEGACY_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/;
const CITY_UTC_OFFSET = '+08:00';

/** Converts one legacy value to its declared type, or returns `undefined` when it does not fit. */
function convert(type: FieldType, value: unknown): unknown {
  switch (type) {
    case 'ID':
      return typeof value === 'string' && value !== '' ? value : typeof value === 'number' && Number.isInteger(value) ? String(value) : undefined;
    case 'String':
    case 'AdminCode':
      // Jurisdiction codes pass through even when malformed: the row policy decides who sees them.
      return typeof value === 'string' ? value : undefined;
    case 'Int': {
      const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined;
    }
    case 'Float': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
    }
    case 'Boolean':
      // SQLite and many legacy exports spell booleans as 0/1.
      return value === true || value === 1 ? true : value === false || value === 0 ? false : undefined;
    case 'DateTime': {
      if (typeof value === 'string') {
        const legacy = LEGACY_DATE_TIME.exec(value);
        if (legacy) return toIsoDateTime(`${legacy[1]}T${legacy[2]}${CITY_UTC_OFFSET}`) ?? undefined;
      }
      return toIsoDateTime(value) ?? undefined;
    }
    case 'GeoPoint':
      return undefined; // GeoPoints are assembled from two columns, see mapRow.
  }
}

/**
 * The catalogue value of one legacy value (`1` → `true` for a Boolean, `"81"` → `81` for an
 * Int), or `undefined` when it does not fit the type. Sources that filter rows themselves
 * compare these, never the legacy spellings.
 */
export function legacyValueAs(type: FieldType, value: unknown): unknown {
  return value === null || value === undefined ? value : convert(type, value);
}

function readField(field: ManifestField, row: LegacyRow): { value: unknown; raw: unknown } {
  if (typeof field.from === 'object') {
    const lat = convert('Float', row[field.from.lat]);
    const lng = convert('Float', row[field.from.lng]);
    if (row[field.from.lat] == null && row[field.from.lng] == null) return { value: null, raw: null };
    const ok = typeof lat === 'number' && typeof lng === 'number' && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
    return { value: ok ? { lat, lng } : undefined, raw: { lat: row[field.from.lat], lng: row[field.from.lng] } };
  }
  const raw = row[field.from];
  if (raw === null || raw === undefined || raw === '') return { value: null, raw };
  return { value: convert(field.type, raw), raw };
}

/**
 * {@link mapRow}, with a row that does not fit its declared types answered as its
 * `ConnectorError` instead of thrown: one malformed row in a legacy answer is one error
 * (at that row's place in the list), and the other rows are still served.
 */
export function mapRowOrError(manifest: ConnectorManifest, typeName: string, row: LegacyRow): CityRow | ConnectorError {
  try {
    return mapRow(manifest, typeName, row);
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
}

/**
 * The catalogue value of one field read straight from a legacy row, as a string, or
 * `undefined` when the row does not hold it: which key a malformed row belongs to.
 */
export function legacyKeyOf(manifest: ConnectorManifest, typeName: string, fieldName: string, row: LegacyRow): string | undefined {
  const field = manifest.catalogue[typeName]?.fields[fieldName];
  if (!field || typeof field.from !== 'string' || typeof row !== 'object' || row === null) return undefined;
  const raw = row[field.from];
  const value = legacyValueAs(field.type, raw);
  return value === null || value === undefined ? (raw === null || raw === undefined ? undefined : String(raw)) : String(value);
}

/**
 * Maps a legacy row to catalogue field names and checks every value against its declared
 * type. A value that does not fit, or a missing non-nullable value, is an
 * `UPSTREAM_BAD_RESPONSE` naming the connector, the type, the field and the row's key: an
 * upstream answer that does not match the declared types is never passed through silently.
 */
export function mapRow(manifest: ConnectorManifest, typeName: string, row: LegacyRow): CityRow {
  const def = manifest.catalogue[typeName];
  if (!def) throw new TypeError(`${manifest.id} has no catalogued type ${typeName}`);
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw new ConnectorError(manifest.id, `a ${typeName} row must be an object, received ${JSON.stringify(row)}`, 'UPSTREAM_BAD_RESPONSE');
  }
  const mapped: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(def.fields)) {
    const { value, raw } = readField(field, row);
    if (value === undefined || (value === null && !field.nullable)) {
      const keyField = def.fields[def.key]!;
      const key = typeof keyField.from === 'string' ? row[keyField.from] : undefined;
      const problem = value === null ? 'is missing' : `must be ${field.type}, received ${JSON.stringify(raw)}`;
      throw new ConnectorError(
        manifest.id,
        `${typeName}.${name} (legacy "${typeof field.from === 'string' ? field.from : `${field.from.lat},${field.from.lng}`}") of row ${JSON.stringify(key)} ${problem}`,
        'UPSTREAM_BAD_RESPONSE',
        { extensions: { type: typeName, field: name } },
      );
    }
    mapped[name] = value;
  }
  return mapped;
}
