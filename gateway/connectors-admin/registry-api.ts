import { buildSchema, type GraphQLFieldConfigMap, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { addRootFields } from '../add-root-fields.ts';
import { GovernanceError } from '../../schema/index.ts';
import { requireRequestGovernance } from '../governance/request-governance.ts';
import type { RegistryService } from './registry-service.ts';
import type { ConnectorVersion } from './registry-store.ts';

const REGISTRY_SDL = /* GraphQL */ `
  "Where a registered connector version stands."
  enum ConnectorVersionState { checked active retired }

  "One finding of a connector check."
  type ConnectorCheckFinding {
    check: String!
    "An error keeps the version from being activated; a warning is reported only."
    severity: String!
    path: String
    message: String!
    operations: [String!]
  }

  "What was checked about a connector version before it may go live."
  type ConnectorCheckReport {
    connectorId: String!
    checkedAt: String!
    ok: Boolean!
    ran: [String!]!
    findings: [ConnectorCheckFinding!]!
  }

  "One registered version of a connector's manifest."
  type ConnectorVersion {
    connectorId: String!
    version: Int!
    department: String!
    "The manifest as registered, as JSON text."
    manifest: String!
    submittedBy: String!
    submittedByDepartment: String!
    submittedAt: String!
    report: ConnectorCheckReport!
    state: ConnectorVersionState!
    activatedAt: String
  }

  type Query {
    "The latest version of every connector you administer (connector-admin: your department's; platform-admin: all)."
    registeredConnectors: [ConnectorVersion!]!
    "Every version of one connector, oldest first."
    registeredConnector(id: ID!): [ConnectorVersion!]!
  }

  type Mutation {
    "Checks a manifest (JSON text) and registers it as the connector's next version."
    registerConnector(manifest: String!): ConnectorVersion!
    "Activates a version (the latest when omitted): the city schema is recomposed and swapped at once."
    activateConnector(id: ID!, version: Int): ConnectorVersion!
    "Activates again the version that was active before the current one."
    rollbackConnector(id: ID!): ConnectorVersion!
    "Stops serving the connector."
    retireConnector(id: ID!): ConnectorVersion!
  }
`;

/** The root fields of the connector registry's admin API. */
export const REGISTRY_API_FIELDS: readonly string[] = Object.freeze([
  'registeredConnectors',
  'registeredConnector',
  'registerConnector',
  'activateConnector',
  'rollbackConnector',
  'retireConnector',
]);

/**
 * Adds the connector registry's admin API to the city schema, on the same endpoint:
 * `registeredConnectors`, `registeredConnector(id)`, and the mutations `registerConnector`,
 * `activateConnector`, `rollbackConnector`, `retireConnector`. The acting principal is the
 * request's (governance must be on); the service enforces the department boundary and
 * audits every event. Throws a `TypeError` when the city schema already defines one of the
 * API's names.
 *
 * ```ts
 * const served = addRegistryApi(citySchema, service);
 * ```
 */
export function addRegistryApi(schema: GraphQLSchema, service: RegistryService): GraphQLSchema {
  const api = buildSchema(REGISTRY_SDL);
  const apiTypes = Object.values(api.getTypeMap()).filter((type) => !type.name.startsWith('__') && type !== api.getQueryType() && type !== api.getMutationType());
  const taken = apiTypes.filter((type) => schema.getType(type.name) && !isBuiltIn(type.name)).map((type) => type.name);
  const takenFields = REGISTRY_API_FIELDS.filter((name) => schema.getQueryType()?.getFields()[name] || schema.getMutationType()?.getFields()[name]);
  if (taken.length + takenFields.length > 0) throw new TypeError(`the city schema already defines ${[...taken, ...takenFields].join(', ')}; the connector registry API cannot be added`);

  const principalOf = (context: unknown) => requireRequestGovernance(context).principal;
  const resolvers: Record<string, GraphQLFieldResolver<unknown, unknown, any>> = {
    registeredConnectors: async (_root, _args, context) => (await service.list(principalOf(context))).map(toGraphql),
    registeredConnector: async (_root, args: { id: string }, context) => (await service.show(principalOf(context), args.id)).map(toGraphql),
    registerConnector: async (_root, args: { manifest: string }, context) => {
      const principal = principalOf(context);
      let candidate: unknown;
      try {
        candidate = JSON.parse(args.manifest);
      } catch (error) {
        throw new GovernanceError(`manifest must be JSON text: ${(error as Error).message}`, 'BAD_USER_INPUT', { extensions: { reason: 'not-json' } });
      }
      return toGraphql(await service.register(principal, candidate));
    },
    activateConnector: async (_root, args: { id: string; version?: number | null }, context) =>
      toGraphql((await service.activate(principalOf(context), args.id, args.version ?? undefined)).activated),
    rollbackConnector: async (_root, args: { id: string }, context) => toGraphql((await service.rollback(principalOf(context), args.id)).activated),
    retireConnector: async (_root, args: { id: string }, context) => toGraphql(await service.retire(principalOf(context), args.id)),
  };
  const withResolvers = (fields: GraphQLFieldConfigMap<unknown, unknown>) =>
    Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, { ...field, resolve: resolvers[name] }]));

  return addRootFields(schema, {
    query: withResolvers(api.getQueryType()!.toConfig().fields),
    mutation: withResolvers(api.getMutationType()!.toConfig().fields),
    types: apiTypes.filter((type) => !isBuiltIn(type.name)),
  });
}

// Private: a stored version as the API's ConnectorVersion.
function toGraphql(version: ConnectorVersion) {
  return {
    ...version,
    manifest: JSON.stringify(version.manifest),
    submittedBy: version.submittedBy.subject,
    submittedByDepartment: version.submittedBy.department,
  };
}

function isBuiltIn(name: string): boolean {
  return ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(name);
}
