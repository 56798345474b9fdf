import { buildSchema, GraphQLObjectType, GraphQLSchema, type GraphQLFieldConfig, type GraphQLNamedType } from 'graphql';
import { isResident, MAX_SUBJECT_PERSON_ID_LENGTH, type AuditLog, type SubjectAccessReport } from '../../governance/index.ts';
import { GovernanceError } from '../../schema/index.ts';
import { isAuditor, requestGovernanceOf } from '../governance/request-governance.ts';
import { requestRecordOf } from '../governance/request-record.ts';
import { AUDIT_LOG_SYSTEM } from './audit-api.ts';

/** The root field of the data-subject access report, on the resident's schema and the auditors'. */
export const SUBJECT_REPORT_FIELD = 'dataSubjectReport';

const SUBJECT_REPORT_SDL = /* GraphQL */ `
  "How a request, or one source system's part of it, ended."
  enum DataSubjectOutcome { ok partial error denied }

  "One source system that returned the person's record in an access, and what it showed of it."
  type DataSubjectSystemAccess {
    system: String!
    "Every catalogued field the request read from this system (Type.field)."
    fieldsRead: [String!]!
    "Fields that left masked (138****5678)."
    fieldsMasked: [String!]!
    "Fields that left in the clear."
    fieldsInClear: [String!]!
    "Fields refused outright."
    fieldsDenied: [String!]!
    "The data-sharing agreements that allowed conditional fields."
    agreementIds: [String!]!
    outcome: DataSubjectOutcome!
  }

  "RFC 6962 inclusion proof of an entry in the tree of the checkpoint (hashes hex, audit path bottom-up)."
  type DataSubjectInclusionProof {
    seq: Int!
    leafIndex: Int!
    treeSize: Int!
    "SHA-256(0x00 || entry hash bytes)."
    leafHash: String!
    hashes: [String!]!
  }

  "A signed checkpoint of the audit log's Merkle tree (C2SP signed note)."
  type DataSubjectCheckpoint {
    treeSize: Int!
    rootHash: String!
    issuedAt: String!
    "The signed note as issued, co-signatures appended: check it with the hub's published verifier key."
    note: String!
  }

  "One access to the person's records (one audit entry)."
  type DataSubjectAccess {
    seq: Int!
    occurredAt: String!
    requestId: String!
    principal: String
    department: String
    purpose: String
    operationName: String
    outcome: DataSubjectOutcome!
    errorCode: String
    "The systems that returned the person's record."
    systems: [DataSubjectSystemAccess!]!
    "The entry's hash in the audit chain (the Merkle tree's leaf input)."
    entryHash: String!
    "For an access of a confidential purpose, when it stops being withheld from the person."
    confidentialUntil: String
    "Null while the latest checkpoint does not cover the entry yet: ask again after the next one."
    proof: DataSubjectInclusionProof
  }

  "Accesses withheld from the person because a law keeps their purpose confidential for a period."
  type DataSubjectWithheld {
    count: Int!
    "The day (UTC midnight) by which the last of them is shown; null when none is withheld."
    until: String
  }

  type DataSubjectPageInfo { hasNextPage: Boolean!  endCursor: String }

  "Who saw the person's data: every access to their records across the city's systems, newest first."
  type DataSubjectReport {
    personId: ID!
    generatedAt: String!
    "The latest signed checkpoint the proofs are against (null before the first)."
    checkpoint: DataSubjectCheckpoint
    totalAccesses: Int!
    "Accesses the checkpoint does not cover yet (their proof is null)."
    unprovenAccesses: Int!
    accesses: [DataSubjectAccess!]!
    pageInfo: DataSubjectPageInfo!
    withheld: DataSubjectWithheld!
  }

  type Query {
    "Who saw a person's data (residents: their own, personId may be omitted; auditors: anyone's). Audited."
    ${SUBJECT_REPORT_FIELD}(personId: ID, first: Int = 100, after: String): DataSubjectReport!
  }
`;

/** Options of {@link addSubjectReport} and {@link createResidentSchema}. */
export interface SubjectReportApiOptions {
  readonly log: AuditLog;
}

/**
 * The schema a resident is served: only {@link SUBJECT_REPORT_FIELD}, for their own
 * person, and none of the city's data or the audit API's types.
 *
 * ```ts
 * const residentSchema = createResidentSchema({ log });
 * ```
 */
export function createResidentSchema(options: SubjectReportApiOptions): GraphQLSchema {
  const api = buildSchema(SUBJECT_REPORT_SDL);
  const field = reportField(api, options);
  const query = new GraphQLObjectType({ name: 'Query', fields: { [SUBJECT_REPORT_FIELD]: field } });
  return new GraphQLSchema({ query, types: apiTypes(api) });
}

/**
 * Adds {@link SUBJECT_REPORT_FIELD} and its types to a schema (the auditors'). Throws a
 * `TypeError` when the schema already defines one of them.
 *
 * ```ts
 * const served = extendEachSchema(auditedSchema, (schema) => addSubjectReport(schema, { log }));
 * ```
 */
export function addSubjectReport(schema: GraphQLSchema, options: SubjectReportApiOptions): GraphQLSchema {
  if (typeof options?.log?.subjectReport !== 'function') throw new TypeError(`log must be an AuditLog, received ${String(options?.log)}`);
  const api = buildSchema(SUBJECT_REPORT_SDL);
  const query = schema.getQueryType();
  if (!query) throw new TypeError('the schema has no Query type; the data-subject report cannot be added');
  const types = apiTypes(api);
  const taken = types.map((type) => type.name).filter((name) => schema.getType(name) !== undefined);
  if (Object.hasOwn(query.getFields(), SUBJECT_REPORT_FIELD)) taken.push(`Query.${SUBJECT_REPORT_FIELD}`);
  if (taken.length > 0) throw new TypeError(`the schema already defines ${taken.join(', ')}; the data-subject report cannot be added`);
  const field = reportField(api, options);
  const config = schema.toConfig();
  const extended = new GraphQLObjectType({ ...query.toConfig(), fields: () => ({ ...query.toConfig().fields, [SUBJECT_REPORT_FIELD]: field }) });
  return new GraphQLSchema({ ...config, query: extended, types: [...config.types.filter((type) => type.name !== query.name), extended, ...types] });
}

function apiTypes(api: GraphQLSchema): GraphQLNamedType[] {
  return Object.values(api.getTypeMap()).filter((type) => type.name.startsWith('DataSubject'));
}

interface ReportArgs {
  readonly personId?: string | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

// Private: the report field with its resolver: a resident gets their own report only, an
// auditor anyone's, everyone else nothing.
function reportField(api: GraphQLSchema, options: SubjectReportApiOptions): GraphQLFieldConfig<unknown, unknown, ReportArgs> {
  const config = api.getQueryType()!.toConfig().fields[SUBJECT_REPORT_FIELD]! as GraphQLFieldConfig<unknown, unknown, ReportArgs>;
  return {
    ...config,
    resolve: async (_root, args, context, info): Promise<SubjectAccessReport> => {
      const principal = requestGovernanceOf(context)?.principal;
      // The report is a read of the log: its entry names the field, each subject as a personal
      // key (a refused attempt too) and the entries the report returned.
      const record = requestRecordOf(context);
      record?.readFields(info.fieldNodes[0]!, [[AUDIT_LOG_SYSTEM, `Query.${SUBJECT_REPORT_FIELD}`]]);
      const named = (personId: string) => record?.nameSubject(AUDIT_LOG_SYSTEM, personId);
      let personId: string;
      let viewer: 'subject' | 'auditor';
      if (principal && isResident(principal)) {
        if (args.personId != null && args.personId !== principal.personId) {
          // The attempt is audited under the person it was aimed at: it shows in their report, refused.
          if (args.personId !== '' && args.personId.length <= MAX_SUBJECT_PERSON_ID_LENGTH) named(args.personId);
          throw new GovernanceError("a resident may read only their own data-subject report, not another person's", 'FORBIDDEN', { extensions: { reason: 'not-the-subject' } });
        }
        personId = principal.personId;
        viewer = 'subject';
      } else if (principal && isAuditor(principal)) {
        if (args.personId == null) throw new GovernanceError('personId is required: an auditor names the person whose report to read', 'BAD_USER_INPUT', { extensions: { argument: 'personId' } });
        personId = args.personId;
        viewer = 'auditor';
      } else {
        throw new GovernanceError('the data-subject report is for the resident it is about and for auditors only', 'FORBIDDEN', { extensions: { reason: 'not-resident-or-auditor' } });
      }
      // Named before the report is read, so a report that fails is audited with its subject too.
      named(personId);
      const report = await options.log.subjectReport({ personId, viewer, ...(args.first != null ? { first: args.first } : {}), after: args.after ?? null });
      if (record) {
        for (let count = 0; count < report.accesses.length; count += 1) record.returnRow(AUDIT_LOG_SYSTEM);
        if (report.accesses.length > 0) record.returnEntries(report.accesses.map((access) => access.seq));
      }
      return report;
    },
  };
}
