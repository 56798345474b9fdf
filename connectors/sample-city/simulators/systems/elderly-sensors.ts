import { ALARM_DAY, HOME_SENSOR_KINDS, elderlyHomes } from '../elderly-homes.ts';
import type { SimulatedSensor } from '../mqtt-simulator.ts';
import { createRandom } from '../random.ts';
import type { MqttSimulatorSpec } from '../simulator-spec.ts';

/** Minutes between two status reports of a home sensor. */
const REPORT_MINUTES = 5;
/** The first status report, local time: the evening of the alarm day. */
const FIRST_REPORT = Date.UTC(2026, 6, 1, 21, 0, 0);

function formatLocalTime(tick: number): string {
  const at = new Date(FIRST_REPORT + tick * REPORT_MINUTES * 60_000).toISOString();
  return `${at.slice(0, 10)} ${at.slice(11, 19)}`;
}

// Every sensor of a round reports the same time: formatted once a round, not once a reading.
let lastTick = -1;
let lastTime = '';
function localTime(tick: number): string {
  if (tick !== lastTick) {
    lastTime = formatLocalTime(tick);
    lastTick = tick;
  }
  return lastTime;
}

/**
 * The civil affairs smart-home platform (智能四件套): every home sensor of an elder living
 * alone publishes its status on `city/mz/znsjt/<SBBH>/status` (the device number only in the
 * topic, as on the real gateways): `LNRBS` elder, `SBLX` kind, `ZT` state, `DS` reading in
 * `DW`, `DL` battery, `BJ` alarm flag, `CJSJ` local time, `JDDM`/`SQDM`/`WGBM` where. A sensor
 * whose alarm (raised on {@link ALARM_DAY}) is still open reports `BJ: 1` with the alarm reading;
 * batteries drain one percent an hour. Each alarm is published on
 * `city/mz/znsjt/<BJBH>/alarm` with its handling status (`CLZT`) and `WCL: 1` while open.
 */
const spec: MqttSimulatorSpec = {
  id: 'elderly-sensors',
  kind: 'mqtt',
  sensors: (model) => {
    const { sensors, alarms } = elderlyHomes(model);
    const openAlarm = new Map(alarms.filter((a) => a.status !== '已办结').map((a) => [a.sensorId, a]));
    const statuses: SimulatedSensor[] = sensors.map((sensor, index) => {
      const kind = HOME_SENSOR_KINDS.find((k) => k.kind === sensor.kind)!;
      const alarm = openAlarm.get(sensor.sensorId);
      return {
        topic: `city/mz/znsjt/${sensor.sensorId}/status`,
        reading(tick) {
          const battery = Math.max(5, sensor.batteryAtStart - Math.floor((tick * REPORT_MINUTES) / 60));
          const [low, high] = kind.normal;
          const value = alarm ? alarm.reading : Math.round((low + createRandom(index * 7_919 + tick).next() * (high - low)) * 100) / 100;
          return {
            LNRBS: sensor.personId,
            SBLX: sensor.kind,
            ZT: alarm ? '报警' : battery < 20 ? '低电量' : '正常',
            DS: value,
            DW: sensor.unit,
            DL: battery,
            BJ: alarm ? 1 : 0,
            CJSJ: localTime(tick),
            JDDM: sensor.streetCode,
            SQDM: sensor.communityCode,
            WGBM: sensor.gridCode,
          };
        },
      };
    });
    const alarmTopics: SimulatedSensor[] = alarms.map((alarm) => {
      const payload = {
        SBBH: alarm.sensorId,
        LNRBS: alarm.personId,
        SBLX: alarm.kind,
        BJNR: alarm.description,
        BJZ: alarm.reading,
        BJSJ: alarm.raisedAt,
        CLZT: alarm.status,
        WCL: alarm.status === '已办结' ? 0 : 1,
        JDDM: alarm.streetCode,
        SQDM: alarm.communityCode,
        WGBM: alarm.gridCode,
      };
      return { topic: `city/mz/znsjt/${alarm.alarmId}/alarm`, reading: () => payload };
    });
    return [...statuses, ...alarmTopics];
  },
};

export default spec;
