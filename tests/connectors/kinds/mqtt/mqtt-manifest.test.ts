import { describe, expect, it } from 'vitest';
import { createConnector, defineConnector, ManifestError } from '../../../../connectors/index.ts';
import { riverGaugesManifest } from './river-gauges.ts';

/** The river gauges manifest with its `source.topics.WaterLevelReading` block changed. */
function withTopic(change: Record<string, unknown>, source: Record<string, unknown> = {}) {
  const manifest = riverGaugesManifest() as any;
  return {
    ...manifest,
    source: { ...manifest.source, ...source, topics: { WaterLevelReading: { ...manifest.source.topics.WaterLevelReading, ...change } } },
  };
}

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    defineConnector(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).message).toContain('"river-gauges"');
    return [...(error as ManifestError).issues];
  }
  throw new Error('the manifest was accepted');
}

describe('mqtt manifest validation', () => {
  it('accepts the river gauges manifest and derives its subscription fields', () => {
    const definition = defineConnector(riverGaugesManifest());
    expect(definition.manifest.source).toMatchObject({ kind: 'mqtt', topics: { WaterLevelReading: { qos: 1, topicFields: { ZDBM: 3 } } } });
  });

  it('refuses a topic filter with a misplaced wildcard', () => {
    expect(issuesOf(withTopic({ topic: 'city/#/level' }))).toEqual([
      { path: 'source.topics.WaterLevelReading.topic', message: expect.stringContaining('"#" only comes last') },
    ]);
    expect(issuesOf(withTopic({ topic: 'city/water+/level' }))[0]!.path).toBe('source.topics.WaterLevelReading.topic');
  });

  it('refuses a catalogued type without a topic, and a topic of an uncatalogued type', () => {
    const manifest = riverGaugesManifest() as any;
    const issues = issuesOf({ ...manifest, source: { ...manifest.source, topics: { RainfallReading: manifest.source.topics.WaterLevelReading } } });
    expect(issues).toEqual([
      { path: 'source.topics.WaterLevelReading', message: 'names no topic for the catalogued type WaterLevelReading' },
      { path: 'source.topics.RainfallReading', message: 'RainfallReading is not a catalogued type' },
    ]);
  });

  it('refuses a topic field read from a level the filter does not have', () => {
    expect(issuesOf(withTopic({ topicFields: { ZDBM: 7 } }))).toEqual([
      { path: 'source.topics.WaterLevelReading.topicFields.ZDBM', message: expect.stringContaining('level 7 is not a single level of') },
    ]);
    expect(issuesOf(withTopic({ topic: 'city/water/#', topicFields: { ZDBM: 2 } }))[0]!.path).toBe('source.topics.WaterLevelReading.topicFields.ZDBM');
  });

  it('refuses alarm rules naming unknown or non-numeric legacy fields, and empty rules', () => {
    expect(issuesOf(withTopic({ alarm: { flag: 'ALARM', above: { SW: 6 } } }))).toEqual([
      { path: 'source.topics.WaterLevelReading.alarm.flag', message: '"ALARM" is not the legacy name (from) of a field of WaterLevelReading' },
    ]);
    expect(issuesOf(withTopic({ alarm: { above: { XZQH: 1 }, below: { LEVEL: 0 } } }))).toEqual([
      { path: 'source.topics.WaterLevelReading.alarm.above.XZQH', message: '"XZQH" maps to a AdminCode field; thresholds need Int or Float' },
      { path: 'source.topics.WaterLevelReading.alarm.below.LEVEL', message: '"LEVEL" is not the legacy name (from) of a field of WaterLevelReading' },
    ]);
    expect(issuesOf(withTopic({ alarm: {} }))).toEqual([
      { path: 'source.topics.WaterLevelReading.alarm', message: 'must name a flag field or at least one threshold (above/below)' },
    ]);
  });

  it('refuses two streams with the same subscription field', () => {
    expect(issuesOf(withTopic({ alarmsField: 'waterLevelReadings' }))).toEqual([
      { path: 'source.topics.WaterLevelReading', message: 'subscription field "waterLevelReadings" is declared twice' },
    ]);
  });

  it('refuses credentials written as values instead of environment variable names', () => {
    expect(issuesOf(withTopic({}, { passwordEnv: 's3cret!' }))).toEqual([
      { path: 'source.passwordEnv', message: 'must be an environment variable name' },
    ]);
  });

  it('names the endpoint variable when it is not set', () => {
    const definition = defineConnector(riverGaugesManifest());
    expect(() => createConnector(definition, { env: {}, dataDir: '.' })).toThrow(
      'Invalid manifest "river-gauges": source.endpointEnv: environment variable CITYHUB_RIVER_GAUGES_MQTT is not set',
    );
  });
});
