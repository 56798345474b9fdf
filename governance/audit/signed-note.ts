import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, and the C2SP
 * checkpoint body (https://c2sp.org/tlog-checkpoint) the audit log signs.
 *
 * - a note is its text (non-empty lines, each ended by `\n`), a blank line, then one
 *   signature line per key: `— <name> <base64(keyID || signature)>\n` (U+2014 em dash);
 * - an Ed25519 signature is over the note text; the key ID is the first 4 bytes of
 *   `SHA-256(name || 0x0A || 0x01 || public key)`;
 * - a verifier key is written `<name>+<key ID, 8 hex digits>+<base64(0x01 || public key)>`;
 * - a checkpoint's text is the origin line, the tree size in decimal, the base64 root hash,
 *   then extension lines (the audit log adds `time <ISO-8601>`).
 */
export interface NoteSigner {
  /** The key's name, which is also the checkpoint origin by default. */
  readonly name: string;
  /** The verifier key in C2SP form, to publish. */
  readonly verifierKey: string;
  /** The signature line for `text` (a note's text, ended by `\n`), ended by `\n`. */
  sign(text: string): string;
}

/** A parsed verifier key. */
export interface NoteVerifier {
  readonly name: string;
  /** The 4-byte key ID, as 8 hex digits. */
  readonly keyId: string;
  readonly publicKey: KeyObject;
}

/** A note split into its text and signatures. */
export interface SignedNote {
  /** The signed text, ended by `\n`. */
  readonly text: string;
  readonly signatures: ReadonlyArray<{ readonly name: string; readonly keyId: string; readonly signature: Buffer; readonly line: string }>;
}

/** What a checkpoint's text says. */
export interface CheckpointBody {
  readonly origin: string;
  readonly treeSize: number;
  /** The tree's root hash, 32 bytes. */
  readonly rootHash: Buffer;
  /** The `time` extension line, when present. */
  readonly issuedAt?: string;
}

const ED25519 = 0x01;
const DASH = '\u2014';

/** Creates a signer for an Ed25519 private key under `name` (no spaces or `+`, as C2SP requires). */
export function createNoteSigner(name: string, privateKey: KeyObject): NoteSigner {
  validName(name);
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`the signing key must be an Ed25519 private key, received a ${privateKey.asymmetricKeyType ?? 'unknown'} ${privateKey.type} key`);
  }
  const raw = rawPublicKey(createPublicKey(privateKey));
  const keyId = noteKeyId(name, raw);
  return {
    name,
    verifierKey: `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), raw]).toString('base64')}`,
    sign(text) {
      const signature = sign(null, Buffer.from(text, 'utf8'), privateKey);
      return `${DASH} ${name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;
    },
  };
}

/** Parses a verifier key (`name+keyid+base64key`); throws a `TypeError` saying what is wrong. */
export function parseNoteVerifier(text: string): NoteVerifier {
  // The base64 key may itself hold "+", so only the first two separate.
  const match = /^([^+\s]+)\+([0-9a-fA-F]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!match) throw new TypeError(`a verifier key is <name>+<key id, 8 hex digits>+<base64 key>, received ${JSON.stringify(text.trim().slice(0, 80))}`);
  const [, name, keyId, encoded] = match as unknown as [string, string, string, string];
  validName(name);
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 33 || key[0] !== ED25519) throw new TypeError(`verifier key ${name}: only Ed25519 keys (type 0x01, 32 bytes) are supported`);
  const raw = key.subarray(1);
  if (noteKeyId(name, raw).toString('hex') !== keyId.toLowerCase()) throw new TypeError(`verifier key ${name}: its key id ${keyId} does not match its name and key`);
  return { name, keyId: keyId.toLowerCase(), publicKey: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' }) };
}

/** Splits a signed note; throws a `TypeError` naming the line that does not fit the format. */
export function parseSignedNote(note: string): SignedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new TypeError('a signed note needs its text, a blank line and signature lines');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2).split('\n');
  if (lines.pop() !== '') throw new TypeError('a signed note must end with a newline');
  if (lines.length === 0) throw new TypeError('a signed note has no signature line');
  const signatures = lines.map((line, index) => {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    const bytes = match ? Buffer.from(match[2]!, 'base64') : Buffer.alloc(0);
    if (!match || bytes.length < 5) throw new TypeError(`signature line ${index + 1} is not "— <name> <base64>": ${JSON.stringify(line.slice(0, 80))}`);
    return { name: match[1]!, keyId: bytes.subarray(0, 4).toString('hex'), signature: bytes.subarray(4), line: `${line}\n` };
  });
  return { text, signatures };
}

/** Whether `note` carries a valid signature by `verifier` (matched by name and key ID). */
export function noteSignedBy(note: SignedNote, verifier: NoteVerifier): boolean {
  return note.signatures.some(
    (signature) =>
      signature.name === verifier.name &&
      signature.keyId === verifier.keyId &&
      verify(null, Buffer.from(note.text, 'utf8'), verifier.publicKey, signature.signature),
  );
}

/** Writes a checkpoint's text. */
export function formatCheckpointBody(body: CheckpointBody): string {
  validName(body.origin);
  const time = body.issuedAt === undefined ? '' : `time ${body.issuedAt}\n`;
  return `${body.origin}\n${body.treeSize}\n${body.rootHash.toString('base64')}\n${time}`;
}

/** Reads a checkpoint's text; throws a `TypeError` naming the line that is wrong. */
export function parseCheckpointBody(text: string): CheckpointBody {
  const lines = text.split('\n');
  lines.pop();
  const [origin, size, root, ...extensions] = lines;
  if (!origin || size === undefined || root === undefined) throw new TypeError('a checkpoint has an origin, a tree size and a root hash line');
  if (!/^(0|[1-9][0-9]*)$/.test(size)) throw new TypeError(`checkpoint line 2 must be the tree size in decimal, received ${JSON.stringify(size)}`);
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32 || rootHash.toString('base64') !== root) throw new TypeError(`checkpoint line 3 must be a base64 SHA-256 hash, received ${JSON.stringify(root)}`);
  const time = extensions.find((line) => line.startsWith('time '));
  return { origin, treeSize: Number(size), rootHash, ...(time ? { issuedAt: time.slice(5) } : {}) };
}

function noteKeyId(name: string, raw: Buffer): Buffer {
  return createHash('sha256').update(name).update(Buffer.from([0x0a, ED25519])).update(raw).digest().subarray(0, 4);
}

function rawPublicKey(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
}

function validName(name: unknown): void {
  if (typeof name !== 'string' || !/^[^\s+]+$/.test(name)) throw new TypeError(`a key name or origin must be non-empty without spaces or "+", received ${JSON.stringify(name)}`);
}
