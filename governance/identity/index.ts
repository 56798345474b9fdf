/**
 * Identity alone: principals, purposes, development keys and tokens, and the JWT verifier.
 * It loads no store (no kysely), so the CLI's `token` command imports this entry only.
 */
export { ANONYMOUS, ANONYMOUS_SUBJECT, RESIDENT_ROLE, anonymousPrincipal, isAnonymous, isGovernmentPrincipal, isResident } from './principal.ts';
export type { Principal } from './principal.ts';
export { KNOWN_PURPOSES, MAX_PURPOSE_LENGTH, PURPOSE_HEADER, isPurpose } from './purpose.ts';
export { resolvePurpose } from './resolve-purpose.ts';
export { MAX_PERSON_ID_LENGTH, principalFromClaims } from './principal-from-claims.ts';
export type { CityClaims } from './principal-from-claims.ts';
export { DEV_ALGORITHM, devKeyPaths, generateDevKeyPair, loadDevKeyPair } from './dev-key-pair.ts';
export type { DevKeyPair, LoadDevKeyPairOptions } from './dev-key-pair.ts';
export { DEFAULT_TOKEN_LIFETIME_SECONDS, mintToken } from './mint-token.ts';
export type { MintTokenOptions } from './mint-token.ts';
export { PERSONAS } from './personas.ts';
export type { PersonaName } from './personas.ts';
export { ASYMMETRIC_ALGORITHMS, DEFAULT_PRODUCTION_ALGORITHMS, MAX_TOKEN_LENGTH, createIdentityVerifier, identityProviderUrl } from './identity-verifier.ts';
export type {
  DevelopmentIdentityVerifierOptions,
  IdentityVerifier,
  IdentityVerifierOptions,
  ProductionIdentityVerifierOptions,
} from './identity-verifier.ts';
