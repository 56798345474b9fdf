import { DEFAULT_LIST_SIZE, type ConnectorManifest } from '../../connectors/index.ts';

/**
 * The declared list size of each catalogued type, from its connector's manifest
 * (`listSize`), for the operation cost; {@link DEFAULT_LIST_SIZE} for any other type.
 * Rebuilt when `manifests()` answers another array (the registry's changes per hot swap).
 *
 * ```ts
 * const listSizeOf = listSizesOf(() => registry.manifests);
 * listSizeOf('ElderlyResident'); // 20
 * ```
 */
export function listSizesOf(manifests: () => readonly ConnectorManifest[]): (typeName: string) => number {
  let seen: readonly ConnectorManifest[] = [];
  let sizes = new Map<string, number>();
  return (typeName) => {
    const current = manifests();
    if (current !== seen) {
      seen = current;
      sizes = new Map(current.flatMap((manifest) => Object.keys(manifest.catalogue).map((type) => [type, manifest.listSize] as const)));
    }
    return sizes.get(typeName) ?? DEFAULT_LIST_SIZE;
  };
}
