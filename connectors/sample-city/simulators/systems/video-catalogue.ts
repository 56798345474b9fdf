import { createRandom } from '../random.ts';
import type { LegacyRestResource } from '../rest-simulator.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const MODELS = ['球机', '枪机', '枪机', '半球'] as const;
const PURPOSES = ['治安', '治安', '交通', '消防', '社区'] as const;

/**
 * The police video platform's catalogue API: `{ success, data: { records, total, current, size } }`
 * paged by `current`/`size`, camelCase fields as a newer vendor platform has them. One camera
 * for every four residents of a grid (the real city has 250,000+), a few offline.
 */
const spec: SimulatorSpec = {
  id: 'video-catalogue',
  kind: 'rest',
  resources: (model): LegacyRestResource[] => {
    const random = createRandom(seedOf('video-catalogue', model.seed));
    const residentsPerGrid = new Map<string, number>();
    for (const r of model.residents) residentsPerGrid.set(r.gridCode, (residentsPerGrid.get(r.gridCode) ?? 0) + 1);
    const rows: Record<string, unknown>[] = [];
    let serial = 0;
    for (const grid of model.grids) {
      const count = Math.max(1, Math.ceil((residentsPerGrid.get(grid.code) ?? 0) / 4));
      for (let c = 0; c < count; c += 1) {
        serial += 1;
        // GB/T 28181: 8-digit centre code, 2-digit industry, 3-digit type (132: camera), 7-digit serial.
        const deviceCode = `${grid.streetCode.slice(0, 8)}00132${String(serial).padStart(7, '0')}`;
        const purpose = random.pick(PURPOSES);
        rows.push({
          deviceCode,
          deviceName: `${grid.name}${purpose}${c + 1}号点位`,
          cameraType: random.pick(MODELS),
          usage: purpose,
          onlineStatus: random.chance(0.95),
          latitude: +(grid.lat + (random.next() - 0.5) * 0.004).toFixed(6),
          longitude: +(grid.lng + (random.next() - 0.5) * 0.004).toFixed(6),
          rtspUrl: `rtsp://10.${random.int(1, 254)}.${random.int(1, 254)}.${random.int(1, 254)}:554/${deviceCode}`,
          installDate: `20${String(random.int(12, 25)).padStart(2, '0')}-${String(random.int(1, 12)).padStart(2, '0')}-01`,
          streetCode: grid.streetCode,
          gridCode: grid.code,
        });
      }
    }
    return [
      {
        path: '/vias/api/v2/camera/page',
        rows,
        filters: { deviceCode: 'deviceCode', gridCode: 'gridCode', streetCode: 'streetCode', usage: 'usage' },
        within: { param: 'regionCode', field: 'gridCode' },
        pageParam: 'current',
        sizeParam: 'size',
        maxPageSize: 1_000,
        envelope: (records, total, page) => ({ success: true, code: 200, data: { records, total, current: page, size: records.length } }),
      },
    ];
  },
};

export default spec;
