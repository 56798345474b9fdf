/** The envelope namespaces of SOAP 1.1 and 1.2. */
export const SOAP_ENVELOPE_NS = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
} as const;

// Characters XML 1.0 cannot carry at all, not even as character references.
const ILLEGAL_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Escapes a value for XML text or a double-quoted attribute: `&`, `<`, `>`, `"` and `'`
 * become references, and characters XML 1.0 cannot carry (NUL and most control characters,
 * lone surrogates) become U+FFFD, so no value can change the envelope's structure.
 *
 * ```ts
 * escapeXml('a</yhbh><admin>1'); // 'a&lt;/yhbh&gt;&lt;admin&gt;1'
 * ```
 */
export function escapeXml(value: string): string {
  return value
    .replace(ILLEGAL_XML_CHARS, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** What {@link buildSoapRequest} puts into the body element. */
export interface SoapRequestOptions {
  readonly version: '1.1' | '1.2';
  /** The target namespace of the body element. */
  readonly namespace: string;
  /** The body element's local name. */
  readonly element: string;
  /** Child elements in order; an element name may repeat (one per value of a batch). */
  readonly params: ReadonlyArray<readonly [element: string, value: string]>;
}

/**
 * Builds a document/literal request envelope. Element names come from the validated
 * manifest; every value and the namespace are escaped with {@link escapeXml}.
 *
 * ```ts
 * buildSoapRequest({ version: '1.1', namespace: 'http://xf/yhpc', element: 'QueryYhxxRequest', params: [['yhbh', 'YH001']] });
 * ```
 */
export function buildSoapRequest(options: SoapRequestOptions): string {
  const children = options.params.map(([name, value]) => `<tns:${name}>${escapeXml(value)}</tns:${name}>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP_ENVELOPE_NS[options.version]}" xmlns:tns="${escapeXml(options.namespace)}">` +
    `<soap:Body><tns:${options.element}>${children}</tns:${options.element}></soap:Body>` +
    '</soap:Envelope>'
  );
}
