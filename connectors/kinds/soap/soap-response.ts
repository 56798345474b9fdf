import { XMLParser } from 'fast-xml-parser';
import { ConnectorError } from '../../../schema/index.ts';

/** Longest fault string carried into `extensions.faultString`. */
const MAX_FAULT_STRING = 500;

// Private: one parser for envelopes. Attributes are ignored (rows are child elements),
// prefixes are dropped (`soap:Body` → `Body`), and values stay text: the SDK converts them
// to their declared types. Entities are limited to XML's five and character references,
// because any document type declaration is refused before parsing.
const envelopeParser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

// Private: the WSDL parser keeps attributes, which hold the operation names.
const wsdlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parses an XML document from a legacy service, refusing any document type declaration:
 * SOAP 1.1 and 1.2 forbid DTDs in messages, and refusing them means no entity, external
 * (XXE) or internal (billion laughs), is ever expanded.
 */
export function parseServiceXml(connector: string, what: string, text: string, parser: 'envelope' | 'wsdl' = 'envelope'): unknown {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new ConnectorError(connector, `${what} carries a document type declaration, which SOAP forbids; it was not parsed`, 'UPSTREAM_BAD_RESPONSE');
  }
  try {
    return (parser === 'wsdl' ? wsdlParser : envelopeParser).parse(text, true);
  } catch (cause) {
    throw new ConnectorError(connector, `${what} is not well-formed XML`, 'UPSTREAM_BAD_RESPONSE', { cause });
  }
}

function child(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return text(value[0]);
  const inner = child(value, '#text');
  return typeof inner === 'string' ? inner : '';
}

/** The `Body` of a parsed envelope, or an `UPSTREAM_BAD_RESPONSE` when there is none. */
export function soapBody(connector: string, operation: string, document: unknown): unknown {
  const body = child(child(document, 'Envelope'), 'Body');
  if (body === undefined) {
    throw new ConnectorError(connector, `${operation} did not answer a SOAP envelope with a Body`, 'UPSTREAM_BAD_RESPONSE');
  }
  return body;
}

/** A SOAP fault in the service's words. */
export interface SoapFault {
  /** The fault code without its namespace prefix, such as `Server` or `Client.InvalidParam`. */
  readonly code: string;
  readonly string: string;
}

/** The fault in a SOAP 1.1 or 1.2 body, if the body carries one. */
export function soapFault(body: unknown): SoapFault | undefined {
  const fault = child(body, 'Fault');
  if (fault === undefined) return undefined;
  const code11 = child(fault, 'faultcode');
  const rawCode =
    code11 !== undefined
      ? text(code11)
      : [text(child(child(fault, 'Code'), 'Value')), text(child(child(child(fault, 'Code'), 'Subcode'), 'Value'))].filter(Boolean).join('.');
  const rawString = child(fault, 'faultstring') !== undefined ? text(child(fault, 'faultstring')) : text(child(child(fault, 'Reason'), 'Text'));
  const code = rawCode
    .split('.')
    .map((part) => part.slice(part.indexOf(':') + 1))
    .join('.');
  return { code: code || 'Unknown', string: rawString.slice(0, MAX_FAULT_STRING) };
}

/**
 * The error a fault becomes. `Server` (1.1) and `Receiver` (1.2) faults mean the service
 * failed: `UPSTREAM_UNAVAILABLE`. Any other fault means the service refused what the
 * manifest sent, or answered outside the contract: `UPSTREAM_BAD_RESPONSE`.
 */
export function faultError(connector: string, operation: string, fault: SoapFault): ConnectorError {
  const head = fault.code.split('.')[0];
  const code = head === 'Server' || head === 'Receiver' ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_BAD_RESPONSE';
  // The fault's text is the service's own (it may quote SQL or hosts): it travels in
  // `extensions.faultString`, which the gateway logs and never shows its clients.
  return new ConnectorError(connector, `${operation} answered SOAP fault ${fault.code}`, code, {
    extensions: { operation, faultCode: fault.code, faultString: fault.string },
  });
}

/**
 * The rows at `rowsPath` below the body. A present parent without the row element is an
 * empty answer; a missing parent is an `UPSTREAM_BAD_RESPONSE`. One row element parses as
 * an object, several as an array: both become an array.
 */
export function rowsAt(connector: string, operation: string, body: unknown, rowsPath: string): unknown[] {
  const parts = rowsPath.split('.');
  let value: unknown = body;
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1;
    // An empty element parses as '': it holds no rows.
    if (last && value === '') return [];
    const next = child(value, part);
    if (next === undefined) {
      if (last && typeof value === 'object' && value !== null && !Array.isArray(value)) return [];
      throw new ConnectorError(connector, `${operation} answered without "${parts.slice(0, index + 1).join('.')}" in its body`, 'UPSTREAM_BAD_RESPONSE');
    }
    value = next;
  }
  return Array.isArray(value) ? value : [value];
}

/** The operation names a WSDL 1.1 (`portType`) or 2.0 (`interface`) document declares. */
export function wsdlOperations(document: unknown): Set<string> | undefined {
  const root = child(document, 'definitions') ?? child(document, 'description');
  if (root === undefined) return undefined;
  const names = new Set<string>();
  const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  for (const port of [...list(child(root, 'portType')), ...list(child(root, 'interface'))]) {
    for (const operation of list(child(port, 'operation'))) {
      const name = child(operation, '@name');
      if (typeof name === 'string') names.add(name);
    }
  }
  return names;
}
