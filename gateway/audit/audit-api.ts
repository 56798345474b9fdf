import { buildSchema, GraphQLObjectType, GraphQLSchema, type GraphQLFieldConfigMap, type GraphQLFieldResolver, type GraphQLNamedType } from 'graphql';
import { parseSignedNote, type AgreementStore, type AuditAgreementView, type AuditLog, type AuditOutcome, type AuditSearchFilters, type AuditSignedCheckpoint } from '../../governance/index.ts';
import { GovernanceError } from '../../schema/index.ts';
import { isAuditor, requestGovernanceOf } from '../governance/request-governance.ts';
import { requestRecordOf } from '../governance/request-record.ts';

/** The system name audit entries give the audit log itself when an operation reads it. */
export const AUDIT_LOG_SYSTEM = 'cityhub.audit-log';

/** The root fields of the auditors' API, each an operation on the audit log. */
export const AUDIT_API_FIELDS: readonly string[] = Object.freeze([
  'auditEntries',
  'auditReportAccessesByDepartmentAndPurpose',
  'auditReportOutOfHours',
  'auditReportUnusualPersonalReads',
  'auditReportConditionalFieldUse',
  'auditVerify',
  'auditCheckpoints',
  'auditInclusionProof',
  'auditConsistencyProof',
]);

const AUDIT_SDL = /* GraphQL */ `
  "How a request, or one source system's part of it, ended."
  enum AuditOutcome { ok partial error denied }

  "Why the log fails verification; forged: a signed checkpoint's signature does not verify, or its note was altered."
  enum AuditBreakReason { edited deleted reordered inserted malformed forged }

  "What an auditor searches entries by; every given filter must match. Times are ISO-8601."
  input AuditEntryFilter {
    principal: String
    department: String
    purpose: String
    "Entries at or after this time."
    from: String
    "Entries before this time."
    to: String
    "Entries that touched this source system (connector id)."
    system: String
    "Entries that returned this personal record key: who accessed resident X."
    personalKey: String
    outcome: AuditOutcome
    requestId: String
  }

  "What one source system contributed to a request, and what governance decided."
  type AuditSourceAccess {
    system: String!
    fieldsRead: [String!]!
    rowsReturned: Int!
    personalKeys: [String!]!
    rowsFiltered: Int!
    fieldsMasked: [String!]!
    fieldsDenied: [String!]!
    conditionalFields: [String!]!
    agreementIds: [String!]!
    outcome: AuditOutcome!
    "Time spent in this source for the request (entries before format 2: the whole operation's)."
    latencyMs: Float!
    "Keys asked of this source that were not returned: hidden or missing (null in entries before format 2)."
    keysDenied: [String!]
  }

  "An agreement request or decision made through the agreements API."
  type AuditAgreementAction {
    agreementId: String
    "request, approve, reject or revoke."
    action: String!
    "The agreement's status after the action; null when it was refused."
    status: String
  }

  "A run of consecutive entries, both ends included."
  type AuditSeqRange { from: Int!  to: Int! }

  "One entry of the hash-chained audit log."
  type AuditEntry {
    seq: Int!
    occurredAt: String!
    requestId: String!
    principal: String
    department: String
    purpose: String
    operationName: String
    operationHash: String!
    outcome: AuditOutcome!
    errorCode: String
    latencyMs: Float!
    sources: [AuditSourceAccess!]!
    "The caller's effective jurisdictions (null in entries before format 2)."
    jurisdictions: [String!]
    "Agreement requests and decisions the operation made (null when none)."
    agreementActions: [AuditAgreementAction!]
    "For an auditor's read of the log, the entries it returned (null otherwise)."
    entriesReturned: [AuditSeqRange!]
    prevHash: String!
    hash: String!
  }

  type AuditPageInfo { hasNextPage: Boolean!  endCursor: String }

  "A page of entries, newest first."
  type AuditEntryConnection { nodes: [AuditEntry!]!  pageInfo: AuditPageInfo! }

  type AuditDepartmentPurposeAccesses {
    department: String
    purpose: String
    accesses: Int!
    denied: Int!
    failed: Int!
    principals: Int!
    rowsReturned: Int!
    personalRecords: Int!
  }

  type AuditOutOfHoursAccess {
    seq: Int!
    occurredAt: String!
    localTime: String!
    principal: String
    department: String
    purpose: String
    operationName: String
    outcome: AuditOutcome!
    personalRecords: Int!
  }

  type AuditUnusualPersonalRead {
    principal: String!
    department: String
    day: String!
    personalRecords: Int!
    historyMedian: Float!
    historyDays: Int!
  }

  type AuditConditionalFieldUse {
    seq: Int!
    occurredAt: String!
    principal: String
    department: String
    purpose: String
    system: String!
    fields: [String!]!
    agreementIds: [String!]!
    flagged: Boolean!
    problems: [String!]!
  }

  type AuditCheckpoint { seq: Int!  hash: String! }

  "The latest signed checkpoint, as verification checked it against the entries."
  type AuditCheckpointReport {
    treeSize: Int!
    "The root hash, hex."
    rootHash: String!
    issuedAt: String!
    "The trusted keys whose valid signatures it carries (the hub's first)."
    signedBy: [String!]!
    checkpointsChecked: Int!
  }

  type AuditVerifyReport {
    ok: Boolean!
    entriesChecked: Int!
    last: AuditCheckpoint
    firstBrokenSeq: Int
    reason: AuditBreakReason
    message: String
    "The latest signed checkpoint's check (null when the log has none, or the chain broke first)."
    checkpoint: AuditCheckpointReport
    "Entries pruned after archiving (null when none): entriesChecked counts those after them."
    pruned: AuditPruned
  }

  "Entries 1 to entries were pruned; the archive of that SHA-256 holds them."
  type AuditPruned { entries: Int!  archiveSha256: String!  prunedAt: String! }

  "One signature line of a signed note."
  type AuditNoteSignature {
    "The key name."
    name: String!
    "The 4-byte key ID, 8 hex digits."
    keyId: String!
  }

  "A signed checkpoint of the log's Merkle tree: a C2SP signed note (see governance/audit/README.md)."
  type AuditSignedCheckpoint {
    treeSize: Int!
    "The root hash, hex (the note carries it in base64)."
    rootHash: String!
    issuedAt: String!
    "The signed note exactly as signed, with the co-signatures' lines after the hub's."
    note: String!
    "The signature lines after the hub's: the co-signers (the Audit Bureau's key)."
    cosignatures: [AuditNoteSignature!]!
  }

  "That an entry is leaf seq - 1 of a checkpoint's tree (RFC 9162 §2.1.3); hashes are hex."
  type AuditInclusionProof {
    seq: Int!
    leafIndex: Int!
    treeSize: Int!
    "SHA-256(0x00 || the entry's hash bytes)."
    leafHash: String!
    "The audit path, bottom-up."
    hashes: [String!]!
    "The checkpoint the proof is against."
    checkpoint: AuditSignedCheckpoint!
  }

  "That a checkpoint's tree extends an older one (RFC 9162 §2.1.4); hashes are hex."
  type AuditConsistencyProof {
    fromSize: Int!
    toSize: Int!
    hashes: [String!]!
    from: AuditSignedCheckpoint!
    to: AuditSignedCheckpoint!
  }

  type Query {
    "Audit entries matching the filter, newest first (auditors only)."
    auditEntries(filter: AuditEntryFilter, first: Int = 50, after: String): AuditEntryConnection!
    "Accesses per department and purpose over a period (auditors only)."
    auditReportAccessesByDepartmentAndPurpose(from: String!, to: String!): [AuditDepartmentPurposeAccesses!]!
    "Accesses outside office hours over a period (auditors only)."
    auditReportOutOfHours(from: String!, to: String!): [AuditOutOfHoursAccess!]!
    "Principals' days of unusually many personal-record reads compared with their own history (auditors only)."
    auditReportUnusualPersonalReads(from: String!, to: String!, factor: Float, historyDays: Int): [AuditUnusualPersonalRead!]!
    "Each use of conditional fields, checked against the agreements that allowed it (auditors only)."
    auditReportConditionalFieldUse(from: String!, to: String!): [AuditConditionalFieldUse!]!
    "Walks the hash chain, checks the signed checkpoints and the Merkle tree, and reports the first break (auditors only)."
    auditVerify: AuditVerifyReport!
    "The signed checkpoints with tree sizes in [fromSize, toSize], oldest first (auditors only)."
    auditCheckpoints(fromSize: Int, toSize: Int): [AuditSignedCheckpoint!]!
    "The inclusion proof of entry seq in the checkpoint of treeSize (default: the latest) (auditors only)."
    auditInclusionProof(seq: Int!, treeSize: Int): AuditInclusionProof!
    "The consistency proof from the checkpoint of fromSize to the one of toSize (default: the latest) (auditors only)."
    auditConsistencyProof(fromSize: Int!, toSize: Int): AuditConsistencyProof!
  }
`;

/** Options of {@link addAuditApi}. */
export interface AuditApiOptions {
  readonly log: AuditLog;
  /** Where the conditional-field report looks agreements up by id. @default none: only uses without an agreement id are flagged */
  readonly agreements?: AgreementStore;
}

/**
 * Adds the auditors' API to the city schema (same endpoint): `auditEntries(filter, first,
 * after)` (a connection, newest first; "who accessed resident X" is `filter: { personalKey }`),
 * the four `auditReport…` fields, `auditVerify` (chain, checkpoints and tree), and the
 * evidence an auditor checks with only the hub's public key: `auditCheckpoints` (the signed
 * notes), `auditInclusionProof(seq, treeSize)` and `auditConsistencyProof(fromSize, toSize)`.
 *
 * Every field refuses with `FORBIDDEN`, saying nothing about the log, unless the request's
 * verified principal has the `auditor` role (without governance there is no principal, so
 * every request is refused). The audit plugin records each read of these fields as an entry
 * of its own (system {@link AUDIT_LOG_SYSTEM}). Throws a `TypeError` when the schema already
 * defines one of the API's types or fields.
 *
 * ```ts
 * const schema = addAuditApi(governedSchema, { log, agreements });
 * ```
 */
export function addAuditApi(schema: GraphQLSchema, options: AuditApiOptions): GraphQLSchema {
  if (typeof options?.log?.search !== 'function') throw new TypeError(`log must be an AuditLog, received ${String(options?.log)}`);
  // The API's types come from their own schema; the city's types are kept as they are (the
  // same objects), since stitching's merge resolution keys on them.
  const api = buildSchema(AUDIT_SDL);
  // A seq range is stored as a `[from, to]` pair.
  const range = (api.getType('AuditSeqRange') as GraphQLObjectType).getFields();
  range.from!.resolve = (pair: readonly [number, number]) => pair[0];
  range.to!.resolve = (pair: readonly [number, number]) => pair[1];
  const apiTypes = Object.values(api.getTypeMap()).filter((type) => type.name.startsWith('Audit'));
  const taken = apiTypes.map((type) => type.name).filter((name) => schema.getType(name) !== undefined);
  const query = schema.getQueryType();
  if (!query) throw new TypeError('the city schema has no Query type; the audit API cannot be added');
  const queryFields = query.getFields();
  taken.push(...AUDIT_API_FIELDS.filter((field) => Object.hasOwn(queryFields, field)).map((field) => `Query.${field}`));
  if (taken.length > 0) throw new TypeError(`the city schema already defines ${taken.join(', ')}; the audit API cannot be added`);
  const { log, agreements } = options;
  const resolvers: Record<string, GraphQLFieldResolver<unknown, unknown, any>> = {
    auditEntries: (_root, args: { filter?: Record<string, unknown> | null; first?: number | null; after?: string | null }) =>
      log
        .search(searchFilters(args.filter ?? {}), { first: args.first ?? undefined, after: args.after ?? null })
        .then((page) => ({ nodes: page.entries, pageInfo: page.pageInfo })),
    auditReportAccessesByDepartmentAndPurpose: (_root, args: PeriodArgs) => log.accessesByDepartmentAndPurpose(periodOf(args)),
    auditReportOutOfHours: (_root, args: PeriodArgs) => log.accessesOutsideOfficeHours(periodOf(args)),
    auditReportUnusualPersonalReads: (_root, args: PeriodArgs & { factor?: number | null; historyDays?: number | null }) =>
      log.unusualPersonalReads({
        ...periodOf(args),
        ...(args.factor != null ? { factor: args.factor } : {}),
        ...(args.historyDays != null ? { historyDays: args.historyDays } : {}),
      }),
    auditReportConditionalFieldUse: (_root, args: PeriodArgs) =>
      log.conditionalFieldUse({ ...periodOf(args), ...(agreements ? { agreements: (ids) => lookUp(agreements, ids) } : {}) }),
    auditVerify: () => log.verify(),
    auditCheckpoints: async (_root, args: { fromSize?: number | null; toSize?: number | null }) =>
      (await log.checkpoints({ ...(args.fromSize != null ? { from: args.fromSize } : {}), ...(args.toSize != null ? { to: args.toSize } : {}) })).map(checkpointView),
    auditInclusionProof: async (_root, args: { seq: number; treeSize?: number | null }) => {
      const checkpoint = await checkpointArgument(log, args.treeSize ?? undefined, 'treeSize');
      if (args.seq < 1 || args.seq > checkpoint.treeSize) {
        throw badInput(`seq must be an entry of the checkpoint of tree size ${checkpoint.treeSize} (1 to ${checkpoint.treeSize}), received ${args.seq}`, 'seq');
      }
      const pruned = (await log.pruned())?.entries ?? 0;
      if (args.seq <= pruned) throw badInput(`entry ${args.seq} was pruned after archiving (entries 1 to ${pruned}): its proof is in the archive`, 'seq');
      const [proof] = await log.inclusionProofs([args.seq], checkpoint.treeSize);
      return { ...proof, checkpoint: checkpointView(checkpoint) };
    },
    auditConsistencyProof: async (_root, args: { fromSize: number; toSize?: number | null }) => {
      const to = await checkpointArgument(log, args.toSize ?? undefined, 'toSize');
      const from = await checkpointArgument(log, args.fromSize, 'fromSize');
      if (from.treeSize > to.treeSize) throw badInput(`fromSize ${from.treeSize} must not be larger than toSize ${to.treeSize}`, 'fromSize');
      const pruned = (await log.pruned())?.entries ?? 0;
      if (from.treeSize < pruned) throw badInput(`the checkpoint of tree size ${from.treeSize} precedes the pruned entries (1 to ${pruned}): prove it with the archive`, 'fromSize');
      const proof = await log.consistencyProof(from.treeSize, to.treeSize);
      return { ...proof, from: checkpointView(from), to: checkpointView(to) };
    },
  };
  const auditFields: GraphQLFieldConfigMap<unknown, unknown> = {};
  for (const [name, config] of Object.entries(api.getQueryType()!.toConfig().fields)) {
    const resolve = resolvers[name]!;
    const field = `Query.${name}`;
    auditFields[name] = {
      ...config,
      // Each read of the log is recorded as a read of its own source (the log), refused or not:
      // the field asked, the items returned, and the seqs of the entries among them.
      resolve: (root, args, context, info) => {
        const record = requestRecordOf(context);
        record?.readFields(info.fieldNodes[0]!, [[AUDIT_LOG_SYSTEM, field]]);
        requireAuditor(context);
        const value = resolve(root, args, context, info);
        if (!record) return value;
        return Promise.resolve(value).then((answer) => {
          recordLogRead(record, answer);
          return answer;
        });
      },
    };
  }
  const config = schema.toConfig();
  const extendedQuery = new GraphQLObjectType({ ...query.toConfig(), fields: () => ({ ...query.toConfig().fields, ...auditFields }) });
  const types: GraphQLNamedType[] = config.types.filter((type) => type.name !== query.name);
  return new GraphQLSchema({ ...config, query: extendedQuery, types: [...types, extendedQuery, ...apiTypes] });
}

// Private: notes the items a read of the log returned (a list, a connection's nodes, or one object), and the seqs of the entries among them.
function recordLogRead(record: NonNullable<ReturnType<typeof requestRecordOf>>, answer: unknown): void {
  const items = Array.isArray(answer)
    ? answer
    : answer !== null && typeof answer === 'object' && Array.isArray((answer as { nodes?: unknown }).nodes)
      ? (answer as { nodes: unknown[] }).nodes
      : answer !== null && answer !== undefined
        ? [answer]
        : [];
  const seqs: number[] = [];
  for (const item of items) {
    record.returnRow(AUDIT_LOG_SYSTEM);
    const seq = (item as { seq?: unknown } | null)?.seq;
    if (typeof seq === 'number' && Number.isInteger(seq) && seq > 0) seqs.push(seq);
  }
  if (seqs.length > 0) record.returnEntries(seqs);
}

interface PeriodArgs {
  readonly from: string;
  readonly to: string;
}

// Private: refuses everyone but auditors, without a word about the log.
function requireAuditor(context: unknown): void {
  const governance = requestGovernanceOf(context);
  if (!governance || !isAuditor(governance.principal)) {
    throw new GovernanceError('the audit API is for auditors only', 'FORBIDDEN', { extensions: { reason: 'not-auditor' } });
  }
}

// Private: the checkpoint an argument names (the latest when absent), or BAD_USER_INPUT naming the argument.
async function checkpointArgument(log: AuditLog, treeSize: number | undefined, argument: string): Promise<AuditSignedCheckpoint> {
  const checkpoint = await log.latestCheckpoint(treeSize);
  if (checkpoint !== null) return checkpoint;
  throw badInput(treeSize === undefined ? 'the audit log has no signed checkpoint yet' : `${argument}: the audit log has no checkpoint of tree size ${treeSize}`, argument);
}

function checkpointView(checkpoint: AuditSignedCheckpoint): AuditSignedCheckpoint & { cosignatures: Array<{ name: string; keyId: string }> } {
  const [, ...cosignatures] = parseSignedNote(checkpoint.note).signatures;
  return { ...checkpoint, cosignatures: cosignatures.map(({ name, keyId }) => ({ name, keyId })) };
}

function badInput(message: string, argument: string): GovernanceError {
  return new GovernanceError(message, 'BAD_USER_INPUT', { extensions: { argument } });
}

function searchFilters(filter: Record<string, unknown>): AuditSearchFilters {
  const filters: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(filter)) {
    if (value === null || value === undefined) continue;
    filters[name] = name === 'from' || name === 'to' ? dateArgument(value, `filter.${name}`) : name === 'outcome' ? (value as AuditOutcome) : value;
  }
  return filters as AuditSearchFilters;
}

function periodOf(args: PeriodArgs): { from: Date; to: Date } {
  return { from: dateArgument(args.from, 'from'), to: dateArgument(args.to, 'to') };
}

function dateArgument(value: unknown, name: string): Date {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new GovernanceError(`${name} must be an ISO-8601 date or time, received ${JSON.stringify(value)}`, 'BAD_USER_INPUT', { extensions: { argument: name } });
  }
  return date;
}

async function lookUp(store: AgreementStore, ids: readonly string[]): Promise<AuditAgreementView[]> {
  const found = await Promise.all(ids.map((id) => store.get(id).catch(() => null)));
  return found.filter((agreement) => agreement !== null);
}

/**
 * The schema to serve with the auditors' API added: `addAuditApi` over whatever `schemaOf`
 * returns, memoized per schema so a hot swap of the city schema gets the API again.
 *
 * ```ts
 * const served = withAuditApi(() => governance.schemaFor(registry.schema, manifests()), { log, agreements });
 * ```
 */
export function withAuditApi(schemaOf: () => GraphQLSchema, options: AuditApiOptions): () => GraphQLSchema {
  if (typeof schemaOf !== 'function') throw new TypeError(`schemaOf must be a function returning the city schema, received ${String(schemaOf)}`);
  const extended = new WeakMap<GraphQLSchema, GraphQLSchema>();
  return () => {
    const schema = schemaOf();
    let served = extended.get(schema);
    if (!served) extended.set(schema, (served = addAuditApi(schema, options)));
    return served;
  };
}
