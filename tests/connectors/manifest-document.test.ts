import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ManifestError,
  SOURCE_KINDS,
  defineConnector,
  loadManifestDocument,
  manifestJsonSchema,
  manifestPathLocator,
  parseManifestDocument,
} from '../../connectors/index.ts';
import { FIXTURES_DIR, farmSubsidiesManifest, fixture } from '../support/farm-subsidies.ts';

function refusal(text: string, options: Parameters<typeof parseManifestDocument>[1]): ManifestError {
  try {
    parseManifestDocument(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('the document was accepted');
}

const scratch = mkdtempSync(join(tmpdir(), 'cityhub-manifest-document-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('manifest documents', () => {
  it('loads a JSON and a YAML manifest of a new system to the same definition as the TypeScript object', async () => {
    const expected = defineConnector(farmSubsidiesManifest()).manifest;
    const json = await loadManifestDocument(join(FIXTURES_DIR, 'farm-subsidies.json'));
    const yaml = await loadManifestDocument(join(FIXTURES_DIR, 'farm-subsidies.yaml'));
    expect(json.manifest).toEqual(expected);
    expect(yaml.manifest).toEqual(expected);
    expect(json.kind).toBe(SOURCE_KINDS.sql);
  });

  it('reports every offending path with the file and its line and column', () => {
    const text = fixture('farm-subsidies.yaml')
      .replace('sensitivity: internal }\n      scheme', 'sensitivity: secret }\n      scheme')
      .replace('key: subsidyId', 'key: paymentId') // a reference issue, reported once the shape is right
      .replace('timeoutMs: 2000', 'timeoutMs: -1');
    const error = refusal(text, { file: 'farm-subsidies.yaml' });
    expect(error.file).toBe('farm-subsidies.yaml');
    expect(error.issues.map(({ path, line, column }) => ({ path, line, column }))).toEqual([
      { path: 'timeoutMs', line: 11, column: 1 },
      { path: 'catalogue.FarmSubsidy.fields.subsidyId.sensitivity', line: 18, column: 66 },
    ]);
    expect(error.message).toMatch(/^Invalid manifest "farm-subsidies" in farm-subsidies\.yaml: timeoutMs at 11:1: .*; catalogue\.FarmSubsidy\.fields\.subsidyId\.sensitivity at 18:66: Invalid option/);
    expect(error.extensions).toMatchObject({ code: 'INVALID_MANIFEST', connector: 'farm-subsidies', file: 'farm-subsidies.yaml' });

    // Once the shape is right, the references inside the catalogue are checked, with positions too.
    const references = refusal(fixture('farm-subsidies.yaml').replace('key: subsidyId', 'key: paymentId').replace('[streetCode, scheme]', '[streetCode, colour]'), {
      file: 'farm-subsidies.yaml',
    });
    expect(references.issues).toEqual([
      { path: 'catalogue.FarmSubsidy.key', message: 'names "paymentId", which is not a field of FarmSubsidy', line: 14, column: 5 },
      { path: 'catalogue.FarmSubsidy.filters.1', message: 'names "colour", which is not a field of FarmSubsidy', line: 16, column: 27 },
    ]);
  });

  it('points a missing entry at the nearest enclosing entry the document has', () => {
    const manifest = farmSubsidiesManifest();
    delete manifest.catalogue.FarmSubsidy.fields.scheme.sharing;
    const error = refusal(JSON.stringify(manifest, null, 2), { format: 'json', file: 'farm.json' });
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: 'catalogue.FarmSubsidy.fields.scheme.sharing' });
    const lines = JSON.stringify(manifest, null, 2).split('\n');
    expect(lines[error.issues[0]!.line! - 1]).toMatch(/^\s+"scheme": \{$/);
  });

  it('reports the source block of the kind with its positions', () => {
    const text = fixture('farm-subsidies.json').replace('"endpointEnv": "CITYHUB_FARM_SUBSIDIES_DB"', '"endpointEnv": "farm db"');
    const error = refusal(text, { file: 'farm-subsidies.json' });
    expect(error.issues).toEqual([{ path: 'source.endpointEnv', message: 'must be an environment variable name', line: 9, column: 5 }]);
  });

  it('refuses a YAML syntax error and a duplicate key with their positions', () => {
    const broken = refusal('id: farm-subsidies\nnames: { zh: 惠农, en: Farms\ndomain: x\n', { file: 'farm.yaml' });
    expect(broken.issues.length).toBeGreaterThan(0);
    expect(broken.issues[0]).toMatchObject({ path: '' });
    expect(broken.issues[0]!.line).toBeGreaterThanOrEqual(2);
    expect(broken.message).toMatch(/^Invalid manifest in farm\.yaml: \(root\) at \d+:\d+: /);

    const duplicate = refusal(fixture('farm-subsidies.yaml').replace('domain: agriculture', 'domain: agriculture\nid: farms'), { file: 'farm.yaml' });
    expect(duplicate.issues).toEqual([{ path: '', message: 'Map keys must be unique', line: 6, column: 1 }]);
  });

  it('reads JSON strictly: a comment or a trailing comma is refused with its position', () => {
    const comment = refusal('{\n  // farms\n  "id": "farm-subsidies"\n}', { format: 'json', file: 'farm.json' });
    expect(comment.issues).toEqual([{ path: '', message: expect.stringMatching(/^not valid JSON: /), line: 2, column: 3 }]);
    const trailing = refusal('{ "id": "farm-subsidies", }', { format: 'json' });
    expect(trailing.issues[0]).toMatchObject({ path: '', line: 1, column: 27, message: expect.stringMatching(/^not valid JSON: Expected double-quoted property name/) });
    // The same text read as YAML is a mapping, and is then refused by the manifest schema, not the parser.
    expect(refusal('{ "id": "farm-subsidies", }', { format: 'yaml' }).issues.map((issue) => issue.path)).toContain('names');
  });

  it('refuses a document that is not a mapping, naming the root', () => {
    expect(refusal('- farm-subsidies\n', { file: 'farm.yaml' }).issues).toEqual([
      { path: '', message: expect.stringMatching(/expected object, received array/), line: 1, column: 1 },
    ]);
  });

  it('refuses an unknown format and a file that is not JSON or YAML', async () => {
    expect(() => parseManifestDocument('{}', { format: 'toml' as never })).toThrow('format must be "json" or "yaml", received "toml"');
    const file = join(scratch, 'farm.toml');
    writeFileSync(file, 'id = "farm"');
    await expect(loadManifestDocument(file)).rejects.toThrow(/must be a \.json, \.yaml or \.yml file, received ".*farm\.toml"/);
  });

  it('locates manifest paths in a document, and no schema coordinate', () => {
    const text = fixture('farm-subsidies.yaml');
    const lines = text.split('\n');
    const locate = manifestPathLocator(text);
    expect(locate('source.endpointEnv')).toEqual({ line: 8, column: 3 });
    // A missing entry (no mask on streetCode) points at its field.
    const streetCode = locate('catalogue.FarmSubsidy.fields.streetCode.mask')!;
    expect(lines[streetCode.line - 1]!.slice(streetCode.column - 1)).toMatch(/^streetCode: \{/);
    expect(locate('Query.farmSubsidies')).toBeUndefined();
    expect(manifestPathLocator('id: [')('id')).toBeUndefined();
  });

  it('expands YAML aliases at most 100 times', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 6 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(() => parseManifestDocument(bomb, { format: 'yaml' })).toThrow(/alias/i);
  });
});

describe('the manifest JSON Schema', () => {
  const schema = manifestJsonSchema(SOURCE_KINDS);
  const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);

  it('validates a sample manifest document, its $schema key included', () => {
    const ok = validate(JSON.parse(fixture('farm-subsidies.json')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("documents a list link's listSize, and refuses one that is not a positive integer", () => {
    const has = (schema as any).properties.links.items.oneOf.find((branch: any) => branch.properties.kind.const === 'has');
    expect(has.properties.listSize).toMatchObject({ type: 'integer', minimum: 1, description: expect.stringContaining('operation cost estimate') });
    const bad = JSON.parse(fixture('farm-subsidies.json'));
    bad.links = [{ kind: 'has', on: 'FarmSubsidy', field: 'others', target: 'FarmSubsidy', by: 'subsidyId', listSize: 0.5 }];
    expect(validate(bad)).toBe(false);
    expect(validate.errors!.map((error) => error.instancePath)).toContain('/links/0/listSize');
  });

  it('accepts every source kind of the sample city through the union on kind', async () => {
    const { DEPARTMENTS } = await import('../../connectors/sample-city/departments/index.ts');
    for (const kind of ['sql', 'rest', 'soap', 'csv', 'mqtt', 'graphql']) {
      const { manifest } = DEPARTMENTS.find((definition) => definition.manifest.source.kind === kind)!;
      expect(validate(JSON.parse(JSON.stringify(manifest))), `${manifest.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('rejects a bad manifest: a wrong sensitivity, an unknown key, and a source block of the wrong kind', () => {
    const bad = JSON.parse(fixture('farm-subsidies.json'));
    bad.catalogue.FarmSubsidy.fields.scheme.sensitivity = 'secret';
    bad.catalogue.FarmSubsidy.fields.scheme.sharring = 'open';
    expect(validate(bad)).toBe(false);
    const paths = validate.errors!.map((error) => error.instancePath);
    expect(paths).toContain('/catalogue/FarmSubsidy/fields/scheme/sensitivity');
    expect(validate.errors!.some((error) => error.keyword === 'additionalProperties' && error.params.additionalProperty === 'sharring')).toBe(true);

    const wrongKind = JSON.parse(fixture('farm-subsidies.json'));
    wrongKind.source.kind = 'rest'; // a rest block needs resources, not tables
    expect(validate(wrongKind)).toBe(false);
  });
});
