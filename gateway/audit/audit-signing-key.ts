import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNoteSigner, parseNoteVerifier, type AuditCheckpointOptions, type NoteSigner, type NoteVerifier } from '../../governance/index.ts';

/** The development signing key's file under the data directory (PKCS #8 PEM, mode 0600). */
export const AUDIT_SIGNING_KEY_FILE = 'audit-signing-key.pem';
/** Its verifier key (C2SP `name+id+key`), written next to it for auditors. */
export const AUDIT_VERIFIER_KEY_FILE = 'audit-signing-key.vkey';
/** The checkpoint origin and key name when `CITYHUB_AUDIT_ORIGIN` is not set. */
export const DEFAULT_AUDIT_ORIGIN = 'cityhub.local/audit';

/** Options of {@link loadAuditSigner}. */
export interface LoadAuditSignerOptions {
  /** The hub's data directory, where the development key lives. */
  readonly dataDir: string;
  /**
   * `CITYHUB_AUDIT_SIGNING_KEY` (the PEM text) or `CITYHUB_AUDIT_SIGNING_KEY_FILE` (its path):
   * the production key; `CITYHUB_AUDIT_ORIGIN`: the origin and key name;
   * `CITYHUB_AUDIT_CHECKPOINT_EVERY` (entries) and `CITYHUB_AUDIT_CHECKPOINT_SECONDS`.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Generate the development key under `dataDir` when there is none. @default true */
  readonly create?: boolean;
}

/** The hub's checkpoint signer, and where it came from. */
export interface AuditSigner {
  readonly signer: NoteSigner;
  readonly verifier: NoteVerifier;
  /** `env`, a file path, or `undefined` when there is no key (and `create` was false). */
  readonly source: string;
  /** The audit log's `checkpoints` option for this signer and the environment's settings. */
  readonly checkpoints: AuditCheckpointOptions;
}

/**
 * Loads the hub's Ed25519 checkpoint key: from `CITYHUB_AUDIT_SIGNING_KEY` or
 * `CITYHUB_AUDIT_SIGNING_KEY_FILE` when set (production), else the development key
 * `<dataDir>/audit-signing-key.pem`, generated on first use with its public
 * `audit-signing-key.vkey`. Returns `undefined` when there is no key and `create` is false.
 * Throws a `TypeError` naming the variable or file whose key cannot be read.
 *
 * ```ts
 * const key = loadAuditSigner({ dataDir });
 * createAuditLog({ db, dialect, checkpoints: key!.checkpoints });
 * ```
 */
export function loadAuditSigner(options: LoadAuditSignerOptions): AuditSigner | undefined {
  const env = options.env ?? process.env;
  const origin = env.CITYHUB_AUDIT_ORIGIN?.trim() || DEFAULT_AUDIT_ORIGIN;
  let key: KeyObject;
  let source: string;
  if (env.CITYHUB_AUDIT_SIGNING_KEY?.trim()) {
    key = privateKey(env.CITYHUB_AUDIT_SIGNING_KEY, 'CITYHUB_AUDIT_SIGNING_KEY');
    source = 'CITYHUB_AUDIT_SIGNING_KEY';
  } else if (env.CITYHUB_AUDIT_SIGNING_KEY_FILE?.trim()) {
    source = env.CITYHUB_AUDIT_SIGNING_KEY_FILE.trim();
    key = privateKey(readKeyFile(source, 'CITYHUB_AUDIT_SIGNING_KEY_FILE'), source);
  } else {
    source = join(options.dataDir, AUDIT_SIGNING_KEY_FILE);
    if (!existsSync(source)) {
      if (!(options.create ?? true)) return undefined;
      mkdirSync(options.dataDir, { recursive: true });
      const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      writeFileSync(source, pem, { mode: 0o600, flag: 'wx' });
    }
    key = privateKey(readKeyFile(source, 'the development key'), source);
  }
  const signer = createNoteSigner(origin, key);
  if (source === join(options.dataDir, AUDIT_SIGNING_KEY_FILE)) writeFileSync(join(options.dataDir, AUDIT_VERIFIER_KEY_FILE), `${signer.verifierKey}\n`);
  return {
    signer,
    verifier: parseNoteVerifier(signer.verifierKey),
    source,
    checkpoints: {
      signer,
      ...optionalInteger(env, 'CITYHUB_AUDIT_CHECKPOINT_EVERY', 'everyEntries', 1),
      ...optionalInteger(env, 'CITYHUB_AUDIT_CHECKPOINT_SECONDS', 'everyMs', 1000),
    },
  };
}

/** Reads a verifier key file (`name+id+key`, as `audit-signing-key.vkey` holds), naming the file when it is not one. */
export function readVerifierKeyFile(path: string): NoteVerifier {
  const text = readKeyFile(path, 'the public key');
  try {
    return parseNoteVerifier(text);
  } catch (error) {
    throw new TypeError(`${path}: ${(error as Error).message}`);
  }
}

/** Reads an Ed25519 private key file (PKCS #8 PEM), naming the file when it is not one. */
export function readPrivateKeyFile(path: string): KeyObject {
  return privateKey(readKeyFile(path, 'the private key'), path);
}

function readKeyFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new TypeError(`cannot read ${what} ${JSON.stringify(path)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function privateKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new TypeError(`${where} does not hold a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError(`${where} holds a ${key.asymmetricKeyType} key; the audit log signs with Ed25519`);
  return key;
}

function optionalInteger(env: Readonly<Record<string, string | undefined>>, variable: string, option: 'everyEntries' | 'everyMs', scale: number): Partial<AuditCheckpointOptions> {
  const raw = env[variable]?.trim();
  if (!raw) return {};
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${variable} must be a positive integer, received ${JSON.stringify(raw)}`);
  return { [option]: value * scale };
}
