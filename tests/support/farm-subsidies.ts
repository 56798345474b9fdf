import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectorManifestInput } from '../../connectors/index.ts';
import type { LegacyTable } from '../../connectors/sample-city/simulators/sql-simulator.ts';

/** Where the farm-subsidies manifest documents are (`farm-subsidies.json`, `farm-subsidies.yaml`). */
export const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures');

/** The text of a fixture document. */
export const fixture = (name: string): string => readFileSync(join(FIXTURES_DIR, name), 'utf8');

/**
 * A NEW system that the sample city does not have: the agriculture bureau's farm subsidy
 * payments, a SQL database. This is the TypeScript twin of `tests/fixtures/farm-subsidies.json`
 * and `.yaml`; a fresh copy each call, so a test can spoil it.
 */
export function farmSubsidiesManifest(): Record<string, any> {
  const personal = { sharing: 'conditional', sensitivity: 'personal' } as const;
  const manifest: ConnectorManifestInput = {
    id: 'farm-subsidies',
    names: { zh: '惠农补贴发放', en: 'Farm subsidies' },
    department: 'Agriculture and Rural Affairs Bureau',
    domain: 'agriculture',
    source: { kind: 'sql', endpointEnv: 'CITYHUB_FARM_SUBSIDIES_DB', tables: { FarmSubsidy: 'T_NY_BTFF' } },
    timeoutMs: 2000,
    catalogue: {
      FarmSubsidy: {
        key: 'subsidyId',
        jurisdiction: 'streetCode',
        filters: ['streetCode', 'scheme'],
        fields: {
          subsidyId: { type: 'ID', from: 'BTBH', sharing: 'unconditional', sensitivity: 'internal' },
          scheme: { type: 'String', from: 'BTXM', sharing: 'open', sensitivity: 'public' },
          amountYuan: { type: 'Float', from: 'FFJE', sharing: 'unconditional', sensitivity: 'internal' },
          paidAt: { type: 'DateTime', from: 'FFSJ', sharing: 'unconditional', sensitivity: 'internal' },
          streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
          farmerPersonId: { type: 'ID', from: 'SFZH_HASH', ...personal, mask: 'redact' },
          farmerName: { type: 'String', from: 'NHXM', ...personal, mask: 'name' },
          farmerPhone: { type: 'String', from: 'LXDH', nullable: true, ...personal, mask: 'phone' },
        },
      },
    },
    links: [
      { kind: 'has', on: 'Street', field: 'farmSubsidies', target: 'FarmSubsidy', by: 'streetCode' },
      { kind: 'ref', on: 'FarmSubsidy', field: 'farmer', target: 'Person', from: 'farmerPersonId' },
    ],
  };
  // Tests spoil it freely: typed loosely once it has been checked as a manifest input.
  return manifest as Record<string, any>;
}

/** The farm-subsidies legacy database: a few payments in two streets. */
export function farmSubsidiesTables(): LegacyTable[] {
  return [
    {
      name: 'T_NY_BTFF',
      columns: { BTBH: 'TEXT', BTXM: 'TEXT', FFJE: 'REAL', FFSJ: 'TEXT', JDDM: 'TEXT', SFZH_HASH: 'TEXT', NHXM: 'TEXT', LXDH: 'TEXT' },
      rows: [
        { BTBH: 'BT0001', BTXM: '耕地地力保护补贴', FFJE: 1250.5, FFSJ: '2026-03-02 09:30:00', JDDM: '310101001', SFZH_HASH: 'P0001', NHXM: '王建国', LXDH: '13812345678' },
        { BTBH: 'BT0002', BTXM: '农机购置补贴', FFJE: 8000, FFSJ: '2026-03-05 14:00:00', JDDM: '310101002', SFZH_HASH: 'P0002', NHXM: '李秀英', LXDH: null },
      ],
    },
  ];
}
