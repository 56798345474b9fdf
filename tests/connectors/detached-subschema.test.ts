import { execute, parse, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildDetachedSubschema, createConnector, defaultListField } from '../../connectors/index.ts';
import { DEPARTMENTS } from '../../connectors/sample-city/departments/index.ts';

describe('buildDetachedSubschema', () => {
  it('builds the subgraph a connector serves, subscriptions included, for every source kind', async () => {
    for (const kind of ['sql', 'rest', 'soap', 'csv', 'mqtt', 'graphql']) {
      const definition = DEPARTMENTS.find((candidate) => candidate.manifest.source.kind === kind)!;
      // Creating a connector contacts nothing; its endpoint only has to be named.
      const served = createConnector(definition, { env: { [definition.manifest.source.endpointEnv as string]: 'http://127.0.0.1:9' }, dataDir: '.' });
      try {
        expect(printSchema(buildDetachedSubschema(definition)), definition.manifest.id).toBe(printSchema(served.schema));
      } finally {
        await served.close();
      }
    }
    const mqtt = DEPARTMENTS.find((candidate) => candidate.manifest.source.kind === 'mqtt')!;
    expect(buildDetachedSubschema(mqtt).getSubscriptionType()).toBeDefined();
  });

  it('refuses to read: every resolver fails saying the subgraph reaches no legacy system', async () => {
    const definition = DEPARTMENTS.find((candidate) => candidate.manifest.id === 'grids')!;
    const listField = definition.manifest.catalogue.Grid!.listField ?? defaultListField('Grid');
    const result = await execute({ schema: buildDetachedSubschema(definition), document: parse(`{ ${listField} { code } }`), contextValue: {} });
    expect(result.errors?.map((error) => error.message)).toEqual(['Connector "grids": this subgraph was built for a check and reaches no legacy system']);
  });
});
