"""Run one extraction in a child process that the limits can stop.

``run_bounded(function, *args, limits=...)`` forks, and the child sets its own
resource limits before calling ``function``: address space (RLIMIT_AS: what it
inherits from the parent plus ``max_memory_mb``) and CPU time (RLIMIT_CPU:
``max_seconds``), no core file. The parent waits at most ``max_seconds`` of
wall time, then kills the child. The result (or the ``DocumentError`` the
function raised) comes back pickled through a pipe; only it enters the
parent, so a file that needs gigabytes to parse never grows the web process.

Fork is used rather than a fresh interpreter because the child then starts
with python-docx, pypdf and openpyxl already imported and the data already in
memory: the overhead is a few milliseconds (benchmarks/extraction.py). The
child only parses bytes and writes to its pipe; it never touches the parent's
database connections or threads, and it leaves with ``os._exit`` so no exit
handler of the parent runs twice. Forking a threaded web process is safe for
that much: only the forking thread lives on in the child, and the locks it may
need (allocator, import, logging) are reset at fork by glibc and CPython.
"""
from __future__ import annotations

import gc
import os
import pickle
import resource
import select
import signal
import time
from typing import Any, Callable

from documents.errors import DocumentError
from documents.limits import ExtractionLimits, gettext as _

__all__ = ["out_of_memory", "run_bounded"]

_MB = 1024 * 1024


def run_bounded(function: Callable[..., Any], *args: Any, limits: ExtractionLimits) -> Any:
    """``function(*args)`` in a child under ``limits``; its result, or DocumentError."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        _child(write_end, function, args, limits)  # never returns
    os.close(write_end)
    try:
        payload, finished = _read_until(read_end, time.monotonic() + limits.max_seconds)
    finally:
        os.close(read_end)
    if not finished:
        _kill(pid)
        raise _timeout(limits)
    status = _reap(pid)
    if not payload or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        # Stopped before it could answer: the CPU limit (SIGXCPU, then SIGKILL),
        # or an allocation a C library could not survive under the address-space limit.
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
            raise _timeout(limits)
        raise _too_much_memory(limits)
    outcome = pickle.loads(payload)
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "error":
        raise DocumentError(outcome[1], outcome[2])
    raise _too_much_memory(limits)


def out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is an allocation that failed under the limit.

    Python raises MemoryError; libxml2 (python-docx, openpyxl) reports
    ERR_NO_MEMORY in the parser's error log of an XMLSyntaxError instead.
    """
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, MemoryError):
            return True
        for entry in getattr(error, "error_log", None) or ():
            if getattr(entry, "type_name", "") == "ERR_NO_MEMORY":
                return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def _child(write_end: int, function, args, limits: ExtractionLimits) -> None:
    code = 0
    try:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM, signal.SIGCHLD):
            signal.signal(signum, signal.SIG_DFL)
        # The collector would walk (and so copy) every object inherited from the
        # parent; only what the child makes needs collecting.
        gc.freeze()
        _limit_self(limits)
        try:
            outcome: tuple = ("ok", function(*args))
        except MemoryError:
            outcome = ("memory",)
        except Exception as error:
            if not out_of_memory(error) and isinstance(error, DocumentError):
                outcome = ("error", error.code, error.message)
            elif out_of_memory(error):
                outcome = ("memory",)
            else:
                raise
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory",))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_end, view):]
    except BaseException:  # anything else: the parent sees an empty pipe
        code = 1
    finally:
        os._exit(code)


def _limit_self(limits: ExtractionLimits) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    seconds = max(1, int(limits.max_seconds + 0.999))
    _lower(resource.RLIMIT_CPU, seconds, seconds + 1)
    budget = limits.max_memory_mb * _MB
    _lower(resource.RLIMIT_AS, _address_space() + budget, _address_space() + budget)


def _lower(which: int, soft: int, hard: int) -> None:
    current_soft, current_hard = resource.getrlimit(which)
    if current_hard != resource.RLIM_INFINITY:
        hard = min(hard, current_hard)
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def _address_space() -> int:
    """This process's virtual size now (what the fork inherited)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:  # no /proc: count the resident peak instead
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _read_until(fd: int, deadline: float) -> tuple[bytes, bool]:
    """Everything the child writes until it closes the pipe; (data, False) at the deadline."""
    chunks: list[bytes] = []
    poller = select.poll()  # not select.select: the pipe's number may be above FD_SETSIZE
    poller.register(fd, select.POLLIN)
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return b"", False
        if not poller.poll(max(1, int(remaining * 1000))):
            return b"", False
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap(pid)


def _reap(pid: int) -> int:
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:
            continue
        except ChildProcessError:  # reaped by someone else (a SIGCHLD handler)
            return 0


def _timeout(limits: ExtractionLimits) -> DocumentError:
    return DocumentError("timeout", _(
        "读取文件用时超过 %(seconds)s 秒上限，已停止处理。文件可能过于复杂，"
        "请另存为较简单的 Word 或 PDF 文件后重新上传。") % {"seconds": _number(limits.max_seconds)})


def _too_much_memory(limits: ExtractionLimits) -> DocumentError:
    return DocumentError("too_much_memory", _(
        "读取文件所需内存超过 %(megabytes)s MB 上限，已停止处理。文件结构可能异常，"
        "请在 Word 中重新保存或拆分后上传。") % {"megabytes": _number(limits.max_memory_mb)})


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
