import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNoteSigner,
  noteSignedBy,
  parseCheckpointBody,
  parseNoteVerifier,
  parseSignedNote,
  verifyConsistencyProof,
  verifyInclusionProof,
} from '../../governance/index.ts';
import { tamper } from '../governance/audit/fixtures.ts';
import { DIALECTS, type TestDatabase } from '../support/servers.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const ORIGIN = 'cityhub.test/audit';
const signer = createNoteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
const hubKey = parseNoteVerifier(signer.verifierKey);
const bureau = createNoteSigner('audit-bureau.test', generateKeyPairSync('ed25519').privateKey);
const hex = (value: string) => Buffer.from(value, 'hex');
// The first hex digit changed: the smallest alteration of a proof.
const flip = (value: string) => value.replace(/^./, (digit) => (digit === '0' ? '1' : '0'));

const CHECKPOINT_FIELDS = 'treeSize rootHash issuedAt note cosignatures { name keyId }';
const PROOF = /* GraphQL */ `
  query Prove($seq: Int!, $treeSize: Int) {
    auditInclusionProof(seq: $seq, treeSize: $treeSize) { seq leafIndex treeSize leafHash hashes checkpoint { ${CHECKPOINT_FIELDS} } }
  }
`;
const CONSISTENCY = /* GraphQL */ `
  query Consistent($fromSize: Int!, $toSize: Int) {
    auditConsistencyProof(fromSize: $fromSize, toSize: $toSize) { fromSize toSize hashes from { ${CHECKPOINT_FIELDS} } to { ${CHECKPOINT_FIELDS} } }
  }
`;

for (const dialect of DIALECTS) {
  describe(`the auditors' evidence API over HTTP on ${dialect.name}`, () => {
    let hub: TestHub;
    let database: TestDatabase | undefined;

    beforeAll(async () => {
      database = dialect.name === 'postgres' ? await dialect.create() : undefined;
      hub = await startTestHub({
        governance: true,
        audit: true,
        auditOptions: { checkpoints: { signer, everyEntries: 5 } },
        ...(database ? { auditDatabaseUrl: database.url } : {}),
      });
      for (let index = 0; index < 12; index += 1) {
        const response = await hub.queryAs('caseWorker', `query Read${index} { elderlyResidents(first: 2) { personId } }`);
        expect(response.errors).toBeUndefined();
      }
      await hub.audit!.log.checkpoint();
    }, 60_000);

    afterAll(async () => {
      await hub?.close();
      await database?.drop();
    });

    it('lists the signed checkpoints, each a C2SP note signed by the hub key, with its co-signatures', async () => {
      await hub.audit!.log.cosign({ signer: bureau, hub: hubKey, treeSize: 10 });
      const response = await hub.queryAs('auditor', `{ auditCheckpoints { ${CHECKPOINT_FIELDS} } }`);
      expect(response.errors).toBeUndefined();
      const checkpoints = response.data.auditCheckpoints as Array<{ treeSize: number; rootHash: string; issuedAt: string; note: string; cosignatures: Array<{ name: string }> }>;
      expect(checkpoints.map((checkpoint) => checkpoint.treeSize)).toEqual([5, 10, 12]);
      for (const checkpoint of checkpoints) {
        const note = parseSignedNote(checkpoint.note);
        expect(noteSignedBy(note, hubKey)).toBe(true);
        expect(parseCheckpointBody(note.text)).toMatchObject({ origin: ORIGIN, treeSize: checkpoint.treeSize, issuedAt: checkpoint.issuedAt });
        expect(parseCheckpointBody(note.text).rootHash.toString('hex')).toBe(checkpoint.rootHash);
      }
      expect(checkpoints.map((checkpoint) => checkpoint.cosignatures.map((cosignature) => cosignature.name))).toEqual([[], ['audit-bureau.test'], []]);
      expect(noteSignedBy(parseSignedNote(checkpoints[1]!.note), parseNoteVerifier(bureau.verifierKey))).toBe(true);
      const ranged = await hub.queryAs('auditor', '{ auditCheckpoints(fromSize: 6, toSize: 12) { treeSize } }');
      expect(ranged.data.auditCheckpoints).toEqual([{ treeSize: 10 }, { treeSize: 12 }]);
    });

    it('serves an inclusion proof that verifies against the latest checkpoint by default, and fails when altered', async () => {
      const response = await hub.queryAs('auditor', PROOF, { seq: 3 });
      expect(response.errors).toBeUndefined();
      const proof = response.data.auditInclusionProof;
      // The latest checkpoint: the auditors' own reads are entries too, so it grows past 12.
      expect(proof).toMatchObject({ seq: 3, leafIndex: 2, treeSize: proof.checkpoint.treeSize });
      expect(proof.treeSize).toBeGreaterThanOrEqual(12);
      const size = proof.treeSize as number;
      expect(noteSignedBy(parseSignedNote(proof.checkpoint.note), hubKey)).toBe(true);
      const root = hex(proof.checkpoint.rootHash);
      const hashes = (proof.hashes as string[]).map(hex);
      expect(verifyInclusionProof(2, size, hex(proof.leafHash), hashes, root)).toBe(true);
      // The entry's own hash, read through the API, gives the proof's leaf.
      const entry = await hub.queryAs('auditor', '{ auditEntries(first: 500) { nodes { seq hash } } }');
      const third = (entry.data.auditEntries.nodes as Array<{ seq: number; hash: string }>).find((node) => node.seq === 3)!;
      const { auditLeafHash } = await import('../../governance/index.ts');
      expect(auditLeafHash(third.hash).toString('hex')).toBe(proof.leafHash);
      expect(verifyInclusionProof(2, size, hex(proof.leafHash), [hex(flip(proof.hashes[0])), ...hashes.slice(1)], root)).toBe(false);
      expect(verifyInclusionProof(2, size, hex(flip(proof.leafHash)), hashes, root)).toBe(false);
      expect(verifyInclusionProof(3, size, hex(proof.leafHash), hashes, root)).toBe(false);
      const older = await hub.queryAs('auditor', PROOF, { seq: 3, treeSize: 5 });
      const inFive = older.data.auditInclusionProof;
      expect(inFive.treeSize).toBe(5);
      expect(verifyInclusionProof(2, 5, hex(inFive.leafHash), inFive.hashes.map(hex), hex(inFive.checkpoint.rootHash))).toBe(true);
      expect(verifyInclusionProof(2, 5, hex(inFive.leafHash), inFive.hashes.map(hex), root)).toBe(false);
    });

    it('serves a consistency proof between two checkpoints that verifies, and fails when altered', async () => {
      const response = await hub.queryAs('auditor', CONSISTENCY, { fromSize: 5 });
      expect(response.errors).toBeUndefined();
      const proof = response.data.auditConsistencyProof;
      // To the latest checkpoint by default.
      expect(proof).toMatchObject({ fromSize: 5, toSize: proof.to.treeSize, from: { treeSize: 5 } });
      const size = proof.toSize as number;
      expect(size).toBeGreaterThanOrEqual(12);
      const [older, newer] = [hex(proof.from.rootHash), hex(proof.to.rootHash)];
      const hashes = (proof.hashes as string[]).map(hex);
      expect(verifyConsistencyProof(5, size, older, newer, hashes)).toBe(true);
      expect(verifyConsistencyProof(5, size, older, newer, [hex(flip(proof.hashes[0])), ...hashes.slice(1)])).toBe(false);
      expect(verifyConsistencyProof(5, size, newer, newer, hashes)).toBe(false);
      const between = await hub.queryAs('auditor', CONSISTENCY, { fromSize: 5, toSize: 10 });
      const fiveToTen = between.data.auditConsistencyProof;
      expect(verifyConsistencyProof(5, 10, hex(fiveToTen.from.rootHash), hex(fiveToTen.to.rootHash), fiveToTen.hashes.map(hex))).toBe(true);
    });

    it('refuses proofs for a checkpoint or an entry that does not exist, naming the argument', async () => {
      const cases: Array<[string, Record<string, unknown>, RegExp, string]> = [
        [PROOF, { seq: 3, treeSize: 7 }, /treeSize: the audit log has no checkpoint of tree size 7/, 'treeSize'],
        [PROOF, { seq: 6, treeSize: 5 }, /seq must be an entry of the checkpoint of tree size 5 \(1 to 5\), received 6/, 'seq'],
        [PROOF, { seq: 0 }, /seq must be an entry of the checkpoint of tree size \d+ \(1 to \d+\), received 0/, 'seq'],
        [CONSISTENCY, { fromSize: 6 }, /fromSize: the audit log has no checkpoint of tree size 6/, 'fromSize'],
        [CONSISTENCY, { fromSize: 10, toSize: 5 }, /fromSize 10 must not be larger than toSize 5/, 'fromSize'],
      ];
      for (const [query, variables, message, argument] of cases) {
        const response = await hub.queryAs('auditor', query, variables);
        expect(response.data ?? null).toBeNull();
        expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
        expect(response.errors?.[0]?.message).toMatch(message);
      }
    });

    it('serves the evidence to auditors only: the others\' schema has no checkpoints or proofs', async () => {
      for (const persona of ['caseWorker', 'districtOfficer', null] as const) {
        const response = await hub.queryAs(persona, '{ auditCheckpoints { treeSize } }');
        expect(response.data ?? null).toBeNull();
        expect(response.errors?.[0]?.message).toMatch(/Cannot query field "auditCheckpoints" on type "Query"/);
        const proof = await hub.queryAs(persona, PROOF, { seq: 1 });
        expect(proof.errors?.map((error) => error.message).join('\n')).toMatch(/Cannot query field "auditInclusionProof" on type "Query"/);
      }
    });

    it("reports the latest checkpoint's check in auditVerify, and a forged checkpoint as forged, naming it", async () => {
      const verify = '{ auditVerify { ok reason firstBrokenSeq message checkpoint { treeSize rootHash signedBy checkpointsChecked } } }';
      const intact = await hub.queryAs('auditor', verify);
      expect(intact.errors).toBeUndefined();
      expect(intact.data.auditVerify).toMatchObject({ ok: true, reason: null, checkpoint: { signedBy: [ORIGIN] } });
      expect(intact.data.auditVerify.checkpoint.treeSize).toBeGreaterThanOrEqual(12);
      // Checkpoint 10 re-signed by a key of the same name that is not the hub's.
      const forger = createNoteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
      const [ten] = await hub.audit!.log.checkpoints({ from: 10, to: 10 });
      const text = parseSignedNote(ten!.note).text;
      await tamper(hub.stores!.database.db, hub.stores!.database.dialect, [`UPDATE cityhub_audit_checkpoints SET note = '${text}\n${forger.sign(text)}' WHERE tree_size = 10`]);
      const forged = await hub.queryAs('auditor', verify);
      expect(forged.errors).toBeUndefined();
      expect(forged.data.auditVerify).toMatchObject({ ok: false, reason: 'forged', firstBrokenSeq: 10, checkpoint: null });
      expect(forged.data.auditVerify.message).toMatch(/the checkpoint of tree size 10 \(issued .*\) carries no valid signature of the hub's key cityhub\.test\/audit: it is forged or was altered/);
      // A stored root that differs from the one the note signs is an altered checkpoint too.
      await tamper(hub.stores!.database.db, hub.stores!.database.dialect, [
        `UPDATE cityhub_audit_checkpoints SET note = '${ten!.note}', root_hash = '${'7'.repeat(64)}' WHERE tree_size = 10`,
      ]);
      const altered = await hub.queryAs('auditor', verify);
      expect(altered.data.auditVerify).toMatchObject({ ok: false, reason: 'forged', firstBrokenSeq: 10 });
      expect(altered.data.auditVerify.message).toMatch(/the checkpoint of tree size 10 says tree size 10, root [0-9a-f]{64}, but was stored as root 7{64}: it was altered/);
      // A validly signed root the entries do not give: the entries were rewritten (only the hub's key could sign it).
      const wrongRoot = text.replace(/\n10\n[^\n]+\n/, `\n10\n${Buffer.alloc(32, 7).toString('base64')}\n`);
      await tamper(hub.stores!.database.db, hub.stores!.database.dialect, [
        `UPDATE cityhub_audit_checkpoints SET note = '${wrongRoot}\n${signer.sign(wrongRoot)}', root_hash = '${Buffer.alloc(32, 7).toString('hex')}' WHERE tree_size = 10`,
      ]);
      const mismatched = await hub.queryAs('auditor', verify);
      expect(mismatched.data.auditVerify).toMatchObject({ ok: false, reason: 'edited', firstBrokenSeq: 6 });
      expect(mismatched.data.auditVerify.message).toMatch(/the first 10 entries no longer match the checkpoint signed at .*: the chain was rewritten between seq 6 and 10/);
    });
  });
}
