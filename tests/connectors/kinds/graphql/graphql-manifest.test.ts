import { describe, expect, it } from 'vitest';
import { defineConnector, ManifestError } from '../../../../connectors/index.ts';
import { buildingModelsManifest, cityEventsManifest } from './manifests.ts';

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    defineConnector(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return [...(error as ManifestError).issues];
  }
  throw new Error('the manifest was accepted');
}

describe('graphql source kind: manifest validation', () => {
  it('accepts the federation and the stitching sample manifests', () => {
    expect(defineConnector(buildingModelsManifest()).manifest.source).toMatchObject({ kind: 'graphql', style: 'federation', headersFromEnv: {} });
    expect(defineConnector(cityEventsManifest()).kind.kind).toBe('graphql');
  });

  it('defaults to the stitching style and then requires a lookup for every key', () => {
    const input = buildingModelsManifest() as any;
    delete input.source.style;
    expect(issuesOf(input)).toEqual([
      { path: 'source.types.Building.lookups.buildingId', message: 'names no lookup root field for Building.buildingId, its key' },
    ]);
  });

  it('requires a lookup for a field a "has" link batches on, even in a federation subgraph', () => {
    const input = buildingModelsManifest() as any;
    delete input.source.types.Building.lookups;
    input.links = [{ kind: 'has', on: 'Community', field: 'buildings', target: 'Building', by: 'communityCode' }];
    expect(issuesOf(input)).toEqual([
      {
        path: 'source.types.Building.lookups.communityCode',
        message: 'names no lookup root field for Building.communityCode, which a link batches on; only the key is loaded through _entities',
      },
    ]);
    input.source.types.Building.lookups = { communityCode: { field: 'buildingsByCommunities', argument: 'codes' } };
    expect(defineConnector(input).manifest.id).toBe('building-models');
  });

  it('names a catalogued type without a remote entry and a remote entry without a catalogued type', () => {
    const input = cityEventsManifest() as any;
    input.source.types.Incident = input.source.types.Dispatch;
    delete input.source.types.Dispatch;
    expect(issuesOf(input)).toEqual([
      { path: 'source.types.Dispatch', message: 'names no remote type for the catalogued type Dispatch' },
      { path: 'source.types.Incident', message: 'Incident is not a catalogued type' },
    ]);
  });

  it('names lookups and list filters that are not catalogue fields', () => {
    const input = cityEventsManifest() as any;
    input.source.types.CityEvent.lookups.reporter = { field: 'eventsByReporter', argument: 'ids' };
    input.source.types.CityEvent.list.filters.priority = 'priority';
    expect(issuesOf(input)).toEqual([
      { path: 'source.types.CityEvent.list.filters.priority', message: 'priority is not a field of CityEvent' },
      { path: 'source.types.CityEvent.lookups.reporter', message: 'reporter is not a field of CityEvent' },
    ]);
  });

  it('refuses a GeoPoint lookup, an unknown style and a malformed GraphQL name', () => {
    const geo = buildingModelsManifest() as any;
    geo.source.types.Building.lookups.location = { field: 'near', argument: 'points' };
    expect(issuesOf(geo)).toEqual([{ path: 'source.types.Building.lookups.location', message: 'Building.location is a GeoPoint and cannot be looked up' }]);
    const style = buildingModelsManifest() as any;
    style.source.style = 'rpc';
    expect(issuesOf(style).map((issue) => issue.path)).toEqual(['source.style']);
    const name = buildingModelsManifest() as any;
    name.source.types.Building.list.field = 'all-buildings';
    expect(issuesOf(name)).toEqual([{ path: 'source.types.Building.list.field', message: 'must be a GraphQL name' }]);
  });
});
