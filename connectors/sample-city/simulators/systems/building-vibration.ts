import { protectedBuildings } from '../protected-buildings.ts';
import type { MqttSimulatorSpec } from '../simulator-spec.ts';

/**
 * The 三保卫士 platform: every monitor publishes its latest alarm on
 * `city/fg/sbws/<JCDBH>/alarm` (the monitor number only in the topic): `BJBH` alarm, `JZBH`
 * building, `ZDSD` peak velocity and `YZ` threshold (mm/s), `BJSJ` local time, `WCL` 1 while
 * open, `CLZT` state, `GBR`/`GBSJ`/`CLSM` the closing officer, time and note, and where.
 * Each tick raises a new alarm on every monitor (see `protectedBuildings(model).alarmAt`).
 */
const spec: MqttSimulatorSpec = {
  id: 'building-vibration',
  kind: 'mqtt',
  sensors: (model) => {
    const city = protectedBuildings(model);
    return city.monitors.map((monitor, index) => ({
      topic: `city/fg/sbws/${monitor.monitorId}/alarm`,
      reading(tick: number) {
        const alarm = city.alarmAt(index, tick);
        return {
          BJBH: alarm.alarmId,
          JZBH: alarm.buildingId,
          ZDSD: alarm.peakVelocityMmS,
          YZ: alarm.thresholdMmS,
          BJSJ: alarm.raisedAt,
          WCL: alarm.open ? 1 : 0,
          CLZT: alarm.state,
          GBR: alarm.closedByOfficerId,
          GBSJ: alarm.closedAt,
          CLSM: alarm.note,
          QXDM: alarm.districtCode,
          JDDM: alarm.streetCode,
          WGBM: alarm.gridCode,
        };
      },
    }));
  },
};

export default spec;
