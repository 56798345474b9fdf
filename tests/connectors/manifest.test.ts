import { describe, expect, it } from 'vitest';
import { ManifestError, defineConnector } from '../../connectors/index.ts';
import { DEPARTMENTS } from '../../connectors/sample-city/index.ts';

const valid = () => structuredClone(DEPARTMENTS.find((d) => d.manifest.id === 'grids')!.manifest) as any;

function refusal(input: unknown): ManifestError {
  try {
    defineConnector(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('the manifest was accepted');
}

describe('connector manifests', () => {
  it('accepts every sample-city manifest', () => {
    for (const { manifest } of DEPARTMENTS) expect(() => defineConnector(manifest)).not.toThrow();
  });

  it('applies documented defaults', () => {
    const input = valid();
    delete input.timeoutMs;
    delete input.cacheTtlSeconds;
    const { manifest } = defineConnector(input);
    expect(manifest.timeoutMs).toBe(5_000);
    expect(manifest.cacheTtlSeconds).toBe(0);
  });

  it('refuses a cache TTL on an mqtt source, naming the path and why (its latest readings are in memory already)', () => {
    const input = structuredClone(DEPARTMENTS.find((d) => d.manifest.id === 'water-levels')!.manifest) as any;
    input.cacheTtlSeconds = 60;
    const error = refusal(input);
    expect(error.issues).toEqual([{ path: 'cacheTtlSeconds', message: expect.stringMatching(/^must be 0 or left out for an mqtt source, received 60: .*latest reading/) }]);
    expect(error.message).toMatch(/^Invalid manifest "water-levels": cacheTtlSeconds: must be 0/);
  });

  it('refuses a cache TTL on a csv source, naming the path and why (its rows are in memory and reload with the file)', () => {
    const input = structuredClone(DEPARTMENTS.find((d) => d.manifest.id === 'parks')!.manifest) as any;
    input.cacheTtlSeconds = 3_600;
    const error = refusal(input);
    expect(error.issues).toEqual([{ path: 'cacheTtlSeconds', message: expect.stringMatching(/^must be 0 or left out for a csv source, received 3600: .*reloads them when the file changes/) }]);
  });

  it('sets no cache TTL on the sample city\'s mqtt and csv systems, and keeps it on the others', () => {
    const byKind = (kind: string) => DEPARTMENTS.filter((d) => d.manifest.source.kind === kind).map((d) => d.manifest);
    for (const kind of ['mqtt', 'csv']) for (const manifest of byKind(kind)) expect(manifest.cacheTtlSeconds, manifest.id).toBe(0);
    expect(DEPARTMENTS.filter((d) => d.manifest.cacheTtlSeconds > 0).length).toBeGreaterThanOrEqual(40);
  });

  it('names the connector and the offending path of a bad field attribute', () => {
    const input = valid();
    input.catalogue.Grid.fields.name.sensitivity = 'secret';
    const error = refusal(input);
    expect(error.message).toMatch(/^Invalid manifest "grids": catalogue\.Grid\.fields\.name\.sensitivity: /);
    expect(error.issues[0]!.path).toBe('catalogue.Grid.fields.name.sensitivity');
    expect(error.extensions).toMatchObject({ code: 'INVALID_MANIFEST', connector: 'grids' });
  });

  it('refuses unknown properties instead of ignoring them', () => {
    const input = valid();
    input.catalogue.Grid.fields.name.sharring = 'open';
    expect(refusal(input).issues.map((i) => i.path)).toEqual(['catalogue.Grid.fields.name']);
  });

  it('refuses a key or jurisdiction that is not a field', () => {
    const input = valid();
    input.catalogue.Grid.key = 'gridId';
    input.catalogue.Grid.jurisdiction = 'area';
    expect(refusal(input).issues).toEqual([
      { path: 'catalogue.Grid.key', message: 'names "gridId", which is not a field of Grid' },
      { path: 'catalogue.Grid.jurisdiction', message: 'names "area", which is not a field of Grid' },
    ]);
  });

  it('refuses a filter on an unknown field', () => {
    const input = valid();
    input.catalogue.Grid.filters = ['communityCode', 'colour'];
    expect(refusal(input).issues).toEqual([{ path: 'catalogue.Grid.filters.1', message: 'names "colour", which is not a field of Grid' }]);
  });

  it('refuses a mask on a field that is not personal', () => {
    const input = valid();
    input.catalogue.Grid.fields.name.mask = 'name';
    expect(refusal(input).issues).toEqual([{ path: 'catalogue.Grid.fields.name.mask', message: 'only personal fields are masked, this one is public' }]);
  });

  it('refuses a GeoPoint mapped to a single column', () => {
    const input = valid();
    input.catalogue.Grid.fields.centre.from = 'ZXJD';
    expect(refusal(input).issues[0]!.path).toBe('catalogue.Grid.fields.centre.from');
  });

  it('refuses a link whose target is unknown', () => {
    const input = valid();
    input.links.push({ kind: 'has', on: 'Street', field: 'parks', target: 'Park', by: 'streetCode' });
    expect(refusal(input).issues).toEqual([
      { path: 'links.3.target', message: '"has" links must target a type of this catalogue, "Park" is not one' },
    ]);
  });

  it('takes the expected size of a list link, and refuses one on a single link or out of range, naming the path', () => {
    const input = valid();
    input.links[0].listSize = 3;
    expect(defineConnector(input).manifest.links[0]).toMatchObject({ kind: 'has', listSize: 3 });
    const single = valid();
    single.links.push({ kind: 'has', on: 'Street', field: 'firstGrid', target: 'Grid', by: 'streetCode', list: false, listSize: 2 });
    expect(refusal(single).issues).toEqual([{ path: 'links.3.listSize', message: 'only a list link declares a listSize; Street.firstGrid has list: false' }]);
    const zero = valid();
    zero.links[0].listSize = 0;
    expect(refusal(zero).issues).toEqual([{ path: 'links.0.listSize', message: expect.stringMatching(/>=\s*1/) }]);
  });

  it('declares the expected size of every list link of the sample city', () => {
    const undeclared = DEPARTMENTS.flatMap(({ manifest }) => manifest.links.filter((link) => link.kind === 'has' && link.list && link.listSize === undefined).map((link) => `${manifest.id}: ${link.on}.${link.field}`));
    expect(undeclared).toEqual([]);
  });

  it('refuses a link to a type whose key it cannot know', () => {
    const input = valid();
    input.links.push({ kind: 'ref', on: 'Grid', field: 'officer', target: 'GridOfficer', from: 'name' });
    expect(refusal(input).issues).toEqual([
      { path: 'links.3.targetKey', message: 'GridOfficer is neither catalogued here nor a shared entity: name its key' },
    ]);
  });

  it('refuses an unknown source kind, listing the known ones', () => {
    const input = valid();
    input.source = { kind: 'ftp' };
    const message = refusal(input).message;
    expect(message).toMatch(/source\.kind: must be one of [a-z, ]+, received "ftp"/);
    expect(message).toContain('sql');
    expect(message).toContain('rest');
  });

  it('refuses a source block that does not cover every catalogued type', () => {
    const input = valid();
    input.source.tables = {};
    expect(refusal(input).issues).toEqual([{ path: 'source.tables.Grid', message: 'names no table for the catalogued type Grid' }]);
  });

  it('validates the kind-specific source block with its own paths', () => {
    const input = valid();
    input.source.endpointEnv = 'grids-db';
    expect(refusal(input).issues).toEqual([{ path: 'source.endpointEnv', message: 'must be an environment variable name' }]);
  });

  it('refuses an id that is not kebab-case and a timeout out of range', () => {
    const input = valid();
    input.id = 'Grids_DB';
    input.timeoutMs = 0;
    const paths = refusal(input).issues.map((i) => i.path);
    expect(paths).toEqual(['id', 'timeoutMs']);
  });

  it('refuses input that is not an object at all', () => {
    expect(refusal('grids').message).toMatch(/^Invalid manifest: /);
  });
});
