import type { SourceKind } from '../../sdk/source-kind.ts';
import { createMqttAdapter, mqttEventFields } from './mqtt-adapter.ts';
import type { MqttSource } from './mqtt-source.ts';
import { mqttSourceSchema } from './mqtt-source.ts';

/**
 * The `mqtt` source kind: sensors publishing JSON readings on a broker. Queries read the
 * latest reading per device; subscriptions stream new readings and alarms. See
 * {@link mqttSourceSchema} for the manifest's `source` block.
 */
export const mqttKind: SourceKind<MqttSource> = {
  kind: 'mqtt',
  sourceSchema: mqttSourceSchema,
  check(manifest) {
    const issues: Array<[string, string]> = [];
    // Queries answer from the latest reading per device, already in memory: a source cache
    // could only serve readings older than the broker's, so the setting is refused, not ignored.
    if (manifest.cacheTtlSeconds > 0) {
      issues.push(['cacheTtlSeconds', `must be 0 or left out for an mqtt source, received ${manifest.cacheTtlSeconds}: the connector already holds each device's latest reading in memory, and a cache would only serve older ones`]);
    }
    for (const type of Object.keys(manifest.catalogue)) {
      if (!manifest.source.topics[type]) issues.push([`source.topics.${type}`, `names no topic for the catalogued type ${type}`]);
    }
    const filters = new Map<string, string>();
    for (const [type, spec] of Object.entries(manifest.source.topics)) {
      const at = `source.topics.${type}`;
      const def = manifest.catalogue[type];
      if (!def) {
        issues.push([at, `${type} is not a catalogued type`]);
        continue;
      }
      const previous = filters.get(spec.topic);
      if (previous) issues.push([`${at}.topic`, `"${spec.topic}" is already the topic of ${previous}`]);
      filters.set(spec.topic, type);
      const levels = spec.topic.split('/');
      for (const [name, level] of Object.entries(spec.topicFields)) {
        if (level >= levels.length || levels[level] === '#') {
          issues.push([`${at}.topicFields.${name}`, `level ${level} is not a single level of "${spec.topic}" (levels 0-${levels.length - 1}, "#" excluded)`]);
        }
      }
      const legacy = new Map<string, string>();
      for (const field of Object.values(def.fields)) if (typeof field.from === 'string') legacy.set(field.from, field.type);
      if (spec.alarm) {
        if (spec.alarm.flag !== undefined && !legacy.has(spec.alarm.flag)) {
          issues.push([`${at}.alarm.flag`, `"${spec.alarm.flag}" is not the legacy name (from) of a field of ${type}`]);
        }
        for (const side of ['above', 'below'] as const) {
          for (const name of Object.keys(spec.alarm[side])) {
            const fieldType = legacy.get(name);
            if (fieldType !== 'Int' && fieldType !== 'Float') {
              issues.push([
                `${at}.alarm.${side}.${name}`,
                fieldType ? `"${name}" maps to a ${fieldType} field; thresholds need Int or Float` : `"${name}" is not the legacy name (from) of a field of ${type}`,
              ]);
            }
          }
        }
      }
    }
    const fields = new Set<string>();
    for (const event of mqttEventFields(manifest)) {
      if (fields.has(event.field)) issues.push([`source.topics.${event.type}`, `subscription field "${event.field}" is declared twice`]);
      fields.add(event.field);
    }
    return issues;
  },
  createAdapter: createMqttAdapter,
  eventFields: mqttEventFields,
};

export { mqttSourceSchema } from './mqtt-source.ts';
export type { MqttAlarmRule, MqttSource, MqttTopic } from './mqtt-source.ts';
export { createMqttAdapter, isAlarm, mqttEventFields } from './mqtt-adapter.ts';
export type { MqttAdapter, MqttEvent, MqttHealth, MqttMalformedPayload } from './mqtt-adapter.ts';
export { topicMatches } from './mqtt-topic.ts';
export { createRowStream } from './row-stream.ts';
export type { RowStream, RowStreamOptions } from './row-stream.ts';
