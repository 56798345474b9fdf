import { Kind, type DocumentNode } from 'graphql';
import { PERSONAS, PURPOSE_HEADER, type PersonaName } from '../governance/index.ts';

/**
 * How a scenario document is tried: example values for its variables and who sends it, read
 * from three comment lines of the document itself, so the example travels with the query:
 *
 * ```graphql
 * # Variables: { "within": "310101" }
 * # Persona: cityOperationsOfficer
 * # Purpose: city-operations
 * ```
 */
export interface ScenarioExample {
  /** A value for every non-null variable the document's operations declare without a default. @default {} */
  readonly variables: Readonly<Record<string, unknown>>;
  /** The sample persona the scenario is meant for (`cityhub token <persona>` mints its token). */
  readonly persona?: PersonaName;
  /** The purpose the request declares in `x-cityhub-purpose`; one of the persona's purposes. */
  readonly purpose?: string;
}

const LINE = /^#[ \t]*(Variables|Persona|Purpose):[ \t]*(.*?)[ \t]*$/gm;

/**
 * Reads the example of a scenario document from its `# Variables:`, `# Persona:` and
 * `# Purpose:` lines and checks it against the document: the variables must be one JSON
 * object giving a value to every non-null variable declared without a default (and to no
 * undeclared one), the
 * persona must be a sample persona and the purpose one it may declare. A mistake throws a
 * `TypeError` naming the file and what is wrong.
 *
 * ```ts
 * readScenarioExample('historic-buildings.graphql', text, parse(text)).variables; // { within: '310101' }
 * ```
 */
export function readScenarioExample(file: string, text: string, document: DocumentNode): ScenarioExample {
  const lines = new Map<string, string>();
  for (const [, key, value] of text.matchAll(LINE)) {
    if (lines.has(key!)) throw new TypeError(`scenario document ${file} has two "# ${key}:" lines`);
    lines.set(key!, value!);
  }
  const variables = parseVariables(file, lines.get('Variables'));
  const required = new Set<string>();
  const declared = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      declared.add(variable.variable.name.value);
      if (variable.type.kind === Kind.NON_NULL_TYPE && variable.defaultValue === undefined) required.add(variable.variable.name.value);
    }
  }
  const missing = [...required].filter((name) => !(name in variables));
  if (missing.length > 0) {
    throw new TypeError(`scenario document ${file} gives no example value for ${missing.map((n) => `$${n}`).join(', ')}: add them to its "# Variables: { … }" line`);
  }
  const unknown = Object.keys(variables).filter((name) => !declared.has(name));
  if (unknown.length > 0) throw new TypeError(`scenario document ${file} gives example values for undeclared variables ${unknown.map((n) => `$${n}`).join(', ')}`);

  const personaName = lines.get('Persona');
  const purpose = lines.get('Purpose');
  if (personaName === undefined) {
    if (purpose !== undefined) throw new TypeError(`scenario document ${file} declares a purpose without a "# Persona:" line`);
    return { variables };
  }
  if (!Object.hasOwn(PERSONAS, personaName)) {
    throw new TypeError(`scenario document ${file}: "# Persona: ${personaName}" is not a sample persona (one of ${Object.keys(PERSONAS).join(', ')})`);
  }
  const persona = personaName as PersonaName;
  const allowed = PERSONAS[persona].purposes;
  if (purpose !== undefined && !allowed.includes(purpose)) {
    throw new TypeError(`scenario document ${file}: persona ${persona} may not declare the purpose "${purpose}" (its purposes: ${allowed.join(', ')})`);
  }
  return { variables, persona, ...(purpose !== undefined ? { purpose } : {}) };
}

/**
 * The headers a GraphiQL tab opens with for an example, as the JSON object GraphiQL's header
 * editor takes: the purpose, and an `authorization` placeholder saying how to get the
 * persona's token (a token is never baked into the page, which anyone may open).
 */
export function scenarioExampleHeaders(example: ScenarioExample): Record<string, string> {
  if (!example.persona) return {};
  return {
    authorization: `Bearer <paste the ${example.persona} token that npm start prints, or run: npx cityhub token ${example.persona}>`,
    ...(example.purpose ? { [PURPOSE_HEADER]: example.purpose } : {}),
  };
}

function parseVariables(file: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`scenario document ${file}: its "# Variables:" line is not JSON (${(error as Error).message}), received ${text}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`scenario document ${file}: its "# Variables:" line must be a JSON object, received ${text}`);
  }
  return value as Record<string, unknown>;
}
