import {
  Kind,
  NoUnusedFragmentsRule,
  TypeInfo,
  findBreakingChanges,
  findDangerousChanges,
  getNamedType,
  parse,
  specifiedRules,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';
import type { ScenarioDocument } from '../operations.ts';
import type { CheckFinding } from './check-report.ts';

/** One scenario operation, by its `scenario/Operation` name. */
interface ScenarioOperation {
  readonly name: string;
  readonly document: DocumentNode;
}

// Each operation is validated alone, with the document's fragments; those other operations use are not unused.
const RULES = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);

/**
 * The `breaking-changes` check: what changes for clients between the city schema served
 * now and the one with the candidate (graphql-js `findBreakingChanges`), and which scenario
 * operations of `gateway/operations/` stop validating because of it.
 *
 * Like `rover subgraph check`, a breaking change is an error when it breaks an operation in
 * use (here: a scenario operation that validates now and no longer would, named as
 * `scenario/Operation`), and a warning when no known operation uses what it changes.
 * Dangerous changes (`findDangerousChanges`: an added enum value, a changed default) are
 * warnings. An operation that stops validating for a reason no single change names is an
 * error of its own.
 */
export function breakingChangeFindings(
  before: GraphQLSchema,
  after: GraphQLSchema,
  scenarios: readonly ScenarioDocument[],
): CheckFinding[] {
  const broken = new Map<ScenarioOperation, readonly GraphQLError[]>();
  for (const operation of scenarioOperations(scenarios)) {
    if (validate(before, operation.document, RULES).length > 0) continue; // Already broken: not the candidate's doing.
    const errors = validate(after, operation.document, RULES);
    if (errors.length > 0) broken.set(operation, errors);
  }
  const usage = new Map([...broken.keys()].map((operation) => [operation, coordinatesUsed(before, operation.document)]));
  const blamed = new Set<ScenarioOperation>();
  const findings: CheckFinding[] = findBreakingChanges(before, after).map((change) => {
    const coordinates = coordinatesOf(change.description);
    const operations = [...broken.keys()].filter((operation) => coordinates.some((coordinate) => usage.get(operation)!.has(coordinate)));
    for (const operation of operations) blamed.add(operation);
    return {
      check: 'breaking-changes',
      severity: operations.length > 0 ? 'error' : 'warning',
      ...(coordinates[0] ? { path: coordinates[0] } : {}),
      message: `${change.type}: ${change.description}`,
      ...(operations.length > 0 ? { operations: operations.map((operation) => operation.name) } : {}),
    } satisfies CheckFinding;
  });
  for (const change of findDangerousChanges(before, after)) {
    const coordinates = coordinatesOf(change.description);
    findings.push({ check: 'breaking-changes', severity: 'warning', ...(coordinates[0] ? { path: coordinates[0] } : {}), message: `${change.type}: ${change.description}` });
  }
  for (const [operation, errors] of broken) {
    if (blamed.has(operation)) continue;
    findings.push({
      check: 'breaking-changes',
      severity: 'error',
      message: `scenario operation ${operation.name} no longer validates: ${errors.map((error) => error.message).join('; ')}`,
      operations: [operation.name],
    });
  }
  return findings;
}

function scenarioOperations(scenarios: readonly ScenarioDocument[]): ScenarioOperation[] {
  return scenarios.flatMap((scenario) => {
    const parsed = parse(scenario.document);
    const fragments = parsed.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
    return parsed.definitions.flatMap((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.name
        ? [{ name: `${scenario.id}/${definition.name.value}`, document: { kind: Kind.DOCUMENT, definitions: [definition, ...fragments] } as DocumentNode }]
        : [],
    );
  });
}

/** The schema coordinates an operation uses: types, `Type.field` and `Type.field.argument`. */
function coordinatesUsed(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        used.add(parent.name).add(`${parent.name}.${node.name.value}`);
        const type = typeInfo.getType();
        if (type) used.add(getNamedType(type).name);
      },
      Argument(node) {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (field && parent) used.add(`${parent.name}.${field.name}.${node.name.value}`);
        const type = typeInfo.getInputType();
        if (type) used.add(getNamedType(type).name);
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        if (parent) used.add(`${getNamedType(parent).name}.${node.name.value}`);
      },
      NamedType(node) {
        used.add(node.name.value);
      },
    }),
  );
  return used;
}

/**
 * The schema coordinates a graphql-js change description names, most specific first:
 * `"Farm.area was removed."` → `Farm.area`; `"Query.farms arg where has changed type …"` →
 * `Query.farms.where`, `Query.farms`; `"FarmKind was removed."` → `FarmKind`.
 */
function coordinatesOf(description: string): string[] {
  let match = /^(\w+)\.(\w+) arg (\w+)/.exec(description);
  if (match) return [`${match[1]}.${match[2]}.${match[3]}`, `${match[1]}.${match[2]}`];
  match = /^A required arg \w+ on (\w+)\.(\w+) was added/.exec(description);
  if (match) return [`${match[1]}.${match[2]}`];
  match = /^A required field (\w+) on input type (\w+) was added/.exec(description);
  if (match) return [match[2]!];
  match = /^\w+ was (?:removed from|added to) (?:enum|union) type (\w+)/.exec(description);
  if (match) return [match[1]!];
  match = /^Standard scalar (\w+) was removed/.exec(description);
  if (match) return [match[1]!];
  match = /^(\w+)\.(\w+) /.exec(description);
  if (match) return [`${match[1]}.${match[2]}`];
  match = /^(\w+) /.exec(description);
  return match && !['A', 'Directive'].includes(match[1]!) ? [match[1]!] : [];
}
