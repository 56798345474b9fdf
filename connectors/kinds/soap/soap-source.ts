import { z } from 'zod';

const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name');
const xmlName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must be an XML element name without a prefix, such as "yhbh"');

const operation = z.strictObject({
  /** The WSDL operation, such as `QueryYhxx`; the probe checks that the WSDL declares it. */
  operation: xmlName,
  /** The `SOAPAction` the service dispatches on (sent quoted, as SOAP 1.1 requires). */
  soapAction: z.string(),
  /** The request's body element, in the service's `namespace`. @default the operation name */
  requestElement: xmlName.optional(),
  /**
   * Request elements the service filters by, per catalogue field. These carry the batches:
   * a dataloader tick's keys are sent as one element per value (`<yhbh>a</yhbh><yhbh>b</yhbh>`),
   * or as one element joined by `listSeparator` when it is set. A field without a parameter
   * is filtered by the connector.
   */
  params: z.record(z.string(), xmlName).default({}),
  /** Request element meaning "administrative code starts with"; without it the connector filters. */
  withinParam: xmlName.optional(),
  /** When set, a batch of values goes into one element joined by this separator. */
  listSeparator: z.string().min(1).optional(),
  /**
   * Where the rows are below `soap:Body`, as a dotted path of element names without
   * prefixes; the last name is the repeated row element (`QueryYhxxResponse.return.yhxx`).
   */
  rowsPath: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must be a dotted path of element names such as "QueryYhxxResponse.return.yhxx"'),
});

/**
 * The `source` block of a `soap` connector: XML envelopes over HTTP to a WSDL-described
 * service (document/literal). Each catalogued type is read through one operation; its
 * rows' child elements are the legacy names the catalogue's `from` maps.
 *
 * Responses are parsed with fast-xml-parser and any document type declaration is refused
 * (SOAP forbids DTDs), so neither external nor internal entities are ever expanded. A SOAP
 * fault becomes a `ConnectorError` with `extensions.faultCode` and `extensions.faultString`:
 * `Server`/`Receiver` faults are `UPSTREAM_UNAVAILABLE` (the service failed, try later),
 * every other fault (`Client`/`Sender`, `VersionMismatch`, `MustUnderstand`, custom codes) is
 * `UPSTREAM_BAD_RESPONSE` (the service and the manifest disagree on the contract).
 *
 * ```ts
 * source: {
 *   kind: 'soap',
 *   endpointEnv: 'CITYHUB_FIRE_HAZARDS_URL', // http://host/services/YhpcService (WSDL at ?wsdl)
 *   namespace: 'http://xf.example.gov.cn/yhpc',
 *   operations: {
 *     FireHazard: {
 *       operation: 'QueryYhxx',
 *       soapAction: 'http://xf.example.gov.cn/yhpc/QueryYhxx',
 *       requestElement: 'QueryYhxxRequest',
 *       params: { hazardId: 'yhbh', streetCode: 'jdbm' },
 *       withinParam: 'xzqhdm',
 *       rowsPath: 'QueryYhxxResponse.return.yhxx',
 *     },
 *   },
 * }
 * ```
 */
export const soapSourceSchema = z.strictObject({
  kind: z.literal('soap'),
  /** The environment variable holding the service endpoint URL (`http://host:port/services/X`). */
  endpointEnv: envName,
  /** The target namespace of the request elements. */
  namespace: z.string().min(1),
  /** The envelope version: 1.1 (`text/xml`, `SOAPAction` header) or 1.2 (`application/soap+xml`). @default '1.1' */
  soapVersion: z.enum(['1.1', '1.2']).default('1.1'),
  /** HTTP headers whose values come from environment variables (credentials by reference). */
  headersFromEnv: z.record(z.string(), envName).default({}),
  /** The operation that reads each catalogued type. */
  operations: z.record(z.string(), operation),
});

/** A validated `soap` source block. */
export type SoapSource = z.output<typeof soapSourceSchema>;
/** How one catalogued type is read over SOAP. */
export type SoapOperation = SoapSource['operations'][string];
