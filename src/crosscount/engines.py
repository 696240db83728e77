"""Where the per-document stages run: in this process, in N local processes, or on a Dask
cluster. Reading inputs, storing and the global stages (link, check) stay in the calling
process; only ``process`` (segment, numbers, claims) is shipped, a batch of documents per task.

Every engine yields results in the order the documents came in, so the store is written in
the same order, and the database is the same, whatever the engine. At most ``window`` batches
are in flight, so memory stays flat however large the corpus.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

from .errors import CrosscountError
from .model import Document
from .pack import Pack

ENGINES = ("local", "dask")
# Documents per task: a news article takes tens of milliseconds, too little to be worth a
# task of its own on a cluster (scheduling costs about a millisecond per task locally, more
# over a network).
LOCAL_BATCH = 4
DASK_BATCH = 16
# Seconds to keep trying to reach a Dask scheduler before saying it cannot be reached.
SCHEDULER_TIMEOUT_S = 20
# Batches in flight per worker: enough to keep every worker busy while results are stored.
WINDOW_PER_WORKER = 3


class EngineError(CrosscountError):
    """An engine cannot be started (a missing package, an unreachable scheduler)."""


class Engine(Protocol):
    def process(self, docs: Iterable[Document], pack: Pack) -> Iterator[Any]: ...

    def close(self) -> None: ...


def process_batch(docs: list[Document], pack: Pack) -> list[Any]:
    """The per-document stages over a batch (run in a worker)."""
    from .pipeline import process

    return [process(doc, pack) for doc in docs]


class InProcess:
    """One process: the documents one after another."""

    def process(self, docs: Iterable[Document], pack: Pack) -> Iterator[Any]:
        from .pipeline import process

        for doc in docs:
            yield process(doc, pack)

    def close(self) -> None:
        pass


class Submitting:
    """Any executor with ``submit(fn, *args) -> future``: batches in flight, results in order."""

    def __init__(
        self,
        submit: Callable[..., Future[Any] | Any],
        workers: int,
        batch: int,
        close: Callable[[], None],
        share: Callable[[Pack], Any] = lambda pack: pack,
    ) -> None:
        self._submit = submit
        self._window = max(1, workers * WINDOW_PER_WORKER)
        self._batch = batch
        self._close = close
        self._share = share  # how the pack reaches the workers (once, on a cluster)

    def process(self, docs: Iterable[Document], pack: Pack) -> Iterator[Any]:
        in_flight: deque[Any] = deque()
        shared = self._share(pack)
        for batch in _batches(docs, self._batch):
            in_flight.append(self._submit(process_batch, batch, shared))
            while len(in_flight) >= self._window:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()

    def close(self) -> None:
        self._close()


def local_engine(jobs: int) -> Engine:
    """``jobs`` local processes (1: this process). Workers are forked from a server process
    that has imported crosscount once, so each starts in milliseconds."""
    if jobs <= 1:
        return InProcess()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["crosscount.pipeline"])
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    return Submitting(pool.submit, jobs, LOCAL_BATCH, lambda: pool.shutdown(cancel_futures=True))


def dask_engine(scheduler: str | None, jobs: int) -> Engine:
    """A Dask cluster: the scheduler at ``scheduler`` (tcp://host:8786), or a local cluster of
    ``jobs`` worker processes when none is given. The workers need crosscount installed."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError(
            "the dask engine needs Dask: pip install 'crosscount[dask]'"
        ) from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout=f"{SCHEDULER_TIMEOUT_S}s")
        except OSError as exc:
            raise EngineError(
                f"{scheduler}: cannot reach the Dask scheduler ({exc}); check the address and "
                "that the scheduler is running"
            ) from exc
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        return _on_dask(client, workers, client.close)
    cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, dashboard_address=None)
    client = Client(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    return _on_dask(client, max(1, jobs), close)


def _on_dask(client: Any, workers: int, close: Callable[[], None]) -> Engine:
    def submit(fn: Callable[..., Any], *args: Any) -> Any:
        return client.submit(fn, *args, pure=False)  # no hashing of the documents for a key

    def share(pack: Pack) -> Any:
        return client.scatter(pack, broadcast=True, hash=False)  # sent to each worker once

    return Submitting(submit, workers, DASK_BATCH, close, share)


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
