import { randomBytes } from 'node:crypto';
import { defineConnector, type ConnectorManifestInput } from '../../../../connectors/index.ts';
import { startMqttBroker } from '../../../../connectors/sample-city/simulators/mqtt-broker.ts';
import { serverUrl } from '../../../support/servers.ts';

/** The endpoint variable of the test manifest. */
export const RIVER_GAUGES_ENV = 'CITYHUB_RIVER_GAUGES_MQTT';

/**
 * A realistic `mqtt` manifest: the water authority's river gauging stations. The station
 * code is only in the topic; the payload has legacy names; an alarm is the device's `BJ`
 * flag or a level above the 6 m danger mark.
 */
export function riverGaugesManifest(topicRoot = 'city'): ConnectorManifestInput {
  return {
    id: 'river-gauges',
    names: { zh: '河道水位监测', en: 'River gauging stations' },
    department: 'Water Authority',
    domain: 'environment',
    timeoutMs: 1_500,
    source: {
      kind: 'mqtt',
      endpointEnv: RIVER_GAUGES_ENV,
      topics: {
        WaterLevelReading: {
          topic: `${topicRoot}/water/level/+/reading`,
          topicFields: { ZDBM: 3 },
          alarm: { flag: 'BJ', above: { SW: 6 } },
          alarmsField: 'waterLevelAlarms',
        },
      },
    },
    catalogue: {
      WaterLevelReading: {
        description: 'The latest reading of a river gauging station.',
        key: 'stationId',
        jurisdiction: 'streetCode',
        filters: ['alarm'],
        fields: {
          stationId: { type: 'ID', from: 'ZDBM', sharing: 'open', sensitivity: 'public' },
          streetCode: { type: 'AdminCode', from: 'XZQH', sharing: 'open', sensitivity: 'public' },
          levelM: { type: 'Float', from: 'SW', sharing: 'open', sensitivity: 'public', description: 'Water level, metres.' },
          warningLevelM: { type: 'Float', from: 'JJSW', sharing: 'open', sensitivity: 'public' },
          measuredAt: { type: 'DateTime', from: 'CJSJ', sharing: 'open', sensitivity: 'public' },
          alarm: { type: 'Boolean', from: 'BJ', sharing: 'open', sensitivity: 'public' },
        },
      },
    },
    links: [
      { kind: 'ref', on: 'WaterLevelReading', field: 'street', target: 'Street', from: 'streetCode' },
      { kind: 'has', on: 'Street', field: 'waterGauges', target: 'WaterLevelReading', by: 'streetCode' },
    ],
  };
}

/** The river gauges connector definition, its topics under `topicRoot`. */
export function riverGauges(topicRoot = 'city') {
  return defineConnector(riverGaugesManifest(topicRoot));
}

/** A broker the suites run against, and a fresh topic root so runs never see each other's readings. */
export interface TestBroker {
  readonly name: string;
  start(): Promise<{ url: string; topicRoot: string; close(): Promise<void> }>;
}

const freshRoot = () => `cityhub-test-${randomBytes(5).toString('hex')}`;

const embedded: TestBroker = {
  name: 'embedded aedes',
  async start() {
    const broker = await startMqttBroker();
    return { url: broker.url, topicRoot: freshRoot(), close: () => broker.close() };
  },
};

const mosquittoUrl = serverUrl('CITYHUB_TEST_MQTT_URL');

/** Every broker to loop a suite over: the embedded one always, Mosquitto when configured. */
export const BROKERS: readonly TestBroker[] = mosquittoUrl
  ? [embedded, { name: 'mosquitto', start: async () => ({ url: mosquittoUrl, topicRoot: freshRoot(), close: async () => {} }) }]
  : [embedded];

/** Street codes of the sample city (small scale) the stations stand in. */
export const GAUGE_STREETS = ['310106013', '310106016', '310107001'] as const;
