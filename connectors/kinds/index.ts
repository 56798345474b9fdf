import type { SourceKinds } from '../sdk/define-connector.ts';
import { csvKind } from './csv/index.ts';
import { graphqlKind } from './graphql/index.ts';
import { mqttKind } from './mqtt/index.ts';
import { restKind } from './rest/index.ts';
import { soapKind } from './soap/index.ts';
import { sqlKind } from './sql/index.ts';

/**
 * Every source kind the hub speaks, by name. A manifest's `source.kind` picks one; adding a
 * kind means adding its folder and one line here.
 */
export const SOURCE_KINDS: SourceKinds = {
  sql: sqlKind,
  graphql: graphqlKind,
  rest: restKind,
  soap: soapKind,
  csv: csvKind,
  mqtt: mqttKind,
};
