import { DEFAULT_LIST_SIZE, type ConnectorManifest } from '../../connectors/index.ts';

/**
 * The expected size of one list field of the city schema without `first`: `parentType` is
 * the type that has the field, `itemType` the type of its items.
 */
export type ListSizeOf = (parentType: string, field: string, itemType: string) => number;

/**
 * The expected size of each list of the city schema, from the connectors' manifests, for
 * the operation cost: a `has` link's own `listSize` (a household's members: 5), else its
 * connector's `listSize`; a list no link declares counts the `listSize` of the connector
 * that catalogues its item type, else {@link DEFAULT_LIST_SIZE}. Rebuilt when `manifests()`
 * answers another array (the registry's changes per hot swap).
 *
 * ```ts
 * const listSizeOf = listSizesOf(() => registry.manifests);
 * listSizeOf('Household', 'members', 'Person'); // 5
 * ```
 */
export function listSizesOf(manifests: () => readonly ConnectorManifest[]): ListSizeOf {
  let seen: readonly ConnectorManifest[] = [];
  let byLink = new Map<string, number>();
  let byType = new Map<string, number>();
  return (parentType, field, itemType) => {
    const current = manifests();
    if (current !== seen) {
      seen = current;
      byType = new Map(current.flatMap((manifest) => Object.keys(manifest.catalogue).map((type) => [type, manifest.listSize] as const)));
      byLink = new Map(
        current.flatMap((manifest) =>
          manifest.links.filter((link) => link.kind === 'has' && link.list).map((link) => [`${link.on}.${link.field}`, (link.kind === 'has' ? link.listSize : undefined) ?? manifest.listSize] as const),
        ),
      );
    }
    return byLink.get(`${parentType}.${field}`) ?? byType.get(itemType) ?? DEFAULT_LIST_SIZE;
  };
}
