import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defineConnector, ManifestError } from '../../../../connectors/index.ts';
import { startSoapSimulator, type SoapSimulator } from '../../../../connectors/sample-city/simulators/soap-simulator.ts';
import { connectFireHazards, fireHazardOperations, fireHazardsManifest, HAZARDS, INSPECTORS, NS, run } from './fire-hazards.ts';

function rawEnvelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

describe('the soap source kind', () => {
  let service: SoapSimulator;
  beforeAll(async () => {
    service = await startSoapSimulator({ service: 'YhpcService', namespace: NS, operations: fireHazardOperations() });
  });
  afterAll(async () => {
    await service.close();
  });
  beforeEach(() => {
    service.calls.length = 0;
    service.setDelay(0);
    service.setFault(null);
    service.setRawResponse(null);
  });

  it('reads rows through the operation and converts every field to its declared type', async () => {
    const { connector } = connectFireHazards(service.url);
    const result = await run(connector, `{ fireHazards(first: 1000) { hazardId streetCode address level rectified reportedAt location { lat lng } inspectorId } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.fireHazards).toHaveLength(HAZARDS.length);
    const first = result.data.fireHazards[0];
    expect(first).toEqual({
      hazardId: 'YH0001',
      streetCode: '440304001',
      address: '福田区深南大道100号 & 附楼<0>',
      level: 1,
      rectified: true,
      reportedAt: '2026-01-10T00:30:00.000Z',
      location: { lat: 22.5, lng: 114.05 },
      inspectorId: 'JCY001',
    });
    expect(result.data.fireHazards[1].rectified).toBe(false);
    expect(service.calls).toHaveLength(1);
    expect(service.calls[0]!.soapAction).toBe(`${NS}/QueryYhxx`);
  });

  it('costs one upstream call for the inspectors of a list of hazards, the batch in one joined element', async () => {
    const { connector, reads } = connectFireHazards(service.url);
    const result = await run(connector, `{ fireHazards(first: 30) { hazardId inspector { inspectorId name phone brigadeCode } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.fireHazards).toHaveLength(30);
    for (const [index, hazard] of result.data.fireHazards.entries()) {
      const inspector = INSPECTORS[index % INSPECTORS.length]!;
      expect(hazard.inspector).toEqual({ inspectorId: inspector.jcybh, name: inspector.xm, phone: inspector.dh, brigadeCode: inspector.ddbm });
    }
    expect(service.calls.map((call) => call.operation)).toEqual(['QueryYhxx', 'QueryJcy']);
    expect([...service.calls[1]!.params.jcybh!].sort()).toEqual(INSPECTORS.map((i) => i.jcybh).sort());
    expect(service.calls[1]!.body).toContain(`<tns:jcybh>${INSPECTORS.map((i) => i.jcybh).join(',')}</tns:jcybh>`);
    expect(reads).toEqual(['FireHazard', 'FireInspector']);
  });

  it('sends a batch of keys as repeated request elements in one call', async () => {
    const { connector } = connectFireHazards(service.url);
    const result = await run(connector, `{ a: fireHazard(hazardId: "YH0003") { hazardId } b: fireHazard(hazardId: "YH0007") { hazardId } c: fireHazard(hazardId: "NONE") { hazardId } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ a: { hazardId: 'YH0003' }, b: { hazardId: 'YH0007' }, c: null });
    expect(service.calls).toHaveLength(1);
    expect(service.calls[0]!.params.yhbh).toEqual(['YH0003', 'YH0007', 'NONE']);
  });

  it('pushes filters and the jurisdiction scope into request elements and filters the rest itself', async () => {
    const { connector } = connectFireHazards(service.url);
    const result = await run(connector, `{ fireHazards(within: "440304", where: { level: 2 }, first: 100) { hazardId streetCode level } }`);
    expect(result.errors).toBeUndefined();
    const expected = HAZARDS.filter((h) => h.jdbm.startsWith('440304') && h.yhdj === '2').map((h) => h.yhbh);
    expect(expected.length).toBeGreaterThan(0);
    expect(result.data.fireHazards.map((h: any) => h.hazardId)).toEqual(expected);
    expect(service.calls[0]!.params).toEqual({ xzqhdm: ['440304'] });
  });

  it('escapes values put into the request envelope', async () => {
    const { connector } = connectFireHazards(service.url);
    const hostile = `x</tns:yhbh><tns:yhbh>YH0001</tns:yhbh><tns:yhbh>"'&\u0000`;
    const result = await run(connector, `query($id: ID!) { fireHazard(hazardId: $id) { hazardId } }`, { id: hostile });
    expect(result.errors).toBeUndefined();
    expect(result.data.fireHazard).toBeNull();
    // The service saw one element carrying the whole value, not an injected second key.
    expect(service.calls[0]!.params.yhbh).toEqual([hostile.replace('\u0000', '\uFFFD')]);
    expect(service.calls[0]!.body).toContain('x&lt;/tns:yhbh&gt;&lt;tns:yhbh&gt;YH0001&lt;/tns:yhbh&gt;&lt;tns:yhbh&gt;&quot;&apos;&amp;\uFFFD');
  });

  it('turns a Server fault into UPSTREAM_UNAVAILABLE carrying the fault code and string', async () => {
    service.setFault({ code: 'Server', string: '数据库连接池耗尽' });
    const { connector } = connectFireHazards(service.url);
    const result = await run(connector, `{ fireHazards { hazardId } }`);
    expect(result.data).toEqual({ fireHazards: null });
    expect(result.errors![0]!.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      connector: 'fire-hazards-test',
      faultCode: 'Server',
      faultString: '数据库连接池耗尽',
      operation: 'QueryYhxx',
    });
  });

  it('turns a Client fault (a SOAPAction the service does not know) into UPSTREAM_BAD_RESPONSE', async () => {
    const manifest = fireHazardsManifest() as any;
    manifest.source.operations.FireHazard.soapAction = `${NS}/QueryYhxxV2`;
    const { connector } = connectFireHazards(service.url, { source: manifest.source });
    const result = await run(connector, `{ fireHazards { hazardId } }`);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', faultCode: 'Client' });
    expect(result.errors![0]!.extensions!.faultString).toContain('QueryYhxxV2');
  });

  it('refuses a response carrying a DOCTYPE and never expands its entities (no XXE)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cityhub-xxe-'));
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET-KEY');
    try {
      for (const doctype of [
        `<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM "file://${secret}">]>`,
        `<!DOCTYPE soap:Envelope [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>`,
      ]) {
        const body = rawEnvelope(`<ns:QueryYhxxResponse xmlns:ns="${NS}"><return><yhxx><yhbh>YH0001</yhbh><jdbm>440304001</jdbm><dz>&xxe;&b;</dz><yhdj>1</yhdj><sfzg>1</sfzg><fxsj>2026-01-01 08:00:00</fxsj><jcybh>JCY001</jcybh></yhxx></return></ns:QueryYhxxResponse>`);
        service.setRawResponse({ status: 200, body: body.replace('?>', `?>${doctype}`) });
        const { connector } = connectFireHazards(service.url);
        const result = await run(connector, `{ fireHazards { hazardId address } }`);
        expect(result.data).toEqual({ fireHazards: null });
        expect(result.errors![0]!.extensions!.code).toBe('UPSTREAM_BAD_RESPONSE');
        expect(result.errors![0]!.message).toContain('document type declaration');
        expect(JSON.stringify(result)).not.toContain('TOP-SECRET-KEY');
        expect(JSON.stringify(result)).not.toContain('AAAAAAAAAA');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports UPSTREAM_TIMEOUT with the connector id when the service is slower than the timeout', async () => {
    service.setDelay(600);
    const { connector } = connectFireHazards(service.url, { timeoutMs: 150 });
    const started = Date.now();
    const result = await run(connector, `{ fireHazards { hazardId } }`);
    expect(Date.now() - started).toBeLessThan(550);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', connector: 'fire-hazards-test', timeoutMs: 150 });
  });

  it('reports UPSTREAM_UNAVAILABLE when nothing listens at the endpoint', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const { connector } = connectFireHazards(`http://127.0.0.1:${port}/services/YhpcService`);
    const result = await run(connector, `{ fireHazards { hazardId } }`);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'fire-hazards-test' });
    await expect(connector.probe()).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
  });

  it('reports UPSTREAM_UNAVAILABLE for an HTTP 503 without an envelope, and UPSTREAM_BAD_RESPONSE for a body that is not XML', async () => {
    const { connector } = connectFireHazards(service.url);
    service.setRawResponse({ status: 503, body: 'Service Unavailable', contentType: 'text/plain' });
    expect((await run(connector, `{ fireHazards { hazardId } }`)).errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
    service.setRawResponse({ status: 200, body: '{"rows": []}', contentType: 'application/json' });
    expect((await run(connector, `{ fireHazards { hazardId } }`)).errors![0]!.extensions!.code).toBe('UPSTREAM_BAD_RESPONSE');
    service.setRawResponse({ status: 200, body: '<html><body>login</body></html>' });
    const notSoap = await run(connector, `{ fireHazards { hazardId } }`);
    expect(notSoap.errors![0]!.message).toContain('SOAP envelope');
  });

  it('reports UPSTREAM_BAD_RESPONSE when the rows are not where the manifest says or do not match the declared types', async () => {
    const { connector } = connectFireHazards(service.url);
    service.setRawResponse({ status: 200, body: rawEnvelope(`<ns:QueryYhxxResult xmlns:ns="${NS}"><yhxx/></ns:QueryYhxxResult>`) });
    const missing = await run(connector, `{ fireHazards { hazardId } }`);
    expect(missing.errors![0]!.extensions!.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(missing.errors![0]!.message).toContain('QueryYhxxResponse');

    service.setRawResponse({
      status: 200,
      body: rawEnvelope(`<ns:QueryYhxxResponse xmlns:ns="${NS}"><return><yhxx><yhbh>YH0001</yhbh><jdbm>440304001</jdbm><dz>x</dz><yhdj>高</yhdj><sfzg>1</sfzg><fxsj>2026-01-01 08:00:00</fxsj><jcybh>J</jcybh></yhxx></return></ns:QueryYhxxResponse>`),
    });
    const mistyped = await run(connector, `{ fireHazards { hazardId level } }`);
    expect(mistyped.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', type: 'FireHazard', field: 'level' });
  });

  it('reports malformed XML, an HTTP error carrying an envelope without a fault, and a row that is not an element of fields', async () => {
    const { connector } = connectFireHazards(service.url);
    service.setRawResponse({ status: 200, body: rawEnvelope('<ns:QueryYhxxResponse><return><yhxx>').replace('</soap:Body></soap:Envelope>', '') });
    const truncated = await run(connector, `{ fireHazards { hazardId } }`);
    expect(truncated.errors![0]!.extensions!.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(truncated.errors![0]!.message).toContain('not well-formed XML');

    service.setRawResponse({ status: 502, body: rawEnvelope(`<ns:QueryYhxxResponse xmlns:ns="${NS}"><return/></ns:QueryYhxxResponse>`) });
    const gateway = await run(connector, `{ fireHazards { hazardId } }`);
    expect(gateway.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 502 });
    expect(gateway.errors![0]!.message).toContain('without a SOAP fault');

    service.setRawResponse({ status: 200, body: rawEnvelope(`<ns:QueryYhxxResponse xmlns:ns="${NS}"><return><yhxx>YH0001</yhxx></return></ns:QueryYhxxResponse>`) });
    const flat = await run(connector, `{ fireHazards { hazardId } }`);
    expect(flat.errors![0]!.extensions!.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(flat.errors![0]!.message).toContain('must be an object');
  });

  it('fails its probe when the WSDL is not served or is not a WSDL', async () => {
    const { connector } = connectFireHazards(service.url.replace('/services/YhpcService', '/services/Other'));
    await expect(connector.probe()).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_BAD_RESPONSE', status: 404 } });
    const elsewhere = await startSoapSimulator({ service: 'Other', namespace: NS, operations: [] });
    try {
      const html = connectFireHazards(elsewhere.url.replace('/services/Other', '/services/Other?x=1')).connector;
      await expect(html.probe()).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_BAD_RESPONSE', missingOperations: ['QueryYhxx', 'QueryJcy'] } });
    } finally {
      await elsewhere.close();
    }
    const portal = createHttpServer((_request, response) => response.end('<html><body>统一身份认证</body></html>'));
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = portal.address() as { port: number };
      await expect(connectFireHazards(`http://127.0.0.1:${port}/services/YhpcService`).connector.probe()).rejects.toMatchObject({
        message: expect.stringContaining('no definitions or description element'),
        extensions: { code: 'UPSTREAM_BAD_RESPONSE' },
      });
    } finally {
      await new Promise((resolve) => portal.close(resolve));
    }
  });

  it('answers an empty list when the result element holds no rows', async () => {
    const { connector } = connectFireHazards(service.url);
    const result = await run(connector, `{ fireHazards(where: { streetCode: "999999999" }) { hazardId } }`);
    expect(result).toEqual({ data: { fireHazards: [] }, errors: undefined });
  });

  it('probes the WSDL and names the operations it does not declare', async () => {
    await expect(connectFireHazards(service.url).connector.probe()).resolves.toBeUndefined();
    const manifest = fireHazardsManifest() as any;
    manifest.source.operations.FireInspector.operation = 'QueryJcyV2';
    const { connector } = connectFireHazards(service.url, { source: manifest.source });
    await expect(connector.probe()).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_BAD_RESPONSE', missingOperations: ['QueryJcyV2'] },
    });
  });
});

describe('the soap source kind with SOAP 1.2', () => {
  it('sends the action in the media type and maps a Receiver fault to UPSTREAM_UNAVAILABLE', async () => {
    const service = await startSoapSimulator({ service: 'YhpcService', namespace: NS, operations: fireHazardOperations() });
    try {
      const manifest = fireHazardsManifest() as any;
      const { connector } = connectFireHazards(service.url, { source: { ...manifest.source, soapVersion: '1.2' } });
      const ok = await run(connector, `{ fireHazard(hazardId: "YH0002") { hazardId level } }`);
      expect(ok).toEqual({ data: { fireHazard: { hazardId: 'YH0002', level: 2 } }, errors: undefined });
      expect(service.calls[0]!.soapAction).toBe(`${NS}/QueryYhxx`);
      service.setFault({ code: 'Server', string: '服务维护中' });
      const failed = await run(connector, `{ fireHazard(hazardId: "YH0002") { hazardId } }`);
      expect(failed.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', faultCode: 'Receiver', faultString: '服务维护中' });
    } finally {
      await service.close();
    }
  });
});

describe('soap manifest validation', () => {
  it('names a catalogued type without an operation and a parameter on an unknown field', () => {
    const manifest = fireHazardsManifest() as any;
    delete manifest.source.operations.FireInspector;
    manifest.source.operations.FireHazard.params.colour = 'ys';
    let error: unknown;
    try {
      defineConnector(manifest);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).message).toContain('source.operations.FireInspector');
    expect((error as ManifestError).message).toContain('source.operations.FireHazard.params.colour');
  });

  it('refuses a rows path or element name that is not XML', () => {
    const manifest = fireHazardsManifest() as any;
    manifest.source.operations.FireHazard.rowsPath = 'Response/return';
    manifest.source.operations.FireHazard.params.hazardId = 'tns:yhbh';
    expect(() => defineConnector(manifest)).toThrow(/source\.operations\.FireHazard\.rowsPath[\s\S]*source\.operations\.FireHazard\.params\.hazardId|source\.operations\.FireHazard\.params\.hazardId[\s\S]*source\.operations\.FireHazard\.rowsPath/);
  });
});
