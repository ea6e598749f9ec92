"""The Dask engine: a local cluster of two worker processes writes the bytes of the local engine,
a worker killed mid-run still leaves the complete output (or a clear failure and no output), and
normalize_bag gives the records normalize_records gives."""

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
import dask.bag  # noqa: E402

from corpus import corpus_lines  # noqa: E402
from namecheck import load_matcher, normalize_file, normalize_records  # noqa: E402
from namecheck.batch_run import EngineError, RunSettings  # noqa: E402
from namecheck.dask import normalize_bag  # noqa: E402

LEXICON = str(Path(__file__).parent / "data" / "normalize" / "lexicon.toml")
RECORDS = 20_000
PARTITIONS = 8


@pytest.fixture(scope="module")
def matcher():
    return load_matcher([LEXICON], with_default=False)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, matcher):
    folder = tmp_path_factory.mktemp("corpus")
    path = folder / "in.jsonl"
    path.write_bytes(b"".join(corpus_lines(RECORDS, matcher.lexicon, broken_every=997, sentences=1)))
    local = folder / "local.jsonl"
    result = normalize_file(str(path), str(local), matcher, rejects=str(folder / "local.rejects.jsonl"))
    return path, result


def partition_size(path: Path) -> int:
    return path.stat().st_size // PARTITIONS + 1


def test_a_local_cluster_writes_the_bytes_of_the_local_engine(corpus, cluster, matcher, tmp_path):
    path, local = corpus
    settings = RunSettings(engine="dask", scheduler=cluster.scheduler_address, partition_size=partition_size(path))
    result = normalize_file(str(path), str(tmp_path / "out.jsonl"), matcher, rejects=str(tmp_path / "r.jsonl"), settings=settings)
    assert (tmp_path / "out.jsonl").read_bytes() == (path.parent / "local.jsonl").read_bytes()
    assert (tmp_path / "r.jsonl").read_bytes() == (path.parent / "local.rejects.jsonl").read_bytes()
    assert result.tally == local.tally and local.tally.records >= RECORDS * 0.98 and local.tally.rejects == RECORDS // 997
    assert sorted(os.listdir(tmp_path)) == ["out.jsonl", "r.jsonl"]  # the part files are gone


def test_a_bag_of_records_is_normalized_as_the_records_are(cluster, matcher):
    records = [json.loads(raw) for raw in corpus_lines(400, matcher.lexicon) if raw.strip()]
    with distributed.Client(cluster, set_as_default=False) as client:
        shared = client.scatter(matcher, broadcast=True)
        bag = dask.bag.from_sequence(records, npartitions=4)
        scattered = client.compute(normalize_bag(bag, shared, ["body", "meta.tags"])).result()
        embedded = client.compute(normalize_bag(bag, matcher, ["body", "meta.tags"])).result()
    expected = list(normalize_records(records, matcher, ["body", "meta.tags"]))
    assert scattered == expected and embedded == expected


def test_the_command_runs_on_a_scheduler(cluster, tmp_path):
    from typer.testing import CliRunner

    from namecheck.cli import app

    source = tmp_path / "in.jsonl"
    source.write_text('{"body": "Soudani in Nadjaf"}\n{"body": "calm"}\n' * 50)
    common = ["normalize", str(source), "--no-default-lexicon", "-l", LEXICON, "--partition-size", "200"]
    local = CliRunner().invoke(app, [*common, "-o", str(tmp_path / "local.jsonl")])
    remote = CliRunner().invoke(app, [*common, "-o", str(tmp_path / "dask.jsonl"), "--engine", "dask", "--scheduler", cluster.scheduler_address])
    assert local.exit_code == remote.exit_code == 0
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert "100 record(s), 100 name(s), 50 record(s) changed, 0 rejected" in remote.stderr


class Killer(threading.Thread):
    """Kills one worker process with SIGKILL once the first part file of a run is written."""

    def __init__(self, folder: Path, pid: int):
        super().__init__(daemon=True)
        self.folder, self.pid, self.parts_done = folder, pid, None
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            parts = [p for f in self.folder.glob(".out.jsonl.namecheck-*") for p in f.glob("part-*.rejects.jsonl")]
            if parts:
                self.parts_done = len(parts)
                os.kill(self.pid, signal.SIGKILL)
                return
            time.sleep(0.002)


def test_a_worker_killed_mid_run_leaves_the_whole_output_or_none(corpus, cluster, matcher, tmp_path):
    path, _ = corpus
    with distributed.Client(cluster, set_as_default=False) as client:
        pid = next(iter(client.run(os.getpid).values()))
    killer = Killer(tmp_path, pid)
    killer.start()
    settings = RunSettings(engine="dask", scheduler=cluster.scheduler_address, partition_size=partition_size(path))
    try:
        normalize_file(str(path), str(tmp_path / "out.jsonl"), matcher, rejects=str(tmp_path / "r.jsonl"), settings=settings)
    except EngineError as error:
        print("killed worker: the run failed cleanly")
        assert "could not finish" in str(error)
        assert os.listdir(tmp_path) == []
    else:
        print("killed worker: the run finished")
        assert (tmp_path / "out.jsonl").read_bytes() == (path.parent / "local.jsonl").read_bytes()
        assert sorted(os.listdir(tmp_path)) == ["out.jsonl", "r.jsonl"]
    finally:
        killer.stop.set()
        killer.join()
    assert killer.parts_done is not None and killer.parts_done < PARTITIONS  # killed mid-run
