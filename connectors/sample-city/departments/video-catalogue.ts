import { defineConnector } from '../../define-connector.ts';

/**
 * 视频监控点位目录: the police catalogue of surveillance cameras (GB/T 28181 device codes).
 * Where a camera is and how to reach its stream are sensitive: locations only under an
 * agreement, stream addresses never leave the police.
 */
export default defineConnector({
  id: 'video-catalogue',
  names: { zh: '视频监控点位目录', en: 'Video surveillance catalogue' },
  department: 'Public Security Bureau',
  domain: 'public-security',
  source: {
    kind: 'rest',
    endpointEnv: 'CITYHUB_VIDEO_CATALOGUE_URL',
    headersFromEnv: { 'x-access-token': 'CITYHUB_VIDEO_CATALOGUE_TOKEN' },
    resources: {
      Camera: {
        path: '/vias/api/v2/camera/page',
        itemsPath: 'data.records',
        params: { cameraId: 'deviceCode', gridCode: 'gridCode', streetCode: 'streetCode', purpose: 'usage' },
        withinParam: 'regionCode',
        pagination: { style: 'page', pageParam: 'current', sizeParam: 'size', pageSize: 1_000, totalPath: 'data.total' },
      },
    },
  },
  timeoutMs: 5_000,
  cacheTtlSeconds: 600,
  catalogue: {
    Camera: {
      description: 'A surveillance camera point (视频监控点位).',
      key: 'cameraId',
      jurisdiction: 'gridCode',
      filters: ['gridCode', 'streetCode', 'purpose', 'online'],
      fields: {
        cameraId: { type: 'ID', from: 'deviceCode', sharing: 'unconditional', sensitivity: 'internal', description: 'The 20-digit GB/T 28181 device code.' },
        name: { type: 'String', from: 'deviceName', sharing: 'unconditional', sensitivity: 'internal' },
        model: { type: 'String', from: 'cameraType', sharing: 'unconditional', sensitivity: 'internal', description: '球机 (dome), 枪机 (bullet) or 半球 (half dome).' },
        purpose: { type: 'String', from: 'usage', sharing: 'unconditional', sensitivity: 'internal', description: '治安, 交通, 消防 or 社区.' },
        online: { type: 'Boolean', from: 'onlineStatus', sharing: 'unconditional', sensitivity: 'internal' },
        location: { type: 'GeoPoint', from: { lat: 'latitude', lng: 'longitude' }, sharing: 'conditional', sensitivity: 'sensitive' },
        streamUrl: { type: 'String', from: 'rtspUrl', sharing: 'none', sensitivity: 'sensitive', description: 'The live stream; only police systems pull it.' },
        installedOn: { type: 'String', from: 'installDate', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'streetCode', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'gridCode', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Grid', field: 'cameras', target: 'Camera', by: 'gridCode', listSize: 6 },
    { kind: 'ref', on: 'Camera', field: 'grid', target: 'Grid', from: 'gridCode' },
  ],
});
