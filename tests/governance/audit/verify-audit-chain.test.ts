import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../governance/audit/audit-entry.ts';
import { AUDIT_GENESIS_HASH, hashAuditEntry } from '../../../governance/audit/hash-audit-entry.ts';
import { normalizeAuditEntry } from '../../../governance/audit/normalize-audit-entry.ts';
import { verifyAuditChain } from '../../../governance/audit/verify-audit-chain.ts';
import { entryInput } from './fixtures.ts';

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = AUDIT_GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const unhashed = { ...normalizeAuditEntry(entryInput({ principal: `user-${seq}` }), () => new Date()), seq, prevHash };
    const entry = { ...unhashed, hash: hashAuditEntry(unhashed) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  return entries;
}

function rehash(entry: AuditEntry): AuditEntry {
  return { ...entry, hash: hashAuditEntry(entry) };
}

describe('verifyAuditChain', () => {
  it('accepts an intact chain and reports its last checkpoint', async () => {
    const entries = chain(10);
    const report = await verifyAuditChain(entries);
    expect(report).toEqual({ ok: true, entriesChecked: 10, last: { seq: 10, hash: entries[9]!.hash } });
    expect(await verifyAuditChain([])).toEqual({ ok: true, entriesChecked: 0, last: null });
  });

  it('detects an edited entry', async () => {
    const entries = chain(10);
    entries[4] = { ...entries[4]!, principal: 'mallory' };
    expect(await verifyAuditChain(entries)).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'edited', entriesChecked: 4 });
  });

  it('detects an edited entry whose hash was recomputed, at that entry', async () => {
    const entries = chain(10);
    entries[4] = rehash({ ...entries[4]!, principal: 'mallory' });
    const report = await verifyAuditChain(entries);
    expect(report).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'edited' });
    expect(report.message).toMatch(/recomputed hash/);
  });

  it('detects an edited previous-hash field', async () => {
    const entries = chain(10);
    entries[4] = { ...entries[4]!, prevHash: 'f'.repeat(64) };
    expect(await verifyAuditChain(entries)).toMatchObject({ firstBrokenSeq: 5, reason: 'edited', message: expect.stringMatching(/previous-hash/) });
  });

  it('detects a deleted entry (a gap)', async () => {
    const entries = chain(10);
    entries.splice(4, 1);
    expect(await verifyAuditChain(entries)).toMatchObject({ firstBrokenSeq: 5, reason: 'deleted', message: 'entry 5 is missing: entry 6 follows entry 4' });
  });

  it('detects deleted entries when later entries were renumbered', async () => {
    const entries = chain(10);
    entries.splice(4, 2);
    const renumbered = entries.map((entry, index) => (index >= 4 ? { ...entry, seq: entry.seq - 2 } : entry));
    expect(await verifyAuditChain(renumbered)).toMatchObject({ firstBrokenSeq: 5, reason: 'deleted', message: expect.stringMatching(/^2 entries before entry 5/) });
  });

  it('detects deleted entries at the start', async () => {
    expect(await verifyAuditChain(chain(10).slice(3))).toMatchObject({ firstBrokenSeq: 1, reason: 'deleted' });
  });

  it('detects entries deleted at the end only against an anchor', async () => {
    const entries = chain(10);
    const anchor = { seq: 10, hash: entries[9]!.hash };
    expect((await verifyAuditChain(entries.slice(0, 8))).ok).toBe(true);
    expect(await verifyAuditChain(entries.slice(0, 8), { anchor })).toMatchObject({ firstBrokenSeq: 9, reason: 'deleted', entriesChecked: 8 });
    expect(await verifyAuditChain(entries, { anchor: { seq: 7, hash: 'f'.repeat(64) } })).toMatchObject({ firstBrokenSeq: 7, reason: 'edited' });
  });

  it('detects reordered entries, whether the seqs moved with them or not', async () => {
    const lines = chain(10);
    [lines[4], lines[5]] = [lines[5]!, lines[4]!];
    expect(await verifyAuditChain(lines)).toMatchObject({ firstBrokenSeq: 5, reason: 'reordered' });
    const rows = chain(10);
    [rows[4], rows[5]] = [{ ...rows[5]!, seq: 5 }, { ...rows[4]!, seq: 6 }];
    expect(await verifyAuditChain(rows)).toMatchObject({ firstBrokenSeq: 5, reason: 'reordered' });
  });

  it('detects an inserted entry, forged to link or not', async () => {
    const entries = chain(10);
    const forgedUnhashed = { ...entries[4]!, principal: 'ghost', prevHash: entries[3]!.hash };
    const linked = [...entries.slice(0, 4), rehash(forgedUnhashed), ...entries.slice(4).map((entry) => ({ ...entry, seq: entry.seq + 1 }))];
    expect(await verifyAuditChain(linked)).toMatchObject({ firstBrokenSeq: 5, reason: 'inserted' });
    const loose = [...entries.slice(0, 4), rehash({ ...forgedUnhashed, prevHash: 'e'.repeat(64) }), ...entries.slice(4).map((entry) => ({ ...entry, seq: entry.seq + 1 }))];
    expect(await verifyAuditChain(loose)).toMatchObject({ firstBrokenSeq: 5, reason: 'inserted' });
    const duplicated = [...entries.slice(0, 5), entries[2]!, ...entries.slice(5)];
    expect(await verifyAuditChain(duplicated)).toMatchObject({ firstBrokenSeq: 3, reason: 'inserted' });
  });

  it('verifies a partial chain from a checkpoint', async () => {
    const entries = chain(10);
    const after = { seq: 6, hash: entries[5]!.hash };
    expect(await verifyAuditChain(entries.slice(6), { after })).toMatchObject({ ok: true, entriesChecked: 4 });
    expect(await verifyAuditChain(entries.slice(6))).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'deleted' });
  });
});
