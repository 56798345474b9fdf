import { readFileSync } from 'node:fs';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedCityEvents, type CityModel } from '../../connectors/sample-city/index.ts';
import hotlineTickets from '../../connectors/sample-city/simulators/systems/hotline-tickets.ts';
import sanitationRatings from '../../connectors/sample-city/simulators/systems/sanitation-ratings.ts';
import { aqiGrade, airQualityStations } from '../../connectors/sample-city/simulators/systems/air-quality.ts';
import { simulatedElevators } from '../../connectors/sample-city/simulators/systems/elevators.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const FILE = readFileSync(new URL('../../gateway/operations/city-vital-signs.graphql', import.meta.url), 'utf8');

/** One named operation of the scenario's document file. */
function operation(name: string): string {
  const found = parse(FILE).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!found) throw new Error(`gateway/operations/city-vital-signs.graphql has no operation ${name}`);
  return print({ kind: Kind.DOCUMENT, definitions: [found] });
}

const VITAL_SIGNS = operation('CityVitalSigns');
const OPEN_DATA = operation('CityVitalSignsOpenData');
const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * The row of each district, recomputed here from the simulators' detail records (tickets,
 * street ratings, station readings, elevators and their faults, events), never from the
 * summaries the systems publish.
 */
function expectedRows(model: CityModel) {
  if (hotlineTickets.kind !== 'sql' || sanitationRatings.kind !== 'csv') throw new Error('unexpected simulator kinds');
  const tickets = hotlineTickets.tables(model).find((t) => t.name === 'T_12345_GD')!.rows;
  const ratings = sanitationRatings.files(model)[0]!.rows;
  const latest = ratings.map((r) => String(r.测评月份)).sort().at(-1)!;
  const stations = airQualityStations(model);
  const { events } = simulatedCityEvents(model);
  const elevators = simulatedElevators(model);
  return new Map(
    model.districts.map((district) => {
      const own = tickets.filter((t) => t.QXDM === district.code);
      const closed = own.filter((t) => t.GDZT === '已办结');
      const rated = closed.filter((t) => t.MYD !== null);
      const scores = ratings.filter((r) => r.区代码 === district.code && r.测评月份 === latest).map((r) => Number(r.综合得分));
      const own_stations = stations.filter((s) => s.districtCode === district.code);
      const aqi = Math.round(own_stations.reduce((sum, s) => sum + s.aqi(0), 0) / own_stations.length);
      const districtEvents = events.filter((e) => e.streetCode.startsWith(district.code));
      const ownElevators = elevators.filter((e) => e.districtCode === district.code);
      const openFaults = ownElevators.filter((e) => e.fault !== null && e.fault.state !== '已修复');
      return [
        district.code,
        {
          code: district.code,
          name: district.nameZh,
          openTickets: own.length - closed.length,
          totalTickets: own.length,
          closedRate: percent(closed.length, own.length),
          onTimeRate: percent(closed.filter((t) => t.CQBZ === 0).length, closed.length),
          satisfactionRate: percent(rated.filter((t) => Number(t.MYD) >= 4).length, rated.length),
          sanitation: { month: latest, averageScore: round1(scores.reduce((a, b) => a + b, 0) / scores.length), ratedStreets: scores.length, passRate: percent(scores.filter((s) => s >= 85).length, scores.length) },
          air: { aqi, grade: aqiGrade(aqi), stationCount: own_stations.length, measuredAt: '2026-11-28T00:00:00.000Z' },
          elevators: { elevators: ownElevators.length, openFaults: openFaults.length, trappedIncidents: openFaults.filter((e) => e.fault!.kind === '困人').length },
          events: districtEvents.length,
          openEvents: districtEvents.filter((e) => e.status !== 'closed').length,
        },
      ] as const;
    }),
  );
}

/** The big screen's row: the published summaries, and the events counted from the street lists. */
function screenRow(district: any) {
  const events = district.streets.flatMap((s: any) => s.cityEvents);
  return {
    code: district.code,
    name: district.name,
    openTickets: district.hotlineSummary.openTickets,
    totalTickets: district.hotlineSummary.totalTickets,
    closedRate: district.hotlineSummary.closedRate,
    onTimeRate: district.hotlineSummary.onTimeRate,
    satisfactionRate: district.hotlineSummary.satisfactionRate,
    sanitation: district.sanitationScore,
    air: district.airQuality,
    elevators: district.elevatorSummary && { elevators: district.elevatorSummary.elevators, openFaults: district.elevatorSummary.openFaults, trappedIncidents: district.elevatorSummary.trappedIncidents },
    events: events.length,
    openEvents: events.filter((e: any) => e.status !== 'closed').length,
  };
}

describe('scenario: city vital signs (城市体征), one row per district', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ governance: true });
    // The platforms' retained readings reach the MQTT connectors after they subscribe.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await hub.queryAs('cityOperationsOfficer', `{ districtAirQualities(first: 100) { districtCode } districtElevatorSummaries(first: 100) { districtCode } }`);
      const districts = hub.city.model.districts.length;
      if (response.data?.districtAirQualities?.length === districts && response.data?.districtElevatorSummaries?.length === districts) break;
      if (Date.now() > deadline) throw new Error(`district AQI and elevator summaries did not arrive: ${JSON.stringify(response.errors ?? response.data)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('gives the city operations officer all 16 districts, each number equal to what the departments’ records add up to', async () => {
    const expected = expectedRows(hub.city.model);
    const response = await hub.queryAs('cityOperationsOfficer', VITAL_SIGNS, undefined, 'city-operations');
    expect(response.errors).toBeUndefined();
    const rows = response.data.districts as any[];
    expect(rows).toHaveLength(16);
    expect(rows.map((d) => d.code).sort()).toEqual([...expected.keys()].sort());
    for (const district of rows) {
      const want = expected.get(district.code)!;
      expect(screenRow(district)).toEqual(want);
      expect(district.hotlineSummary.statDate).toBe('2026-11-28');
      expect(district.elevatorSummary.measuredAt).toMatch(/^2026-11-28T/);
    }
    // The figures differ between districts: the screen is not showing one constant.
    expect(new Set(rows.map((d) => d.hotlineSummary.openTickets)).size).toBeGreaterThan(3);
    expect(new Set(rows.map((d) => d.airQuality.aqi)).size).toBeGreaterThan(3);
    expect(new Set(rows.map((d) => d.elevatorSummary.elevators)).size).toBeGreaterThan(3);
    expect(rows.reduce((sum, d) => sum + d.elevatorSummary.openFaults, 0)).toBeGreaterThan(0);
  });

  it('gives the district officer their own district’s row only, with the same numbers', async () => {
    const expected = expectedRows(hub.city.model).get('310106')!;
    const response = await hub.queryAs('districtOfficer', VITAL_SIGNS, undefined, 'city-operations');
    expect(response.errors).toBeUndefined();
    expect(response.data.districts.map((d: any) => d.code)).toEqual(['310106']);
    expect(screenRow(response.data.districts[0])).toEqual(expected);
    expect(response.data.districts[0].name).toBe('静安区');
  });

  it('gives a public app the open columns of every district, and withholds the hotline and elevator statistics', async () => {
    const expected = expectedRows(hub.city.model);
    const open = await hub.queryAs('appDeveloper', OPEN_DATA, undefined, 'open-data');
    expect(open.errors).toBeUndefined();
    expect(open.data.districts).toHaveLength(16);
    for (const district of open.data.districts) {
      const want = expected.get(district.code)!;
      expect(district.sanitationScore).toEqual({ month: want.sanitation.month, averageScore: want.sanitation.averageScore, passRate: want.sanitation.passRate });
      expect(district.airQuality).toEqual({ aqi: want.air.aqi, grade: want.air.grade });
    }
    // The full screen's hotline statistics are government data: withheld per district, the rest kept.
    const full = await hub.queryAs('appDeveloper', VITAL_SIGNS, undefined, 'open-data');
    expect(full.data.districts).toHaveLength(16);
    expect(full.data.districts.every((d: any) => d.hotlineSummary === null && d.elevatorSummary === null && d.sanitationScore !== null)).toBe(true);
    expect(full.data.districts.flatMap((d: any) => d.streets.flatMap((s: any) => s.cityEvents))).toEqual([]);
    const hotlineErrors = full.errors!.filter((e) => e.path?.at(-1) === 'hotlineSummary');
    expect(hotlineErrors).toHaveLength(16);
    expect(hotlineErrors.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    const elevatorErrors = full.errors!.filter((e) => e.path?.at(-1) === 'elevatorSummary');
    expect(elevatorErrors).toHaveLength(16);
    expect(elevatorErrors.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });
});
