import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/pump-trucks.ts';
import spec, { pumpTruckRecommendationsOf, pumpTrucksOf, RECOMMENDED_TRUCKS } from '../../../connectors/sample-city/simulators/systems/pump-trucks.ts';
import { waterloggingPointsOf } from '../../../connectors/sample-city/simulators/systems/road-waterlogging.ts';
import { distanceKm } from '../../../connectors/sample-city/simulators/system-seed.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the pump-trucks connector over the dispatch API', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it("lists the city model's pump trucks by plate, with GPS positions", async () => {
    const plates = system.model.vehicles.filter((v) => v.kind === 'pump-truck').map((v) => v.plate);
    expect(plates.length).toBe(system.model.districts.length * 4);
    const result = await system.run(`{ pumpTrucks(first: 1000) { plate districtCode streetCode status capacityM3h location { lat lng } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.pumpTrucks.map((t: any) => t.plate)).toEqual(plates);
    const first = pumpTrucksOf(system.model)[0]!;
    expect(result.data.pumpTrucks[0]).toEqual({
      plate: first.plate, districtCode: first.districtCode, streetCode: first.streetCode, status: first.status,
      capacityM3h: first.capacityM3h, location: { lat: first.lat, lng: first.lng },
    });
    expect(first.streetCode.startsWith(first.districtCode)).toBe(true);
  });

  it('recommends, per waterlogging sensor, the nearest trucks by distance, nearest first', () => {
    const trucks = pumpTrucksOf(system.model);
    const point = waterloggingPointsOf(system.model).find((p) => p.districtCode === '310106')!;
    const recommended = pumpTruckRecommendationsOf(system.model).filter((r) => r.sensorId === point.sensorId);
    expect(recommended.map((r) => r.rank)).toEqual([1, 2, 3]);
    const byDistance = trucks.map((t) => distanceKm(point, t)).sort((a, b) => a - b);
    expect(recommended.map((r) => r.distanceKm)).toEqual(byDistance.slice(0, RECOMMENDED_TRUCKS).map((km) => +km.toFixed(2)));
  });

  it('answers WaterloggingSensor.nearestPumpTrucks for a batch of sensors in one call, then the trucks in one more', async () => {
    const sensors = waterloggingPointsOf(system.model).slice(0, 5).map((p) => p.sensorId);
    system.upstreamCalls.length = 0;
    system.rest!.calls.length = 0;
    const result = await system.run(
      `query ($keys: [ID!]!) { _lookupWaterloggingSensor(keys: $keys) { sensorId nearestPumpTrucks { rank distanceKm etaMinutes pumpTruck { plate status } } } }`,
      { keys: sensors },
    );
    expect(result.errors).toBeUndefined();
    const expected = pumpTruckRecommendationsOf(system.model);
    const trucks = new Map(pumpTrucksOf(system.model).map((t) => [t.plate, t]));
    for (const sensor of result.data._lookupWaterloggingSensor) {
      expect(sensor.nearestPumpTrucks).toEqual(
        expected.filter((r) => r.sensorId === sensor.sensorId).map((r) => ({ rank: r.rank, distanceKm: r.distanceKm, etaMinutes: r.etaMinutes, pumpTruck: { plate: r.plate, status: trucks.get(r.plate)!.status } })),
      );
    }
    expect(system.upstreamCalls.map((call) => call.type)).toEqual(['PumpTruckRecommendation', 'PumpTruck']);
    expect(system.rest!.calls[0]!.query.cgqbh!.split(',')).toEqual(sensors);
  });

  it('answers Vehicle.pumpTruck by plate, null for a vehicle that is no pump truck', async () => {
    const plate = pumpTrucksOf(system.model)[3]!.plate;
    const car = system.model.vehicles.find((v) => v.kind === 'private')!.plate;
    const result = await system.run(`query ($keys: [ID!]!) { _lookupVehicle(keys: $keys) { plate pumpTruck { plate districtCode } } }`, { keys: [plate, car] });
    expect(result.errors).toBeUndefined();
    expect(result.data._lookupVehicle).toEqual([
      { plate, pumpTruck: { plate, districtCode: pumpTrucksOf(system.model)[3]!.districtCode } },
      { plate: car, pumpTruck: null },
    ]);
  });
});
