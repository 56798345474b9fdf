import { z } from 'zod';

const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name');
const legacyName = z.string().min(1, 'must name a legacy payload field');
const graphqlField = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase GraphQL field name');

/** An MQTT topic filter: levels separated by `/`, `+` for one level, `#` only as the last level. */
const topicFilter = z
  .string()
  .min(1, 'must be an MQTT topic filter such as "city/water/level/+/reading"')
  .refine((topic) => topic.split('/').every((level, index, levels) => {
    if (level === '#') return index === levels.length - 1;
    return level === '+' || !/[+#]/.test(level);
  }), { message: 'must be an MQTT topic filter: "+" and "#" stand alone in their level, and "#" only comes last' });

const alarmRule = z
  .strictObject({
    /** A legacy payload field that raises the alarm when true, `1`, `"1"` or `"true"`. */
    flag: legacyName.optional(),
    /** Legacy numeric fields and the thresholds they raise the alarm above (strictly greater). */
    above: z.record(legacyName, z.number()).default({}),
    /** Legacy numeric fields and the thresholds they raise the alarm below (strictly less). */
    below: z.record(legacyName, z.number()).default({}),
  })
  .refine((rule) => rule.flag !== undefined || Object.keys(rule.above).length + Object.keys(rule.below).length > 0, {
    message: 'must name a flag field or at least one threshold (above/below)',
  });

const topicSpec = z.strictObject({
  /** The topic filter the readings of this type arrive on, such as `city/water/level/+/reading`. */
  topic: topicFilter,
  /**
   * Legacy fields taken from topic levels, by zero-based level index: `{ ZDBM: 3 }` reads the
   * station code of `city/water/level/SW0001/reading` into the legacy field `ZDBM`. A field
   * the payload also carries is overwritten by the topic. The device key (the catalogue key's
   * `from`) comes from here or from the payload.
   */
  topicFields: z.record(legacyName, z.number().int().min(0)).default({}),
  /** When a reading is an alarm; without it the type has no alarm subscription. */
  alarm: alarmRule.optional(),
  /** Subscription field of every new reading. @default the type's list field, e.g. `waterLevelReadings` */
  readingsField: graphqlField.optional(),
  /** Subscription field of alarms. @default `<singleField>Alarms`, e.g. `waterLevelReadingAlarms` */
  alarmsField: graphqlField.optional(),
  /** MQTT quality of service of the subscription. @default 1 */
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(1),
});

/**
 * The `source` block of an `mqtt` connector: sensors publishing JSON readings on a broker.
 * The connector subscribes to one topic filter per catalogued type, keeps the LATEST
 * reading per device (the catalogue key) in memory for queries, and exposes GraphQL
 * subscriptions of new readings and of alarms. Payload fields are mapped by the
 * catalogue's `from`; a payload that is not JSON or does not fit the declared types is
 * counted (see the adapter's `health()`) and never replaces a good reading.
 *
 * ```ts
 * source: {
 *   kind: 'mqtt',
 *   endpointEnv: 'CITYHUB_RIVER_GAUGES_MQTT',          // mqtt://host:1883
 *   usernameEnv: 'CITYHUB_RIVER_GAUGES_MQTT_USER',     // optional credentials by reference
 *   passwordEnv: 'CITYHUB_RIVER_GAUGES_MQTT_PASSWORD',
 *   topics: {
 *     WaterLevelReading: {
 *       topic: 'city/water/level/+/reading',            // ZDBM is the station code in level 3
 *       topicFields: { ZDBM: 3 },
 *       alarm: { flag: 'BJ', above: { SW: 5.0 } },      // alarm flag set, or level above 5 m
 *       readingsField: 'waterLevelReadings',            // subscription waterLevelReadings(within: AdminCode)
 *       alarmsField: 'waterLevelAlarms',                // subscription waterLevelAlarms(within: AdminCode)
 *     },
 *   },
 * },
 * catalogue: {
 *   WaterLevelReading: {
 *     key: 'stationId', jurisdiction: 'streetCode',
 *     fields: {
 *       stationId: { type: 'ID', from: 'ZDBM', sharing: 'open', sensitivity: 'public' },
 *       streetCode: { type: 'AdminCode', from: 'XZQH', sharing: 'open', sensitivity: 'public' },
 *       levelM: { type: 'Float', from: 'SW', sharing: 'open', sensitivity: 'public' },
 *       measuredAt: { type: 'DateTime', from: 'CJSJ', sharing: 'open', sensitivity: 'public' },
 *       alarm: { type: 'Boolean', from: 'BJ', sharing: 'open', sensitivity: 'public' },
 *     },
 *   },
 * },
 * ```
 */
export const mqttSourceSchema = z.strictObject({
  kind: z.literal('mqtt'),
  /** The environment variable holding the broker URL (`mqtt://host:1883`, `mqtts://…`, `ws://…`). */
  endpointEnv: envName,
  /** The environment variable holding the broker user name, if the broker wants one. */
  usernameEnv: envName.optional(),
  /** The environment variable holding the broker password, if the broker wants one. */
  passwordEnv: envName.optional(),
  /** How each catalogued type arrives, by type name. */
  topics: z.record(z.string(), topicSpec),
});

/** A validated `mqtt` source block. */
export type MqttSource = z.output<typeof mqttSourceSchema>;
/** How the readings of one catalogued type arrive. */
export type MqttTopic = MqttSource['topics'][string];
/** When a reading is an alarm. */
export type MqttAlarmRule = NonNullable<MqttTopic['alarm']>;
