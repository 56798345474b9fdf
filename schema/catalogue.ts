/**
 * The catalogue vocabulary: how every field a connector exposes is classified.
 *
 * A connector's manifest carries a catalogue; governance reads it to decide, per principal
 * and purpose, which rows and fields leave the hub and which are masked.
 */

/**
 * Who may receive a field:
 * - `open`: citizens and anyone, without a token;
 * - `unconditional`: every government principal;
 * - `conditional`: only under an approved data-sharing agreement;
 * - `none`: never leaves the department (never appears in the city schema).
 */
export type SharingAttribute = 'open' | 'unconditional' | 'conditional' | 'none';

/** Every sharing attribute, from the widest to the narrowest. */
export const SHARING_ATTRIBUTES: readonly SharingAttribute[] = ['open', 'unconditional', 'conditional', 'none'];

/** How sensitive a field's data is: personal data is masked unless the purpose covers it. */
export type Sensitivity = 'public' | 'internal' | 'sensitive' | 'personal';

/** Every sensitivity, from the least to the most sensitive. */
export const SENSITIVITIES: readonly Sensitivity[] = ['public', 'internal', 'sensitive', 'personal'];

/** The declarative masking rules for personal fields. */
export type MaskRule = 'phone' | 'idNumber' | 'name' | 'address' | 'redact';

/** Every masking rule. */
export const MASK_RULES: readonly MaskRule[] = ['phone', 'idNumber', 'name', 'address', 'redact'];

/** The scalar types a catalogued field may have. */
export type FieldType = 'ID' | 'String' | 'Int' | 'Float' | 'Boolean' | 'DateTime' | 'AdminCode' | 'GeoPoint';

/** Every catalogued field type. */
export const FIELD_TYPES: readonly FieldType[] = [
  'ID',
  'String',
  'Int',
  'Float',
  'Boolean',
  'DateTime',
  'AdminCode',
  'GeoPoint',
];

/** How one catalogued field is classified. */
export interface CatalogueField {
  readonly sharing: SharingAttribute;
  readonly sensitivity: Sensitivity;
  /** The masking rule applied when the field is personal and the purpose does not cover it. */
  readonly mask?: MaskRule;
}

/** How one catalogued type is classified. */
export interface CatalogueType {
  /** The field that identifies a row across departments (a shared key where one exists). */
  readonly key: string;
  /** The field holding the row's administrative code, checked by the row policy. */
  readonly jurisdiction: string;
  readonly fields: Readonly<Record<string, CatalogueField>>;
}

/** The classification of every type a connector holds, by GraphQL type name. */
export type Catalogue = Readonly<Record<string, CatalogueType>>;
