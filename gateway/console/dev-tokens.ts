import { PERSONAS, loadDevKeyPair, mintToken, type DevKeyPair, type IdentityVerifier, type IdentityVerifierOptions, type PersonaName } from '../../governance/index.ts';

/** Where the console's persona picker lists the personas and mints their tokens. */
export const DEV_TOKENS_PATH = '/console/dev-tokens';

/** How long a token minted for the console's persona picker lasts: one hour. */
export const CONSOLE_TOKEN_LIFETIME_SECONDS = 3600;

/** Mints development tokens for the sample personas; exists only when the hub verifies with its development key. */
export interface DevTokenMinter {
  /** The personas the picker offers, with what each may do. */
  personas(): readonly ConsolePersona[];
  /** A token for one persona; throws a `TypeError` naming the persona when it is not one. */
  mint(persona: string): Promise<string>;
}

/** One persona as the picker shows it. */
export interface ConsolePersona {
  readonly name: PersonaName;
  readonly displayName: string;
  readonly department: string;
  readonly roles: readonly string[];
  readonly jurisdictions: readonly string[];
  readonly purposes: readonly string[];
}

/**
 * The development token minter for a hub's identity options, or `undefined` when the hub
 * verifies tokens against a JWKS (production): then nobody can mint a token through the hub,
 * and the console asks for the identity provider's token instead. A verifier instance given
 * ready-made carries no key the hub could sign with, so it gets no minter either.
 *
 * ```ts
 * const minter = devTokenMinter({ mode: 'development', dataDir, issuer, audience });
 * await minter?.mint('auditor');
 * ```
 */
export function devTokenMinter(identity: IdentityVerifier | IdentityVerifierOptions): DevTokenMinter | undefined {
  if ('verify' in identity || identity.mode !== 'development') return undefined;
  const options = identity;
  let keys: Promise<DevKeyPair> | undefined;
  const keyPair = () => (keys ??= options.keys ? Promise.resolve(options.keys) : loadDevKeyPair({ dataDir: options.dataDir! }));
  const personas = (Object.keys(PERSONAS) as PersonaName[]).map((name) => {
    const { displayName, department, roles, jurisdictions, purposes } = PERSONAS[name];
    return { name, displayName: displayName ?? name, department, roles, jurisdictions, purposes };
  });
  return {
    personas: () => personas,
    async mint(persona) {
      if (!Object.hasOwn(PERSONAS, persona)) throw new TypeError(`persona must be one of ${Object.keys(PERSONAS).join(', ')}, received ${JSON.stringify(persona)}`);
      return mintToken({
        principal: PERSONAS[persona as PersonaName],
        keys: await keyPair(),
        issuer: options.issuer,
        audience: options.audience,
        expiresInSeconds: CONSOLE_TOKEN_LIFETIME_SECONDS,
      });
    },
  };
}
