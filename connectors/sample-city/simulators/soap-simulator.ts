import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** One operation of a simulated legacy SOAP service (document/literal). */
export interface LegacySoapOperation {
  /** The WSDL operation name, such as `QueryYhxx`. */
  readonly operation: string;
  /** The `SOAPAction` this operation is dispatched on. */
  readonly soapAction: string;
  /** The request body element. */
  readonly requestElement: string;
  /** The response body element, such as `QueryYhxxResponse`. */
  readonly responseElement: string;
  /** The wrapper of the rows inside the response element, such as `return`. */
  readonly resultElement: string;
  /** The repeated row element, such as `yhxx`. */
  readonly rowElement: string;
  readonly rows: ReadonlyArray<Readonly<Record<string, string | number | boolean | null>>>;
  /** Request element → legacy field; repeated elements (or a joined list) match any value. */
  readonly filters: Readonly<Record<string, string>>;
  /** Request element meaning "this legacy field starts with one of these codes". */
  readonly within?: { readonly element: string; readonly field: string };
  /** When set, list values arrive joined by this separator in one element. */
  readonly listSeparator?: string;
}

/** One request the simulated service received. */
export interface RecordedSoapCall {
  readonly soapAction: string;
  readonly operation?: string;
  /** Request element → the values it carried, in order. */
  readonly params: Readonly<Record<string, readonly string[]>>;
  /** The raw request body, for tests that check escaping. */
  readonly body: string;
}

/** A running simulated SOAP service. */
export interface SoapSimulator {
  /** The service endpoint; its WSDL is at `?wsdl`. */
  readonly url: string;
  /** Every POST received, oldest first (WSDL fetches are not recorded). */
  readonly calls: RecordedSoapCall[];
  /** Delays every answer (to exercise timeouts). */
  setDelay(ms: number): void;
  /** Answers every POST with this SOAP fault (HTTP 500), or restores service with `null`. */
  setFault(fault: { readonly code: string; readonly string: string } | null): void;
  /** Answers every POST with this raw body and status, or restores service with `null`. */
  setRawResponse(response: { readonly status: number; readonly body: string; readonly contentType?: string } | null): void;
  close(): Promise<void>;
}

/** Options of {@link startSoapSimulator}. */
export interface SoapSimulatorOptions {
  /** The service name in the WSDL, such as `YhpcService`. */
  readonly service: string;
  readonly namespace: string;
  readonly operations: readonly LegacySoapOperation[];
  /** Path of the endpoint. @default `/services/<service>` */
  readonly path?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

const requestParser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, processEntities: true, htmlEntities: false });
const xmlBuilder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true, suppressEmptyNode: true });

/** The WSDL 1.1 document of a simulated service, generated from its operations. */
function wsdlOf(options: SoapSimulatorOptions, url: string): string {
  const { service, namespace, operations } = options;
  const complex = (name: string, elements: string[]) => ({
    '@name': name,
    'xsd:complexType': { 'xsd:sequence': { 'xsd:element': elements.map((element) => ({ '@name': element, '@type': 'xsd:string', '@minOccurs': '0', '@maxOccurs': 'unbounded' })) } },
  });
  const definitions = {
    'wsdl:definitions': {
      '@xmlns:wsdl': 'http://schemas.xmlsoap.org/wsdl/',
      '@xmlns:soap': 'http://schemas.xmlsoap.org/wsdl/soap/',
      '@xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
      '@xmlns:tns': namespace,
      '@targetNamespace': namespace,
      '@name': service,
      'wsdl:types': {
        'xsd:schema': {
          '@targetNamespace': namespace,
          '@elementFormDefault': 'qualified',
          'xsd:element': operations.flatMap((op) => [
            complex(op.requestElement, [...Object.keys(op.filters), ...(op.within ? [op.within.element] : [])]),
            complex(op.responseElement, [op.resultElement]),
          ]),
        },
      },
      'wsdl:message': operations.flatMap((op) => [
        { '@name': `${op.operation}Request`, 'wsdl:part': { '@name': 'parameters', '@element': `tns:${op.requestElement}` } },
        { '@name': `${op.operation}Response`, 'wsdl:part': { '@name': 'parameters', '@element': `tns:${op.responseElement}` } },
      ]),
      'wsdl:portType': {
        '@name': `${service}PortType`,
        'wsdl:operation': operations.map((op) => ({
          '@name': op.operation,
          'wsdl:input': { '@message': `tns:${op.operation}Request` },
          'wsdl:output': { '@message': `tns:${op.operation}Response` },
        })),
      },
      'wsdl:binding': {
        '@name': `${service}Binding`,
        '@type': `tns:${service}PortType`,
        'soap:binding': { '@style': 'document', '@transport': 'http://schemas.xmlsoap.org/soap/http' },
        'wsdl:operation': operations.map((op) => ({
          '@name': op.operation,
          'soap:operation': { '@soapAction': op.soapAction },
          'wsdl:input': { 'soap:body': { '@use': 'literal' } },
          'wsdl:output': { 'soap:body': { '@use': 'literal' } },
        })),
      },
      'wsdl:service': {
        '@name': service,
        'wsdl:port': { '@name': `${service}Port`, '@binding': `tns:${service}Binding`, 'soap:address': { '@location': url } },
      },
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>${xmlBuilder.build(definitions)}`;
}

function envelope(version: '1.1' | '1.2', body: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${xmlBuilder.build({
    'soap:Envelope': { '@xmlns:soap': version === '1.1' ? SOAP11 : SOAP12, 'soap:Body': body },
  })}`;
}

function faultBody(version: '1.1' | '1.2', code: string, reason: string): unknown {
  if (version === '1.1') return { 'soap:Fault': { faultcode: `soap:${code}`, faultstring: reason } };
  const code12 = code === 'Client' ? 'Sender' : code === 'Server' ? 'Receiver' : code;
  return { 'soap:Fault': { 'soap:Code': { 'soap:Value': `soap:${code12}` }, 'soap:Reason': { 'soap:Text': { '@xml:lang': 'zh', '#text': reason } } } };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts a simulated legacy SOAP service on a loopback port: document/literal operations
 * dispatched on `SOAPAction` (SOAP 1.1 header or the SOAP 1.2 `action` media-type
 * parameter), its WSDL at `?wsdl`, request elements as filters, SOAP faults for requests
 * it does not understand, and a call log.
 */
export async function startSoapSimulator(options: SoapSimulatorOptions): Promise<SoapSimulator> {
  const calls: RecordedSoapCall[] = [];
  const path = options.path ?? `/services/${options.service}`;
  let delayMs = 0;
  let fault: { code: string; string: string } | null = null;
  let raw: { status: number; body: string; contentType?: string } | null = null;
  const byAction = new Map(options.operations.map((op) => [op.soapAction, op]));
  let url = '';

  const server: Server = createServer((request, response) => {
    const send = (status: number, body: string, contentType = 'text/xml; charset=utf-8') => {
      const write = () => {
        if (response.destroyed) return;
        response.writeHead(status, { 'content-type': contentType });
        response.end(body);
      };
      if (delayMs > 0) setTimeout(write, delayMs).unref();
      else write();
    };
    const requestUrl = new URL(request.url ?? '/', 'http://simulator');
    if (requestUrl.pathname !== path) return send(404, 'Not Found', 'text/plain');
    if (request.method === 'GET' && requestUrl.searchParams.has('wsdl')) return send(200, wsdlOf(options, url));
    if (request.method !== 'POST') return send(405, 'Method Not Allowed', 'text/plain');

    void readBody(request).then((text) => {
      const contentType = request.headers['content-type'] ?? '';
      const version = contentType.startsWith('application/soap+xml') ? '1.2' : '1.1';
      const headerAction = request.headers.soapaction;
      const action = (typeof headerAction === 'string' ? headerAction : (/action="([^"]*)"/.exec(contentType)?.[1] ?? '')).replace(/^"|"$/g, '');
      const op = byAction.get(action);
      const params: Record<string, string[]> = {};
      const answerFault = (code: string, reason: string) => send(500, envelope(version, faultBody(version, code, reason)));
      let parsed: any;
      try {
        if (/<!DOCTYPE/i.test(text)) throw new Error('DOCTYPE is not allowed');
        parsed = requestParser.parse(text, true);
      } catch {
        calls.push({ soapAction: action, operation: op?.operation, params, body: text });
        return answerFault('Client', '请求报文格式错误');
      }
      const requestElement = op ? parsed?.Envelope?.Body?.[op.requestElement] : undefined;
      if (op && typeof requestElement === 'object' && requestElement !== null) {
        for (const [name, value] of Object.entries(requestElement)) {
          const values = (Array.isArray(value) ? value : [value]).map(String);
          params[name] = op.listSeparator === undefined ? values : values.flatMap((v) => v.split(op.listSeparator!));
        }
      }
      calls.push({ soapAction: action, operation: op?.operation, params, body: text });
      if (raw) return send(raw.status, raw.body, raw.contentType);
      if (fault) return answerFault(fault.code, fault.string);
      if (!op) return answerFault('Client', `未知的 SOAPAction: ${action}`);
      if (requestElement === undefined) return answerFault('Client', `缺少请求元素 ${op.requestElement}`);

      let rows = op.rows;
      for (const [element, field] of Object.entries(op.filters)) {
        const wanted = params[element];
        if (!wanted) continue;
        const set = new Set(wanted);
        rows = rows.filter((row) => set.has(String(row[field])));
      }
      const scopes = op.within && params[op.within.element];
      if (op.within && scopes) rows = rows.filter((row) => scopes.some((scope) => String(row[op.within!.field]).startsWith(scope)));
      const result = rows.length === 0 ? '' : { [op.rowElement]: rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)]))) };
      send(200, envelope(version, { [`ns:${op.responseElement}`]: { '@xmlns:ns': options.namespace, [op.resultElement]: result } }));
    });
  });
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  url = `http://${address.address}:${address.port}${path}`;
  return {
    url,
    calls,
    setDelay: (ms) => {
      delayMs = ms;
    },
    setFault: (next) => {
      fault = next ? { ...next } : null;
    },
    setRawResponse: (next) => {
      raw = next ? { ...next } : null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
