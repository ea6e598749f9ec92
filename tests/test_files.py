"""files.py: reading regular files only, and writes that keep the file or refuse with a reason."""

import errno
import os
import socket
import stat
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from namecheck import files
from namecheck.files import (
    FileState,
    InputError,
    TextSource,
    WriteError,
    bytes_and_state,
    decode_document,
    open_text,
    read_document,
    read_lexicon_texts,
    remove_stale_temporaries,
    temporary_path,
    unsafe_output_reason,
    walk_paths,
    write_atomically,
)

ROOT = os.geteuid() == 0
NOBODY = 65534


def _others(folder: Path) -> list[str]:
    """Every entry of `folder` left by writing: temporaries show up here."""
    return sorted(os.listdir(folder))


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(b"old")
    return path


# Reading


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


@pytest.mark.parametrize(
    "data, message",
    [
        ("Soudani".encode("utf-16"), r"UTF-16 \(little-endian\) text, not UTF-8"),
        ("Soudani".encode("utf-16-be").join([b"\xfe\xff", b""]), r"UTF-16 \(big-endian\) text, not UTF-8"),
        (b"Soudani \xe9t\xe9", r"not UTF-8 text \(byte 8\)"),
    ],
)
def test_a_file_in_another_encoding_is_named_as_such(tmp_path, data, message):
    with pytest.raises(InputError, match=message):
        decode_document(data, "story.txt")
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message), open(path, "rb") as stream:
        list(files._decoded_blocks(stream, "story.txt"))


def test_missing_file_is_refused_with_its_name(tmp_path):
    with pytest.raises(InputError, match="nope.txt"):
        read_document(str(tmp_path / "nope.txt"))


def test_reading_records_the_state_of_the_file(doc):
    document = read_document(str(doc))
    status = os.stat(doc)
    assert document.state == FileState(status.st_dev, status.st_ino, 3, status.st_mtime_ns, status.st_ctime_ns)


def _fifo(folder: Path, name: str = "pipe") -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def test_a_fifo_is_refused_without_being_opened(tmp_path, monkeypatch):
    fifo = _fifo(tmp_path)
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *rest: opened.append(path) or real_open(path, *rest))
    with pytest.raises(InputError, match=r"pipe: a FIFO \(named pipe\), not a regular file: skipped"):
        read_document(str(fifo))
    assert opened == []


def test_a_file_swapped_for_a_fifo_after_the_check_does_not_block(tmp_path, monkeypatch):
    fifo = _fifo(tmp_path)
    regular = os.stat(__file__)
    real_stat = os.stat
    # the first stat sees a regular file, as if the FIFO replaced it just after: the open must not block
    monkeypatch.setattr(os, "stat", lambda path, *rest, **kw: regular if path == str(fifo) else real_stat(path, *rest, **kw))
    with pytest.raises(InputError, match="FIFO"):
        read_document(str(fifo))


def test_every_reader_records_the_state_and_refuses_a_fifo(tmp_path, doc):
    status = FileState.of(os.stat(doc))
    assert open_text(str(doc)).state == status and bytes_and_state(str(doc)) == (b"old", status)
    fifo = str(_fifo(tmp_path))
    for read in (open_text, bytes_and_state, read_document):
        with pytest.raises(InputError, match="FIFO"):
            read(fifo)


def test_blocks_of_a_file_swapped_for_a_fifo_are_refused_not_waited_for(tmp_path, doc):
    source = open_text(str(doc))
    doc.unlink()
    os.mkfifo(doc)
    with pytest.raises(InputError, match="doc.txt: a FIFO"):
        list(source.blocks())
    assert list(TextSource("-", text="held").blocks()) == ["held"]


def test_a_device_is_refused():
    with pytest.raises(InputError, match="/dev/null: a character device"):
        read_document("/dev/null")


def test_a_walk_skips_special_files_with_a_note(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    _fifo(tmp_path, "b.txt")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "c.sock"))
    (tmp_path / "d.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "e.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / ".hidden").write_text("x")
    try:
        walk = walk_paths([str(tmp_path)])
    finally:
        listener.close()
    assert walk.files == (str(tmp_path / "a.txt"), str(tmp_path / "e.txt"))  # a broken link is read, and reported
    assert [(Path(s.path).name, s.kind) for s in walk.skipped] == [
        ("b.txt", "a FIFO (named pipe)"),
        ("c.sock", "a socket"),
        ("d.txt", "a FIFO (named pipe)"),
    ]
    assert walk.skipped[0].message == f"{tmp_path / 'b.txt'}: a FIFO (named pipe), not a regular file: skipped"


def test_an_explicit_special_file_is_kept_for_reading_to_refuse(tmp_path):
    fifo = _fifo(tmp_path)
    assert walk_paths([str(fifo)]).files == (str(fifo),)
    assert files.expand_paths([str(tmp_path)]) == []


# Writing: content, mode, links


def test_atomic_write_replaces_content_and_keeps_mode(tmp_path, doc):
    os.chmod(doc, 0o640)
    write_atomically(str(doc), b"new")
    assert doc.read_bytes() == b"new"
    assert oct(os.stat(doc).st_mode & 0o7777) == oct(0o640)
    assert _others(tmp_path) == ["doc.txt"]


@pytest.mark.skipif(not ROOT, reason="only root may set the set-user-ID bit on a file it gives away")
def test_set_user_id_bit_survives_the_change_of_owner(doc):
    os.chown(doc, 1234, 5678)
    os.chmod(doc, 0o4755)
    write_atomically(str(doc), b"new")
    status = os.stat(doc)
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (1234, 5678, 0o4755)


def test_failed_write_leaves_the_old_file(tmp_path, doc, monkeypatch):
    def broken_replace(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomically(str(doc), b"new")
    assert doc.read_bytes() == b"old"
    assert _others(tmp_path) == ["doc.txt"]


def test_atomic_write_of_a_new_file_gets_ordinary_permissions(tmp_path):
    target = tmp_path / "new.txt"
    old = os.umask(0o022)
    try:
        write_atomically(str(target), b"x")
    finally:
        os.umask(old)
    assert oct(os.stat(target).st_mode & 0o777) == oct(0o644)


def test_a_symbolic_link_is_written_through(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    target = tmp_path / "real" / "doc.txt"
    target.write_bytes(b"old")
    link = tmp_path / "links" / "doc.txt"
    link.symlink_to("../real/doc.txt")
    chain = tmp_path / "links" / "chain.txt"
    chain.symlink_to("doc.txt")
    write_atomically(str(chain), b"new")
    assert link.is_symlink() and os.readlink(link) == "../real/doc.txt"
    assert chain.is_symlink() and os.readlink(chain) == "doc.txt"
    assert target.read_bytes() == b"new"
    assert _others(tmp_path / "real") == ["doc.txt"]
    assert _others(tmp_path / "links") == ["chain.txt", "doc.txt"]


def test_a_file_with_several_hard_links_is_refused(tmp_path, doc):
    os.link(doc, tmp_path / "other.txt")
    with pytest.raises(WriteError, match="doc.txt: has 2 hard links; replacing it would separate them"):
        write_atomically(str(doc), b"new")
    assert doc.read_bytes() == b"old" and (tmp_path / "other.txt").read_bytes() == b"old"
    assert _others(tmp_path) == ["doc.txt", "other.txt"]


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_special_file_is_never_replaced(tmp_path, kind):
    path = str(_fifo(tmp_path)) if kind == "fifo" else "/dev/null"
    with pytest.raises(WriteError, match="not a regular file: never replaced"):
        write_atomically(path, b"new")
    assert not stat.S_ISREG(os.stat(path).st_mode)


# Writing: permissions, owner, extended attributes


def test_a_read_only_file_is_refused_and_named_read_only(doc):
    os.chmod(doc, 0o444)
    with pytest.raises(WriteError, match=r"doc.txt: read-only file \(mode 0444\)"):
        write_atomically(str(doc), b"new")
    assert doc.read_bytes() == b"old"


def test_a_read_only_folder_is_named(tmp_path, doc):
    os.chmod(tmp_path, 0o555)
    try:
        with pytest.raises(WriteError, match=f"doc.txt: read-only folder {tmp_path}$"):
            write_atomically(str(doc), b"new")
    finally:
        os.chmod(tmp_path, 0o755)
    assert doc.read_bytes() == b"old"
    assert _others(tmp_path) == ["doc.txt"]


def _as_nobody(action) -> str:
    """Run `action` in a child process with the identity of user nobody; return what it raised."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child)
        os.close(reader)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            action()
            message = "ok"
        except BaseException as error:
            message = f"{type(error).__name__}: {error}"
        os.write(writer, message.encode("utf-8", "backslashreplace"))
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as stream:
        message = stream.read().decode()
    os.waitpid(child, 0)
    return message


@pytest.fixture
def open_folder():
    """A folder anyone may write to, outside the test's private temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="namecheck-test-"))
    os.chmod(folder, 0o777)
    yield folder
    for entry in folder.iterdir():
        entry.unlink()
    folder.rmdir()


@pytest.mark.skipif(not ROOT, reason="needs root to act as another user")
def test_a_file_we_may_not_write_is_refused_as_read_only(open_folder):
    target = open_folder / "doc.txt"
    target.write_bytes(b"old")  # root's, mode 0644: not writable by nobody
    os.chmod(target, 0o644)
    result = _as_nobody(lambda: write_atomically(str(target), b"new"))
    assert result == f"WriteError: {target}: read-only file (mode 0644)"
    assert target.read_bytes() == b"old" and _others(open_folder) == ["doc.txt"]


@pytest.mark.skipif(not ROOT, reason="needs root to act as another user")
def test_an_owner_that_cannot_be_kept_is_refused(open_folder):
    target = open_folder / "doc.txt"
    target.write_bytes(b"old")
    os.chmod(target, 0o666)  # writable by nobody, but nobody cannot give a new file to root
    result = _as_nobody(lambda: write_atomically(str(target), b"new"))
    assert result == f"WriteError: {target}: owner and group 0:0 cannot be kept by user {NOBODY}"
    assert target.read_bytes() == b"old" and os.stat(target).st_uid == 0
    assert _others(open_folder) == ["doc.txt"]


@pytest.mark.skipif(not ROOT, reason="needs root to give a file away")
def test_owner_and_group_are_kept(doc):
    os.chown(doc, 1234, 5678)
    write_atomically(str(doc), b"new")
    assert (os.stat(doc).st_uid, os.stat(doc).st_gid) == (1234, 5678)


def _set_or_skip(path: Path, name: str, value: bytes) -> None:
    try:
        os.setxattr(path, name, value)
    except OSError as error:
        if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
            pytest.skip(f"the file system does not take {name}")
        raise


def _access_acl(*entries: tuple[int, int, int]) -> bytes:
    """A POSIX ACL as the system.posix_acl_access attribute holds it (version 2, tag/perm/id)."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *entry) for entry in entries)


UNDEFINED_ID = 0xFFFFFFFF


def test_extended_attributes_and_acls_are_kept(doc):
    os.chmod(doc, 0o640)
    _set_or_skip(doc, "user.origin", b"wire copy")
    acl = _access_acl((1, 6, UNDEFINED_ID), (2, 4, 1234), (4, 4, UNDEFINED_ID), (0x10, 4, UNDEFINED_ID), (0x20, 0, UNDEFINED_ID))
    _set_or_skip(doc, "system.posix_acl_access", acl)
    write_atomically(str(doc), b"new")
    assert os.getxattr(doc, "user.origin") == b"wire copy"
    assert os.getxattr(doc, "system.posix_acl_access") == acl
    assert stat.S_IMODE(os.stat(doc).st_mode) == 0o640


def test_a_file_system_without_extended_attributes_is_no_obstacle(doc, monkeypatch):
    def unsupported(*args, **kwargs):
        raise OSError(errno.ENOTSUP, "Operation not supported")

    monkeypatch.setattr(os, "listxattr", unsupported)
    write_atomically(str(doc), b"new")
    assert doc.read_bytes() == b"new"


def test_an_attribute_that_cannot_be_kept_is_a_refusal(tmp_path, doc, monkeypatch):
    _set_or_skip(doc, "user.origin", b"wire copy")

    def refused(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "setxattr", refused)
    with pytest.raises(WriteError, match=r"extended attribute user.origin cannot be kept"):
        write_atomically(str(doc), b"new")
    assert doc.read_bytes() == b"old" and _others(tmp_path) == ["doc.txt"]


# Writing: disk full


def test_disk_full_is_named_for_that_file(tmp_path, doc, monkeypatch):
    def full(handle):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError, match=r"doc.txt: disk full \(no space left on device\)"):
        write_atomically(str(doc), b"new")
    assert doc.read_bytes() == b"old" and _others(tmp_path) == ["doc.txt"]


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KiB file system, or a skip where mounting one is not allowed."""
    mount = tmp_path / "small"
    mount.mkdir()
    if not ROOT or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)]).returncode:
        pytest.skip("cannot mount a small file system here")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_really_full_disk_is_named_and_the_old_file_kept(small_disk):
    target = small_disk / "doc.txt"
    target.write_bytes(b"old")
    with pytest.raises(WriteError, match=r"doc.txt: disk full"):
        write_atomically(str(target), b"x" * 1_000_000)
    assert target.read_bytes() == b"old" and _others(small_disk) == ["doc.txt"]


# Writing: changes by other processes


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path, doc):
    document = read_document(str(doc))
    doc.write_bytes(b"their edit")
    with pytest.raises(WriteError, match="doc.txt: changed by another process since it was read; not overwritten"):
        write_atomically(str(doc), b"new", expected=document.state)
    assert doc.read_bytes() == b"their edit" and _others(tmp_path) == ["doc.txt"]


def test_a_same_size_edit_is_seen_by_its_timestamp(doc):
    document = read_document(str(doc))
    doc.write_bytes(b"OLD")
    os.utime(doc, ns=(document.state.mtime_ns, document.state.mtime_ns + 1))
    with pytest.raises(WriteError, match="changed by another process"):
        write_atomically(str(doc), b"new", expected=document.state)


def test_a_file_deleted_since_it_was_read_is_not_recreated(tmp_path, doc):
    document = read_document(str(doc))
    doc.unlink()
    with pytest.raises(WriteError, match="doc.txt: deleted by another process since it was read; not recreated"):
        write_atomically(str(doc), b"new", expected=document.state)
    assert _others(tmp_path) == []


def test_a_file_replaced_since_it_was_read_is_not_overwritten(tmp_path, doc):
    document = read_document(str(doc))
    (tmp_path / "theirs").write_bytes(b"old")
    os.replace(tmp_path / "theirs", doc)
    with pytest.raises(WriteError, match="changed by another process"):
        write_atomically(str(doc), b"new", expected=document.state)


def _meanwhile(monkeypatch, action) -> None:
    """Make `action` happen while the new file is being written: after it is flushed, before the rename."""
    real_fsync = os.fsync

    def flush_then_act(handle):
        real_fsync(handle)
        action()

    monkeypatch.setattr(os, "fsync", flush_then_act)


def test_a_change_while_writing_is_caught_just_before_the_rename(tmp_path, doc, monkeypatch):
    document = read_document(str(doc))
    _meanwhile(monkeypatch, lambda: doc.write_bytes(b"their edit, made while the new file was written"))
    with pytest.raises(WriteError, match="changed by another process"):
        write_atomically(str(doc), b"new", expected=document.state)
    assert doc.read_bytes().startswith(b"their edit") and _others(tmp_path) == ["doc.txt"]


def test_an_output_created_meanwhile_is_not_overwritten(tmp_path, monkeypatch):
    target = tmp_path / "report.txt"
    _meanwhile(monkeypatch, lambda: target.write_bytes(b"theirs"))
    with pytest.raises(WriteError, match="created by another process meanwhile"):
        write_atomically(str(target), b"ours")
    assert target.read_bytes() == b"theirs"


# Temporary files


def test_temporary_files_are_named_after_the_target_and_the_process(tmp_path):
    name = Path(temporary_path(str(tmp_path / "doc.txt"))).name
    assert name.startswith(f".doc.txt.namecheck-{os.getpid()}-") and name.endswith(".tmp")
    long = Path(temporary_path(str(tmp_path / ("é" * 127)))).name
    assert len(os.fsencode(long)) <= 255


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path):
    dead = tmp_path / f".doc.txt.namecheck-{_dead_pid()}-0a1b2c.tmp"
    alive = tmp_path / f".doc.txt.namecheck-{os.getppid()}-0a1b2c.tmp"
    own = tmp_path / f".doc.txt.namecheck-{os.getpid()}-0a1b2c.tmp"
    unrelated = tmp_path / ".doc.txt.editor-1.tmp"
    for path in (dead, alive, own, unrelated):
        path.write_bytes(b"partial")
    link = tmp_path / f".x.namecheck-{_dead_pid()}-0a1b2c.tmp"
    link.symlink_to(unrelated)
    assert remove_stale_temporaries(str(tmp_path)) == [str(dead)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (alive, own, unrelated, link))


def test_writing_into_a_folder_removes_its_stale_temporaries_first(tmp_path, doc):
    stale = tmp_path / f".doc.txt.namecheck-{_dead_pid()}-00ff.tmp"
    stale.write_bytes(b"half a file")
    write_atomically(str(doc), b"new")
    assert _others(tmp_path) == ["doc.txt"]


# Output files


def test_output_onto_a_device_or_fifo_is_refused(tmp_path):
    assert unsafe_output_reason("/dev/null", []) == "/dev/null: a character device, not a regular file: refusing to write over it"
    assert "a FIFO (named pipe)" in unsafe_output_reason(str(_fifo(tmp_path)), [])
    assert "a folder" in unsafe_output_reason(str(tmp_path), [])


def test_output_onto_an_input_is_refused_however_it_is_named(tmp_path, doc):
    (tmp_path / "link.txt").symlink_to(doc)
    os.link(doc, tmp_path / "hard.txt")
    inputs = [str(tmp_path)]
    for name in ("doc.txt", "link.txt", "hard.txt"):
        assert "is also an input" in unsafe_output_reason(str(tmp_path / name), inputs)
    assert "is also an input (" + str(doc) + ")" in unsafe_output_reason(str(tmp_path / "hard.txt"), [str(doc)])
    assert "is also an input" in unsafe_output_reason(f"{tmp_path}/../{tmp_path.name}/doc.txt", [str(doc)])


def test_output_elsewhere_is_allowed(tmp_path, doc):
    (tmp_path / "old-report.txt").write_text("x")
    assert unsafe_output_reason(str(tmp_path / "old-report.txt"), [str(doc), "-"]) is None
    assert unsafe_output_reason(str(tmp_path / "new-report.txt"), [str(tmp_path)]) is None

def test_a_lexicon_that_is_not_utf8_is_named_with_its_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'[lexicon]\nname = "x"\n[[entity]]\nid = "a"\nname = "Caf\xe9"\n')
    with pytest.raises(InputError, match=r"bad\.toml:5: lexicon is not UTF-8 text \(byte 52\)"):
        read_lexicon_texts([str(bad)], with_default=False)


def test_a_lexicon_byte_order_mark_is_dropped(tmp_path):
    marked = tmp_path / "marked.toml"
    marked.write_bytes("\ufeff[lexicon]\nname = \"x\"\n".encode())
    assert read_lexicon_texts([str(marked)], with_default=False) == [(str(marked), '[lexicon]\nname = "x"\n')]


def test_an_empty_lexicon_folder_is_an_error_naming_it(tmp_path):
    (tmp_path / "notes.txt").write_text("no lexicon here", encoding="utf-8")
    with pytest.raises(InputError, match=f"{tmp_path}: no lexicon files"):
        read_lexicon_texts([str(tmp_path)], with_default=False)


def test_a_lexicon_path_that_is_no_regular_file_is_refused_unread(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="pipe.toml: not a regular file"):
        read_lexicon_texts([str(tmp_path)], with_default=False)
