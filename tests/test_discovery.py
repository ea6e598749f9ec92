import json
from dataclasses import replace

import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from namecheck.cli import app
from namecheck.discovery import Discovery, clusters_toml, name_candidates
from namecheck.lexicon import build_lexicon
from namecheck.models import Variant

DOCS = {
    "one.txt": "Nouri al-Maliki flew to Hama while Hamas leaders met in Iran. Iraqi officials stayed in Iraq.",
    "two.txt": "Former premier Nouri al-Maleki spoke. Maleki said the Iranian envoy had left.",
    "three.txt": "Maliki later returned to Iraq; Hamas and Iran issued statements.",
}


def discover(docs):
    finder = Discovery()
    for path, text in docs.items():
        finder.add(path, text)
    return finder.clusters()


def cluster_spellings(clusters):
    return [sorted(s.text for s in cluster.spellings) for cluster in clusters]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Iraqi Prime Minister Mohamed Chia al-Soudani spoke.", ["Mohamed Chia al-Soudani"]),
        ("US President Donald Duckworth met Mr. Soudani's aides.", ["Donald Duckworth", "Soudani"]),
        ("THE BAGHDAD TALKS resumed in Baghdad.", ["Baghdad"]),
        ("Officials in Baghdad-based agencies", ["Baghdad"]),
    ],
)
def test_name_candidates_cut_at_english_words_acronyms_and_punctuation(text, expected):
    assert [text[a:b] for a, b in name_candidates(text)] == expected


def test_one_cluster_with_full_and_short_forms():
    assert cluster_spellings(discover(DOCS)) == [["Maleki", "Maliki", "Nouri al-Maleki", "Nouri al-Maliki"]]


def test_look_alikes_never_cluster():
    docs = {"a.txt": "Iraq and Iran. Iraqi troops. Hama and Hamas. Sudan and Sudani. Najaf and Najafi."}
    assert discover(docs) == []


def test_suggested_entry_and_lexicon_file():
    (cluster,) = discover(DOCS)
    entry = cluster.entity
    assert entry.name in ("Nouri al-Maliki", "Nouri al-Maleki")
    assert entry.aliases in (("Maliki",), ("Maleki",))
    (full,) = {"Nouri al-Maliki", "Nouri al-Maleki"} - {entry.name}
    (short,) = {"Maliki", "Maleki"} - set(entry.aliases)
    assert set(entry.variants) == {Variant(full, entry.name), Variant(short, entry.aliases[0])}
    text = clusters_toml([cluster], 3)
    assert "# Nouri al-Maliki: 1 in one.txt (1)" in text
    lexicon = build_lexicon([("suggestions.toml", text)])
    assert lexicon.entities[0].name == entry.name


def test_discover_output_round_trips_through_the_loader():
    docs = {
        "a.txt": "Abu Mohammed al-Golani spoke. Golani left. Golani returned. Ahmed al-Sharaa and Sharaa met.",
        "b.txt": "Abu Mohammad al-Jolani spoke. Jolani and Julani left. Ahmad al-Sharaa and Sharaa met.",
        "c.txt": "Hachd al-Chaabi fighters and Hashd al-Shaabi fighters; Nouri al-Maleki and Nouri al-Maliki.",
    }
    clusters = discover(docs)
    assert any(len(c.entity.aliases) == 1 and c.entity.variants_of(c.entity.aliases[0]) for c in clusters)
    loaded = build_lexicon([("suggestions.toml", clusters_toml(clusters, len(docs)))]).entities
    assert [replace(entity, source="") for entity in loaded] == [cluster.entity for cluster in clusters]


def test_names_the_lexicon_knows_are_left_out():
    from namecheck.api import load_matcher

    finder = Discovery(load_matcher())
    for path, text in DOCS.items():
        finder.add(path, text)
    assert finder.clusters() == []  # Nouri al-Maliki is in the default lexicon


def test_discover_command_writes_a_valid_lexicon(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "suggestions.toml"
    result = CliRunner().invoke(app, ["discover", "--no-default-lexicon", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 cluster(s) from 3 document(s)" in result.stderr
    check = CliRunner().invoke(app, ["lexicon", "validate", "--no-default-lexicon", str(out)])
    assert check.exit_code == 0, check.output
    data = json.loads(CliRunner().invoke(app, ["discover", "--no-default-lexicon", "-f", "json", str(corpus)]).stdout)
    assert data["summary"] == {"documents": 3, "clusters": 1, "errors": 0}
    (cluster,) = data["clusters"]
    (alias,) = cluster["aliases"]  # each alias with its own variants, as the lexicon file nests them
    assert {alias["name"], *alias["variants"]} == {"Maliki", "Maleki"}
    assert {cluster["name"], *cluster["variants"]} == {"Nouri al-Maliki", "Nouri al-Maleki"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not present")
def test_seed_articles_with_an_empty_lexicon(tmp_path):
    out = tmp_path / "suggestions.toml"
    result = CliRunner().invoke(app, ["discover", "--no-default-lexicon", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0
    lexicon = build_lexicon([(str(out), out.read_text(encoding="utf-8"))])
    assert len(lexicon.entities) == 1
    entity = lexicon.entities[0]
    spellings = {entity.name, *entity.aliases, *(variant.text for variant in entity.variants)}
    assert spellings == {"Mohammed Shia al-Sudani", "Mohamed Chia al-Soudani", "Sudani", "Soudani"}
    assert "Mohammed Shia' al-Sudani" in out.read_text(encoding="utf-8") or entity.name == "Mohammed Shia al-Sudani"
