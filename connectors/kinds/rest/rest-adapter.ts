import { ConnectorError } from '../../../schema/index.ts';
import { endpointFrom } from '../../sdk/endpoint.ts';
import { createHttpClient } from '../../sdk/http-client.ts';
import { legacyValueAs } from '../../sdk/rows.ts';
import type { ConnectorManifest } from '../../sdk/manifest.ts';
import type { FilterValue, LegacyRow, SourceAdapter, SourceQuery, SourceRuntime } from '../../sdk/source-kind.ts';
import type { RestResource, RestSource } from './rest-source.ts';

function pick(body: unknown, path: string): unknown {
  if (path === '') return body;
  let value = body;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Creates the adapter of a `rest` connector. A query becomes one paginated walk: the batch
 * and the filters that the legacy API understands go into query parameters, the rest is
 * filtered here. A non-2xx answer, a body that is not JSON or rows that are not where the
 * manifest says are `UPSTREAM_*` errors naming the connector.
 */
export function createRestAdapter(manifest: ConnectorManifest & { source: RestSource }, runtime: SourceRuntime): SourceAdapter {
  const base = endpointFrom(manifest, runtime).replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [header, variable] of Object.entries(manifest.source.headersFromEnv)) {
    const value = runtime.env[variable];
    if (value) headers[header] = value;
  }

  // Keep-alive connections to the legacy API (a quarter of the global fetch's CPU per call).
  const http = createHttpClient({ connectorId: manifest.id, maxResponseBytes: manifest.maxResponseBytes });

  async function getJson(url: URL, signal: AbortSignal): Promise<unknown> {
    const answer = await http.request(url, { headers, signal, what: `GET ${url.pathname}` });
    if (answer.status < 200 || answer.status > 299) {
      const code = answer.status >= 500 || answer.status === 429 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_BAD_RESPONSE';
      throw new ConnectorError(manifest.id, `GET ${url.pathname} answered HTTP ${answer.status}`, code, {
        extensions: { status: answer.status },
      });
    }
    try {
      return JSON.parse(answer.body.toString('utf8'));
    } catch (cause) {
      throw new ConnectorError(manifest.id, `GET ${url.pathname} did not answer JSON`, 'UPSTREAM_BAD_RESPONSE', { cause });
    }
  }

  function legacyName(type: string, field: string): string {
    const from = manifest.catalogue[type]!.fields[field]!.from;
    if (typeof from !== 'string') throw new TypeError(`${type}.${field} is a GeoPoint and cannot be filtered on`);
    return from;
  }

  /** The filters the API does not understand, applied to the legacy rows. */
  function localFilter(resource: RestResource, query: SourceQuery): (row: LegacyRow) => boolean {
    const checks: Array<(row: LegacyRow) => boolean> = [];
    // Compare in catalogue terms, so a legacy 1 matches a Boolean filter on true.
    const valueOf = (field: string, row: LegacyRow) =>
      String(legacyValueAs(manifest.catalogue[query.type]!.fields[field]!.type, row[legacyName(query.type, field)]));
    if (query.in && !resource.params[query.in.field]) {
      const wanted = new Set(query.in.values.map(String));
      const field = query.in.field;
      checks.push((row) => wanted.has(valueOf(field, row)));
    }
    for (const [field, value] of Object.entries(query.equals ?? {})) {
      if (resource.params[field]) continue;
      checks.push((row) => valueOf(field, row) === String(value));
    }
    if (query.within && !resource.withinParam) {
      const name = legacyName(query.type, query.within.field);
      const scopes = query.within.scopes;
      checks.push((row) => typeof row[name] === 'string' && scopes.some((scope) => (row[name] as string).startsWith(scope)));
    }
    return (row) => checks.every((check) => check(row));
  }

  return {
    async find(query) {
      const resource = manifest.source.resources[query.type]!;
      if (query.in && query.in.values.length === 0) return [];
      const url = new URL(base + resource.path);
      const join = (values: readonly FilterValue[]) => values.map(String).join(resource.listSeparator);
      if (query.in && resource.params[query.in.field]) url.searchParams.set(resource.params[query.in.field]!, join(query.in.values));
      for (const [field, value] of Object.entries(query.equals ?? {})) {
        const param = resource.params[field];
        if (param) url.searchParams.set(param, String(value));
      }
      if (query.within && resource.withinParam) url.searchParams.set(resource.withinParam, join(query.within.scopes));

      const keep = localFilter(resource, query);
      const skip = query.offset ?? 0;
      const wanted = query.limit === undefined ? Infinity : skip + query.limit;
      const rows: LegacyRow[] = [];
      const pagination = resource.pagination;
      for (let page = 0; page < resource.maxPages; page += 1) {
        if (pagination.style === 'page') {
          url.searchParams.set(pagination.pageParam, String(pagination.firstPage + page));
          url.searchParams.set(pagination.sizeParam, String(pagination.pageSize));
        } else if (pagination.style === 'offset') {
          url.searchParams.set(pagination.offsetParam, String(page * pagination.pageSize));
          url.searchParams.set(pagination.limitParam, String(pagination.pageSize));
        }
        const body = await getJson(url, query.signal);
        const items = pick(body, resource.itemsPath);
        if (!Array.isArray(items)) {
          throw new ConnectorError(
            manifest.id,
            `GET ${resource.path} answered without a row array at "${resource.itemsPath || '(body)'}"`,
            'UPSTREAM_BAD_RESPONSE',
          );
        }
        for (const item of items) if (keep(item as LegacyRow)) rows.push(item as LegacyRow);
        if (pagination.style === 'none' || rows.length >= wanted) break;
        const total = pagination.totalPath ? Number(pick(body, pagination.totalPath)) : NaN;
        const seen = page * pagination.pageSize + items.length;
        if (items.length < pagination.pageSize || (Number.isFinite(total) && seen >= total)) break;
        if (page + 1 === resource.maxPages) {
          throw new ConnectorError(manifest.id, `GET ${resource.path} still had rows after ${resource.maxPages} pages`, 'UPSTREAM_BAD_RESPONSE');
        }
      }
      return query.limit === undefined ? rows.slice(skip) : rows.slice(skip, wanted);
    },
    async probe(signal) {
      const [type, resource] = Object.entries(manifest.source.resources)[0]!;
      const url = new URL(base + resource.path);
      if (resource.pagination.style === 'page') {
        url.searchParams.set(resource.pagination.pageParam, String(resource.pagination.firstPage));
        url.searchParams.set(resource.pagination.sizeParam, '1');
      } else if (resource.pagination.style === 'offset') {
        url.searchParams.set(resource.pagination.offsetParam, '0');
        url.searchParams.set(resource.pagination.limitParam, '1');
      }
      const body = await getJson(url, signal);
      if (!Array.isArray(pick(body, resource.itemsPath))) {
        throw new ConnectorError(manifest.id, `probe of ${type} found no row array at "${resource.itemsPath}"`, 'UPSTREAM_BAD_RESPONSE');
      }
    },
    async close() {
      http.close();
    },
  };
}
