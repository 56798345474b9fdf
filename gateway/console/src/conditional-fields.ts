import { isObjectType, type GraphQLSchema } from 'graphql';

/** A type whose conditional fields a department may request: the department holding it and those fields. */
export interface ConditionalType {
  readonly typeName: string;
  readonly department: string;
  readonly fields: readonly string[];
}

// The hub describes every catalogued field with its owner and sharing (see the governed schema):
// "Owned by Civil Affairs Bureau; system community-workers. Sharing: conditional. …".
const OWNER = /Owned by (.+?); system [^.]+\. Sharing: (\w+)\./;

/**
 * The types with conditional fields (those an agreement opens) held by departments other
 * than `requester`, read from the field descriptions of the schema the hub serves the viewer;
 * sorted by department, then type.
 *
 * ```ts
 * conditionalTypes(schema, 'District Operations Center 310106'); // [{ typeName: 'CommunityWorker', department: 'Civil Affairs Bureau', fields: ['phone'] }, …]
 * ```
 */
export function conditionalTypes(schema: GraphQLSchema, requester: string): ConditionalType[] {
  const types: ConditionalType[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    let department: string | undefined;
    const fields: string[] = [];
    for (const field of Object.values(type.getFields())) {
      const owner = OWNER.exec(field.description ?? '');
      if (!owner || owner[2] !== 'conditional') continue;
      department = owner[1]!;
      fields.push(field.name);
    }
    if (department && department !== requester) types.push({ typeName: type.name, department, fields: fields.sort() });
  }
  return types.sort((a, b) => a.department.localeCompare(b.department) || a.typeName.localeCompare(b.typeName));
}
