/**
 * Serialises a JSON value in CityHub's canonical form, the text the audit chain hashes.
 *
 * The form is RFC 8785 (JSON Canonicalization Scheme) for the values an audit entry holds:
 * - objects: members sorted by key in UTF-16 code unit order (JavaScript's default sort),
 *   written `{"a":1,"b":2}` with no whitespace;
 * - arrays: in their own order, `[1,2]`;
 * - strings: as `JSON.stringify` writes them (only `"`, `\`, and control characters escaped);
 * - numbers: finite only, as ECMAScript's `Number.prototype.toString` writes them
 *   (`-0` is written `0`);
 * - `true`, `false`, `null`.
 *
 * Anything else (`undefined`, functions, `NaN`, `Infinity`, bigints, symbols, class instances
 * such as `Date`) throws a `TypeError` naming the path, because a value that does not
 * survive a JSON round trip unchanged cannot be re-hashed by an outside verifier.
 *
 * ```ts
 * canonicalJson({ b: [1, 'x'], a: null }); // '{"a":null,"b":[1,"x"]}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

// Private: the recursive writer; `path` names the offending value in errors.
function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON allows finite numbers only, received ${value} at ${path}`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item, index) => write(item, `${path}[${index}]`)).join(',')}]`;
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        throw new TypeError(`canonical JSON allows plain objects only, received ${prototype?.constructor?.name ?? 'object'} at ${path}`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}.${key}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold ${typeof value}, received ${String(value)} at ${path}`);
  }
}
