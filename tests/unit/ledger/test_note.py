"""Signed notes and checkpoints against the reference vector of Go's sumdb/note
(golang.org/x/mod/sumdb/note, the format c2sp.org/signed-note describes)."""

from __future__ import annotations

import pytest

from engine.ledger.note import (
    Checkpoint,
    NoteError,
    new_signer,
    open_note,
    parse_checkpoint,
    parse_signer,
    parse_verifier,
)

VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
TEXT = ("If you think cryptography is the answer to your problem,\n"
        "then you don't know what your problem is.\n")
NOTE = TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2p" \
    "ZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"


def test_signing_reproduces_the_reference_note_byte_for_byte():
    signer = parse_signer(SKEY)
    assert signer.verifier.vkey == VKEY
    assert signer.skey == SKEY
    assert signer.sign(TEXT) == NOTE


def test_the_reference_note_opens_with_its_key_and_not_when_changed():
    assert open_note(NOTE, parse_verifier(VKEY)) == TEXT
    with pytest.raises(NoteError, match="does not verify"):
        open_note(NOTE.replace("cryptography", "cryptographY"), parse_verifier(VKEY))
    other = new_signer("PeterNeumann").verifier
    with pytest.raises(NoteError, match="not signed by"):
        open_note(NOTE, other)


def test_a_key_whose_id_does_not_match_is_refused():
    with pytest.raises(NoteError, match="ID"):
        parse_verifier(VKEY.replace("c74f20a3", "c74f20a4"))
    with pytest.raises(NoteError):
        parse_verifier("PeterNeumann+c74f20a3")


def test_a_checkpoint_round_trips_through_a_signed_note():
    signer = new_signer("etapp.example/test")
    cp = Checkpoint("etapp.example/test", 1234, bytes(range(32)))
    note = signer.sign(cp.text)
    assert note.startswith(
        "etapp.example/test\n1234\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n\n— ")
    assert parse_checkpoint(open_note(note, signer.verifier)) == cp
    with pytest.raises(NoteError):
        parse_checkpoint("origin\n012\nAAEC\n")
