import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTraceProvider, tracesExporterOf } from '../../../gateway/index.ts';

describe('tracing from the OTEL_* variables', () => {
  it('is off by default, and on with an OTLP endpoint or a named exporter', () => {
    expect(tracesExporterOf({})).toBe('none');
    expect(tracesExporterOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('otlp');
    expect(tracesExporterOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe('otlp');
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'console' })).toBe('console');
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('none');
    expect(tracesExporterOf({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe('none');
  });

  it('refuses an exporter or a protocol it cannot serve, naming the variable', () => {
    expect(() => tracesExporterOf({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow('OTEL_TRACES_EXPORTER must be one of otlp, console, none, received "jaeger"');
    expect(() => tracesExporterOf({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow('OTEL_EXPORTER_OTLP_PROTOCOL must be http/json');
  });

  it('builds no provider when off', async () => {
    expect(await createTraceProvider({})).toBeUndefined();
  });

  describe('with an OTLP/HTTP collector', () => {
    let server: Server;
    let endpoint: string;
    const received: Array<{ path: string; body: any }> = [];
    beforeAll(async () => {
      server = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          received.push({ path: request.url ?? '', body: JSON.parse(body) });
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('exports the spans to OTEL_EXPORTER_OTLP_ENDPOINT under OTEL_SERVICE_NAME', async () => {
      const traces = (await createTraceProvider({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'cityhub-test' }))!;
      expect(traces).toBeDefined();
      const span = traces.tracerProvider.getTracer('cityhub').startSpan('POST /graphql', { attributes: { 'cityhub.request_id': 'r-1' } });
      span.end();
      await traces.shutdown();
      expect(received.map((one) => one.path)).toEqual(['/v1/traces']);
      const [resourceSpans] = received[0]!.body.resourceSpans;
      expect(resourceSpans.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'cityhub-test' } });
      expect(resourceSpans.scopeSpans[0].spans[0]).toMatchObject({ name: 'POST /graphql', attributes: [{ key: 'cityhub.request_id', value: { stringValue: 'r-1' } }] });
    });
  });
});
