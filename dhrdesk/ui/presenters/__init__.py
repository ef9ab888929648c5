"""Qt-free presenters: what each screen reads, checks, formats and writes.

A view (QWidget) lays out widgets and wires signals; everything that runs after the
widgets exist and does not need Qt lives in its presenter here: reading from the
store's repositories, validation, turning records into display text, and the writes
(run by the view through ``context.run_op`` so errors are shown the one way and the
store announces the change). Presenters import no PySide6 and are tested without a
window (tests/presenters/).
"""
