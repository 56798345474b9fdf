import { defineConnector } from '../../define-connector.ts';

/**
 * 12345 市民热线工单: the citizen hotline's tickets, and the per-district statistics view the
 * hotline centre publishes every day (the city's big screen reads the view, not the tickets).
 */
export default defineConnector({
  id: 'hotline-tickets',
  names: { zh: '12345 市民热线工单', en: 'Citizen hotline tickets' },
  department: 'Citizen Service Hotline',
  domain: 'city-management',
  source: {
    kind: 'sql',
    endpointEnv: 'CITYHUB_HOTLINE_TICKETS_DB',
    tables: { HotlineTicket: 'T_12345_GD', DistrictHotlineSummary: 'V_12345_QXTJ' },
  },
  timeoutMs: 3_000,
  cacheTtlSeconds: 60,
  catalogue: {
    HotlineTicket: {
      description: 'A ticket (工单) opened by a call to the 12345 citizen hotline.',
      key: 'ticketId',
      jurisdiction: 'gridCode',
      filters: ['districtCode', 'streetCode', 'status', 'closed', 'kind'],
      fields: {
        ticketId: { type: 'ID', from: 'GDBH', sharing: 'unconditional', sensitivity: 'internal' },
        callerName: { type: 'String', from: 'LDRXM', sharing: 'conditional', sensitivity: 'personal', mask: 'name' },
        callerPhone: { type: 'String', from: 'LDRDH', sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
        callerPersonId: { type: 'ID', from: 'LDRBS', sharing: 'unconditional', sensitivity: 'internal', description: 'Keyed hash of the caller’s ID number.' },
        calledAt: { type: 'DateTime', from: 'LDSJ', sharing: 'unconditional', sensitivity: 'internal' },
        kind: { type: 'String', from: 'SQLX', sharing: 'unconditional', sensitivity: 'internal', description: '投诉, 求助, 咨询 or 建议.' },
        content: { type: 'String', from: 'SQNR', sharing: 'unconditional', sensitivity: 'internal' },
        status: { type: 'String', from: 'GDZT', sharing: 'unconditional', sensitivity: 'internal', description: '待受理, 处理中 or 已办结.' },
        closed: { type: 'Boolean', from: 'BJBZ', sharing: 'unconditional', sensitivity: 'internal' },
        handlingDepartment: { type: 'String', from: 'CBBM', sharing: 'unconditional', sensitivity: 'internal' },
        closedAt: { type: 'DateTime', from: 'BJSJ', nullable: true, sharing: 'unconditional', sensitivity: 'internal' },
        overdue: { type: 'Boolean', from: 'CQBZ', sharing: 'unconditional', sensitivity: 'internal', description: 'Closed later than the 5-day limit, or still open past it.' },
        satisfaction: { type: 'Int', from: 'MYD', nullable: true, sharing: 'unconditional', sensitivity: 'internal', description: 'The caller’s rating, 1 to 5.' },
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'JDDM', sharing: 'unconditional', sensitivity: 'internal' },
        gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
    DistrictHotlineSummary: {
      description: 'The hotline centre’s daily statistics of one district (区县工单统计), computed by the hotline system.',
      key: 'districtCode',
      jurisdiction: 'districtCode',
      fields: {
        districtCode: { type: 'AdminCode', from: 'QXDM', sharing: 'unconditional', sensitivity: 'internal' },
        statDate: { type: 'String', from: 'TJRQ', sharing: 'unconditional', sensitivity: 'internal', description: 'The day the statistics were computed.' },
        totalTickets: { type: 'Int', from: 'GDZS', sharing: 'unconditional', sensitivity: 'internal' },
        openTickets: { type: 'Int', from: 'WBJS', sharing: 'unconditional', sensitivity: 'internal', description: 'Tickets not yet closed (待受理 and 处理中).' },
        closedRate: { type: 'Float', from: 'BJL', sharing: 'unconditional', sensitivity: 'internal', description: 'Closed tickets, percent of all.' },
        onTimeRate: { type: 'Float', from: 'ASBJL', sharing: 'unconditional', sensitivity: 'internal', description: 'Closed within the limit, percent of closed.' },
        satisfactionRate: { type: 'Float', from: 'MYL', sharing: 'unconditional', sensitivity: 'internal', description: 'Ratings of 4 or 5, percent of rated.' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'Street', field: 'hotlineTickets', target: 'HotlineTicket', by: 'streetCode', listSize: 55 },
    { kind: 'has', on: 'Grid', field: 'hotlineTickets', target: 'HotlineTicket', by: 'gridCode', listSize: 10 },
    { kind: 'has', on: 'District', field: 'hotlineSummary', target: 'DistrictHotlineSummary', by: 'districtCode', list: false },
    { kind: 'has', on: 'Person', field: 'hotlineTickets', target: 'HotlineTicket', by: 'callerPersonId', listSize: 1 },
    { kind: 'ref', on: 'HotlineTicket', field: 'caller', target: 'Person', from: 'callerPersonId' },
    { kind: 'ref', on: 'DistrictHotlineSummary', field: 'district', target: 'District', from: 'districtCode' },
  ],
});
