"""The Reviews list's reads, names and review-file exchange, without Qt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dhrdesk.core.profiles import shipped_profiles

EXPORT_WARNING = (
    "The review file is plaintext: it holds everything of this review, including "
    "the restricted identity register, unencrypted. Use it only to move the review "
    "to another DHR Desk store you control, keep it on an encrypted disk, and "
    "delete it afterwards.\n\nFor a copy to keep, use File > Back up instead."
)


def stage_name(stage: str, profile_id: str = "dhr-2016") -> str:
    """The stage's name in the review's own guidance profile ("Decision to hold a review")."""
    profile = shipped_profiles().get(profile_id)
    if profile is not None and profile.has_stage(stage):
        return profile.stage(stage).name
    if stage == "closed":
        return "Closed"
    return stage.replace("_", " ").replace("-", " ").capitalize()


def review_file_name(reference: str) -> str:
    """'DHR 2026/04' -> 'DHR-2026-04.json'."""
    return reference.replace("/", "-").replace(" ", "-") + ".json"


def exported_message(reference: str, path: Path) -> str:
    return f"{reference} written to {path.name} (plaintext: keep it safe, delete it after use)."


class ReviewsPresenter:
    """Reads and writes for the Reviews list (the page runs them through ``run_op``)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def reviews(self) -> list[Any]:
        return list(self.store.repos.reviews.list())

    def reference(self, review_id: int) -> str:
        return self.store.repos.reviews.by_id(review_id).reference

    def create(self, reference: str, title: str) -> int:
        return self.store.repos.reviews.create(reference, title)

    def export(self, reference: str, path: Path) -> Path:
        from dhrdesk.exchange.review_json import export_to_file

        return export_to_file(self.store, reference, path)

    def import_file(self, path: Path, mode: str = "fail", new_reference: str | None = None) -> str:
        """Raises ReviewExistsError when the reference is taken and ``mode`` is "fail"."""
        from dhrdesk.exchange.review_json import import_review

        return import_review(self.store, path, mode, new_reference)
