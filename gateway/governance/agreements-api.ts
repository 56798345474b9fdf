import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  GraphQLID,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
} from 'graphql';
import { AGREEMENT_STATUSES, isCityLevel, isGovernmentPrincipal, type Agreement, type Principal, type AgreementStatus, type AgreementStore } from '../../governance/index.ts';
import type { AuditAgreementActionKind } from '../../governance/index.ts';
import { requireRequestGovernance } from './request-governance.ts';
import { requestRecordOf } from './request-record.ts';
import { addRootFields } from '../add-root-fields.ts';

/**
 * Adds the data-sharing agreement API and `me` to the city schema:
 *
 * ```graphql
 * type Query {
 *   me: Me!                                   # the verified principal and declared purpose
 *   agreements(status: AgreementStatus, requesterDepartment: String, providerDepartment: String, typeName: String): [Agreement!]!
 *   agreement(id: ID!): Agreement
 * }
 * type Mutation {
 *   requestAgreement(input: AgreementRequestInput!): Agreement!
 *   approveAgreement(id: ID!, note: String): Agreement!
 *   rejectAgreement(id: ID!, reason: String!): Agreement!
 *   revokeAgreement(id: ID!, reason: String!): Agreement!
 * }
 * ```
 *
 * The acting principal is the request's: a department requests for itself, and only the
 * providing department decides or revokes (the store enforces both). Government principals
 * see the agreements their department is party to; auditors and city-level principals see all.
 *
 * ```ts
 * const schema = addAgreementsApi(governedSchema, agreementStore);
 * ```
 */
export function addAgreementsApi(schema: GraphQLSchema, store: AgreementStore): GraphQLSchema {
  const taken = ['Me', 'Agreement', 'AgreementStatus', 'AgreementRequestInput'].filter((name) => schema.getType(name));
  if (taken.length > 0) throw new TypeError(`the city schema already defines ${taken.join(', ')}; the agreement API cannot be added`);
  const status = new GraphQLEnumType({
    name: 'AgreementStatus',
    description: 'Where a data-sharing agreement stands.',
    values: Object.fromEntries(AGREEMENT_STATUSES.map((value) => [value.toUpperCase(), { value }])),
  });
  const nonNullString = new GraphQLNonNull(GraphQLString);
  const stringList = new GraphQLNonNull(new GraphQLList(nonNullString));
  const iso = (value: Date | null) => (value === null ? null : value.toISOString());
  const agreement = new GraphQLObjectType<Agreement>({
    name: 'Agreement',
    description: "A department's right to read another department's conditional fields for one purpose, until an expiry.",
    fields: {
      id: { type: new GraphQLNonNull(GraphQLID) },
      requesterDepartment: { type: nonNullString },
      providerDepartment: { type: nonNullString },
      typeName: { type: nonNullString },
      fields: { type: stringList },
      purpose: { type: nonNullString },
      validFrom: { type: nonNullString, description: 'ISO-8601 UTC.', resolve: (a) => iso(a.validFrom) },
      validUntil: { type: nonNullString, description: 'ISO-8601 UTC; the first moment it no longer holds.', resolve: (a) => iso(a.validUntil) },
      status: { type: new GraphQLNonNull(status) },
      requestedBy: { type: nonNullString },
      reason: { type: nonNullString },
      requestedAt: { type: nonNullString, resolve: (a) => iso(a.requestedAt) },
      decidedBy: { type: GraphQLString },
      decidedAt: { type: GraphQLString, resolve: (a) => iso(a.decidedAt) },
      decisionNote: { type: GraphQLString },
      revokedBy: { type: GraphQLString },
      revokedAt: { type: GraphQLString, resolve: (a) => iso(a.revokedAt) },
      revocationReason: { type: GraphQLString },
    },
  });
  const me = new GraphQLObjectType({
    name: 'Me',
    description: 'Who the hub thinks is asking, and for what purpose.',
    fields: {
      subject: { type: nonNullString },
      displayName: { type: GraphQLString },
      department: { type: nonNullString },
      roles: { type: stringList },
      jurisdictions: { type: stringList },
      purposes: { type: stringList, description: 'The purposes the token allows.' },
      purpose: { type: GraphQLString, description: 'The purpose declared for this request.' },
    },
  });
  const requestInput = new GraphQLInputObjectType({
    name: 'AgreementRequestInput',
    fields: {
      providerDepartment: { type: nonNullString, description: 'The department that holds the data and decides.' },
      typeName: { type: nonNullString },
      fields: { type: stringList },
      purpose: { type: nonNullString },
      validFrom: { type: GraphQLString, description: 'ISO-8601; defaults to now.' },
      validUntil: { type: nonNullString, description: 'ISO-8601; later than validFrom and in the future.' },
      reason: { type: nonNullString },
    },
  });
  const agreementType = new GraphQLNonNull(agreement);

  const queryFields: GraphQLFieldConfigMap<unknown, unknown> = {
    me: {
      type: new GraphQLNonNull(me),
      resolve: (_root, _args, context) => {
        const { principal, purpose } = requireRequestGovernance(context);
        return { ...principal, purpose };
      },
    },
    agreements: {
      type: new GraphQLNonNull(new GraphQLList(agreementType)),
      description: "Agreements your department is party to (every agreement for auditors and city-level principals).",
      args: {
        status: { type: status },
        requesterDepartment: { type: GraphQLString },
        providerDepartment: { type: GraphQLString },
        typeName: { type: GraphQLString },
      },
      resolve: async (_root, args: { status?: AgreementStatus | null; requesterDepartment?: string | null; providerDepartment?: string | null; typeName?: string | null }, context) => {
        const { principal } = requireRequestGovernance(context);
        const all = await store.list({
          ...(args.status ? { status: args.status } : {}),
          ...(args.requesterDepartment ? { requesterDepartment: args.requesterDepartment } : {}),
          ...(args.providerDepartment ? { providerDepartment: args.providerDepartment } : {}),
          ...(args.typeName ? { typeName: args.typeName } : {}),
        });
        return all.filter((item) => mayRead(principal, item));
      },
    },
    agreement: {
      type: agreement,
      args: { id: { type: new GraphQLNonNull(GraphQLID) } },
      resolve: async (_root, args: { id: string }, context) => {
        const { principal } = requireRequestGovernance(context);
        const found = await store.get(args.id);
        return found && mayRead(principal, found) ? found : null;
      },
    },
  };
  const mutationFields: GraphQLFieldConfigMap<unknown, unknown> = {
    requestAgreement: {
      type: agreementType,
      description: "Requests another department's conditional fields for your department, for a purpose and a period.",
      args: { input: { type: new GraphQLNonNull(requestInput) } },
      resolve: (_root, args: { input: Record<string, any> }, context) => {
        const { principal } = requireRequestGovernance(context);
        const input = args.input;
        return store.request({
          requesterDepartment: principal.department,
          providerDepartment: input.providerDepartment,
          typeName: input.typeName,
          fields: input.fields,
          purpose: input.purpose,
          validFrom: input.validFrom ?? new Date(),
          validUntil: input.validUntil,
          requestedBy: principal,
          reason: input.reason,
        });
      },
    },
    approveAgreement: {
      type: agreementType,
      args: { id: { type: new GraphQLNonNull(GraphQLID) }, note: { type: GraphQLString } },
      resolve: (_root, args: { id: string; note?: string | null }, context) =>
        store.approve(args.id, { by: requireRequestGovernance(context).principal, ...(args.note ? { note: args.note } : {}) }),
    },
    rejectAgreement: {
      type: agreementType,
      args: { id: { type: new GraphQLNonNull(GraphQLID) }, reason: { type: nonNullString } },
      resolve: (_root, args: { id: string; reason: string }, context) =>
        store.reject(args.id, { by: requireRequestGovernance(context).principal, reason: args.reason }),
    },
    revokeAgreement: {
      type: agreementType,
      args: { id: { type: new GraphQLNonNull(GraphQLID) }, reason: { type: nonNullString } },
      resolve: (_root, args: { id: string; reason: string }, context) =>
        store.revoke(args.id, { by: requireRequestGovernance(context).principal, reason: args.reason }),
    },
  };

  // Every request and decision is an audit entry of its own, naming the agreement and its status after it.
  for (const [name, action] of [
    ['requestAgreement', 'request'],
    ['approveAgreement', 'approve'],
    ['rejectAgreement', 'reject'],
    ['revokeAgreement', 'revoke'],
  ] as const) {
    mutationFields[name] = recordedAction(mutationFields[name]!, action);
  }

  return addRootFields(schema, { query: queryFields, mutation: mutationFields, types: [agreement, status, me, requestInput] });
}

// Private: an agreement mutation that notes its action in the request's record, refused or not
// (a refused request names no agreement; a refused decision names the id it was asked for).
function recordedAction(config: GraphQLFieldConfig<unknown, unknown>, action: AuditAgreementActionKind): GraphQLFieldConfig<unknown, unknown> {
  const resolve = config.resolve!;
  return {
    ...config,
    resolve: async (root, args: { id?: string }, context, info) => {
      const record = requestRecordOf(context);
      try {
        const agreement = (await resolve(root, args, context, info)) as Agreement;
        record?.actOnAgreement({ agreementId: agreement.id, action, status: agreement.status });
        return agreement;
      } catch (error) {
        record?.actOnAgreement({ agreementId: typeof args.id === 'string' && args.id !== '' ? args.id : null, action, status: null });
        throw error;
      }
    },
  };
}

// Private: parties to an agreement read it; so do auditors and city-level principals.
function mayRead(principal: Principal, agreement: Agreement): boolean {
  if (!isGovernmentPrincipal(principal)) return false;
  if (principal.roles.includes('auditor') || isCityLevel(principal)) return true;
  return agreement.requesterDepartment === principal.department || agreement.providerDepartment === principal.department;
}
