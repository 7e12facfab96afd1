"""Check an etapp log without etapp: an export, a checkpoint, and optionally a proof.

Needs only Python 3.11+ and the `cryptography` package. Usage:

    python verify_offline.py LOG.jsonl LOG.pub CHECKPOINT [PROOF.json]

LOG.jsonl is `etapp export --format jsonl`, LOG.pub the log's public key
(given to you at `etapp init`), CHECKPOINT a checkpoint you kept. It checks
every hash link, every signature against the key valid for its actor then
(each key certified by the log key), that the log extends the checkpoint,
and the proof. It prints "ok" and exits 0, or names the first problem and exits 1.
"""

import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def fail(msg):
    sys.exit(f"FAILED: {msg}")


def ok_sig(pub, sig_b64, msg):
    try:
        pub.verify(base64.b64decode(sig_b64), msg)
        return True
    except (InvalidSignature, ValueError):
        return False


def node(a, b):
    return hashlib.sha256(b"\x01" + a + b).digest()


def leaf(event_hash):
    return hashlib.sha256(b"\x00" + bytes.fromhex(event_hash)).digest()


def merkle_root(leaves):  # RFC 6962: split at the largest power of two below n
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node(merkle_root(leaves[:k]), merkle_root(leaves[k:]))


def open_checkpoint(note, vkey):  # C2SP signed note + tlog-checkpoint
    name, key_id, key = vkey.strip().split("+", 2)
    raw = base64.b64decode(key)
    pub = Ed25519PublicKey.from_public_bytes(raw[1:])
    text, _, sigs = note.rpartition("\n\n")
    text += "\n"
    for line in sigs.splitlines():
        _, signer, sig = line.split(" ")
        blob = base64.b64decode(sig)
        if signer == name and blob[:4].hex() == key_id and ok_sig(
                pub, base64.b64encode(blob[4:]), text.encode()):
            origin, size, root = text.split("\n")[:3]
            return pub, int(size), base64.b64decode(root)
    fail(f"the checkpoint is not signed by {name}")


def chained(e):
    header = json.dumps([e["seq"], e["subject"], e["version"], e["type"], e["actor"],
                         e["role"], e["body"], e["workflow"], e["occurred_at"],
                         e["recorded_at"], e["prev_hash"]],
                        ensure_ascii=False, separators=(",", ":"))
    return f"{header}\n{e['payload']}".encode()


def main(log_path, pub_path, cp_path, proof_path=None):
    with open(pub_path, encoding="utf-8") as f:
        vkey = f.read()
    with open(cp_path, encoding="utf-8") as f:
        log_pub, size, root = open_checkpoint(f.read(), vkey)
    with open(log_path, encoding="utf-8") as f:
        events = [json.loads(x) for x in f if x.strip() and '"head"' not in x[:8]]
    keys, prev, leaves = {}, "0" * 64, []
    for n, e in enumerate(events, start=1):
        data = chained(e)
        if e["seq"] != n or e["prev_hash"] != prev or hashlib.sha256(data).hexdigest() != e["hash"]:
            fail(f"event #{n} is altered, moved or not chained to the one before")
        if e.get("signature"):
            k = keys.get(e["key_id"])
            msg = b"etapp-event-v1\n" + e["key_id"].encode() + b"\n" + data
            if k is None or k["actor"] != e["actor"] or (k["revoked"] and n > k["revoked"]) \
                    or not ok_sig(k["pub"], e["signature"], msg):
                fail(f"event #{n}: its signature does not verify with a valid key of {e['actor']}")
        elif e["role"] != "system" and any(k["actor"] == e["actor"] and not k["revoked"]
                                           for k in keys.values()):
            fail(f"event #{n} is not signed, though {e['actor']} held a key")
        p = json.loads(e["payload"])
        if e["type"] == "KeyRegistered":
            cert = b"etapp-key-v1\n" + f"{p['actor']}\n{p['key_id']}\n{p['public_key']}".encode()
            if not ok_sig(log_pub, p["certificate"], cert):
                fail(f"event #{n} registers a key the log key never certified")
            pub = Ed25519PublicKey.from_public_bytes(base64.b64decode(p["public_key"]))
            keys[p["key_id"]] = {"actor": p["actor"], "pub": pub, "revoked": None}
        elif e["type"] == "KeyRevoked" and p["key_id"] in keys:
            keys[p["key_id"]]["revoked"] = n
        prev = e["hash"]
        leaves.append(leaf(e["hash"]))
    if len(leaves) < size or merkle_root(leaves[:size]) != root:
        fail(f"the log does not extend the checkpoint of {size} events")
    if proof_path:
        with open(proof_path, encoding="utf-8") as f:
            proof = json.load(f)
        e = proof["event"]
        if hashlib.sha256(chained(e)).hexdigest() != e["hash"] or proof["tree_size"] != size:
            fail("the proof's event does not match its hash, or is for another checkpoint")
        fn, sn, r = e["seq"] - 1, size - 1, leaf(e["hash"])  # RFC 9162 §2.1.3.2
        for p in (base64.b64decode(x) for x in proof["path"]):
            if fn & 1 or fn == sn:
                r = node(p, r)
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
            else:
                r = node(r, p)
            fn, sn = fn >> 1, sn >> 1
        if sn != 0 or r != root:
            fail(f"the proof does not put event #{e['seq']} in the checkpoint")
    print(f"ok: {len(events)} events, {sum(1 for e in events if e.get('signature'))} signed; "
          f"the log extends the checkpoint of {size}" + ("; proof holds" if proof_path else ""))


if __name__ == "__main__":
    main(*sys.argv[1:])
