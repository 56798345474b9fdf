#!/usr/bin/env python3
"""Verifies a CityHub audit evidence export offline, independently of the hub's code.

Written from governance/audit/README.md only ("The evidence export"), with the Python
standard library and `cryptography` for Ed25519 (a small RFC 8032 verifier is used when
`cryptography` is not installed).

    python3 tests/verify_audit_evidence.py export.jsonl audit-signing-key.vkey

Prints "ok: ..." and exits 0, or prints "broken: ..." and exits 1.
"""
import base64
import hashlib
import json
import os
import sys


def sha256(data):
    return hashlib.sha256(data).digest()


# --- Ed25519 verification -------------------------------------------------------------
try:
    if os.environ.get('VERIFY_PURE_ED25519'):  # the tests exercise the fallback too
        raise ImportError('pure Ed25519 requested')
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    def ed25519_verify(public, message, signature):
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
            return True
        except InvalidSignature:
            return False
except ImportError:  # RFC 8032 section 5.1.7, for machines without `cryptography`.
    P = 2**255 - 19
    L = 2**252 + 27742317777372353535851937790883648493
    D = -121665 * pow(121666, P - 2, P) % P
    I = pow(2, (P - 1) // 4, P)

    def _add(a, b):
        x1, y1, z1, t1 = a
        x2, y2, z2, t2 = b
        A = (y1 - x1) * (y2 - x2) % P
        B = (y1 + x1) * (y2 + x2) % P
        C = 2 * t1 * t2 * D % P
        Dd = 2 * z1 * z2 % P
        E, F, G, H = B - A, Dd - C, Dd + C, B + A
        return (E * F % P, G * H % P, F * G % P, E * H % P)

    def _mul(s, point):
        q = (0, 1, 1, 0)
        while s > 0:
            if s & 1:
                q = _add(q, point)
            point = _add(point, point)
            s >>= 1
        return q

    def _decode(data):
        y = int.from_bytes(data, 'little')
        sign = y >> 255
        y &= (1 << 255) - 1
        if y >= P:
            return None
        x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
        x = pow(x2, (P + 3) // 8, P)
        if (x * x - x2) % P != 0:
            x = x * I % P
        if (x * x - x2) % P != 0 or (x == 0 and sign):
            return None
        if x & 1 != sign:
            x = P - x
        return (x, y, 1, x * y % P)

    def _equal(a, b):
        return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0

    _BY = 4 * pow(5, P - 2, P) % P
    _B = _decode(_BY.to_bytes(32, 'little'))

    def ed25519_verify(public, message, signature):
        if len(public) != 32 or len(signature) != 64:
            return False
        a, r = _decode(public), _decode(signature[:32])
        s = int.from_bytes(signature[32:], 'little')
        if a is None or r is None or s >= L:
            return False
        k = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), 'little') % L
        return _equal(_mul(s, _B), _add(r, _mul(k, a)))


# --- C2SP signed notes and checkpoints ------------------------------------------------
def parse_vkey(text):
    name, key_id, key = text.strip().split('+', 2)
    raw = base64.b64decode(key)
    if len(raw) != 33 or raw[0] != 1:
        raise ValueError('not an Ed25519 verifier key')
    if sha256(name.encode() + b'\n' + raw)[:4].hex() != key_id.lower():
        raise ValueError('key id does not match')
    return name, bytes.fromhex(key_id), raw[1:]


def note_signed_by(note, vkey):
    name, key_id, public = vkey
    text, _, signatures = note.rpartition('\n\n')
    text += '\n'
    for line in signatures.split('\n'):
        if not line.startswith('\u2014 '):
            continue
        signer, _, encoded = line[2:].partition(' ')
        blob = base64.b64decode(encoded)
        if signer == name and blob[:4] == key_id and ed25519_verify(public, text.encode(), blob[4:]):
            return True
    return False


def checkpoint_body(note):
    lines = note.rpartition('\n\n')[0].split('\n')
    return lines[0], int(lines[1]), base64.b64decode(lines[2])


# --- RFC 6962 / 9162 Merkle tree ------------------------------------------------------
def leaf_hash(entry_hash_hex):
    return sha256(b'\x00' + bytes.fromhex(entry_hash_hex))


def node_hash(left, right):
    return sha256(b'\x01' + left + right)


def edge_levels(size):
    # The perfect subtrees of a tree of `size` leaves, largest first: one per set bit.
    return [level for level in range(size.bit_length() - 1, -1, -1) if size >> level & 1]


def push(edge, leaf):
    # Extends a right edge [(level, hash), ...] by one leaf.
    level, value = 0, leaf
    while edge and edge[-1][0] == level:
        value = node_hash(edge.pop()[1], value)
        level += 1
    edge.append((level, value))


def edge_root(edge):
    if not edge:
        return sha256(b'')
    value = edge[-1][1]
    for _, left in reversed(edge[:-1]):
        value = node_hash(left, value)
    return value


def verify_inclusion(index, size, leaf, proof, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = node_hash(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_root, second_root, proof):
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    if first & (first - 1) == 0:
        proof = [first_root] + proof
    if not proof:
        return False
    fn, sn = first - 1, second - 1
    while fn % 2 == 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


# --- the export -----------------------------------------------------------------------
def canonical(value):
    # RFC 8785 for the values an entry holds (ASCII keys, integers and short decimals).
    return json.dumps(value, sort_keys=True, separators=(',', ':'), ensure_ascii=False)


# The fields of an entry (governance/audit/README.md); entry format 2 added the optional ones,
# which a line holds only when the entry has them, so older entries hash as they always did.
REQUIRED_FIELDS = {'seq', 'occurredAt', 'requestId', 'principal', 'department', 'purpose', 'operationName',
                   'operationHash', 'outcome', 'errorCode', 'latencyMs', 'sources', 'prevHash', 'hash'}
OPTIONAL_FIELDS = {'jurisdictions', 'agreementActions', 'entriesReturned'}


def entry_shape_problem(entry):
    keys = set(entry)
    if not REQUIRED_FIELDS <= keys:
        return 'lacks ' + ', '.join(sorted(REQUIRED_FIELDS - keys))
    if not keys <= REQUIRED_FIELDS | OPTIONAL_FIELDS:
        return 'holds unknown fields ' + ', '.join(sorted(keys - REQUIRED_FIELDS - OPTIONAL_FIELDS))
    return None


def verify(path, vkey):
    lines = [json.loads(line) for line in open(path, encoding='utf-8') if line.strip()]
    header, records = lines[0], lines[1:]
    if header.get('format') != 'cityhub-audit-evidence' or header.get('version') != 1:
        return 'line 1 is not an evidence export header'
    start = header.get('start')
    checkpoints = []
    for record in records:
        if record['type'] != 'checkpoint':
            break
        note = record['note']
        if not note_signed_by(note, vkey):
            return 'a checkpoint is not signed by the hub key'
        _, size, root = checkpoint_body(note)
        if checkpoints:
            before_size, before_root = checkpoints[-1]
            proof = [bytes.fromhex(h) for h in record['consistency']]
            if not verify_consistency(before_size, size, before_root, root, proof):
                return f'checkpoint {size} is not consistent with checkpoint {before_size}'
        checkpoints.append((size, root))
    if not checkpoints or checkpoints[-1][0] != header['treeSize']:
        return 'the header does not name the latest checkpoint'
    size, root = checkpoints[-1]
    prev, first, edge = '0' * 64, 1, []
    if start is not None:
        # Entries 1 to start.seq were pruned: the first checkpoint is theirs, and vouches for the start.
        levels = edge_levels(start['seq'])
        edge = list(zip(levels, [bytes.fromhex(h) for h in start['frontier']]))
        if len(edge) != len(levels) or checkpoints[0][0] != start['seq'] or edge_root(edge) != checkpoints[0][1]:
            return f'the start does not give the root of checkpoint {start["seq"]}'
        inclusion = [bytes.fromhex(h) for h in start['inclusion']]
        if not verify_inclusion(start['seq'] - 1, start['seq'], leaf_hash(start['hash']), inclusion, checkpoints[0][1]):
            return f'the start hash of entry {start["seq"]} is not in checkpoint {start["seq"]}'
        prev, first = start['hash'], start['seq'] + 1
    expected = first
    for record in records[len(checkpoints):]:
        entry = record['entry']
        shape = entry_shape_problem(entry)
        if shape:
            return f'entry {entry.get("seq")} is not an audit entry: it {shape}'
        body = {k: v for k, v in entry.items() if k != 'hash'}
        if entry['seq'] != expected or entry['prevHash'] != prev:
            return f'the chain breaks at seq {entry["seq"]}'
        if hashlib.sha256((prev + canonical(body)).encode()).hexdigest() != entry['hash']:
            return f'entry {entry["seq"]} does not match its hash'
        prev, expected = entry['hash'], expected + 1
        leaf = leaf_hash(entry['hash'])
        if entry['seq'] <= size:
            push(edge, leaf)
            proof = [bytes.fromhex(h) for h in record['inclusion']]
            if not verify_inclusion(entry['seq'] - 1, size, leaf, proof, root):
                return f'the inclusion proof of entry {entry["seq"]} does not verify'
    if expected - 1 < size:
        return f'entries {expected} to {size} are missing'
    if edge_root(edge) != root:
        return f'the entries do not give the root of checkpoint {size}'
    return None


if __name__ == '__main__':
    export_path, vkey_path = sys.argv[1], sys.argv[2]
    problem = verify(export_path, parse_vkey(open(vkey_path, encoding='utf-8').read()))
    if problem:
        print(f'broken: {problem}')
        sys.exit(1)
    print('ok: signatures, consistency, chain, inclusion proofs and root verified')
