import type { CityModel } from '../city-model.ts';
import { MUCK_TRAFFIC_DAY } from '../muck-traffic.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatedSensor } from '../mqtt-simulator.ts';
import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const STATUSES = ['巡查', '巡查', '出勤', '停驶'];

/**
 * The city's enforcement vehicles (the model's `enforcement` vehicles): each terminal
 * publishes a GPS fix on `city/cgzf/gps/<ZDH>` every tick, moving from street to street of
 * its district. Legacy names: `CPHM` plate, `ZFDY` team, `WD`/`JD` position, `SD` speed,
 * `ZT` status, `DWSJ` local time, `YJBJ` one-key alarm (the first vehicle of each district
 * presses it on every fifth tick).
 */
export function enforcementVehicleSensors(model: CityModel): SimulatedSensor[] {
  const streetsByDistrict = new Map<string, CityModel['streets'][number][]>();
  for (const street of model.streets) streetsByDistrict.set(street.districtCode, [...(streetsByDistrict.get(street.districtCode) ?? []), street]);
  const districtName = new Map(model.districts.map((d) => [d.code, d.nameZh]));
  const seen = new Map<string, number>();
  return model.vehicles
    .filter((vehicle) => vehicle.kind === 'enforcement')
    .map((vehicle, index) => {
      const inDistrict = seen.get(vehicle.districtCode) ?? 0;
      seen.set(vehicle.districtCode, inDistrict + 1);
      const terminal = `ZF${vehicle.districtCode}${String(inDistrict + 1).padStart(3, '0')}`;
      const streets = streetsByDistrict.get(vehicle.districtCode)!;
      return {
        topic: `city/cgzf/gps/${terminal}`,
        reading(tick: number) {
          const random = createRandom(seedOf(`enforcement-vehicles:${index}:${tick}`, model.seed));
          const street = streets[(inDistrict + tick) % streets.length]!;
          const status = random.pick(STATUSES);
          const minutes = 9 * 60 + tick;
          return {
            CPHM: vehicle.plate,
            ZFDY: `${districtName.get(vehicle.districtCode)}城管执法${['一', '二', '三'][inDistrict % 3]}中队`,
            QXDM: vehicle.districtCode,
            JDDM: street.code,
            WD: +(street.lat + (random.next() - 0.5) * 0.004).toFixed(6),
            JD: +(street.lng + (random.next() - 0.5) * 0.004).toFixed(6),
            SD: status === '停驶' ? 0 : Math.round(random.next() * 400) / 10,
            ZT: status,
            DWSJ: `${MUCK_TRAFFIC_DAY} ${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`,
            YJBJ: inDistrict === 0 && tick > 0 && tick % 5 === 0 ? 1 : 0,
          };
        },
      };
    });
}

/** City management's vehicle tracking platform. */
const spec: SimulatorSpec = { id: 'enforcement-vehicles', kind: 'mqtt', sensors: enforcementVehicleSensors };

export default spec;
