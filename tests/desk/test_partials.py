"""Downloads in progress are sealed piece by piece (issue 19): no plain byte of the file on disk,
a torn last piece is dropped and the download continues from the last whole one, and pieces
cannot be moved between downloads, reordered or opened with another profile's key."""

from __future__ import annotations

import hashlib
import os

import pytest

from lapor_desk.models.crypto import FileCipher, new_key
from lapor_desk.sync.partials import PlainPart, SealedPart, part_for

DATA = os.urandom(300_000)
SHA = hashlib.sha256(DATA).hexdigest()


def _write(part, pieces: list[bytes], at: int = 0) -> None:
    part.begin(at)
    try:
        for p in pieces:
            part.write(p)
    finally:
        part.end()


def _windows(data: bytes, n: int = 32):
    return (data[i : i + n] for i in range(0, len(data) - n, 997))


def test_a_sealed_download_holds_no_plain_byte_and_reads_back_whole(tmp_path):
    files = FileCipher(new_key())
    part = part_for(tmp_path, files, SHA)
    assert isinstance(part, SealedPart)
    _write(part, [DATA[:65536], DATA[65536:100_000]])
    on_disk = part.path.read_bytes()
    assert not any(w in on_disk for w in _windows(DATA[:100_000]))
    assert SHA not in part.path.name  # the name does not say which photo is coming
    assert oct(part.path.stat().st_mode & 0o777) == "0o600"
    # a new part object (the desk restarted) continues at the end
    again = part_for(tmp_path, files, SHA)
    assert again.size() == 100_000
    _write(again, [DATA[100_000:]], at=100_000)
    assert again.read() == DATA


def test_a_torn_last_piece_is_dropped_and_the_download_continues_from_the_whole_ones(tmp_path):
    files = FileCipher(new_key())
    part = part_for(tmp_path, files, SHA)
    _write(part, [DATA[:50_000], DATA[50_000:120_000]])
    whole = part.path.read_bytes()
    part.path.write_bytes(whole[:-7])  # the power went mid-write
    assert part.size() == 50_000
    _write(part, [DATA[50_000:]], at=50_000)
    assert part.read() == DATA
    # a damaged byte inside the second piece: only the first one counts
    blob = bytearray(part.path.read_bytes())
    blob[-100] ^= 1
    part.path.write_bytes(bytes(blob))
    assert part.size() == 50_000
    with pytest.raises(ValueError):
        part.begin(60_000)  # continuing anywhere but the end would leave a hole


def test_pieces_cannot_be_spliced_reordered_or_opened_with_another_key(tmp_path):
    key = new_key()
    files = FileCipher(key)
    (tmp_path / "a").mkdir()
    a = part_for(tmp_path / "a", files, SHA)
    _write(a, [DATA[:1000], DATA[1000:2000]])
    other = hashlib.sha256(b"another photo").hexdigest()
    (tmp_path / "b").mkdir()
    b = part_for(tmp_path / "b", files, other)
    b.path.write_bytes(a.path.read_bytes())  # the same records under another download's name
    assert b.size() == 0
    # swap the two records (same length): their offsets no longer match
    blob = a.path.read_bytes()
    head, rec = blob[:4], (len(blob) - 4) // 2
    a.path.write_bytes(head + blob[4 + rec :] + blob[4 : 4 + rec])
    assert a.size() == 0
    _write(a, [DATA[:1000]])
    assert part_for(tmp_path / "a", FileCipher(new_key()), SHA).size() == 0  # another profile


def test_a_plain_partial_left_by_an_older_desk_is_deleted_when_the_profile_is_sealed(tmp_path):
    (tmp_path / SHA).write_bytes(DATA[:1000])
    part = part_for(tmp_path, FileCipher(new_key()), SHA)
    assert not (tmp_path / SHA).exists()
    assert part.size() == 0
    plain = part_for(tmp_path, None, SHA)  # a store without a key keeps the old behaviour
    assert isinstance(plain, PlainPart)
    _write(plain, [DATA[:10]])
    assert plain.read() == DATA[:10]
