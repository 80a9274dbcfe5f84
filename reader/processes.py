"""Worker processes for CPU-bound passes over many items (parsing files, finding entities).

Every pass that fans out to other cores goes through `in_order` (or `map_in_order`), so all
of them share one set of rules:

- forkserver workers: callers run on threads (the app's loader), and forking a threaded
  process copies locks other threads hold;
- results come back in the items' order, with at most ``window`` items in flight, so a pass
  over 100,000 files holds neither every job nor every result in memory at once;
- an item that raises is that item's result (``on_error``), never the end of the pass;
- a broken pool (a worker killed, a result that does not pickle) is no error either: the
  items it had not returned, and every later one, are done in this process.

The functions and items must pickle (module-level functions, plain data). No Textual here:
the UI, the index and the command line all use it.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from types import TracebackType
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def _guarded(
    function: Callable[[Item], Result], item: Item, on_error: Callable[[Item, Exception], Result] | None
) -> Result:
    try:
        return function(item)
    except Exception as error:  # one item's failure is that item's result (unless no on_error)
        if on_error is None:
            raise
        return on_error(item, error)


def _run_chunk(
    function: Callable[[Item], Result], items: list[Item], on_error: Callable[[Item, Exception], Result] | None
) -> list[Result]:
    return [_guarded(function, item, on_error) for item in items]


def _call_unpacked(function: Callable[..., Result], arguments: tuple[Any, ...]) -> Result:
    return function(*arguments)


def unpacked(function: Callable[..., Result]) -> Callable[[tuple[Any, ...]], Result]:
    """``function`` taking one tuple of its arguments (as items are); it pickles when ``function`` does."""
    return functools.partial(_call_unpacked, function)


class InOrder(Generic[Item, Result]):
    """``function(item)`` for each item, in order, here or in worker processes; see `in_order`."""

    def __init__(
        self,
        function: Callable[[Item], Result],
        items: Iterable[Item],
        *,
        processes: int,
        count: int | None = None,
        window: int = 1024,
        chunksize: int = 32,
        on_error: Callable[[Item, Exception], Result] | None = None,
        before_start: Callable[[], None] | None = None,
        worker_setup: tuple[Callable[..., object], tuple[Any, ...]] | None = None,
    ) -> None:
        self._function = function
        self._on_error = on_error
        self._executor: ProcessPoolExecutor | None = None
        if count is None:
            items = list(items)
            count = len(items)
        if processes < 1 or count < 2:
            self._iterator: Iterator[Result] = (_guarded(function, item, on_error) for item in items)
            return
        if before_start is not None:
            before_start()
        import multiprocessing

        context = multiprocessing.get_context("forkserver")
        initializer, initargs = worker_setup or (None, ())
        self._executor = ProcessPoolExecutor(
            max_workers=processes, mp_context=context, initializer=initializer, initargs=initargs
        )
        self._iterator = self._windowed(items, window, chunksize)

    def _windowed(self, items: Iterable[Item], window: int, chunksize: int) -> Iterator[Result]:
        """Chunks submitted ahead, at most ``window`` items in flight (results never pile up);
        the sliding window keeps the workers busy throughout."""
        pending: deque[tuple[Future[list[Result]], list[Item]]] = deque()
        ahead = max(2, window // chunksize)
        remaining = iter(items)
        while chunk := list(islice(remaining, chunksize)):
            if self._executor is None:  # the pool broke: the rest here
                yield from _run_chunk(self._function, chunk, self._on_error)
                continue
            pending.append((self._executor.submit(_run_chunk, self._function, chunk, self._on_error), chunk))
            del chunk  # (the item data now lives only in the pending entry)
            if len(pending) >= ahead:
                yield from self._collect(*pending.popleft())
        while pending:
            yield from self._collect(*pending.popleft())

    def _collect(self, future: Future[list[Result]], chunk: list[Item]) -> list[Result]:
        try:
            return future.result()
        except Exception:  # noqa: BLE001 - the pool broke (BrokenProcessPool) or a result did not pickle
            self.close()
            return _run_chunk(self._function, chunk, self._on_error)

    def __iter__(self) -> Iterator[Result]:
        return self._iterator

    def close(self) -> None:
        """Stop the workers (without waiting for chunks in flight); results not yet taken are dropped."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> InOrder[Item, Result]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def in_order(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    *,
    processes: int,
    count: int | None = None,
    window: int = 1024,
    chunksize: int = 32,
    on_error: Callable[[Item, Exception], Result] | None = None,
    before_start: Callable[[], None] | None = None,
    worker_setup: tuple[Callable[..., object], tuple[Any, ...]] | None = None,
) -> InOrder[Item, Result]:
    """Iterate for ``function(item)`` of each item, in the items' order; close it (or use it in
    a ``with``) to stop the workers when leaving early.

    ``processes`` worker processes (0: all in this process, as when there is at most one item).
    ``items`` may be a generator of ``count`` items: it is read only as items are handed out,
    so it can let go of each item's data once taken. ``on_error(item, error)`` gives the result
    of an item that raised (without it, the error is raised here). ``before_start()`` is called
    just before worker processes start, and only if they do. ``worker_setup`` = (function, args)
    runs in each worker process before its first item (settings this process has, say).
    """
    return InOrder(
        function,
        items,
        processes=processes,
        count=count,
        window=window,
        chunksize=chunksize,
        on_error=on_error,
        before_start=before_start,
        worker_setup=worker_setup,
    )


def map_in_order(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    *,
    processes: int,
    window: int = 1024,
    chunksize: int = 32,
    on_error: Callable[[Item, Exception], Result] | None = None,
) -> list[Result]:
    """Every ``function(item)`` as a list, in order: `in_order` run to the end."""
    with in_order(
        function, items, processes=processes, window=window, chunksize=chunksize, on_error=on_error
    ) as results:
        return list(results)
