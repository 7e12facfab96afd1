"""The Merkle module against RFC 6962's test vectors (as published by the Certificate
Transparency projects: transparency-dev/merkle `rfc6962_test.go` and `proof/verify_test.go`)."""

from __future__ import annotations

import pytest

from engine.ledger.merkle import (
    EMPTY_ROOT,
    ProofError,
    RootBuilder,
    Tree,
    leaf_hash,
    node_hash,
    root_of,
    verify_consistency,
    verify_inclusion,
)

h = bytes.fromhex

LEAVES = [h(x) for x in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                         "606162636465666768696a6b6c6d6e6f")]
ROOTS = [h(x) for x in (
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
)]
# (leaf number counted from 1, tree size, audit path)
INCLUSION = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (2, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]
HASHED = [leaf_hash(x) for x in LEAVES]


def test_leaf_node_and_empty_hashes_match_the_rfc_vectors():
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert leaf_hash(b"").hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
    assert leaf_hash(b"L123456").hex() == (
        "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56")
    assert node_hash(b"N123", b"N456").hex() == (
        "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb")


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_of_every_prefix_match_the_vectors(size):
    assert root_of(HASHED[:size]) == ROOTS[size - 1]
    assert Tree(HASHED).root(size) == ROOTS[size - 1]
    assert Tree(HASHED[:size]).root() == ROOTS[size - 1]


def test_the_streaming_builder_reads_the_root_after_each_leaf():
    builder = RootBuilder()
    assert builder.root() == EMPTY_ROOT
    for i, leaf in enumerate(HASHED):
        builder.append(leaf)
        assert builder.root() == ROOTS[i]


@pytest.mark.parametrize(("number", "size", "path"), INCLUSION)
def test_inclusion_proofs_match_the_vectors_and_verify(number, size, path):
    proof = Tree(HASHED).inclusion_proof(number - 1, size)
    assert [p.hex() for p in proof] == path
    verify_inclusion(number - 1, size, HASHED[number - 1], proof, ROOTS[size - 1])


@pytest.mark.parametrize(("number", "size", "path"), [v for v in INCLUSION if v[2]])
def test_a_corrupted_inclusion_proof_is_refused(number, size, path):
    proof, root, leaf, index = [h(p) for p in path], ROOTS[size - 1], HASHED[number - 1], number - 1
    wrong = [
        (index + 1, size, leaf, proof, root), (index ^ 2, size, leaf, proof, root),
        (index, size * 2, leaf, proof, root), (index, size // 2, leaf, proof, root),
        (index, size, leaf_hash(b"WrongLeaf"), proof, root),
        (index, size, leaf, proof, EMPTY_ROOT), (index, size, leaf, [*proof, b""], root),
        (index, size, leaf, [*proof, root], root), (index, size, leaf, [root, *proof], root),
        (index, size, leaf, proof[:-1], root),
    ]
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([flipped[i][0] ^ 8]) + flipped[i][1:]
        wrong.append((index, size, leaf, flipped, root))
    for args in wrong:
        with pytest.raises(ProofError):
            verify_inclusion(*args)


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY)
def test_consistency_proofs_match_the_vectors_and_verify(old, new, path):
    proof = Tree(HASHED).consistency_proof(old, new)
    assert [p.hex() for p in proof] == path
    verify_consistency(old, new, ROOTS[old - 1], ROOTS[new - 1], proof)


@pytest.mark.parametrize(("old", "new", "path"), [v for v in CONSISTENCY if v[2]])
def test_a_corrupted_consistency_proof_is_refused(old, new, path):
    proof, r1, r2 = [h(p) for p in path], ROOTS[old - 1], ROOTS[new - 1]
    wrong = [
        (old - 1, new, r1, r2, proof), (old + 1, new, r1, r2, proof),
        (old ^ 2, new, r1, r2, proof), (old, new * 2, r1, r2, proof),
        (old, new // 2, r1, r2, proof), (old, new, leaf_hash(b"x"), r2, proof),
        (old, new, r1, leaf_hash(b"x"), proof), (old, new, r2, r1, proof),
        (old, new, r1, r2, []), (old, new, r1, r2, [*proof, r1]),
        (old, new, r1, r2, [r2, *proof]), (old, new, r1, r2, proof[:-1]),
    ]
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([flipped[i][0] ^ 16]) + flipped[i][1:]
        wrong.append((old, new, r1, r2, flipped))
    for args in wrong:
        with pytest.raises(ProofError):
            verify_consistency(*args)


def test_trivial_consistency_cases_follow_the_rfc():
    verify_consistency(0, 5, EMPTY_ROOT, ROOTS[4], [])
    verify_consistency(3, 3, ROOTS[2], ROOTS[2], [])
    with pytest.raises(ProofError, match="forked"):
        verify_consistency(3, 3, ROOTS[2], ROOTS[3], [])
    with pytest.raises(ProofError):
        verify_consistency(4, 3, ROOTS[3], ROOTS[2], [])


def test_proofs_of_every_pair_in_a_larger_tree_verify():
    leaves = [leaf_hash(bytes([i, i >> 8])) for i in range(37)]
    tree = Tree(leaves)
    for size in range(1, 38):
        root = root_of(leaves[:size])
        assert tree.root(size) == root
        for index in range(size):
            verify_inclusion(index, size, leaves[index], tree.inclusion_proof(index, size), root)
        for old in range(1, size + 1):
            verify_consistency(old, size, root_of(leaves[:old]), root,
                               tree.consistency_proof(old, size))


def test_proofs_hashed_in_one_pass_equal_the_tree_built_in_memory():
    from engine.ledger.merkle import consistency_ranges, hash_ranges, inclusion_ranges

    leaves = [leaf_hash(bytes([i])) for i in range(23)]
    tree = Tree(leaves)
    for size in (1, 2, 7, 8, 13, 23):
        for index in range(size):
            assert hash_ranges(leaves, inclusion_ranges(index, size)) == \
                tree.inclusion_proof(index, size)
        for old in range(0, size + 1):
            assert hash_ranges(iter(leaves), consistency_ranges(old, size)) == \
                tree.consistency_proof(old, size)
