// Module loader hooks (they run on the loader thread): append each loaded URL to the file.
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  if (!data?.file) throw new TypeError('CITYHUB_TEST_MODULES_FILE must name the file the loaded modules are recorded in');
  file = data.file;
}

export async function load(url, context, nextLoad) {
  appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}
