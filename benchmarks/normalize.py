"""`namecheck normalize` throughput and memory: 1, 2 and 4 local processes, Dask with 1 and 2 workers.

Run after the README's test install:  python benchmarks/normalize.py [--size BYTES] [--rounds N]
                                       python benchmarks/normalize.py --memory BYTES [--partition BYTES]

A news-like JSON Lines corpus is generated from a fixed seed (documents_jsonl.news_records: id,
url, title, body, nested author, tags) in a temporary folder, all of it: no block is repeated, as
no real corpus repeats itself (a repeated block would let one process remember answers that two
processes each find afresh). The default 32 MB is large enough that what every process pays once
(starting, meeting a corpus's common names for the first time) no longer hides the scaling. Each configuration runs in a fresh
Python process (so that one run's memory and caches do not carry into the next), which loads the
default lexicon, then times normalize_file alone (wall time; a Dask cluster is started before the
clock starts, and its start-up is reported apart). Rounds alternate the configurations; medians
are reported, with records/s, MB/s of input and the peak resident memory of each process doing the
work (the run's own process for one local process, the pool's processes, or each Dask worker).
Every run's output is compared with the first one's, byte for byte.

With --memory, one corpus of that size (a generated block repeated, ids renumbered) is normalized
by 2 Dask workers with partitions of --partition bytes (default 64 MB), and the peak memory of
each worker is reported: it is bounded by the largest record and the matcher, not by the corpus
or the partition, since a worker streams its partition line by line into its part file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIGS = [("local", 1), ("local", 2), ("local", 4), ("dask", 1), ("dask", 2)]


def peak_rss_mb() -> float:
    """The peak resident memory of this process, in MB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds(who=resource.RUSAGE_SELF) -> float:
    """Processor seconds (user and system) used so far by this process (or its waited-for children)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run_one(engine: str, jobs: int, source: str, output: str, partition: int | None) -> dict:
    """Normalize `source` once in this process with one configuration; return what was measured."""
    from namecheck import load_matcher, normalize_file
    from namecheck.batch_run import RunSettings
    from namecheck.runtime import settle_for_batch

    matcher = load_matcher()
    settle_for_batch()  # as the command line does
    if engine == "local":
        cpu = cpu_seconds() + cpu_seconds(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = normalize_file(source, output, matcher, settings=RunSettings(jobs=jobs, partition_size=partition))
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() + cpu_seconds(resource.RUSAGE_CHILDREN) - cpu
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        workers = [peak_rss_mb()] if jobs == 1 else [children]
        return {"seconds": seconds, "cpu": cpu, "records": result.tally.records, "bytes": result.tally.bytes, "workers_mb": workers}
    import distributed

    begun = time.perf_counter()
    with distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as client:
            client.wait_for_workers(jobs)
            start_up = time.perf_counter() - begun
            settings = RunSettings(engine="dask", scheduler=cluster.scheduler_address, partition_size=partition)
            cpu = sum(client.run(cpu_seconds).values()) + cpu_seconds()
            started = time.perf_counter()
            result = normalize_file(source, output, matcher, settings=settings)
            seconds = time.perf_counter() - started
            cpu = sum(client.run(cpu_seconds).values()) + cpu_seconds() - cpu
            workers = sorted(client.run(peak_rss_mb).values())
    return {
        "seconds": seconds, "cpu": cpu, "records": result.tally.records, "bytes": result.tally.bytes,
        "workers_mb": workers, "start_up": start_up,
    }  # fmt: skip


def digest(path: str) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            sha.update(block)
    return sha.hexdigest()


def measured(engine: str, jobs: int, source: str, output: str, partition: int | None) -> dict:
    """Run one configuration in a fresh process; return its measures and its output's digest."""
    command = [sys.executable, __file__, "--one", engine, str(jobs), source, output]
    if partition:
        command += ["--partition", str(partition)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    measures = json.loads(done.stdout.strip().splitlines()[-1])
    measures["digest"] = digest(output)
    os.unlink(output)
    return measures


def write_corpus(path: Path, size: int, block_size: int = 16_000_000) -> None:
    """Write about `size` bytes of news-like JSON Lines; past `block_size`, a generated block
    repeated with its ids renumbered (the memory run needs size, not variety; the throughput run
    generates all of it, since a repeated block would let one process remember what two processes
    each meet afresh)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from documents_jsonl import news_records

    from namecheck import load_matcher

    block = news_records(min(size, block_size), load_matcher()).splitlines(keepends=True)
    written, number = 0, 0
    with open(path, "w", encoding="utf-8") as stream:
        while written < size:
            for line in block:
                record = json.loads(line)
                record["id"] = number
                text = json.dumps(record, ensure_ascii=False) + "\n"
                stream.write(text)
                written += len(text.encode("utf-8"))
                number += 1
                if written >= size:
                    break


def throughput(size: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "corpus.jsonl"
        write_corpus(source, size, block_size=size)
        runs: dict[tuple, list[dict]] = {config: [] for config in CONFIGS}
        for _ in range(rounds):
            for engine, jobs in CONFIGS:
                partition = None if engine == "local" else max(1 << 20, size // 16)
                runs[(engine, jobs)].append(measured(engine, jobs, str(source), f"{folder}/out.jsonl", partition))
        digests = {run["digest"] for config in runs.values() for run in config}
        print(f"corpus: {size / 1e6:.1f} MB, {runs[CONFIGS[0]][0]['records']} records; outputs identical: {len(digests) == 1}")
        print("| engine | processes/workers | seconds | records/s | MB/s | processor s | peak MB per worker | cluster start-up s |")
        print("|---|---|---|---|---|---|---|---|")
        medians = {}
        for (engine, jobs), config in runs.items():
            seconds = statistics.median(run["seconds"] for run in config)
            medians[(engine, jobs)] = seconds
            memory = max(max(run["workers_mb"]) for run in config)
            start_up = statistics.median(run.get("start_up", 0.0) for run in config)
            cpu = statistics.median(run["cpu"] for run in config)
            records, data = config[0]["records"], config[0]["bytes"]
            started = f"{start_up:.1f}" if engine == "dask" else "-"
            print(f"| {engine} | {jobs} | {seconds:.2f} | {records / seconds:,.0f} | {data / 1e6 / seconds:.2f} | {cpu:.1f} | "
                  f"{memory:.0f} | {started} |")  # fmt: skip
        print(f"scaling 1 -> 2: local {medians[('local', 1)] / medians[('local', 2)]:.2f}x, "
              f"dask {medians[('dask', 1)] / medians[('dask', 2)]:.2f}x")  # fmt: skip


def memory(size: int, partition: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "corpus.jsonl"
        write_corpus(source, size)
        run = measured("dask", 2, str(source), f"{folder}/out.jsonl", partition)
        print(f"corpus {size / 1e6:.0f} MB, partitions of {partition / 1e6:.0f} MB, 2 Dask workers: "
              f"{run['seconds']:.0f} s, {run['bytes'] / 1e6 / run['seconds']:.2f} MB/s, "
              f"peak MB per worker {', '.join(f'{mb:.0f}' for mb in run['workers_mb'])}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=32_000_000, help="corpus bytes (default 32 MB)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory", type=int, help="normalize a corpus of this many bytes on 2 Dask workers")
    parser.add_argument("--partition", type=int, default=None, help="bytes per partition")
    parser.add_argument("--one", nargs=4, metavar=("ENGINE", "JOBS", "SOURCE", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        engine, jobs, source, output = args.one
        print(json.dumps(run_one(engine, int(jobs), source, output, args.partition)))
    elif args.memory:
        memory(args.memory, args.partition or 64_000_000)
    else:
        throughput(args.size, args.rounds)


if __name__ == "__main__":
    main()
