import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNoteSigner, formatCheckpointBody, noteSignedBy, parseCheckpointBody, parseNoteVerifier, parseSignedNote } from '../../../governance/audit/signed-note.ts';

const signer = createNoteSigner('city.test/log', generateKeyPairSync('ed25519').privateKey);
const text = formatCheckpointBody({ origin: 'city.test/log', treeSize: 5, rootHash: Buffer.alloc(32, 7), issuedAt: '2026-01-02T03:04:05.000Z' });

describe('C2SP signed notes', () => {
  it('signs a checkpoint that its verifier key verifies, and no other key', () => {
    const note = parseSignedNote(`${text}\n${signer.sign(text)}`);
    expect(noteSignedBy(note, parseNoteVerifier(signer.verifierKey))).toBe(true);
    const other = createNoteSigner('city.test/log', generateKeyPairSync('ed25519').privateKey);
    expect(noteSignedBy(note, parseNoteVerifier(other.verifierKey))).toBe(false);
    expect(noteSignedBy(parseSignedNote(`${text.replace('\n5\n', '\n6\n')}\n${signer.sign(text)}`), parseNoteVerifier(signer.verifierKey))).toBe(false);
    expect(parseCheckpointBody(note.text)).toEqual({ origin: 'city.test/log', treeSize: 5, rootHash: Buffer.alloc(32, 7), issuedAt: '2026-01-02T03:04:05.000Z' });
  });

  it('refuses malformed verifier keys, notes and checkpoints, saying what is wrong', () => {
    expect(() => parseNoteVerifier('nope')).toThrow(/a verifier key is <name>\+<key id, 8 hex digits>\+<base64 key>, received "nope"/);
    const [name, , key] = [signer.verifierKey.split('+')[0], '', signer.verifierKey.slice(signer.verifierKey.indexOf('+', signer.verifierKey.indexOf('+') + 1) + 1)];
    expect(() => parseNoteVerifier(`${name}+00000000+${key}`)).toThrow(/key id 00000000 does not match its name and key/);
    expect(() => parseNoteVerifier(`${name}+00000000+${Buffer.alloc(33, 2).toString('base64')}`)).toThrow(/only Ed25519 keys/);
    expect(() => parseSignedNote(text)).toThrow(/needs its text, a blank line and signature lines/);
    expect(() => parseSignedNote(`${text}\n\u2014 x`)).toThrow(/must end with a newline/);
    expect(() => parseSignedNote(`${text}\n- x AAAAAAAA\n`)).toThrow(/signature line 1 is not "— <name> <base64>"/);
    expect(() => parseCheckpointBody('origin\nfive\nAAAA\n')).toThrow(/line 2 must be the tree size in decimal, received "five"/);
    expect(() => parseCheckpointBody('origin\n5\nAAAA\n')).toThrow(/line 3 must be a base64 SHA-256 hash, received "AAAA"/);
    expect(() => createNoteSigner('a b', generateKeyPairSync('ed25519').privateKey)).toThrow(/without spaces or "\+", received "a b"/);
    expect(() => createNoteSigner('a', generateKeyPairSync('x25519').privateKey)).toThrow(/must be an Ed25519 private key, received a x25519 private key/);
  });
});
