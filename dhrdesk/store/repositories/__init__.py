"""Repositories: the named operations on each kind of record.

They are the only code that writes SQL (with database.py and migrations.py).
Every mutating method goes through ``Store.write`` so it is transactional and
audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dhrdesk.store.repositories.agency_input import AgencyInputRepository
from dhrdesk.store.repositories.drafting import DraftingRepository
from dhrdesk.store.repositories.interchange import InterchangeRepository
from dhrdesk.store.repositories.learning import LearningRepository
from dhrdesk.store.repositories.lifecycle import LifecycleRepository
from dhrdesk.store.repositories.monitoring import MonitoringRepository
from dhrdesk.store.repositories.publication import PublicationRepository
from dhrdesk.store.repositories.records import RecordRepository
from dhrdesk.store.repositories.reviews import ReviewRepository
from dhrdesk.store.repositories.workspace import WorkspaceRepository

if TYPE_CHECKING:
    from dhrdesk.store.database import Store


class Repositories:
    def __init__(self, store: Store) -> None:
        self.reviews = ReviewRepository(store)
        self.records = RecordRepository(store)
        self.lifecycle = LifecycleRepository(store)
        self.agency_input = AgencyInputRepository(store)
        self.drafting = DraftingRepository(store)
        self.publication = PublicationRepository(store)
        self.interchange = InterchangeRepository(store)
        self.workspace = WorkspaceRepository(store)
        self.learning = LearningRepository(store)
        self.monitoring = MonitoringRepository(store)
