"""Article analysis as Dask tasks, on a cluster or on this machine's LocalCluster.

Dating and analysing an article needs that article alone, so chunks of articles go to
Dask workers as tasks (``pipeline.date_and_analyse``) and their results come back to
the client, which keeps the cache, the corpus-year step and the progress exactly as a
local build does. A bounded number of chunks is in flight at once, so the scheduler
never holds the whole archive's text and a cancel drops what has not started.

Dask (``dask.distributed``) is an optional extra, imported only here and only when a
Dask engine is asked for.
"""
from __future__ import annotations

import logging
import resource
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice

from .pipeline import BuildCancelled, Cancelled, Job, Result, date_and_analyse

INSTALL_HINT = "pip install -e '.[cluster]'"
#: Articles per task: large enough that a task's overhead (about a millisecond) is small
#: beside its work, small enough that progress and cancel stay prompt.
CHUNK = 32
#: Characters per task at most (a few long PDFs make a task of their own).
CHUNK_CHARS = 1_000_000
#: Chunks in flight per worker thread.
IN_FLIGHT_PER_THREAD = 3
CONNECT_TIMEOUT_S = 15


class ClusterError(RuntimeError):
    """The Dask engine cannot run: not installed, or the scheduler cannot be reached."""


def _distributed():
    try:
        import distributed
    except ImportError:
        raise ClusterError("the dask engine needs dask.distributed, which is not installed: "
                           f"{INSTALL_HINT}") from None
    return distributed


class DaskEngine:
    """Runs ``date_and_analyse`` as Dask tasks through ``client`` (pipeline.Engine)."""

    def __init__(self, client, chunk: int = CHUNK):
        self.client = client
        self.chunk = chunk

    def run(self, jobs: list[Job], keep: Callable[[list[Result]], None],
            cancelled: Cancelled | None) -> None:
        distributed = _distributed()
        chunks = _chunks(jobs, self.chunk, CHUNK_CHARS)
        threads = max(1, sum(self.client.nthreads().values()))
        submitted = [self._submit(c) for c in islice(chunks, IN_FLIGHT_PER_THREAD * threads)]
        pending = distributed.as_completed(submitted)
        outstanding = set(submitted)
        try:
            for future in pending:
                if cancelled and cancelled():
                    raise BuildCancelled()
                results = future.result()
                outstanding.discard(future)
                future.release()
                following = next(chunks, None)
                if following is not None:
                    nxt = self._submit(following)
                    outstanding.add(nxt)
                    pending.add(nxt)
                keep(results)
        except BaseException:
            if outstanding:
                self.client.cancel(list(outstanding))
            raise

    def _submit(self, chunk: list[Job]):
        return self.client.submit(date_and_analyse, chunk, pure=False)

    def worker_peak_rss(self) -> dict[str, int]:
        """Peak resident memory (bytes) of each worker process so far."""
        return self.client.run(_peak_rss)

    @property
    def workers(self) -> int:
        return len(self.client.nthreads())


def _chunks(jobs: list[Job], most: int, most_chars: int) -> Iterator[list[Job]]:
    """Consecutive jobs, at most ``most`` and (unless one alone is longer) ``most_chars``."""
    chunk: list[Job] = []
    chars = 0
    for job in jobs:
        if chunk and (len(chunk) == most or chars + len(job[0].text) > most_chars):
            yield chunk
            chunk, chars = [], 0
        chunk.append(job)
        chars += len(job[0].text)
    if chunk:
        yield chunk


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@contextmanager
def dask_engine(scheduler: str | None = None, workers: int | None = None,
                processes: bool = True) -> Iterator[DaskEngine]:
    """A DaskEngine on the scheduler at ``scheduler`` (tcp://HOST:PORT), or on a
    LocalCluster of ``workers`` single-threaded workers (default 2) when none is given;
    the LocalCluster is shut down on leaving."""
    distributed = _distributed()
    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = None
    try:
        if scheduler:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        else:
            cluster = distributed.LocalCluster(
                n_workers=workers or 2, threads_per_worker=1, processes=processes,
                dashboard_address=None, silence_logs=logging.ERROR)
            client = distributed.Client(cluster)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        where = scheduler or "a local cluster"
        raise ClusterError(f"cannot reach the Dask scheduler at {where}: "
                           f"{type(exc).__name__}: {exc}") from None
    try:
        yield DaskEngine(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
