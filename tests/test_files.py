import os

import pytest

from namecheck.files import InputError, decode_document, read_document, write_atomically


def test_bom_is_removed_and_kept_for_writing():
    document = decode_document("\ufeffSoudani\r\n".encode(), "x.txt")
    assert document.text == "Soudani\r\n" and document.bom
    assert document.encoded("Sudani\r\n") == "\ufeffSudani\r\n".encode()


def test_line_endings_are_kept():
    assert decode_document(b"a\r\nb\rc\n", "x").text == "a\r\nb\rc\n"


@pytest.mark.parametrize("data", [b"caf\xe9", b"ok\x00binary"])
def test_undecodable_input_is_refused_with_its_name(data):
    with pytest.raises(InputError, match="bad.txt"):
        decode_document(data, "bad.txt")


def test_missing_file_is_refused_with_its_name(tmp_path):
    with pytest.raises(InputError, match="nope.txt"):
        read_document(str(tmp_path / "nope.txt"))


def test_atomic_write_replaces_content_and_keeps_mode(tmp_path):
    target = tmp_path / "doc.txt"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    write_atomically(str(target), b"new")
    assert target.read_bytes() == b"new"
    assert oct(os.stat(target).st_mode & 0o777) == oct(0o640)
    assert os.listdir(tmp_path) == ["doc.txt"]


def test_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "doc.txt"
    target.write_bytes(b"old")

    def broken_replace(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomically(str(target), b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["doc.txt"]


def test_atomic_write_of_a_new_file_gets_ordinary_permissions(tmp_path):
    target = tmp_path / "new.txt"
    old = os.umask(0o022)
    try:
        write_atomically(str(target), b"x")
    finally:
        os.umask(old)
    assert oct(os.stat(target).st_mode & 0o777) == oct(0o644)
