import { defaultFieldResolver, getNamedType, isAbstractType, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { ConnectorManifest } from '../../connectors/index.ts';
import { buildGovernanceCatalogue, type GovernanceCatalogue, type GovernedType } from './governance-catalogue.ts';
import { recordRow } from './govern-city-schema.ts';
import { requestRecordOf } from './request-record.ts';
import { fieldPlanOf } from './selection-plan.ts';

/**
 * Wraps an ungoverned city schema (the audit without governance) so that every field
 * returning catalogued rows records them in the request's {@link RequestRecord}, as the
 * governed schema's resolvers do; no policy is applied. Requests without a record (no
 * `useCityGovernance`) resolve as before.
 *
 * ```ts
 * const recorded = recordCitySchema(registry.schema, buildGovernanceCatalogue(manifests));
 * ```
 */
export function recordCitySchema(schema: GraphQLSchema, catalogue: GovernanceCatalogue): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, _fieldName, _typeName, original) => {
      const named = getNamedType(fieldConfig.type);
      const target = catalogue.get(named.name);
      if (target) return recordRows(fieldConfig, () => target, catalogue);
      if (isAbstractType(named) && original.getPossibleTypes(named).some((member) => catalogue.has(member.name))) {
        return recordRows(fieldConfig, (row) => catalogue.get(String((row as { __typename?: unknown }).__typename)), catalogue);
      }
      return fieldConfig;
    },
  });
}

function recordRows(config: GraphQLFieldConfig<any, any>, typeOf: (row: unknown) => GovernedType | undefined, catalogue: GovernanceCatalogue): GraphQLFieldConfig<any, any> {
  const resolve = config.resolve ?? defaultFieldResolver;
  return {
    ...config,
    resolve: (source, args, context, info) => {
      const record = requestRecordOf(context);
      if (!record) return resolve(source, args, context, info);
      const plan = fieldPlanOf(info, catalogue);
      record.readFields(plan, plan.fieldsRead);
      const note = (value: unknown): unknown => {
        if (Array.isArray(value)) {
          if (value.some((row) => row instanceof Promise)) return Promise.all(value).then(note);
          for (const row of value) noteRow(row);
        } else {
          noteRow(value);
        }
        return value;
      };
      const noteRow = (row: unknown) => {
        if (row === null || row === undefined || row instanceof Error || typeof row !== 'object') return;
        const type = typeOf(row);
        if (type) recordRow(record, plan, type, row);
      };
      const value = resolve(source, args, context, info);
      return value instanceof Promise ? value.then(note) : note(value);
    },
  };
}

/**
 * The schema to serve for an audited hub without governance: {@link recordCitySchema} over
 * whatever `schemaOf` returns, memoized per schema, so a hot swap is recorded again.
 *
 * ```ts
 * const served = withRecording(() => registry.schema, () => registry.manifests);
 * ```
 */
export function withRecording(schemaOf: () => GraphQLSchema, manifests: () => readonly ConnectorManifest[]): () => GraphQLSchema {
  const recorded = new WeakMap<GraphQLSchema, GraphQLSchema>();
  return () => {
    const schema = schemaOf();
    let served = recorded.get(schema);
    if (!served) recorded.set(schema, (served = recordCitySchema(schema, buildGovernanceCatalogue(manifests()))));
    return served;
  };
}
