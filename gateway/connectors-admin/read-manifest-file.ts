import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * Reads a manifest document for registration: the data of a JSON (`.json`) or YAML (`.yaml`,
 * `.yml`, anything else) file, not yet validated (the registration's check validates it and
 * reports every offending path; the registry stores the manifest as that data). Throws an
 * `Error` naming the file when it cannot be read or does not parse.
 *
 * ```ts
 * const candidate = await readManifestFile('./my-system.json');
 * ```
 */
export async function readManifestFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the manifest file ${path}: ${(error as Error).message}`);
  }
  const json = extname(path).toLowerCase() === '.json';
  try {
    const data: unknown = json ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
    // "$schema" tells editors the manifest's JSON Schema; it is not part of the manifest.
    if (typeof data === 'object' && data !== null && !Array.isArray(data) && '$schema' in data) delete (data as Record<string, unknown>).$schema;
    return data;
  } catch (error) {
    throw new Error(`the manifest file ${path} is not ${json ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
}
