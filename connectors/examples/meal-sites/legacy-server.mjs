// A department's legacy meal-site system, started by hand for the README's walk-through:
// GET /api/zcd/list?zcdbh=<ids,…>&jddm=<street codes,…> → { code, data: { rows } }.
import { createServer } from 'node:http';

const ROWS = [
  { ZCDBH: 'ZCD001', ZCDMC: '曹家渡街道长者食堂', JDDM: '310106013', CWS: 80 },
  { ZCDBH: 'ZCD002', ZCDMC: '常德居委助餐点', JDDM: '310106013', CWS: 24 },
  { ZCDBH: 'ZCD003', ZCDMC: '静安寺街道助餐点', JDDM: '310106012', CWS: 40 },
];
const port = Number(process.env.PORT ?? 4500);
createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://legacy');
  if (url.pathname !== '/api/zcd/list') {
    response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 404, msg: '接口不存在' }));
    return;
  }
  const wanted = (param) => url.searchParams.get(param)?.split(',');
  const ids = wanted('zcdbh');
  const streets = wanted('jddm');
  const rows = ROWS.filter((row) => (!ids || ids.includes(row.ZCDBH)) && (!streets || streets.includes(row.JDDM)));
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ code: 0, data: { rows } }));
}).listen(port, '127.0.0.1', () => console.log(`meal-site legacy system on http://127.0.0.1:${port}`));
