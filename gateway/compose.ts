import type { GraphQLSchema } from 'graphql';
import { isObjectType } from 'graphql';
import { stitchSchemas } from '@graphql-tools/stitch';
import { createDefaultExecutor, type MergedTypeConfig, type SubschemaConfig } from '@graphql-tools/delegate';
import type { Executor } from '@graphql-tools/utils';
import { requestRecordOf } from './governance/request-record.ts';
import { filterSchema } from '@graphql-tools/utils';
import { typeKeyOf, type ConnectorManifest } from '../connectors/index.ts';
import { isInternalRootField, lookupFieldType } from '../schema/index.ts';

/** One subgraph the gateway stitches: in process (no executor) or remote (with one). */
export interface CitySubgraph {
  readonly manifest: ConnectorManifest;
  readonly schema: GraphQLSchema;
  /** How to reach a department-hosted subgraph; absent for in-process connectors. */
  readonly executor?: Executor;
}

/**
 * Derives a subgraph's merge configuration from its `_lookup<Type>(keys)` root fields: the
 * gateway resolves a batch of keys of `<Type>` through that field, one call per level.
 */
export function mergeConfigOf(subgraph: CitySubgraph): Record<string, MergedTypeConfig> {
  const merge: Record<string, MergedTypeConfig> = {};
  const fields = subgraph.schema.getQueryType()?.getFields() ?? {};
  for (const fieldName of Object.keys(fields)) {
    const typeName = lookupFieldType(fieldName);
    if (!typeName || !isObjectType(subgraph.schema.getType(typeName))) continue;
    const key = typeKeyOf(subgraph.manifest, typeName);
    if (!key) throw new TypeError(`connector "${subgraph.manifest.id}" exposes ${fieldName} but its manifest names no key for ${typeName}`);
    merge[typeName] = {
      selectionSet: `{ ${key} }`,
      fieldName,
      key: (object: Record<string, unknown>) => object[key],
      argsFromKeys: (keys: readonly unknown[]) => ({ keys }),
    };
  }
  return merge;
}

/**
 * An executor that notes each call's duration as the source's own latency in the request's
 * record (`requestRecordOf`), so the audit names the time each source took rather than the
 * whole operation's. A streamed result (a subscription) is timed until the stream is open.
 *
 * ```ts
 * const executor = timedExecutor('elderly-registry', createDefaultExecutor(schema));
 * ```
 */
export function timedExecutor(system: string, executor: Executor): Executor {
  return ((request: Parameters<Executor>[0]) => {
    const record = requestRecordOf(request.context);
    if (!record) return executor(request);
    const began = performance.now();
    const done = () => record.callSource(system, performance.now() - began);
    let result: ReturnType<Executor>;
    try {
      result = executor(request);
    } catch (error) {
      done();
      throw error;
    }
    if (!isThenable(result)) {
      done();
      return result;
    }
    return Promise.resolve(result).finally(done);
  }) as Executor;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/**
 * Stitches the connectors' subgraphs into the city schema, merging types on their shared
 * keys, then hides the internal `_lookup` root fields (the merge resolvers keep using them).
 */
export function composeCitySchema(subgraphs: readonly CitySubgraph[]): GraphQLSchema {
  const subschemas: SubschemaConfig[] = subgraphs.map((subgraph) => ({
    name: subgraph.manifest.id,
    schema: subgraph.schema,
    executor: timedExecutor(subgraph.manifest.id, subgraph.executor ?? createDefaultExecutor(subgraph.schema)),
    batch: true,
    merge: mergeConfigOf(subgraph),
  }));
  const stitched = stitchSchemas({ subschemas, mergeTypes: true });
  return filterSchema({
    schema: stitched,
    rootFieldFilter: (_operation, fieldName) => !isInternalRootField(fieldName),
  });
}
