import { ConnectorError } from '../../../schema/index.ts';
import { endpointFrom } from '../../sdk/endpoint.ts';
import type { ConnectorManifest } from '../../sdk/manifest.ts';
import type { FilterValue, LegacyRow, SourceAdapter, SourceQuery, SourceRuntime } from '../../sdk/source-kind.ts';
import { readCappedBody } from '../../sdk/read-capped.ts';
import { buildSoapRequest } from './soap-envelope.ts';
import { faultError, parseServiceXml, rowsAt, soapBody, soapFault, wsdlOperations } from './soap-response.ts';
import type { SoapOperation, SoapSource } from './soap-source.ts';

// xsd:boolean's lexical space; anything else is left for the SDK to reject.
const XSD_BOOLEAN: Readonly<Record<string, boolean>> = { true: true, '1': true, false: false, '0': false };

/**
 * Creates the adapter of a `soap` connector. A query becomes one POST of a request
 * envelope: the batch and the filters the operation understands go into request elements,
 * the rest is filtered here, and paging is applied to the answer. A fault, a non-2xx answer
 * without a fault, a body that is not a SOAP envelope, or rows missing where the manifest
 * says are `UPSTREAM_*` errors naming the connector.
 */
export function createSoapAdapter(manifest: ConnectorManifest & { source: SoapSource }, runtime: SourceRuntime): SourceAdapter {
  const endpoint = endpointFrom(manifest, runtime);
  const { source } = manifest;
  const extraHeaders: Record<string, string> = {};
  for (const [header, variable] of Object.entries(source.headersFromEnv)) {
    const value = runtime.env[variable];
    if (value) extraHeaders[header] = value;
  }

  function legacyName(type: string, field: string): string {
    const from = manifest.catalogue[type]!.fields[field]!.from;
    if (typeof from !== 'string') throw new TypeError(`${type}.${field} is a GeoPoint and cannot be filtered on`);
    return from;
  }

  function requestParams(operation: SoapOperation, query: SourceQuery): Array<[string, string]> {
    const params: Array<[string, string]> = [];
    const put = (element: string, values: readonly FilterValue[]) => {
      if (operation.listSeparator !== undefined) params.push([element, values.map(String).join(operation.listSeparator)]);
      else for (const value of values) params.push([element, String(value)]);
    };
    if (query.in && operation.params[query.in.field]) put(operation.params[query.in.field]!, query.in.values);
    for (const [field, value] of Object.entries(query.equals ?? {})) {
      const element = operation.params[field];
      if (element) put(element, [value]);
    }
    if (query.within && operation.withinParam) put(operation.withinParam, query.within.scopes);
    return params;
  }

  /** The filters the operation does not understand, applied to the legacy rows. */
  function localFilter(operation: SoapOperation, query: SourceQuery): (row: LegacyRow) => boolean {
    const checks: Array<(row: LegacyRow) => boolean> = [];
    if (query.in && !operation.params[query.in.field]) {
      const wanted = new Set(query.in.values.map(String));
      const name = legacyName(query.type, query.in.field);
      checks.push((row) => wanted.has(String(row[name])));
    }
    for (const [field, value] of Object.entries(query.equals ?? {})) {
      if (operation.params[field]) continue;
      const name = legacyName(query.type, field);
      checks.push((row) => String(row[name]) === String(value));
    }
    if (query.within && !operation.withinParam) {
      const name = legacyName(query.type, query.within.field);
      const scopes = query.within.scopes;
      checks.push((row) => typeof row[name] === 'string' && scopes.some((scope) => (row[name] as string).startsWith(scope)));
    }
    return (row) => checks.every((check) => check(row));
  }

  /** Turns xsd:boolean text into booleans for the fields declared Boolean. */
  function typedRow(type: string, row: unknown): LegacyRow {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return row as LegacyRow;
    const converted: Record<string, unknown> = { ...(row as Record<string, unknown>) };
    for (const field of Object.values(manifest.catalogue[type]!.fields)) {
      if (field.type !== 'Boolean' || typeof field.from !== 'string') continue;
      const value = converted[field.from];
      if (typeof value === 'string' && Object.hasOwn(XSD_BOOLEAN, value)) converted[field.from] = XSD_BOOLEAN[value];
    }
    return converted;
  }

  async function call(operation: SoapOperation, params: Array<[string, string]>, signal: AbortSignal): Promise<unknown> {
    const envelope = buildSoapRequest({
      version: source.soapVersion,
      namespace: source.namespace,
      element: operation.requestElement ?? operation.operation,
      params,
    });
    const headers: Record<string, string> =
      source.soapVersion === '1.1'
        ? { 'content-type': 'text/xml; charset=utf-8', soapaction: JSON.stringify(operation.soapAction) }
        : { 'content-type': `application/soap+xml; charset=utf-8; action=${JSON.stringify(operation.soapAction)}` };
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { ...extraHeaders, ...headers, accept: 'text/xml, application/soap+xml' },
      body: envelope,
      signal,
    });
    const what = `${operation.operation} (HTTP ${response.status})`;
    const text = (await readCappedBody(response, { connectorId: manifest.id, what: `the answer of ${what}`, maxResponseBytes: manifest.maxResponseBytes })).toString('utf8');
    // A fault usually comes with HTTP 500; read it before judging the status.
    const looksLikeXml = text.trimStart().startsWith('<');
    if (!response.ok && !looksLikeXml) {
      const code = response.status >= 500 || response.status === 429 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_BAD_RESPONSE';
      throw new ConnectorError(manifest.id, `${operation.operation} answered HTTP ${response.status}`, code, {
        extensions: { status: response.status, operation: operation.operation },
      });
    }
    const body = soapBody(manifest.id, what, parseServiceXml(manifest.id, `the answer of ${what}`, text));
    const fault = soapFault(body);
    if (fault) throw faultError(manifest.id, operation.operation, fault);
    if (!response.ok) {
      const code = response.status >= 500 || response.status === 429 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_BAD_RESPONSE';
      throw new ConnectorError(manifest.id, `${operation.operation} answered HTTP ${response.status} without a SOAP fault`, code, {
        extensions: { status: response.status, operation: operation.operation },
      });
    }
    return body;
  }

  return {
    async find(query) {
      const operation = source.operations[query.type]!;
      if (query.in && query.in.values.length === 0) return [];
      const body = await call(operation, requestParams(operation, query), query.signal);
      const keep = localFilter(operation, query);
      const rows = rowsAt(manifest.id, operation.operation, body, operation.rowsPath)
        .map((row) => typedRow(query.type, row))
        .filter((row) => typeof row !== 'object' || row === null || keep(row));
      const skip = query.offset ?? 0;
      return query.limit === undefined ? rows.slice(skip) : rows.slice(skip, skip + query.limit);
    },
    async probe(signal) {
      const url = new URL(endpoint);
      url.search = url.search ? `${url.search}&wsdl` : '?wsdl';
      const response = await fetch(url, { headers: { ...extraHeaders, accept: 'text/xml' }, signal });
      const text = (await readCappedBody(response, { connectorId: manifest.id, what: 'the WSDL', maxResponseBytes: manifest.maxResponseBytes })).toString('utf8');
      if (!response.ok) {
        const code = response.status >= 500 || response.status === 429 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_BAD_RESPONSE';
        throw new ConnectorError(manifest.id, `the WSDL answered HTTP ${response.status}`, code, { extensions: { status: response.status } });
      }
      const declared = wsdlOperations(parseServiceXml(manifest.id, 'the WSDL', text, 'wsdl'));
      if (!declared) throw new ConnectorError(manifest.id, 'the WSDL has no definitions or description element', 'UPSTREAM_BAD_RESPONSE');
      const missing = Object.values(source.operations)
        .map((operation) => operation.operation)
        .filter((name) => !declared.has(name));
      if (missing.length > 0) {
        throw new ConnectorError(manifest.id, `the WSDL does not declare the operation(s) ${missing.join(', ')}`, 'UPSTREAM_BAD_RESPONSE', {
          extensions: { missingOperations: missing },
        });
      }
    },
    async close() {},
  };
}
