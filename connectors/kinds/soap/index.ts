import type { SourceKind } from '../../sdk/source-kind.ts';
import { createSoapAdapter } from './soap-adapter.ts';
import { soapSourceSchema, type SoapSource } from './soap-source.ts';

/**
 * The `soap` source kind: XML envelopes over HTTP to a WSDL-described service. See
 * {@link soapSourceSchema} for the `source` block and how faults map to error codes.
 */
export const soapKind: SourceKind<SoapSource> = {
  kind: 'soap',
  sourceSchema: soapSourceSchema,
  check(manifest) {
    const issues: Array<[string, string]> = [];
    for (const [type, def] of Object.entries(manifest.catalogue)) {
      const operation = manifest.source.operations[type];
      if (!operation) {
        issues.push([`source.operations.${type}`, `names no operation for the catalogued type ${type}`]);
        continue;
      }
      for (const field of Object.keys(operation.params)) {
        const declared = def.fields[field];
        if (!declared) issues.push([`source.operations.${type}.params.${field}`, `${field} is not a field of ${type}`]);
        else if (declared.type === 'GeoPoint') issues.push([`source.operations.${type}.params.${field}`, `${field} is a GeoPoint and cannot be a request parameter`]);
      }
    }
    for (const type of Object.keys(manifest.source.operations)) {
      if (!manifest.catalogue[type]) issues.push([`source.operations.${type}`, `${type} is not a catalogued type`]);
    }
    return issues;
  },
  createAdapter: createSoapAdapter,
};

export { soapSourceSchema } from './soap-source.ts';
export type { SoapOperation, SoapSource } from './soap-source.ts';
export { buildSoapRequest, escapeXml, SOAP_ENVELOPE_NS } from './soap-envelope.ts';
export type { SoapRequestOptions } from './soap-envelope.ts';
