import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { breakingChangeFindings } from '../../gateway/connectors-admin/breaking-change-findings.ts';
import type { ScenarioDocument } from '../../gateway/operations.ts';

const scenario = (id: string, document: string): ScenarioDocument => ({ id, file: `${id}.graphql`, document, operations: [], example: { variables: {} } });

const before = buildSchema(`
  directive @sampled on FIELD
  type Farm { farmId: ID! area: Float crop: String price: Float }
  type Query { farms(within: String, first: Int): [Farm!]! farm(farmId: ID!): Farm }
`);

describe('breakingChangeFindings', () => {
  it('names the operations an argument removal breaks, through fragments too, and leaves the others', () => {
    const after = buildSchema(`
      directive @sampled on FIELD
      type Farm { farmId: ID! area: Float crop: String price: Float }
      type Query { farms(first: Int): [Farm!]! farm(farmId: ID!): Farm }
    `);
    const findings = breakingChangeFindings(before, after, [
      scenario('farms', 'query Nearby($w: String) { farms(within: $w) { ...F } } query One { farm(farmId: "1") { ...F } } fragment F on Farm { farmId area }'),
    ]);
    expect(findings).toEqual([
      { check: 'breaking-changes', severity: 'error', path: 'Query.farms.within', message: 'ARG_REMOVED: Query.farms arg within was removed.', operations: ['farms/Nearby'] },
    ]);
  });

  it('does not blame the candidate for an operation that was already broken', () => {
    const after = buildSchema(`
      directive @sampled on FIELD
      type Farm { farmId: ID! crop: String price: Float }
      type Query { farms(within: String, first: Int): [Farm!]! farm(farmId: ID!): Farm }
    `);
    const findings = breakingChangeFindings(before, after, [scenario('farms', 'query Old { farms { farmId area colour } }')]);
    expect(findings).toEqual([{ check: 'breaking-changes', severity: 'warning', path: 'Farm.area', message: 'FIELD_REMOVED: Farm.area was removed.' }]);
  });

  it('reports an operation that stops validating for a change it cannot attribute, on its own', () => {
    const after = buildSchema(`
      type Farm { farmId: ID! area: Float crop: String price: Float }
      type Query { farms(within: String, first: Int): [Farm!]! farm(farmId: ID!): Farm }
    `);
    const findings = breakingChangeFindings(before, after, [scenario('farms', 'query Sampled { farms { farmId @sampled } }')]);
    expect(findings).toEqual([
      { check: 'breaking-changes', severity: 'warning', path: 'sampled', message: 'DIRECTIVE_REMOVED: sampled was removed.' },
      {
        check: 'breaking-changes',
        severity: 'error',
        message: 'scenario operation farms/Sampled no longer validates: Unknown directive "@sampled".',
        operations: ['farms/Sampled'],
      },
    ]);
  });

  it('reports dangerous changes as warnings', () => {
    const withEnum = (values: string) =>
      buildSchema(`enum Crop { ${values} } type Farm { farmId: ID! crop: Crop } type Query { farms(crop: Crop): [Farm!]! }`);
    expect(breakingChangeFindings(withEnum('RICE'), withEnum('RICE WHEAT'), [scenario('farms', 'query Rice { farms(crop: RICE) { farmId crop } }')])).toEqual([
      { check: 'breaking-changes', severity: 'warning', path: 'Crop', message: 'VALUE_ADDED_TO_ENUM: WHEAT was added to enum type Crop.' },
    ]);
  });

  it('names an operation a removed enum value breaks', () => {
    const withEnum = (values: string) =>
      buildSchema(`enum Crop { ${values} } type Farm { farmId: ID! crop: Crop } type Query { farms(crop: Crop): [Farm!]! }`);
    expect(breakingChangeFindings(withEnum('RICE WHEAT'), withEnum('WHEAT'), [scenario('farms', 'query Rice { farms(crop: RICE) { farmId } }')])).toEqual([
      { check: 'breaking-changes', severity: 'error', path: 'Crop', message: 'VALUE_REMOVED_FROM_ENUM: RICE was removed from enum type Crop.', operations: ['farms/Rice'] },
    ]);
  });
});
