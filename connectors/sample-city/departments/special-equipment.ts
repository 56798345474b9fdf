import { defineConnector } from '../../define-connector.ts';

/** 特种设备: market regulation's register of boilers, pressure vessels, cranes and other special equipment (REST). */
export default defineConnector({
  id: 'special-equipment',
  names: { zh: '特种设备', en: 'Special equipment register' },
  department: 'Market Regulation',
  domain: 'emergency',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_SPECIAL_EQUIPMENT_URL',
    resources: {
      SpecialEquipment: {
        path: '/tzsb/api/sbxx',
        itemsPath: 'rows',
        params: { equipmentId: 'sbid', useUnitCreditCode: 'xydm', buildingId: 'jzbh', streetCode: 'szjd', districtCode: 'szqx' },
        withinParam: 'xzqh',
        pagination: { style: 'page', pageParam: 'page', sizeParam: 'rows', pageSize: 200, totalPath: 'total' },
      },
    },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 600,
  catalogue: {
    SpecialEquipment: {
      description: 'An item of special equipment (特种设备) registered for use.',
      key: 'equipmentId',
      jurisdiction: 'streetCode',
      listField: 'specialEquipmentItems',
      singleField: 'specialEquipmentItem',
      filters: ['districtCode', 'streetCode', 'useUnitCreditCode', 'buildingId', 'kind', 'status'],
      fields: {
        equipmentId: { type: 'ID', from: 'sbid', sharing: 'unconditional', sensitivity: 'internal' },
        registrationCode: { type: 'String', from: 'zcdm', sharing: 'unconditional', sensitivity: 'internal', description: 'Use registration code (使用登记代码).' },
        kind: { type: 'String', from: 'sbzl', sharing: 'unconditional', sensitivity: 'internal' },
        useUnitCreditCode: { type: 'ID', from: 'sydw_xydm', sharing: 'unconditional', sensitivity: 'internal', description: 'The enterprise using the equipment.' },
        useUnitName: { type: 'String', from: 'sydw_mc', sharing: 'unconditional', sensitivity: 'internal' },
        districtCode: { type: 'AdminCode', from: 'szqx', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'szjd', sharing: 'unconditional', sensitivity: 'internal' },
        buildingId: { type: 'ID', from: 'jzbh', nullable: true, sharing: 'unconditional', sensitivity: 'internal' },
        nextInspectionDue: { type: 'DateTime', from: 'xcjyrq', sharing: 'unconditional', sensitivity: 'internal' },
        status: { type: 'String', from: 'sbzt', sharing: 'unconditional', sensitivity: 'internal', description: '在用 (in use) or 停用 (out of use).' },
      },
    },
  },
  links: [
    { kind: 'ref', on: 'SpecialEquipment', field: 'useUnit', target: 'Enterprise', from: 'useUnitCreditCode' },
    { kind: 'ref', on: 'SpecialEquipment', field: 'building', target: 'Building', from: 'buildingId' },
    { kind: 'has', on: 'Enterprise', field: 'specialEquipment', target: 'SpecialEquipment', by: 'useUnitCreditCode', listSize: 3 },
    { kind: 'has', on: 'Building', field: 'specialEquipment', target: 'SpecialEquipment', by: 'buildingId', listSize: 5 },
  ],
});
