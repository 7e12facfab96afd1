"""RFC 6962 Merkle tree over the event hashes: roots, inclusion and consistency proofs.

The leaves are the events' own chain hashes (32 raw bytes each), so the tree
and the hash chain cover the same bytes; the chain stays, because it names the
event a tamperer touched, and the tree gives short proofs to third parties.
Hashing follows RFC 6962 §2.1 (and RFC 9162 §2.1): a leaf is
``SHA-256(0x00 || data)``, an inner node ``SHA-256(0x01 || left || right)``, the
empty tree ``SHA-256("")``. Verification follows RFC 9162 §2.1.3.2 and §2.1.4.2.
No library fits: this module needs only `hashlib`, and the RFC's test vectors
hold it to the standard (tests/unit/ledger/test_merkle.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from hashlib import sha256

from engine.i18n import _

EMPTY_ROOT = sha256(b"").digest()


class ProofError(ValueError):
    """A proof that does not prove what it claims (the message says why)."""


def leaf_hash(data: bytes) -> bytes:
    """RFC 6962 leaf hash: SHA-256(0x00 || data)."""
    return sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 6962 interior node hash: SHA-256(0x01 || left || right)."""
    return sha256(b"\x01" + left + right).digest()


class RootBuilder:
    """Append leaf hashes one at a time and read the root of the tree so far.

    Keeps one hash per set bit of the size (a compact range), so memory is
    O(log n) and each append costs one hash amortised: `verify` streams a
    million events through it.
    """

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[bytes] = []  # roots of the perfect subtrees, largest first

    def append(self, leaf: bytes) -> None:
        stack, h, n = self._stack, leaf, self.size
        while n & 1:
            h = node_hash(stack.pop(), h)
            n >>= 1
        stack.append(h)
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        h = self._stack[-1]
        for left in reversed(self._stack[:-1]):
            h = node_hash(left, h)
        return h


class Tree:
    """A whole tree built from its leaf hashes, level by level, for making proofs.

    `levels[k][i]` is the hash of the perfect subtree of 2**k leaves starting at
    leaf ``i * 2**k``; every other subtree hash is split per RFC 6962 into such
    perfect ones, so a proof costs O(log² n) after an O(n) build.
    """

    def __init__(self, leaves: Sequence[bytes]) -> None:
        self.size = len(leaves)
        self.levels: list[list[bytes]] = [list(leaves)]
        while len(self.levels[-1]) > 1:
            below = self.levels[-1]
            self.levels.append([node_hash(below[i], below[i + 1])
                                for i in range(0, len(below) - 1, 2)])

    def hash(self, start: int, end: int) -> bytes:
        """MTH of the leaves [start, end)."""
        n = end - start
        if n == 0:
            return EMPTY_ROOT
        if n & (n - 1) == 0 and start % n == 0:
            return self.levels[n.bit_length() - 1][start // n]
        k = _split(n)
        return node_hash(self.hash(start, start + k), self.hash(start + k, end))

    def root(self, size: int | None = None) -> bytes:
        return self.hash(0, self.size if size is None else size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """PATH(index, D[0:size]) of RFC 6962 §2.1.1."""
        size = self.size if size is None else size
        if size > self.size:
            msg = _("no tree of {size} here, only {have}").format(size=size, have=self.size)
            raise ProofError(msg)
        return [self.hash(a, b) for a, b in inclusion_ranges(index, size)]

    def consistency_proof(self, old_size: int, size: int | None = None) -> list[bytes]:
        """PROOF(old_size, D[0:size]) of RFC 6962 §2.1.2."""
        size = self.size if size is None else size
        if size > self.size:
            msg = _("no tree of {size} here, only {have}").format(size=size, have=self.size)
            raise ProofError(msg)
        return [self.hash(a, b) for a, b in consistency_ranges(old_size, size)]


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose subtree hashes form PATH(index, D[0:size]), in proof order.

    They are disjoint, so one pass over the leaves can hash them all (`hash_ranges`).
    """
    if not 0 <= index < size:
        msg = _("leaf {index} is not in a tree of {size}").format(index=index, size=size)
        raise ProofError(msg)
    ranges: list[tuple[int, int]] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def consistency_ranges(old_size: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose subtree hashes form PROOF(old_size, D[0:size]), in proof order."""
    if not 0 <= old_size <= size:
        msg = _("no consistency proof from size {old_size} to {size}").format(
            old_size=old_size, size=size)
        raise ProofError(msg)
    if old_size in (0, size):
        return []
    ranges: list[tuple[int, int]] = []
    m, start, end, whole = old_size, 0, size, True
    while m != end - start:
        k = _split(end - start)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            m -= k
            start += k
            whole = False
    if not whole:
        ranges.append((start, end))
    ranges.reverse()
    return ranges


def hash_ranges(leaves: Iterable[bytes], ranges: Sequence[tuple[int, int]]) -> list[bytes]:
    """The subtree hash of each of the disjoint `ranges`, in one pass over the leaves.

    Memory stays O(log n): a proof for a log of millions needs no tree in memory.
    """
    order = sorted(range(len(ranges)), key=lambda i: ranges[i][0])
    out: list[bytes] = [b""] * len(ranges)
    last = max((b for _, b in ranges), default=0)
    pos = 0
    it = iter(order)
    current = next(it, None)
    builder = RootBuilder()
    for i, leaf in enumerate(leaves):
        if i >= last or current is None:
            break
        start, end = ranges[current]
        if start <= i < end:
            builder.append(leaf)
            if i + 1 == end:
                out[current] = builder.root()
                builder = RootBuilder()
                current = next(it, None)
        pos = i + 1
    if current is not None:
        msg = _("the log holds {pos} leaves, fewer than the proof needs").format(pos=pos)
        raise ProofError(msg)
    return out


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_of(leaves: Iterable[bytes]) -> bytes:
    """The Merkle tree hash of the given leaf hashes."""
    builder = RootBuilder()
    for leaf in leaves:
        builder.append(leaf)
    return builder.root()


def root_from_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes]) -> bytes:
    """The root that `path` proves `leaf` (at `index`) into; RFC 9162 §2.1.3.2.

    Raises:
        ProofError: the index is outside the tree, or the path has the wrong length.
    """
    if not 0 <= index < size:
        msg = _("leaf index {index} is outside a tree of {size}").format(index=index, size=size)
        raise ProofError(msg)
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if len(p) != 32 or sn == 0:
            msg = _("the proof is longer than the tree is deep, or holds a malformed hash")
            raise ProofError(msg)
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        msg = _("the proof is shorter than the tree is deep")
        raise ProofError(msg)
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes],
                     root: bytes) -> None:
    """Check that `leaf` is the `index`-th leaf of the tree of `size` with `root`.

    Raises:
        ProofError: it is not.
    """
    if root_from_inclusion(index, size, leaf, path) != root:
        msg = _("leaf {index} is not in the tree of {size} with that root").format(
            index=index, size=size)
        raise ProofError(msg)


def verify_consistency(old_size: int, size: int, old_root: bytes, root: bytes,
                       proof: Sequence[bytes]) -> None:
    """Check that the tree of `old_size` is a prefix of the tree of `size`; RFC 9162 §2.1.4.2.

    Raises:
        ProofError: it is not, or the proof is malformed.
    """
    if not 0 <= old_size <= size:
        msg = _("a tree of {size} cannot extend a tree of {old_size}").format(
            size=size, old_size=old_size)
        raise ProofError(msg)
    if old_size == size:
        if proof or old_root != root:
            msg = _("two trees of {size} leaves with different roots: the log forked").format(
                size=size)
            raise ProofError(msg)
        return
    if old_size == 0:
        if proof:
            msg = _("a proof from the empty tree must be empty")
            raise ProofError(msg)
        return
    if not proof or any(len(p) != 32 for p in proof):
        msg = _("the consistency proof is empty or holds a malformed hash")
        raise ProofError(msg)
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is itself a node
        path.insert(0, old_root)
    fn, sn = old_size - 1, size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            msg = _("the consistency proof is longer than the trees are deep")
            raise ProofError(msg)
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0 or fr != old_root or sr != root:
        msg = _("the tree of {size} does not extend the tree of {old_size}: "
                "the log was rewritten or forked").format(size=size, old_size=old_size)
        raise ProofError(msg)
