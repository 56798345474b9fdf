import type { ConnectorManifest } from './manifest.ts';

/**
 * The description of a catalogued type in the city schema: the manifest's own text, then the
 * department that owns it and the system it comes from, so GraphiQL's docs and generated code
 * show where the data lives.
 *
 * ```ts
 * describeCataloguedType(manifest, 'ElderlyResident');
 * // 'Owned by Civil Affairs Bureau; system elderly-registry (独居老人登记, Elderly registry).'
 * ```
 */
export function describeCataloguedType(manifest: ConnectorManifest, type: string): string {
  const own = manifest.catalogue[type]?.description;
  const origin = `Owned by ${manifest.department}; system ${manifest.id} (${manifest.names.zh}, ${manifest.names.en}).`;
  return own ? `${own}\n\n${origin}` : origin;
}

/**
 * The description of a catalogued field: the manifest's own text, then its owner, system,
 * sharing attribute and sensitivity (and mask), which decide who may read it.
 *
 * ```ts
 * describeCataloguedField(manifest, 'ElderlyResident', 'phone');
 * // 'Owned by Civil Affairs Bureau; system elderly-registry. Sharing: conditional. Sensitivity: personal (masked: phone).'
 * ```
 */
export function describeCataloguedField(manifest: ConnectorManifest, type: string, field: string): string {
  const def = manifest.catalogue[type]?.fields[field];
  if (!def) throw new TypeError(`describeCataloguedField: ${type}.${field} is not catalogued by connector "${manifest.id}"`);
  const mask = def.mask ? ` (masked: ${def.mask})` : '';
  const classification = `Owned by ${manifest.department}; system ${manifest.id}. Sharing: ${def.sharing}. Sensitivity: ${def.sensitivity}${mask}.`;
  return def.description ? `${def.description}\n\n${classification}` : classification;
}
