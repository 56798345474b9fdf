import { z } from 'zod';
import {
  FIELD_TYPES,
  MASK_RULES,
  SENSITIVITIES,
  SHARED_KEYS,
  SHARING_ATTRIBUTES,
  isSharedEntity,
  type Catalogue,
} from '../../schema/index.ts';
import { ManifestError, type ManifestIssue } from './manifest-error.ts';

/** Default of a manifest's `maxResponseBytes`: 16 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** The declared size of a connector's lists unless its manifest says otherwise. */
export const DEFAULT_LIST_SIZE = 20;

const typeName = z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'must be a PascalCase GraphQL type name');
const fieldName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase GraphQL field name');
const legacyName = z.string().min(1, 'must name the legacy column or field');

const fieldSchema = z.strictObject({
  type: z.enum(FIELD_TYPES),
  /** The legacy column or field name; a `GeoPoint` names its latitude and longitude. */
  from: z.union([legacyName, z.strictObject({ lat: legacyName, lng: legacyName })]),
  nullable: z.boolean().default(false),
  description: z.string().optional(),
  sharing: z.enum(SHARING_ATTRIBUTES),
  sensitivity: z.enum(SENSITIVITIES),
  mask: z.enum(MASK_RULES).optional(),
});

const typeSchema = z.strictObject({
  description: z.string().optional(),
  key: fieldName,
  jurisdiction: fieldName,
  /** Root list field; defaults to the plural of the type name, such as `elderlyResidents`. */
  listField: fieldName.optional(),
  /** Root single-row field; defaults to the type name, such as `elderlyResident`. */
  singleField: fieldName.optional(),
  /** Fields the root list may filter on by equality (pushed down to the source). */
  filters: z.array(fieldName).default([]),
  fields: z.record(fieldName, fieldSchema),
});

const linkBase = {
  /** The type that gains the field: one of this catalogue's types or another department's. */
  on: typeName,
  /** The key of `on` when it is another department's type without a shared key. */
  onKey: fieldName.optional(),
  field: fieldName,
  target: typeName,
  description: z.string().optional(),
};

const linkSchema = z.discriminatedUnion('kind', [
  /** `on.<key>` equals `target.<by>`: `Street.elderlyResidents` are the residents whose `streetCode` is the street's code. */
  z.strictObject({
    kind: z.literal('has'),
    ...linkBase,
    by: fieldName,
    list: z.boolean().default(true),
    /**
     * How many items the list is expected to hold per parent (a household's members: a
     * handful; a street's elders: dozens), for the operation cost estimate; a list link
     * without one counts the manifest's `listSize`.
     */
    listSize: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe("Expected items per parent (a household's members: a handful); the operation cost estimate multiplies by it. Only for list links. Default: the manifest's listSize."),
  }),
  /** `on.<from>` holds the key of one `target`: `ElderlyResident.assignedWorker` from `assignedWorkerId`. */
  z.strictObject({ kind: z.literal('ref'), ...linkBase, from: fieldName, targetKey: fieldName.optional() }),
]);

/** The manifest schema, without the kind-specific `source` block (each kind validates its own). */
export const manifestSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be a kebab-case connector id such as "elderly-registry"'),
  names: z.strictObject({ zh: z.string().min(1), en: z.string().min(1) }),
  department: z.string().min(1),
  domain: z.string().min(1),
  source: z.looseObject({ kind: z.string().min(1) }),
  /** Longest wait for the legacy system per call, in milliseconds. */
  timeoutMs: z.number().int().min(1).max(120_000).default(5_000),
  /**
   * Largest answer the connector accepts from its legacy system per call, in bytes (a
   * response body for HTTP kinds, a file for CSV drops, the rows of one query for SQL,
   * counted as they stream in). A larger answer is refused with `UPSTREAM_BAD_RESPONSE`
   * before it is held in memory. @default 16777216 (16 MiB)
   */
  maxResponseBytes: z.number().int().min(1024).max(1024 * 1024 * 1024).default(DEFAULT_MAX_RESPONSE_BYTES),
  /**
   * Largest number of rows one query may return from a SQL source (which hands rows over,
   * not bytes): the SELECT asks for one more, and an answer that holds it is refused with
   * `UPSTREAM_BAD_RESPONSE`. @default 100000
   */
  maxResponseRows: z.number().int().min(1).max(10_000_000).default(100_000),
  /**
   * The connector's circuit breaker: after `failureThreshold` consecutive timeouts or
   * unavailable answers, calls fail fast for `openMs` without reaching the system, then one
   * call (or probe) is let through to close it. @default { failureThreshold: 5, openMs: 10000 }
   */
  circuitBreaker: z
    .strictObject({
      failureThreshold: z.number().int().min(1).max(1_000).default(5),
      openMs: z.number().int().min(1).max(3_600_000).default(10_000),
    })
    .prefault({}),
  /**
   * How long the gateway's source cache may serve this connector's rows, in seconds (0:
   * never). Cached rows are governed on every request like fresh ones. Refused by the kinds
   * that hold their rows in memory already (`mqtt`, `csv`). @default 0
   */
  cacheTtlSeconds: z.number().int().min(0).max(86_400).default(0),
  /**
   * How many items one of this connector's lists is expected to hold when the query gives no
   * `first` and its link declares no `listSize` of its own: the operation cost limit
   * multiplies by it (see the gateway's operation limits). @default 20
   */
  listSize: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(DEFAULT_LIST_SIZE)
    .describe("Expected items of this connector's lists whose link declares no listSize, for the operation cost estimate."),
  catalogue: z.record(typeName, typeSchema).refine((types) => Object.keys(types).length > 0, {
    message: 'must catalogue at least one type',
  }),
  links: z.array(linkSchema).default([]),
});

/** What a department writes: the manifest before defaults are applied. */
export type ConnectorManifestInput = z.input<typeof manifestSchema>;
/** A validated manifest with defaults applied. */
export type ConnectorManifest = z.output<typeof manifestSchema>;
/** One catalogued type of a manifest, with its source mapping. */
export type ManifestType = ConnectorManifest['catalogue'][string];
/** One catalogued field of a manifest, with its source mapping. */
export type ManifestField = ManifestType['fields'][string];
/** A link from one type to another. */
export type ManifestLink = ConnectorManifest['links'][number];

/** Converts zod's issues into dotted paths with messages. */
export function toManifestIssues(error: z.ZodError, prefix = ''): ManifestIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/**
 * Validates a manifest's shape and its internal references (keys, jurisdiction fields,
 * filters and links name real fields), throwing a {@link ManifestError} naming every
 * offending path.
 */
export function parseManifestShape(input: unknown): ConnectorManifest {
  const parsed = manifestSchema.safeParse(input);
  const id = typeof input === 'object' && input !== null ? (input as { id?: unknown }).id : undefined;
  const connectorId = typeof id === 'string' ? id : undefined;
  if (!parsed.success) throw new ManifestError(connectorId, toManifestIssues(parsed.error));
  const issues = checkReferences(parsed.data);
  if (issues.length > 0) throw new ManifestError(parsed.data.id, issues);
  return parsed.data;
}

/**
 * The key field of any type a manifest mentions: its own catalogued types, shared entities,
 * and other departments' types whose key a link names (`onKey`, `targetKey`).
 */
export function typeKeyOf(manifest: ConnectorManifest, type: string): string | undefined {
  let explicit: string | undefined;
  for (const link of manifest.links) {
    if (link.on === type && link.onKey) explicit = link.onKey;
    if (link.kind === 'ref' && link.target === type && link.targetKey) explicit = link.targetKey;
  }
  return resolveTypeKey(manifest.catalogue, type, explicit);
}

/** The key field of a type, from an explicit name, the catalogue, or the shared keys. */
export function resolveTypeKey(catalogue: Catalogue | ConnectorManifest['catalogue'], type: string, explicit?: string): string | undefined {
  return explicit ?? catalogue[type]?.key ?? (isSharedEntity(type) ? SHARED_KEYS[type] : undefined);
}

function checkReferences(manifest: ConnectorManifest): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const rootFields = new Map<string, string>();
  for (const [type, def] of Object.entries(manifest.catalogue)) {
    const at = `catalogue.${type}`;
    if (!def.fields[def.key]) issues.push({ path: `${at}.key`, message: `names "${def.key}", which is not a field of ${type}` });
    if (!def.fields[def.jurisdiction]) {
      issues.push({ path: `${at}.jurisdiction`, message: `names "${def.jurisdiction}", which is not a field of ${type}` });
    } else if (!['AdminCode', 'String'].includes(def.fields[def.jurisdiction]!.type)) {
      issues.push({ path: `${at}.jurisdiction`, message: `field "${def.jurisdiction}" must be an AdminCode, is ${def.fields[def.jurisdiction]!.type}` });
    }
    const keyField = def.fields[def.key];
    if (keyField?.nullable) issues.push({ path: `${at}.fields.${def.key}.nullable`, message: 'a key field cannot be nullable' });
    def.filters.forEach((filter, index) => {
      if (!def.fields[filter]) issues.push({ path: `${at}.filters.${index}`, message: `names "${filter}", which is not a field of ${type}` });
    });
    for (const [name, field] of Object.entries(def.fields)) {
      const isGeo = field.type === 'GeoPoint';
      if (isGeo !== (typeof field.from === 'object')) {
        issues.push({
          path: `${at}.fields.${name}.from`,
          message: isGeo ? 'a GeoPoint field names its columns as { lat, lng }' : 'only GeoPoint fields name { lat, lng }',
        });
      }
      if (field.mask && field.sensitivity !== 'personal') {
        issues.push({ path: `${at}.fields.${name}.mask`, message: `only personal fields are masked, this one is ${field.sensitivity}` });
      }
    }
    for (const [role, name] of [
      ['listField', def.listField ?? defaultListField(type)],
      ['singleField', def.singleField ?? defaultSingleField(type)],
    ] as const) {
      const previous = rootFields.get(name);
      if (previous) issues.push({ path: `${at}.${role}`, message: `root field "${name}" is already used by ${previous}` });
      rootFields.set(name, `${type}.${role}`);
    }
  }
  manifest.links.forEach((link, index) => {
    const at = `links.${index}`;
    const onKey = resolveTypeKey(manifest.catalogue, link.on, link.onKey);
    if (!onKey) issues.push({ path: `${at}.onKey`, message: `${link.on} is neither catalogued here nor a shared entity: name its key` });
    const onFields = manifest.catalogue[link.on]?.fields;
    if (onFields?.[link.field]) issues.push({ path: `${at}.field`, message: `${link.on} already has a field "${link.field}"` });
    if (link.kind === 'has') {
      if (link.listSize !== undefined && !link.list) issues.push({ path: `${at}.listSize`, message: `only a list link declares a listSize; ${link.on}.${link.field} has list: false` });
      const target = manifest.catalogue[link.target];
      if (!target) issues.push({ path: `${at}.target`, message: `"has" links must target a type of this catalogue, "${link.target}" is not one` });
      else if (!target.fields[link.by]) issues.push({ path: `${at}.by`, message: `names "${link.by}", which is not a field of ${link.target}` });
    } else {
      if (!onFields) issues.push({ path: `${at}.on`, message: `"ref" links start from a type of this catalogue, "${link.on}" is not one` });
      else if (!onFields[link.from]) issues.push({ path: `${at}.from`, message: `names "${link.from}", which is not a field of ${link.on}` });
      if (!resolveTypeKey(manifest.catalogue, link.target, link.targetKey)) {
        issues.push({ path: `${at}.targetKey`, message: `${link.target} is neither catalogued here nor a shared entity: name its key` });
      }
    }
  });
  return issues;
}

/** `ElderlyResident` → `elderlyResidents`. */
export function defaultListField(type: string): string {
  const single = defaultSingleField(type);
  if (/[^aeiou]y$/.test(single)) return `${single.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(single)) return `${single}es`;
  return `${single}s`;
}

/** `ElderlyResident` → `elderlyResident`. */
export function defaultSingleField(type: string): string {
  return type.charAt(0).toLowerCase() + type.slice(1);
}
