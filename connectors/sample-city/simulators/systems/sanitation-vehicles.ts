import type { SimulatedSensor } from '../mqtt-simulator.ts';
import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const TYPES = ['扫路车', '洒水车', '压缩式垃圾车'] as const;
const FIRST_FIX = Date.UTC(2026, 10, 28, 5, 0, 0);
/** Working vehicles must stay at or below this speed, km/h. */
const WORKING_LIMIT = 40;

/**
 * The GPS terminals of the city model's sanitation vehicles, on `city/sanitation/vehicle/<CPHM>/gps`
 * (the plate only in the topic, as the terminals send it): each works one street of its district,
 * moving a little each tick; a working vehicle faster than 40 km/h raises `CSBJ`.
 */
const spec: SimulatorSpec = {
  id: 'sanitation-vehicles',
  kind: 'mqtt',
  sensors: (model): SimulatedSensor[] => {
    const random = createRandom(model.seed ^ 0x5a4e17);
    const streetsOf = new Map<string, typeof model.streets[number][]>();
    for (const street of model.streets) streetsOf.set(street.districtCode, [...(streetsOf.get(street.districtCode) ?? []), street]);
    return model.vehicles
      .filter((vehicle) => vehicle.kind === 'sanitation')
      .map((vehicle, index) => {
        const street = random.pick(streetsOf.get(vehicle.districtCode)!);
        const type = random.pick(TYPES);
        return {
          topic: `city/sanitation/vehicle/${vehicle.plate}/gps`,
          reading(tick: number) {
            const step = createRandom((model.seed ^ 0x5a4e17) + index * 7_919 + tick * 104_729);
            const state = step.chance(0.7) ? '作业中' : step.chance(0.6) ? '空驶' : '停放';
            const speed = state === '停放' ? 0 : Math.round((state === '作业中' ? 5 + step.next() * 40 : 20 + step.next() * 35) * 10) / 10;
            return {
              CLLX: type,
              QXDM: vehicle.districtCode,
              JDDM: street.code,
              JD: +(street.lng + (step.next() - 0.5) * 0.01).toFixed(6),
              WD: +(street.lat + (step.next() - 0.5) * 0.01).toFixed(6),
              SD: speed,
              ZYZT: state,
              CSBJ: state === '作业中' && speed > WORKING_LIMIT ? 1 : 0,
              DWSJ: new Date(FIRST_FIX + tick * 60_000).toISOString().slice(0, 19).replace('T', ' '),
            };
          },
        };
      });
  },
};

export default spec;
