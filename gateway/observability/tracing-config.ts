import type { TracerProvider } from '@opentelemetry/api';

/** Where spans go: `otlp` (OTLP over HTTP, JSON), `console` (stdout) or nowhere. */
export type TracesExporter = 'otlp' | 'console' | 'none';

/** The exporters `OTEL_TRACES_EXPORTER` may name. */
const EXPORTERS: readonly TracesExporter[] = ['otlp', 'console', 'none'];

/**
 * Which exporter the standard `OTEL_*` variables ask for. Tracing is **off by default**:
 * - `OTEL_SDK_DISABLED=true` → `none`;
 * - `OTEL_TRACES_EXPORTER` → the exporter it names (`otlp`, `console` or `none`; a list such
 *   as `otlp,console` is not supported: one exporter);
 * - unset, with `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` set → `otlp`;
 * - otherwise `none` (the OpenTelemetry SDK is then never loaded).
 *
 * Throws a `TypeError` naming the variable for an exporter it does not know, and for an
 * `OTEL_EXPORTER_OTLP_PROTOCOL` (or `…_TRACES_PROTOCOL`) other than `http/json`: the hub's
 * exporter speaks OTLP/HTTP with JSON bodies, which every collector's HTTP receiver (port
 * 4318) accepts.
 *
 * ```ts
 * tracesExporterOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }); // 'otlp'
 * ```
 */
export function tracesExporterOf(env: Readonly<Record<string, string | undefined>>): TracesExporter {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return 'none';
  const named = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  let exporter: TracesExporter;
  if (named) {
    if (!EXPORTERS.includes(named as TracesExporter)) {
      throw new TypeError(`OTEL_TRACES_EXPORTER must be one of ${EXPORTERS.join(', ')}, received ${JSON.stringify(env.OTEL_TRACES_EXPORTER)}`);
    }
    exporter = named as TracesExporter;
  } else {
    exporter = env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : 'none';
  }
  if (exporter === 'otlp') {
    for (const variable of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
      const protocol = env[variable]?.trim();
      if (protocol && protocol !== 'http/json') {
        throw new TypeError(`${variable} must be http/json (the hub exports traces as OTLP/HTTP with JSON bodies), received ${JSON.stringify(env[variable])}`);
      }
    }
  }
  return exporter;
}

/** The hub's trace pipeline: the provider the hub takes its tracer from, and how to stop it. */
export interface HubTraceProvider {
  readonly tracerProvider: TracerProvider;
  /** Exports the spans still buffered, then stops the exporter. */
  shutdown(): Promise<void>;
}

/**
 * Builds the trace pipeline the `OTEL_*` variables ask for (see {@link tracesExporterOf}), or
 * `undefined` when tracing is off, in which case no part of the OpenTelemetry SDK is loaded.
 * The endpoint is read from `env` (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is, or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`; the SDK's default `http://localhost:4318/v1/traces`
 * otherwise), as is `OTEL_SERVICE_NAME` (the service is `cityhub` unless named); the SDK reads
 * the others from the process environment: `OTEL_RESOURCE_ATTRIBUTES`,
 * `OTEL_EXPORTER_OTLP_HEADERS` and `…_TIMEOUT`, `OTEL_TRACES_SAMPLER` and its argument, `OTEL_BSP_*`.
 *
 * ```ts
 * const traces = await createTraceProvider(process.env);
 * const hub = await createCityHub({ …, ...(traces ? { tracing: { tracerProvider: traces.tracerProvider } } : {}) });
 * ```
 */
export async function createTraceProvider(env: Readonly<Record<string, string | undefined>>): Promise<HubTraceProvider | undefined> {
  const exporter = tracesExporterOf(env);
  if (exporter === 'none') return undefined;
  const [{ BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, ConsoleSpanExporter }, { defaultResource, detectResources, envDetector, resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
  ]);
  const processor =
    exporter === 'otlp'
      ? new BatchSpanProcessor(new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter(otlpUrlOf(env)))
      : new SimpleSpanProcessor(new ConsoleSpanExporter());
  // OTEL_RESOURCE_ATTRIBUTES (read by the environment detector) may name the service too; OTEL_SERVICE_NAME wins.
  const detected = defaultResource().merge(detectResources({ detectors: [envDetector] }));
  const named = env.OTEL_SERVICE_NAME?.trim() || (detected.attributes['service.name'] !== defaultResource().attributes['service.name'] ? String(detected.attributes['service.name']) : 'cityhub');
  const resource = detected.merge(resourceFromAttributes({ 'service.name': named }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  return { tracerProvider: provider, shutdown: () => provider.shutdown() };
}

// Private: the OTLP traces URL `env` names, as the specification builds it; none: the SDK's default.
function otlpUrlOf(env: Readonly<Record<string, string | undefined>>): { url?: string } {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return { url: traces };
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? { url: `${base.replace(/\/+$/, '')}/v1/traces` } : {};
}
