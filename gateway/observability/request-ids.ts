import { randomUUID } from 'node:crypto';

/** The id of each HTTP request, shared by its audit entries, its log line and its span. */
export interface RequestIds {
  /** The request's id: a random UUID, the same on every call for one request. */
  of(request: Request): string;
}

/**
 * Creates the request ids of one hub. An id lives as long as its request object (a WeakMap),
 * so the audit entry, the `extensions.requestId` of the response, the request's log line and
 * its span all carry the same one; the operations of one batched request share it.
 *
 * ```ts
 * const ids = createRequestIds();
 * useAudit({ log, manifests, requestIdOf: ids.of });
 * ```
 */
export function createRequestIds(): RequestIds {
  const ids = new WeakMap<Request, string>();
  return {
    of(request) {
      let id = ids.get(request);
      if (id === undefined) ids.set(request, (id = randomUUID()));
      return id;
    },
  };
}
