"""The Qt face of DHR Desk: windows, pages, dialogs, item models and workers.

Only this package imports PySide6. Widgets never write SQL: they call the store's
repositories through :func:`dhrdesk.ui.operations.run_op` (one write path) and run
slow work off the GUI thread with :mod:`dhrdesk.ui.workers`.
"""
