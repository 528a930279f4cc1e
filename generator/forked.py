"""Work in forked child processes: started with the parent's memory, so nothing goes to them
pickled, and tied to the parent's life.

The docs need only the built model. A child forked once the model is built starts with it
(copy on write) and renders the pages while this process renders the Python modules; only the
pages come back, through a pipe. Black's workers (`formatting`) are forked the same way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def can_fork() -> bool:
    """Only on Linux: macOS and Windows start children afresh (and `end_with_parent` is Linux's)."""
    return sys.platform == "linux"


def end_with_parent(parent: int) -> None:
    """A child ends when the generate process does, however it ends: killed (a CI timeout,
    `kill -9`), nothing would stop black's workers, which went on formatting, each holding a
    copy of the parent's memory (1.2 GB each on Microsoft Graph's spec)."""
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it ended before the line above took effect
        os._exit(1)


class ForkedCall(Generic[T]):
    """`function()` in a forked child when `in_child` (and the platform forks), else in this
    process when `result()` asks for it.

    If the child fails, `result()` calls the function again here: its exception is then raised
    exactly as without a child (our errors carry places that pickling would lose), and a
    failure is rare enough to pay twice for.
    """

    def __init__(self, function: Callable[[], T], in_child: bool) -> None:
        self._function = function
        self._process = None
        self._connection: Connection | None = None
        if in_child and can_fork():
            import multiprocessing

            context = multiprocessing.get_context("fork")
            receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_call_and_send, args=(function, sender, os.getpid()), daemon=True
            )
            self._process.start()
            sender.close()
            self._connection = receiver

    def result(self) -> T:
        if self._connection is None:
            return self._function()
        try:
            succeeded, value = self._connection.recv()
        except EOFError:  # the child died without an answer
            succeeded, value = False, None
        finally:
            self._stop(wait=True)
        return value if succeeded else self._function()

    def _stop(self, wait: bool) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            if not wait:
                self._process.terminate()
            self._process.join()
            self._process = None

    def __enter__(self) -> ForkedCall[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop(
            wait=False
        )  # left early (the Python modules failed): the child must go


def _call_and_send(function: Callable[[], T], sender: Connection, parent: int) -> None:
    end_with_parent(parent)
    try:
        answer: tuple[bool, object] = (True, function())
    except BaseException:
        answer = (False, None)
    sender.send(answer)
    sender.close()
