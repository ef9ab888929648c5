"""Recommendations tab, without Qt: learning points, recommendations kept numbered
1..n, their actions, and the warnings and hints the tab shows about them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.taxonomy import load_themes
from dhrdesk.ui.presenters.review import ReviewPresenter

if TYPE_CHECKING:
    from dhrdesk.store import Store

MANY_RECOMMENDATIONS = 12
NO_PLAN = "Action plan: select a recommendation above."


def theme_names() -> dict[str, str]:
    """Theme id -> "3. Information sharing", in taxonomy order."""
    return {t.id: f"{t.number}. {t.name}" for t in load_themes()}


def themes_text(ids: Sequence[str], names: dict[str, str] | None = None) -> str:
    names = names if names is not None else {t.id: t.name for t in load_themes()}
    return ", ".join(names.get(i, i) for i in ids)


def clear_score(recommendation: m.Recommendation) -> int:
    known = {key for key, _ in m.CLEAR_ITEMS}
    return sum(1 for key, ticked in (recommendation.clear or {}).items() if ticked and key in known)


def clear_text(recommendation: m.Recommendation) -> str:
    return f"{clear_score(recommendation)}/{len(m.CLEAR_ITEMS)}"


def short_text(text: str, limit: int = 60) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def plan_title(rec: m.Recommendation) -> str:
    return f"Action plan for recommendation {rec.number}: {short_text(rec.text, 110)}"


def no_action_warning(recs: Sequence[m.Recommendation], counts: dict[int, int]) -> str:
    """The warning about recommendations without an action ("" when every one has one)."""
    missing = [r.number for r in recs if not counts.get(r.id)]
    if not missing:
        return ""
    which = ", ".join(str(n) for n in missing)
    noun = "Recommendation" if len(missing) == 1 else "Recommendations"
    verb = "has" if len(missing) == 1 else "have"
    return (
        f"⚠ {noun} {which} {verb} no action in the action plan yet. The Home Office "
        "expects at least one action, with a lead agency and a target date, for each."
    )


def count_hint(recs: Sequence[m.Recommendation]) -> str:
    """How many recommendations, and which are not yet fully CLEAR."""
    if len(recs) > MANY_RECOMMENDATIONS:
        return (
            f"{len(recs)} recommendations. Good recommendations are few and CLEAR: "
            "consider merging those that share a finding or a lead agency."
        )
    if not recs:
        return ""
    low = [r.number for r in recs if clear_score(r) < len(m.CLEAR_ITEMS)]
    return f"{len(recs)} recommendation{'s' if len(recs) != 1 else ''}" + (
        f"; not yet fully CLEAR: {', '.join(map(str, low))}." if low else ", all CLEAR."
    )


class RecommendationsPresenter(ReviewPresenter):
    """Reads, numbering and writes for the Recommendations tab of one review (no Qt)."""

    def __init__(self, store: Store, review_id: int) -> None:
        super().__init__(store, review_id)
        self.theme_short = {t.id: t.name for t in load_themes()}
        self.action_counts: dict[int, int] = {}

    @property
    def records(self) -> Any:
        return self.store.repos.records

    # ------------------------------------------------------------------ reads
    def learning_points(self) -> list[m.LearningPoint]:
        return self.records.list(m.LearningPoint, self.review_id)

    def recommendations(self) -> list[m.Recommendation]:
        return self.records.list(m.Recommendation, self.review_id)

    def actions(self, rec_id: int) -> list[m.Action]:
        return self.records.list(m.Action, rec_id)

    def agency_choices(self) -> dict[Any, str]:
        return {a.id: a.name for a in self.records.list(m.Agency, self.review_id)}

    def learning_choices(self) -> dict[Any, str]:
        return {
            p.id: f"{m.LEARNING_KIND_LABELS.get(p.kind, p.kind)}: {short_text(p.text, 90)}"
            for p in self.learning_points()
        }

    def count_actions(self) -> dict[int, int]:
        self.action_counts = {r.id: len(self.actions(r.id)) for r in self.recommendations()}
        return self.action_counts

    def actions_text(self, rec: m.Recommendation) -> str:
        return str(self.action_counts.get(rec.id, 0))

    def has_actions(self, rec: m.Recommendation) -> bool:
        return bool(self.action_counts.get(rec.id))

    def themes(self, record: m.LearningPoint | m.Recommendation) -> str:
        return themes_text(record.themes, self.theme_short)

    # -------------------------------------------------------------- new rows
    def new_learning_point(self, existing: Sequence[m.LearningPoint]) -> m.LearningPoint:
        return m.LearningPoint(
            review_id=self.review_id,
            kind="finding",
            text="",
            sort=max((p.sort for p in existing), default=0) + 1,
        )

    def new_recommendation(self, count: int) -> m.Recommendation:
        return m.Recommendation(review_id=self.review_id, number=count + 1, text="")

    @staticmethod
    def new_action(rec: m.Recommendation, existing: Sequence[m.Action]) -> m.Action:
        return m.Action(
            recommendation_id=rec.id,
            text="",
            lead_agency=rec.lead_agency,
            sort=max((a.sort for a in existing), default=0) + 1,
        )

    # -------------------------------------------------------------- numbering
    def _resequence(self, ordered: list[m.Recommendation]) -> None:
        """Save numbers 1..n in this order (only the records whose number changed)."""
        for index, rec in enumerate(ordered, start=1):
            if rec.number != index:
                rec.number = index
                self.records.save(rec)

    def save_recommendation(self, rec: m.Recommendation) -> int:
        """Save, then put it at the place its number asks for and renumber the rest."""
        others = [r for r in self.recommendations() if r.id != rec.id]
        wanted = max(1, min(rec.number or len(others) + 1, len(others) + 1))
        rec.number = wanted
        rec_id = self.records.save(rec)
        self._resequence(others[: wanted - 1] + [rec] + others[wanted - 1 :])
        return rec_id

    def delete_recommendation(self, rec: m.Recommendation) -> None:
        self.records.delete(m.Recommendation, rec.id)
        self._resequence(self.recommendations())

    def move(self, rec_id: int, step: int) -> bool:
        """Move a recommendation up (-1) or down (+1); numbers stay 1..n."""
        ordered = self.recommendations()
        index = next(i for i, r in enumerate(ordered) if r.id == rec_id)
        target = index + step
        if not 0 <= target < len(ordered):
            return False
        ordered[index], ordered[target] = ordered[target], ordered[index]
        # Force a rewrite of both (and fix any earlier gap) in the new order.
        for rec in (ordered[index], ordered[target]):
            rec.number = -1
        self._resequence(ordered)
        return True
