import { readFile } from 'node:fs/promises';
import { parseManifestData } from '../../connectors/index.ts';

/**
 * Reads a manifest document for registration: the data of a JSON (`.json`) or YAML file, not
 * yet validated (the registration's check validates it and reports every offending path; the
 * registry stores the manifest as that data). Throws an `Error` naming the file when it
 * cannot be read, and a `ManifestError` with the line and column when it does not parse.
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
  return parseManifestData(text, { file: path });
}
