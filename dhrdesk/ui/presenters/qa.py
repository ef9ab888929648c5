"""QA tab, without Qt: rounds and their areas, the open counts, the round's letters
(kept encrypted in the store) and the choices the forms offer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError, InputFileError
from dhrdesk.core.files import write_atomic
from dhrdesk.core.profiles import get_profile
from dhrdesk.ui.presenters.review import ReviewPresenter

if TYPE_CHECKING:
    from dhrdesk.store import Store

LETTER_KIND = "evidence"
MAX_LETTER_BYTES = 25 * 1024 * 1024
NO_ROUND = "Select a round to see its areas for final development."

# An open count, said: (text, "open" | "done" | None).
CountText = tuple[str, str | None]


def letter_tag(round_id: int) -> str:
    """The marker in an attachment's note that ties it to a QA round."""
    return f"[qa_round:{round_id}]"


def is_addressed(area: m.QaArea) -> bool:
    return area.addressed_on is not None


def round_label(number: int) -> str:
    return f"{number} (first submission)" if number == 1 else f"{number} (resubmission)"


def round_title(qa_round: m.QaRound) -> str:
    return f"Round {round_label(qa_round.number)}: areas for final development"


def area_state(area: m.QaArea) -> str:
    return "Addressed" if is_addressed(area) else "Open"


def count_text(open_: int, total: int) -> CountText:
    if not total:
        return "No areas recorded", None
    if open_:
        return f"{open_} of {total} not yet addressed", "open"
    return f"All {total} addressed", "done"


def letter_row(attachment: m.Attachment) -> tuple[str, int | None, str]:
    """(text, attachment id, tooltip) for a letter in the list."""
    size = f"{max(1, attachment.size // 1024)} KB"
    return f"{attachment.filename} ({size})", attachment.id, f"SHA-256 {attachment.sha256}"


def read_letter(path: Path) -> bytes:
    """The letter's bytes; a clear message when it is too large or cannot be read."""
    try:
        if path.stat().st_size > MAX_LETTER_BYTES:
            raise InputFileError(
                f"“{path.name}” is larger than 25 MB; attach the letter itself, not a bundle."
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"“{path.name}” could not be read ({exc.strerror}).") from exc


class QaPresenter(ReviewPresenter):
    """Reads, counts and writes for the QA tab of one review (no Qt)."""

    def __init__(self, store: Store, review_id: int) -> None:
        super().__init__(store, review_id)
        self.open_counts: dict[int, tuple[int, int]] = {}

    # ----------------------------------------------------------------- rounds
    def rounds(self) -> list[m.QaRound]:
        return self.store.repos.records.list(m.QaRound, self.review_id)

    def areas(self, round_id: int) -> list[m.QaArea]:
        return self.store.repos.records.list(m.QaArea, round_id)

    def new_round(self, numbers: list[int]) -> m.QaRound:
        """The next round, on the latest frozen draft."""
        drafts = self.store.repos.drafting.drafts(self.review_id)
        return m.QaRound(
            review_id=self.review_id,
            number=max(numbers, default=0) + 1,
            draft_id=drafts[-1].id if drafts else None,
        )

    @staticmethod
    def new_area(round_id: int, numbers: list[int]) -> m.QaArea:
        return m.QaArea(
            qa_round_id=round_id, number=max(numbers, default=0) + 1, text="", draft_id=None
        )

    def draft_choices(self) -> dict[Any, str]:
        choices: dict[Any, str] = {None: "—"}
        for draft in self.store.repos.drafting.drafts(self.review_id):
            label = f"v{draft.version}" + (" (final)" if draft.final else "")
            if draft.change_summary:
                label += f" – {draft.change_summary[:50]}"
            choices[draft.id] = label
        return choices

    def section_choices(self) -> dict[Any, str]:
        choices: dict[Any, str] = {"": "—"}
        review = self.store.repos.reviews.by_id(self.review_id)
        try:
            profile = get_profile(review.profile)
        except DhrDeskError:  # an unknown profile just means no section list
            return choices
        for section in profile.all_sections():
            choices[section.id] = section.heading
        return choices

    # ----------------------------------------------------------------- counts
    def count_open(self) -> dict[int, tuple[int, int]]:
        """(areas open, areas) for every round."""
        found = {}
        for qa_round in self.rounds():
            areas = self.areas(qa_round.id)
            found[qa_round.id] = (sum(not is_addressed(a) for a in areas), len(areas))
        self.open_counts = found
        return found

    def open_text(self, qa_round: m.QaRound) -> str:
        open_, total = self.open_counts.get(qa_round.id, (0, 0))
        return f"{open_} of {total}" if total else "—"

    def unaddressed_count(self, round_id: int) -> int:
        return self.open_counts.get(round_id, (0, 0))[0]

    def count_of(self, round_id: int) -> CountText:
        return count_text(*self.open_counts.get(round_id, (0, 0)))

    # ---------------------------------------------------------------- letters
    def letters_of(self, round_id: int) -> list[m.Attachment]:
        tag = letter_tag(round_id)
        attachments = self.store.repos.agency_input.attachments(self.review_id)
        return [a for a in attachments if tag in (a.note or "")]

    def attach_letter(self, qa_round: m.QaRound, path: Path) -> m.Attachment:
        """Keep the letter file of ``qa_round``, encrypted in the store."""
        path = Path(path)
        return self.store.repos.agency_input.add_attachment(
            self.review_id,
            path.name,
            read_letter(path),
            LETTER_KIND,
            note=f"Home Office QA letter, round {qa_round.number} {letter_tag(qa_round.id)}",
        )

    def save_letter_copy(self, attachment_id: int, path: Path) -> Path:
        content = self.store.repos.agency_input.attachment_content(attachment_id)
        return write_atomic(Path(path), content, "copy of the letter")
