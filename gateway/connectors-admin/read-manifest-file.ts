import { readFile } from 'node:fs/promises';

/**
 * Reads a manifest document for registration: the JSON file's data, not yet validated (the
 * registration's check validates it and reports every offending path). Throws an `Error`
 * naming the file when it cannot be read or is not JSON.
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
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`the manifest file ${path} is not JSON: ${(error as Error).message}`);
  }
}
