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
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.taxonomy import load_themes
from dhrdesk.ui.forms import FieldSpec, RecordDialog, RecordTable
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.people import NOTE_STYLE, section_heading

MANY_RECOMMENDATIONS = 12
WARNING_STYLE = (
    "QLabel { color: #7a4100; background: #fff4e0; border-left: 3px solid #c77700; padding: 6px; }"
)
HINT_STYLE = "QLabel { color: #5f6368; }"
NO_ACTION_COLOR = "#8a4b00"


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


# ------------------------------------------------------------ custom editors
class CheckList(QListWidget):
    """A multi-select as a list of check boxes (themes, the findings a recommendation cites)."""

    def __init__(self, choices: dict[Any, str], values: Sequence[Any], height: int = 120) -> None:
        super().__init__()
        self.setMinimumHeight(height)
        self.setMaximumHeight(max(height, 160))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        chosen = list(values or [])
        for key, label in choices.items():
            item = QListWidgetItem(label)
            item.setToolTip(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.addItem(item)
        for key in chosen:  # keep values no longer in the list (e.g. a retired theme)
            if key not in choices:
                item = QListWidgetItem(f"{key} (no longer in the list)")
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.addItem(item)
        if not choices and not chosen:
            self.addItem(QListWidgetItem("(nothing to choose from yet)"))
            self.setEnabled(False)

    def values(self) -> list[Any]:
        found = []
        for i in range(self.count()):
            item = self.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(item.data(Qt.ItemDataRole.UserRole))
        return found

    def set_values(self, values: Sequence[Any]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if key in values else Qt.CheckState.Unchecked)


class ClearChecks(QWidget):
    """The five CLEAR questions as check boxes; the value is {item: bool}."""

    def __init__(self, value: dict | None) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for key, text in m.CLEAR_ITEMS:
            box = QCheckBox(text)
            box.setObjectName(f"clear_{key}")
            box.setChecked(bool((value or {}).get(key)))
            self.boxes[key] = box
            layout.addWidget(box)

    def value(self) -> dict[str, bool]:
        return {key: box.isChecked() for key, box in self.boxes.items()}

    def set_value(self, value: dict) -> None:
        for key, box in self.boxes.items():
            box.setChecked(bool((value or {}).get(key)))


def agency_combo(names: Sequence[str], value: str) -> QComboBox:
    """An editable list of the review's agencies: pick one, or type another lead."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(list(names))
    combo.setCurrentText(value or "")
    combo.lineEdit().setPlaceholderText("Choose an agency or type a lead (e.g. the CSP)")
    combo.setMinimumWidth(340)
    return combo


@dataclasses.dataclass(frozen=True)
class Custom:
    """How one field is edited when RecordDialog's kinds are not enough."""

    kind: str  # "checklist" | "clear" | "agency"
    choices: Callable[[], dict[Any, str]] | None = None
    height: int = 120


class RichRecordDialog(RecordDialog):
    """RecordDialog plus multi-select lists, the CLEAR checklist and an editable agency list."""

    def __init__(
        self, specs: Sequence[FieldSpec], obj: Any, parent: QWidget | None = None, **kwargs: Any
    ) -> None:
        self._custom: dict[str, Custom] = kwargs.pop("custom", {})
        super().__init__(specs, obj, parent, **kwargs)

    def _make_editor(self, spec: FieldSpec, value: Any) -> QWidget:
        custom = self._custom.get(spec.name)
        if custom is None:
            return super()._make_editor(spec, value)
        if custom.kind == "checklist":
            return CheckList(custom.choices() if custom.choices else {}, value, custom.height)
        if custom.kind == "clear":
            return ClearChecks(value)
        return agency_combo(list((custom.choices() if custom.choices else {}).values()), value)

    def set_value(self, name: str, value: Any) -> None:
        custom = self._custom.get(name)
        if custom is None:
            super().set_value(name, value)
            return
        widget = self._editors[name]
        if custom.kind == "checklist":
            widget.set_values(value)
        elif custom.kind == "clear":
            widget.set_value(value)
        else:
            widget.setCurrentText(value or "")

    def _read(self, spec: FieldSpec) -> Any:
        custom = self._custom.get(spec.name)
        if custom is None:
            return super()._read(spec)
        widget = self._editors[spec.name]
        if custom.kind == "checklist":
            value: Any = widget.values()
        elif custom.kind == "clear":
            value = widget.value()
        else:
            value = widget.currentText().strip()
        if spec.required and not value:
            raise ValidationError(f"{spec.label} is required.")
        return value


class RichRecordTable(RecordTable):
    """A RecordTable whose dialog knows the custom editors."""

    def __init__(
        self,
        *args: Any,
        custom: dict[str, Custom] | None = None,
        max_widths: dict[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        self._custom_fields = custom or {}
        self._max_widths = max_widths or {}
        super().__init__(*args, **kwargs)

    def _fit_columns(self) -> None:
        """Cap wide secondary columns so the main text column gets the room."""
        super()._fit_columns()
        model = self.model
        for column in range(model.columnCount()):
            limit = self._max_widths.get(model.headerData(column, Qt.Orientation.Horizontal))
            if limit is not None and self.table.columnWidth(column) > limit:
                self.table.setColumnWidth(column, limit)

    def make_dialog(self, obj: Any, title: str) -> RecordDialog:
        dialog = RichRecordDialog(
            self.specs,
            obj,
            self,
            title=title,
            save=self._saver(),
            intro=self._dialog_intro,
            custom=self._custom_fields,
        )
        dialog.setMinimumWidth(640)
        if any(spec.name == "number" for spec in self.specs):
            dialog.editor("number").setMaximumWidth(90)
        return dialog


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

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("recommendationsTab")
        self._action_counts: dict[int, int] = {}
        self._theme_short = {t.id: t.name for t in load_themes()}
        records = context.store.repos.records

        lessons = section_heading(context, review_id, "lessons", "Lessons to be learnt")
        recs = section_heading(context, review_id, "recommendations", "Recommendations")
        note = QLabel(
            f"Learning points feed “{lessons}”; recommendations feed “{recs}” and, with their "
            "actions, the action plan. Tag both with themes so the plan can be grouped by theme."
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)

        # -- learning points
        self.learning = RichRecordTable(
            context,
            learning_specs(self._agency_choices),
            load=lambda: records.list(m.LearningPoint, review_id),
            factory=self._new_learning_point,
            noun="learning point",
            title="Findings, lessons, key issues and good practice",
            extra_columns=[("Themes", lambda p: themes_text(p.themes, self._theme_short))],
            max_widths={"Agency": 200, "Themes": 260},
            custom={"themes": Custom("checklist", theme_names, 150)},
        )
        self.learning.setObjectName("learningTable")
        self.learning.changed.connect(self._learning_changed)

        # -- recommendations
        self.recommendations = RichRecordTable(
            context,
            REC_SPECS,
            load=lambda: records.list(m.Recommendation, review_id),
            factory=self._new_recommendation,
            noun="recommendation",
            title="Recommendations",
            save=self._save_recommendation,
            delete=self._delete_recommendation,
            extra_columns=[
                ("CLEAR", lambda r: f"CLEAR: {clear_text(r)}"),
                ("Actions", lambda r: str(self._action_counts.get(r.id, 0))),
                ("Themes", lambda r: themes_text(r.themes, self._theme_short)),
            ],
            row_color=lambda r: None if self._action_counts.get(r.id) else NO_ACTION_COLOR,
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
        self.recommendations.changed.connect(self._recommendations_changed)
        self.up_button = QPushButton("Move up")
        self.up_button.setObjectName("moveUp")
        self.up_button.setToolTip("Move the selected recommendation up one place (renumbers)")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton("Move down")
        self.down_button.setObjectName("moveDown")
        self.down_button.setToolTip("Move the selected recommendation down one place (renumbers)")
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.warning_label = QLabel()
        self.warning_label.setObjectName("noActionWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(WARNING_STYLE)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("manyRecommendationsHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet(HINT_STYLE)
        move_row = QHBoxLayout()
        move_row.addWidget(self.hint_label, 1)
        move_row.addWidget(self.up_button)
        move_row.addWidget(self.down_button)
        rec_box = QWidget()
        rec_layout = QVBoxLayout(rec_box)
        rec_layout.setContentsMargins(0, 0, 0, 0)
        rec_layout.addWidget(self.recommendations, 1)
        rec_layout.addLayout(move_row)
        rec_layout.addWidget(self.warning_label)

        # -- the action plan of the selected recommendation
        self.plan_title = QLabel()
        self.plan_title.setObjectName("actionPlanTitle")
        self.plan_title.setStyleSheet("QLabel { font-weight: bold; }")
        self.plan_title.setWordWrap(True)
        self.actions = RichRecordTable(
            context,
            ACTION_SPECS,
            load=lambda: [],
            factory=None,
            noun="action",
            title="Action plan",
            custom={"lead_agency": Custom("agency", self._agency_choices)},
            empty_text="Select a recommendation to see its actions.",
            max_widths={"Lead agency": 200, "Key milestones": 260, "Outcome": 220},
        )
        self.actions.setObjectName("actionsTable")
        self.actions.changed.connect(self._actions_changed)
        plan_box = QWidget()
        plan_layout = QVBoxLayout(plan_box)
        plan_layout.setContentsMargins(0, 0, 0, 0)
        plan_layout.addWidget(self.plan_title)
        plan_layout.addWidget(self.actions, 1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.learning)
        split.addWidget(rec_box)
        split.addWidget(plan_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        split.setSizes([220, 300, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(split, 1)

        self._count_actions()
        self.recommendations.refresh()
        self._recommendation_selected(None)
        self._update_labels()

    # ------------------------------------------------------------------ data
    @property
    def records(self) -> Any:
        return self.context.store.repos.records

    def _agency_choices(self) -> dict[Any, str]:
        agencies = self.context.run_op(lambda: self.records.list(m.Agency, self.review_id)) or []
        return {a.id: a.name for a in agencies}

    def _learning_choices(self) -> dict[Any, str]:
        points = self.context.run_op(lambda: self.records.list(m.LearningPoint, self.review_id))
        return {
            p.id: f"{m.LEARNING_KIND_LABELS.get(p.kind, p.kind)}: {short_text(p.text, 90)}"
            for p in points or []
        }

    def _new_learning_point(self) -> m.LearningPoint:
        existing = self.learning.records()
        return m.LearningPoint(
            review_id=self.review_id,
            kind="finding",
            text="",
            sort=max((p.sort for p in existing), default=0) + 1,
        )

    def _new_recommendation(self) -> m.Recommendation:
        count = len(self.recommendations.records()) if hasattr(self, "recommendations") else 0
        return m.Recommendation(review_id=self.review_id, number=count + 1, text="")

    def _count_actions(self) -> None:
        def count() -> dict[int, int]:
            recs = self.records.list(m.Recommendation, self.review_id)
            return {r.id: len(self.records.list(m.Action, r.id)) for r in recs}

        self._action_counts = self.context.run_op(count) or {}

    # --------------------------------------------------------- numbering
    def _resequence(self, ordered: list[m.Recommendation]) -> None:
        """Save numbers 1..n in this order (only the records whose number changed)."""
        for index, rec in enumerate(ordered, start=1):
            if rec.number != index:
                rec.number = index
                self.records.save(rec)

    def _save_recommendation(self, rec: m.Recommendation) -> int:
        """Save, then put it at the place its number asks for and renumber the rest."""
        others = [r for r in self.records.list(m.Recommendation, self.review_id) if r.id != rec.id]
        wanted = max(1, min(rec.number or len(others) + 1, len(others) + 1))
        rec.number = wanted
        rec_id = self.records.save(rec)
        ordered = others[: wanted - 1] + [rec] + others[wanted - 1 :]
        self._resequence(ordered)
        return rec_id

    def _delete_recommendation(self, rec: m.Recommendation) -> None:
        self.records.delete(m.Recommendation, rec.id)
        self._resequence(self.records.list(m.Recommendation, self.review_id))

    def move_selected(self, step: int) -> bool:
        """Move the selected recommendation up (-1) or down (+1); numbers stay 1..n."""
        selected = self.recommendations.selected()
        if selected is None:
            return False

        def move() -> bool:
            ordered = self.records.list(m.Recommendation, self.review_id)
            index = next(i for i, r in enumerate(ordered) if r.id == selected.id)
            target = index + step
            if not 0 <= target < len(ordered):
                return False
            ordered[index], ordered[target] = ordered[target], ordered[index]
            # Force a rewrite of both (and fix any earlier gap) in the new order.
            for rec in ordered:
                rec.number = -1 if rec.id in (ordered[index].id, ordered[target].id) else rec.number
            self._resequence(ordered)
            return True

        moved = self.context.run_op(move)
        self.recommendations.refresh()
        self.recommendations.select_id(selected.id)
        self._update_labels()
        return bool(moved)

    # ------------------------------------------------------------- events
    def _learning_changed(self) -> None:
        self.recommendations.refresh()

    def _recommendations_changed(self) -> None:
        self._count_actions()
        self.recommendations.refresh()
        self._recommendation_selected(self.recommendations.selected())
        self._update_labels()

    def _actions_changed(self) -> None:
        self._count_actions()
        self.recommendations.refresh()
        self._update_labels()

    def _recommendation_selected(self, rec: m.Recommendation | None) -> None:
        if rec is None or rec.id is None:
            self.plan_title.setText("Action plan: select a recommendation above.")
            self.actions.set_source(lambda: [], None)
        else:
            rec_id = rec.id
            self.plan_title.setText(
                f"Action plan for recommendation {rec.number}: {short_text(rec.text, 110)}"
            )

            def factory() -> m.Action:
                existing = self.actions.records()
                return m.Action(
                    recommendation_id=rec_id,
                    text="",
                    lead_agency=rec.lead_agency,
                    sort=max((a.sort for a in existing), default=0) + 1,
                )

            self.actions.set_source(lambda: self.records.list(m.Action, rec_id), factory)
        can_move = rec is not None
        self.up_button.setEnabled(can_move and rec.number > 1)
        self.down_button.setEnabled(can_move and rec.number < len(self.recommendations.records()))

    def _update_labels(self) -> None:
        recs = self.recommendations.records()
        missing = [r.number for r in recs if not self._action_counts.get(r.id)]
        if missing:
            which = ", ".join(str(n) for n in missing)
            noun = "Recommendation" if len(missing) == 1 else "Recommendations"
            verb = "has" if len(missing) == 1 else "have"
            self.warning_label.setText(
                f"⚠ {noun} {which} {verb} no action in the action plan yet. The Home Office "
                "expects at least one action, with a lead agency and a target date, for each."
            )
            self.warning_label.show()
        else:
            self.warning_label.hide()
        if len(recs) > MANY_RECOMMENDATIONS:
            self.hint_label.setText(
                f"{len(recs)} recommendations. Good recommendations are few and CLEAR: "
                "consider merging those that share a finding or a lead agency."
            )
        elif recs:
            low = [r.number for r in recs if clear_score(r) < len(m.CLEAR_ITEMS)]
            self.hint_label.setText(
                f"{len(recs)} recommendation{'s' if len(recs) != 1 else ''}"
                + (f"; not yet fully CLEAR: {', '.join(map(str, low))}." if low else ", all CLEAR.")
            )
        else:
            self.hint_label.setText("")
        selected = self.recommendations.selected()
        self.up_button.setEnabled(selected is not None and selected.number > 1)
        self.down_button.setEnabled(selected is not None and selected.number < len(recs))

    # ---------------------------------------------------------------- API
    def refresh(self) -> None:
        self._count_actions()
        self.learning.refresh()
        self.recommendations.refresh()
        self._recommendation_selected(self.recommendations.selected())
        self._update_labels()

    def save_pending(self) -> None:
        """Every edit is saved when its dialog closes; nothing is pending here."""
