import type { Plugin } from 'graphql-yoga';
import { SOURCE_CACHE_BYPASS } from '../../connectors/index.ts';

/**
 * Marks every subscription's context so that no read made for it uses the source cache: a
 * stream's events, and the rows other connectors join to them, always come from the legacy
 * systems. Queries and mutations are left alone.
 *
 * ```ts
 * createYoga({ plugins: [useSourceCacheBypass()] });
 * ```
 */
export function useSourceCacheBypass(): Plugin {
  return {
    onSubscribe({ extendContext }) {
      extendContext({ [SOURCE_CACHE_BYPASS]: true } as Record<string, unknown>);
    },
  };
}
