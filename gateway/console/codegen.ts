import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { printConsoleSchema } from './console-schema.ts';

const CONSOLE_DIR = dirname(fileURLToPath(import.meta.url));
/** Where the generated documents and types live (committed; see {@link generateConsoleTypes}). */
export const CONSOLE_GQL_DIR = join(CONSOLE_DIR, 'src', 'gql');

/** One generated file: its path and the text it must hold. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** Options of {@link generateConsoleTypes}. */
export interface GenerateConsoleTypesOptions {
  /** The documents to read (globs). @default every `.ts`/`.tsx` file under `gateway/console/src` but the generated ones */
  readonly documents?: readonly string[];
  /** The schema SDL to type them against. @default {@link printConsoleSchema}() */
  readonly schema?: string;
}

/**
 * Runs GraphQL Code Generator's client preset over the console's `graphql(…)` documents and
 * the hub's whole schema ({@link printConsoleSchema}: the sample city, governed, with the
 * auditors' and the registry's APIs), and answers the files of `src/gql/`: a typed
 * `graphql()` function and, per document, a `TypedDocumentString` (a string the console
 * sends as is, carrying its answer and variable types), so no GraphQL parser ships for them.
 *
 * The files are committed rather than generated during the build: generating needs the
 * hub's own modules (every connector manifest, governance, the APIs), which the browser
 * build should not load, and committed types let `tsc -p gateway/console` run on a fresh
 * clone. `tests/gateway/console-codegen.test.ts` fails when they are stale;
 * `npm run codegen:console` writes them. A document that does not validate against the
 * schema rejects, naming the document and the error.
 *
 * ```ts
 * for (const file of await generateConsoleTypes()) writeFileSync(file.path, file.content);
 * ```
 */
export async function generateConsoleTypes(options: GenerateConsoleTypesOptions = {}): Promise<GeneratedFile[]> {
  const outDir = `${CONSOLE_GQL_DIR}/`;
  const files = await generate(
    {
      schema: options.schema ?? printConsoleSchema(),
      documents: [...(options.documents ?? [join(CONSOLE_DIR, 'src', '**', '*.{ts,tsx}')]), `!${join(CONSOLE_GQL_DIR, '**')}`],
      generates: {
        [outDir]: {
          preset: 'client',
          presetConfig: { fragmentMasking: false },
          config: {
            documentMode: 'string',
            useTypeImports: true,
            enumsAsTypes: true,
            scalars: { AdminCode: 'string', DateTime: 'string' },
            strictScalars: true,
            avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
          },
        },
      },
      silent: true,
      errorsOnly: true,
    },
    false,
  );
  return files.map((file: { filename: string; content: string }) => ({ path: file.filename, content: file.content }));
}

/** The generated files whose committed text differs from what {@link generateConsoleTypes} answers now (relative paths). */
export function staleFiles(files: readonly GeneratedFile[]): string[] {
  return files.filter((file) => !existsSync(file.path) || readFileSync(file.path, 'utf8') !== file.content).map((file) => relative(CONSOLE_DIR, file.path));
}

// `npm run codegen:console`: writes the generated files (tsx gateway/console/codegen.ts).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const files = await generateConsoleTypes();
    const stale = staleFiles(files);
    for (const file of files) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.content);
    }
    console.log(stale.length === 0 ? 'cityhub: the console\'s generated types are up to date' : `cityhub: wrote ${stale.join(', ')}`);
  } catch (error) {
    console.error(`cityhub: generating the console's types failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
