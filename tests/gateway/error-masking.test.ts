import { makeExecutableSchema } from '@graphql-tools/schema';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { DEPARTMENTS } from '../../connectors/sample-city/index.ts';
import { composeCitySchema, createErrorMask, createLogger, type Logger } from '../../gateway/index.ts';
import { ConnectorError } from '../../schema/index.ts';

function yogaOver(development: boolean, logged: unknown[]) {
  const subgraph = makeExecutableSchema({
    typeDefs: 'type Query { broken: String, upstream: String, fine: String }',
    resolvers: {
      Query: {
        broken: () => {
          throw new TypeError('password=hunter2 in a connection string');
        },
        upstream: () => {
          throw new ConnectorError('grids', 'the legacy system is unavailable (ECONNREFUSED)', 'UPSTREAM_UNAVAILABLE');
        },
        fine: () => 'ok',
      },
    },
  });
  const logger: Logger = { ...createLogger('silent'), error: (...args: unknown[]) => logged.push(args) };
  const schema = composeCitySchema([{ manifest: DEPARTMENTS[1]!.manifest, schema: subgraph }]);
  return createYoga({ schema, maskedErrors: { maskError: createErrorMask({ logger, development }) }, logging: false });
}

async function ask(yoga: ReturnType<typeof yogaOver>, query: string) {
  const response = await yoga.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data: any; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
}

describe('error masking', () => {
  it('masks errors that are not CityHub errors, through stitching, and logs the original once', async () => {
    const logged: unknown[] = [];
    const result = await ask(yogaOver(false, logged), '{ broken fine }');
    expect(result.data).toEqual({ broken: null, fine: 'ok' });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toBe('Unexpected error.');
    expect(result.errors![0]!.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(logged).toHaveLength(1);
  });

  it('shows the original message in extensions in development only', async () => {
    const result = await ask(yogaOver(true, []), '{ broken }');
    expect(result.errors![0]!.extensions.originalMessage).toBe('password=hunter2 in a connection string');
  });

  it('passes connector errors through with their code and connector id', async () => {
    const result = await ask(yogaOver(false, []), '{ upstream }');
    expect(result.errors![0]!.message).toBe('Connector "grids": the legacy system is unavailable (ECONNREFUSED)');
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'grids' });
  });

  it('passes validation errors through', async () => {
    const result = await ask(yogaOver(false, []), '{ nope }');
    expect(result.errors![0]!.message).toBe('Cannot query field "nope" on type "Query".');
  });
});
