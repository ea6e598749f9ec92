import json
import re

import pytest
from conftest import DATA, SEEDS
from typer.testing import CliRunner

from namecheck.api import load_matcher
from namecheck.cli import app
from namecheck.consistency import ConsistencyCounter
from namecheck.scanner import scan_mentions

HOUSE = ["--no-default-lexicon", "--lexicon", str(DATA / "house_only.toml")]
DOCS = {
    "a.txt": "Saddam Hussein visited Najaf. Later Saddam Husayn left Nadjaf for Basra.",
    "b.txt": "Saddam Hussein spoke in Basra and Najaf.",
    "c.txt": "Tareq Aziz met reporters in Bassora.",
}


@pytest.fixture(scope="module")
def matcher():
    return load_matcher([str(DATA / "house_only.toml")], with_default=False)


def corpus_report(matcher):
    counter = ConsistencyCounter(matcher.lexicon)
    for path, text in DOCS.items():
        counter.add(path, scan_mentions(text, matcher))
    return counter.report()


def test_spellings_counts_and_documents(matcher):
    report = corpus_report(matcher)
    najaf = next(e for e in report.entities if e.entity == "najaf")
    assert [(u.spelling, u.count, u.house, dict(u.documents)) for u in najaf.spellings] == [
        ("Najaf", 2, True, {"a.txt": 1, "b.txt": 1}),
        ("Nadjaf", 1, False, {"a.txt": 1}),
    ]
    assert najaf.inconsistent and najaf.ways == 2 and najaf.inconsistencies == 1


def test_consistent_entities_are_not_marked(matcher):
    basra = next(e for e in corpus_report(matcher).entities if e.entity == "basra")
    assert basra.ways == 2  # Basra and Bassora
    assert [e.entity for e in corpus_report(matcher).entities if not e.inconsistent] == []


def test_most_inconsistent_first(matcher):
    entities = corpus_report(matcher).entities
    assert [e.inconsistencies for e in entities] == sorted((e.inconsistencies for e in entities), reverse=True)


def test_documents_that_mix_spellings(matcher):
    mixed = corpus_report(matcher).mixed
    assert {(m.path, m.entity) for m in mixed} == {("a.txt", "saddam-hussein"), ("a.txt", "najaf")}
    saddam = next(m for m in mixed if m.entity == "saddam-hussein")
    assert sorted(saddam.spellings) == [("Saddam Husayn", 1), ("Saddam Hussein", 1)]


def test_report_json_and_text_from_the_command_line(tmp_path):
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["report", *HOUSE, "--format", "json", str(tmp_path)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["summary"] == {
        "documents": 3, "mentions": 10, "entities": 4, "inconsistent_entities": 4, "mixed_documents": 1, "errors": 0,
    }
    first = data["entities"][0]
    assert set(first) == {"entity", "name", "type", "mentions", "ways", "inconsistent", "inconsistencies", "spellings"}
    assert set(first["spellings"][0]) == {"spelling", "house", "replacement", "count", "documents", "examples", "ambiguous"}
    text = CliRunner().invoke(app, ["report", *HOUSE, str(tmp_path)]).stdout
    assert "Najaf [najaf]  3 mention(s), INCONSISTENT" in text
    assert "Documents that mix spellings:" in text


def test_report_refuses_unreadable_files_and_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text(DOCS["a.txt"], encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe Nadjaf")
    result = CliRunner().invoke(app, ["report", *HOUSE, "--format", "json", str(tmp_path)])
    assert result.exit_code == 2 and "bad.txt" in result.stderr
    assert json.loads(result.stdout)["summary"]["documents"] == 1


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not present")
def test_seed_report_shows_the_prime_minister_spelled_as_check_sees_it():
    paths = sorted(SEEDS.glob("*.txt"))
    result = CliRunner().invoke(app, ["report", "--format", "json", *map(str, paths)])
    entity = next(e for e in json.loads(result.stdout)["entities"] if e["entity"] == "mohammed-shia-al-sudani")
    # the house spelling, the French one, and the caption's "Shia'" (a mark check flags)
    assert entity["inconsistent"] and entity["ways"] == 3
    spellings = {s["spelling"]: s for s in entity["spellings"]}
    texts = {str(p): p.read_text(encoding="utf-8") for p in paths}
    english, french = (str(p) for p in paths)
    full = spellings["Mohammed Shia al-Sudani"]
    assert [d["path"] for d in full["documents"]] == [english]
    assert full["count"] == len(re.findall(r"Mohammed Shia al-Sudani", texts[english]))
    assert spellings["Mohammed Shia' al-Sudani"]["house"] is False
    checked = CliRunner().invoke(app, ["check", "--format", "json", *map(str, paths)])
    flagged = [f for f in json.loads(checked.stdout)["findings"] if f["entity"] == entity["entity"]]
    assert entity["inconsistencies"] == len(flagged)
    line = texts[french][: texts[french].index("Mohamed Chia al-Soudani")].count("\n") + 1
    assert spellings["Mohamed Chia al-Soudani"]["documents"] == [{"path": french, "count": 1, "lines": [line]}]
    assert spellings["Sudani"]["count"] == len(re.findall(r"(?<!al-)\bSudani\b", texts[english]))
    assert spellings["Soudani"]["count"] == len(re.findall(r"(?<!al-)\bSoudani\b", texts[french]))


def test_a_spelling_homonyms_share_is_ambiguous_where_no_document_says_which(tmp_path):
    lexicon = tmp_path / "khameneis.toml"
    lexicon.write_text(
        '[lexicon]\nname = "x"\n'
        '[[entity]]\nid = "ali-khamenei"\ntype = "person"\nname = "Ali Khamenei"\naliases = ["Khamenei"]\n'
        '[[entity]]\nid = "mojtaba-khamenei"\ntype = "person"\nname = "Mojtaba Khamenei"\naliases = ["Khamenei"]\n',
        encoding="utf-8",
    )
    named = tmp_path / "named.txt"
    named.write_text("Mojtaba Khamenei met aides. Later Khamenei spoke.\n", encoding="utf-8")
    unnamed = tmp_path / "unnamed.txt"
    unnamed.write_text("Khamenei spoke on television.\n", encoding="utf-8")
    chosen = ["report", "--no-default-lexicon", "--lexicon", str(lexicon), "--format", "json"]

    def rows(*paths):
        data = json.loads(CliRunner().invoke(app, [*chosen, *map(str, paths)]).stdout)
        return {(e["entity"], s["spelling"]): s["ambiguous"] for e in data["entities"] for s in e["spellings"]}

    # the document that names Mojtaba Khamenei in full says which Khamenei it means
    assert rows(named) == {("mojtaba-khamenei", "Mojtaba Khamenei"): [], ("mojtaba-khamenei", "Khamenei"): []}
    # a document that names neither cannot tell them apart: the report says so
    assert rows(unnamed) == {("ali-khamenei", "Khamenei"): ["ali-khamenei", "mojtaba-khamenei"]}
