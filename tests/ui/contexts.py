"""The page context the GUI tests give their pages: one of it, shared.

tests/conftest.py loads this module as a plugin, so every test can ask for:

* ``context``: background work runs at once on the GUI thread (the result goes straight
  to ``on_success``);
* ``threaded_context``: background work runs in the real thread pool, waited for at
  the end of the test.

:func:`page_context` builds one by hand (for a helper that is not a fixture, or a test
that needs its own ``run_in_background``). Qt is imported only when a context is made,
so tests without a window never load it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from dhrdesk.store import Store
    from dhrdesk.ui.pages.base import PageContext
    from dhrdesk.ui.workers import TaskRunner


def run_now(
    fn: Callable[[], Any],
    on_success: Callable[[Any], Any] | None = None,
    busy_text: str = "",
    on_failure: Callable[[Any], Any] | None = None,
) -> None:
    """Background work, run at once on the calling thread."""
    result = fn()
    if on_success is not None:
        on_success(result)


def page_context(
    store: Store,
    host: QWidget | None = None,
    *,
    run_in_background: Callable[..., Any] = run_now,
    show_success: bool = True,
) -> PageContext:
    """A context whose writes show their errors on ``host``; ``show_success=False`` drops
    success messages (no message box to dismiss)."""
    from dhrdesk.ui.operations import run_op
    from dhrdesk.ui.pages.base import PageContext

    def run(fn: Callable[[], Any], message: str | None = None, origin: object = None) -> Any:
        return run_op(host, fn, message if show_success else None, origin=origin)

    return PageContext(store=store, run_op=run, run_in_background=run_in_background)


def new_host(qtbot: Any) -> QWidget:
    """A widget for the context's error and message boxes to belong to."""
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def pool_runner(
    host: QWidget, runner: TaskRunner, before: Callable[[], Any] | None = None
) -> Callable[..., None]:
    """``run_in_background`` through ``runner`` (the thread pool); ``before`` runs on the
    worker thread first."""
    from dhrdesk.ui.operations import show_error

    def run_in_background(
        fn: Callable[[], Any],
        on_success: Callable[[Any], Any] | None = None,
        busy_text: str = "",
        on_failure: Callable[[Any], Any] | None = None,
    ) -> None:
        def work() -> Any:
            if before is not None:
                before()
            return fn()

        runner.start(
            work,
            on_success or (lambda _r: None),
            on_failure or (lambda error: show_error(host, error)),
        )

    return run_in_background


@pytest.fixture
def context(store: Store, qtbot: Any) -> PageContext:
    """A page context on the test's store; background work runs at once."""
    return page_context(store, new_host(qtbot))


@pytest.fixture
def threaded_context(store: Store, qtbot: Any) -> Iterator[PageContext]:
    """A page context whose background work really runs in the thread pool."""
    from PySide6.QtWidgets import QApplication

    from dhrdesk.ui.workers import TaskRunner

    host = new_host(qtbot)
    runner = TaskRunner(host)
    yield page_context(store, host, run_in_background=pool_runner(host, runner))
    runner.wait_for_all()
    QApplication.processEvents()
