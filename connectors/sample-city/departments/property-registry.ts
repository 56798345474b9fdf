import { defineConnector } from '../../define-connector.ts';

/** 不动产登记: planning and natural resources' real-estate register: who holds the rights to which unit of which building. */
export default defineConnector({
  id: 'property-registry',
  names: { zh: '不动产登记', en: 'Real estate registry' },
  department: 'Planning and Natural Resources',
  domain: 'housing',
  source: {
    kind: 'soap',
    endpointEnv: 'CITYHUB_PROPERTY_REGISTRY_URL',
    namespace: 'http://ghzy.example.gov.cn/bdcdj',
    operations: {
      Property: {
        operation: 'QueryBdcqlxx',
        soapAction: 'http://ghzy.example.gov.cn/bdcdj/QueryBdcqlxx',
        requestElement: 'QueryBdcqlxxRequest',
        params: { propertyId: 'bdcdyh', ownerPersonId: 'qlrbs', coOwnerPersonId: 'gyrbs', buildingId: 'jzwbh', communityCode: 'sqdm' },
        withinParam: 'xzqhdm',
        listSeparator: ',',
        rowsPath: 'QueryBdcqlxxResponse.return.bdcqlxx',
      },
    },
  },
  timeoutMs: 4_000,
  cacheTtlSeconds: 600,
  catalogue: {
    Property: {
      description: 'A registered real-estate unit (不动产单元) and the rights holder(s) on its certificate.',
      key: 'propertyId',
      jurisdiction: 'communityCode',
      filters: ['ownerPersonId', 'coOwnerPersonId', 'buildingId', 'communityCode', 'use', 'mortgaged'],
      fields: {
        propertyId: { type: 'ID', from: 'bdcdyh', sharing: 'unconditional', sensitivity: 'internal', description: 'Real-estate unit number (不动产单元号), 28 characters.' },
        certificateNo: { type: 'String', from: 'bdcqzh', sharing: 'conditional', sensitivity: 'personal', mask: 'redact', description: 'Certificate number (不动产权证书号).' },
        buildingId: { type: 'ID', from: 'jzwbh', sharing: 'unconditional', sensitivity: 'internal' },
        ownerPersonId: { type: 'ID', from: 'qlrbs', sharing: 'unconditional', sensitivity: 'internal', description: 'The personId of the first rights holder (权利人).' },
        ownerName: { type: 'String', from: 'qlrmc', sharing: 'unconditional', sensitivity: 'personal', mask: 'name' },
        coOwnerPersonId: { type: 'ID', from: 'gyrbs', nullable: true, sharing: 'unconditional', sensitivity: 'internal', description: 'The joint owner under 共同共有, if any.' },
        shareType: { type: 'String', from: 'gyfs', sharing: 'unconditional', sensitivity: 'internal', description: '单独所有 or 共同共有.' },
        address: { type: 'String', from: 'zl', sharing: 'unconditional', sensitivity: 'personal', mask: 'address', description: 'Location of the unit (坐落).' },
        use: { type: 'String', from: 'ghyt', sharing: 'unconditional', sensitivity: 'internal', description: 'Planned use (规划用途): 住宅, 办公, 商业 or 公共设施.' },
        areaM2: { type: 'Float', from: 'jzmj', sharing: 'unconditional', sensitivity: 'internal', description: 'Floor area (建筑面积), m².' },
        mortgaged: { type: 'Boolean', from: 'sfdy', sharing: 'unconditional', sensitivity: 'internal', description: 'Whether a mortgage is registered on it (抵押).' },
        registeredAt: { type: 'String', from: 'djsj', sharing: 'unconditional', sensitivity: 'internal', description: 'Registration date, YYYY-MM-DD.' },
        districtCode: { type: 'AdminCode', from: 'qxdm', sharing: 'unconditional', sensitivity: 'internal' },
        communityCode: { type: 'AdminCode', from: 'sqdm', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Person', field: 'properties', target: 'Property', by: 'ownerPersonId', description: 'Properties the person holds as first rights holder.', listSize: 2 },
    { kind: 'has', on: 'Person', field: 'coOwnedProperties', target: 'Property', by: 'coOwnerPersonId', description: 'Properties the person holds jointly with the first rights holder.', listSize: 1 },
    { kind: 'ref', on: 'Property', field: 'owner', target: 'Person', from: 'ownerPersonId' },
    { kind: 'ref', on: 'Property', field: 'coOwner', target: 'Person', from: 'coOwnerPersonId' },
    { kind: 'ref', on: 'Property', field: 'building', target: 'Building', from: 'buildingId' },
    { kind: 'has', on: 'Building', field: 'properties', target: 'Property', by: 'buildingId', listSize: 12 },
  ],
});
