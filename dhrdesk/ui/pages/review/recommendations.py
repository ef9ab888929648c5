"""Findings, lessons and recommendations, and the Home Office action plan.

Why one tab: a recommendation is only as good as the finding it comes from and
the actions that carry it out. So the learning points (findings, lessons to be
learnt, key issues, good practice) sit above the recommendations that cite
them, and the selected recommendation's actions sit below, in the Home Office
action plan columns. The CLEAR checklist (Case for change, Learning-orientated,
Evidence-based, Assign responsibility, Review) is ticked in the editor and its
score shown as a column, because the QA panel sends back recommendations that
are not. Numbers stay 1..n with no gaps: moving, renumbering through the
editor and deleting all re-sequence the list.

Layout and wiring only; reads, numbering and writes are
:class:`dhrdesk.ui.presenters.recommendations.RecommendationsPresenter`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from dhrdesk.core import model as m
from dhrdesk.ui.forms import FieldSpec
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.controls import button, styled_label
from dhrdesk.ui.pages.review.parts import column, detail_table, note_label, note_over, row, splitter
from dhrdesk.ui.pages.review.rich_records import (
    CheckList,
    ClearChecks,
    Custom,
    RichRecordDialog,
    RichRecordTable,
)
from dhrdesk.ui.presenters import recommendations as p
from dhrdesk.ui.presenters.recommendations import (
    MANY_RECOMMENDATIONS,
    RecommendationsPresenter,
    clear_text,
    theme_names,
)

__all__ = [
    "MANY_RECOMMENDATIONS",
    "CheckList",
    "ClearChecks",
    "RecommendationsTab",
    "RichRecordDialog",
    "RichRecordTable",
]

WARNING_STYLE = (
    "QLabel { color: #7a4100; background: #fff4e0; border-left: 3px solid #c77700; padding: 6px; }"
)
HINT_STYLE = "QLabel { color: #5f6368; }"
NO_ACTION_COLOR = "#8a4b00"


# --------------------------------------------------------------------- specs
def learning_specs(agencies: Callable[[], dict[Any, str]]) -> list[FieldSpec]:
    return [
        FieldSpec("kind", "Kind", "choice", m.LEARNING_KIND_LABELS, required=True),
        FieldSpec("text", "Text", "multiline", required=True),
        FieldSpec("themes", "Themes", "list", in_table=False),
        FieldSpec(
            "agency_id",
            "Agency",
            "choice",
            lambda: {None: "— (several or none)", **agencies()},
            help="The agency it is about, if it is about one.",
        ),
    ]


REC_SPECS = [
    FieldSpec(
        "number",
        "No.",
        "int",
        required=True,
        help="Its place in the list; the others are renumbered so numbers stay 1, 2, 3 …",
    ),
    FieldSpec("text", "Recommendation", "multiline", required=True),
    FieldSpec("scope", "Scope", "choice", m.RECOMMENDATION_SCOPE_LABELS),
    FieldSpec("lead_agency", "Lead agency", "text"),
    FieldSpec("sector", "Sector", placeholder="e.g. Health, Police, Housing", in_table=False),
    FieldSpec("rec_type", "Type", "choice", m.RECOMMENDATION_TYPE_LABELS),
    FieldSpec("themes", "Themes", "list", in_table=False),
    FieldSpec(
        "source_ids",
        "Comes from",
        "list",
        in_table=False,
        help="The findings and lessons it answers (the case for change).",
    ),
    FieldSpec("clear", "CLEAR checklist", "text", in_table=False),
    FieldSpec("status", "Status", "choice", m.STATUS_LABELS),
    FieldSpec(
        "evidence",
        "Evidence",
        "multiline",
        in_table=False,
        help="What will show it has been done and made a difference (the Review in CLEAR).",
    ),
]

ACTION_SPECS = [
    FieldSpec("text", "Action to take", "multiline", required=True),
    FieldSpec("lead_agency", "Lead agency"),
    FieldSpec("milestones", "Key milestones", "multiline", help="Milestones achieved so far."),
    FieldSpec("target_date", "Target date", "optional_date"),
    FieldSpec("completed_on", "Completed on", "optional_date", not_future=True),
    FieldSpec("outcome", "Outcome", "multiline"),
    FieldSpec("status", "Status", "choice", m.STATUS_LABELS),
]


# ----------------------------------------------------------------------- tab
class RecommendationsTab(ReviewTab):
    """Learning points on top; recommendations (master) and their action plan rows (detail)."""

    watches = ("learning_point", "recommendation", "action", "agency")
    object_name = "recommendationsTab"
    presenter_class = RecommendationsPresenter

    def build(self) -> None:
        lessons = self.section_heading("lessons", "Lessons to be learnt")
        recs = self.section_heading("recommendations", "Recommendations")
        note = note_label(
            f"Learning points feed “{lessons}”; recommendations feed “{recs}” and, with their "
            "actions, the action plan. Tag both with themes so the plan can be grouped by theme."
        )
        split = splitter(
            Qt.Orientation.Vertical,
            self._learning_table(),
            self._recommendations_box(),
            self._plan_box(),
            stretch=(2, 3, 2),
            sizes=(220, 300, 220),
            collapsible=False,
        )
        note_over(self, note, split)
        self.refresh()

    # ----------------------------------------------------------------- layout
    def _learning_table(self) -> RichRecordTable:
        presenter = self.presenter
        self.learning = RichRecordTable(
            self.context,
            learning_specs(self._agency_choices),
            load=presenter.learning_points,
            factory=lambda: presenter.new_learning_point(self.learning.records()),
            noun="learning point",
            title="Findings, lessons, key issues and good practice",
            extra_columns=[("Themes", presenter.themes)],
            max_widths={"Agency": 200, "Themes": 260},
            custom={"themes": Custom("checklist", theme_names, 150)},
        )
        self.learning.setObjectName("learningTable")
        self.learning.changed.connect(lambda: self.recommendations.refresh())
        return self.learning

    def _recommendations_box(self) -> QWidget:
        presenter = self.presenter
        self.recommendations = RichRecordTable(
            self.context,
            REC_SPECS,
            load=presenter.recommendations,
            factory=self._new_recommendation,
            noun="recommendation",
            title="Recommendations",
            save=presenter.save_recommendation,
            delete=presenter.delete_recommendation,
            extra_columns=[
                ("CLEAR", lambda r: f"CLEAR: {clear_text(r)}"),
                ("Actions", presenter.actions_text),
                ("Themes", presenter.themes),
            ],
            row_color=lambda r: None if presenter.has_actions(r) else NO_ACTION_COLOR,
            max_widths={"Lead agency": 200, "Themes": 200, "Type": 120, "Status": 110},
            custom={
                "themes": Custom("checklist", theme_names, 130),
                "source_ids": Custom("checklist", self._learning_choices, 100),
                "clear": Custom("clear"),
                "lead_agency": Custom("agency", self._agency_choices),
            },
            dialog_intro="Good recommendations are few and CLEAR: tick each CLEAR item "
            "that this one meets.",
        )
        self.recommendations.setObjectName("recommendationsTable")
        self.recommendations.selection_changed.connect(self._recommendation_selected)
        self.recommendations.changed.connect(self.refresh)
        self.up_button = button(
            "Move up",
            "moveUp",
            "Move the selected recommendation up one place (renumbers)",
            lambda: self.move_selected(-1),
        )
        self.down_button = button(
            "Move down",
            "moveDown",
            "Move the selected recommendation down one place (renumbers)",
            lambda: self.move_selected(1),
        )
        self.warning_label = styled_label("noActionWarning", WARNING_STYLE)
        self.hint_label = styled_label("manyRecommendationsHint", HINT_STYLE)
        move_row = row((self.hint_label, 1), self.up_button, self.down_button)
        return column((self.recommendations, 1), move_row, self.warning_label)

    def _plan_box(self) -> QWidget:
        """The action plan of the selected recommendation."""
        self.plan_title = styled_label("actionPlanTitle", "QLabel { font-weight: bold; }")
        self.actions = detail_table(
            RichRecordTable,
            self.context,
            ACTION_SPECS,
            "actionsTable",
            noun="action",
            title="Action plan",
            custom={"lead_agency": Custom("agency", self._agency_choices)},
            empty_text="Select a recommendation to see its actions.",
            max_widths={"Lead agency": 200, "Key milestones": 260, "Outcome": 220},
        )
        self.actions.changed.connect(self._actions_changed)
        return column(self.plan_title, (self.actions, 1))

    # ------------------------------------------------------------------ data
    def _agency_choices(self) -> dict[Any, str]:
        return self.context.run_op(self.presenter.agency_choices) or {}

    def _learning_choices(self) -> dict[Any, str]:
        return self.context.run_op(self.presenter.learning_choices) or {}

    def _new_recommendation(self) -> m.Recommendation:
        return self.presenter.new_recommendation(len(self.recommendations.records()))

    def _count_actions(self) -> None:
        self.context.run_op(self.presenter.count_actions)

    def move_selected(self, step: int) -> bool:
        """Move the selected recommendation up (-1) or down (+1); numbers stay 1..n."""
        selected = self.recommendations.selected()
        if selected is None:
            return False
        moved = self.context.run_op(lambda: self.presenter.move(selected.id, step))
        self.recommendations.refresh()
        self.recommendations.select_id(selected.id)
        self._update_labels()
        return bool(moved)

    # ------------------------------------------------------------- events
    def _actions_changed(self) -> None:
        self._count_actions()
        self.recommendations.refresh()
        self._update_labels()

    def _recommendation_selected(self, rec: m.Recommendation | None) -> None:
        if rec is None or rec.id is None:
            self.plan_title.setText(p.NO_PLAN)
            self.actions.set_source(lambda: [], None)
        else:
            rec_id = rec.id
            self.plan_title.setText(p.plan_title(rec))
            self.actions.set_source(
                lambda: self.presenter.actions(rec_id),
                lambda: self.presenter.new_action(rec, self.actions.records()),
            )
        self._update_move_buttons(rec)

    def _update_move_buttons(self, rec: m.Recommendation | None) -> None:
        count = len(self.recommendations.records())
        self.up_button.setEnabled(rec is not None and rec.number > 1)
        self.down_button.setEnabled(rec is not None and rec.number < count)

    def _update_labels(self) -> None:
        recs = self.recommendations.records()
        warning = p.no_action_warning(recs, self.presenter.action_counts)
        self.warning_label.setText(warning)
        self.warning_label.setVisible(bool(warning))
        self.hint_label.setText(p.count_hint(recs))
        self._update_move_buttons(self.recommendations.selected())

    # ---------------------------------------------------------------- API
    def refresh(self) -> None:
        self._count_actions()
        self.learning.refresh()
        self.recommendations.refresh()
        self._recommendation_selected(self.recommendations.selected())
        self._update_labels()

    def save_pending(self) -> None:
        """Every edit is saved when its dialog closes; nothing is pending here."""
