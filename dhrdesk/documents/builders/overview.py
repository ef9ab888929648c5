"""The overview report and the executive summary, in their profile's section order.

Both draw from the same :class:`~dhrdesk.documents.generated.ReviewFacts`, so the
dates, the agencies and the recommendations they print cannot disagree; only the
chair's own prose can, which is what dhrdesk.documents.consistency checks.
"""

from __future__ import annotations

from collections.abc import Callable

from dhrdesk.documents import generated as g
from dhrdesk.documents.builders.common import (
    placeholder,
    section_number,
    shell,
    victim_or_default,
)
from dhrdesk.documents.builders.tables import action_plan_blocks
from dhrdesk.documents.glossary import acronyms_used
from dhrdesk.documents.model import (
    EDITION_RESTRICTED,
    KIND_EXECUTIVE_SUMMARY,
    KIND_OVERVIEW,
    Block,
    Document,
    Paragraph,
    Section,
    Table,
)

Generator = Callable[[g.ReviewFacts], list[Block]]

#: Overview sections whose facts are generated (profile section id -> generator).
OVERVIEW_GENERATED: dict[str, Generator] = {
    "introduction": g.introduction_blocks,
    "timescales": g.timescales_blocks,
    "terms_of_reference": g.terms_blocks,
    "contributors": g.contributors_blocks,
    "panel_members": g.panel_blocks,
    "author": g.author_blocks,
    "parallel_reviews": g.parallel_blocks,
    "chronology": g.chronology_blocks,
    "lessons": lambda facts: g.learning_blocks(facts, "lesson"),
    "recommendations": g.recommendation_blocks,
}

#: Executive summary sections: the same generators, so the same facts.
SUMMARY_GENERATED: dict[str, Generator] = {
    "es_process": g.summary_process_blocks,
    "es_contributors": g.summary_contributors_blocks,
    "es_panel": g.summary_panel_blocks,
    "es_author": g.summary_author_blocks,
    "es_tor": g.terms_blocks,
    "es_chronology": g.chronology_summary_blocks,
    "es_key_issues": lambda facts: g.learning_blocks(facts, "key_issue"),
    "es_lessons": lambda facts: g.learning_blocks(facts, "lesson"),
    "es_recommendations": g.recommendation_blocks,
}

OVERVIEW = "overview"
EXECUTIVE_SUMMARY = "executive_summary"


def _section(facts: g.ReviewFacts, document: str, spec, generator: Generator | None) -> Section:
    blocks = (generator(facts) if generator else []) + facts.chair_blocks(document, spec.id)
    return placeholder(Section(section_number(spec.number), spec.title, blocks, key=spec.id))


def overview_sections(facts: g.ReviewFacts) -> list[Section]:
    """The main sections of the overview, generated facts first, then the chair's blocks."""
    return [
        _section(facts, OVERVIEW, spec, OVERVIEW_GENERATED.get(spec.id))
        for spec in facts.profile.overview_sections
    ]


def summary_sections(facts: g.ReviewFacts) -> list[Section]:
    return [
        _section(facts, EXECUTIVE_SUMMARY, spec, SUMMARY_GENERATED.get(spec.id))
        for spec in facts.profile.executive_summary_sections
    ]


def glossary_blocks(document: Document) -> list[Block]:
    """The acronyms the document's text actually uses (never the glossary's own text)."""
    used = acronyms_used(document.all_text(include_appendix_keys=_TEXT_APPENDICES))
    if not used:
        return [Paragraph("This report uses no acronyms that need explaining.")]
    return [Table(["Acronym", "Meaning"], [list(item) for item in used], [1.2, 5], True)]


# Appendices whose text counts for the glossary (the glossary itself never does).
_TEXT_APPENDICES = ("appendix_tor", "appendix_action_plan", "appendix_bibliography")


def _appendix(facts: g.ReviewFacts, spec, group_by_theme: bool) -> Section:
    section = Section(
        spec.number, spec.title, key=spec.id, label="Appendix", appendix=True, new_page=True
    )
    if spec.id == "appendix_tor":
        section.blocks += g.terms_blocks(facts, full=True)
    elif spec.id == "appendix_action_plan":
        section.blocks += action_plan_blocks(facts, group_by_theme=group_by_theme)
        section.landscape = True
    if spec.id == "appendix_bibliography":
        section.blocks += g.bibliography_blocks(facts)
    if spec.id != "appendix_glossary":
        section.blocks += facts.chair_blocks(OVERVIEW, spec.id)
    return section


def build_overview(
    facts: g.ReviewFacts,
    *,
    marking: str | None,
    edition: str = EDITION_RESTRICTED,
    group_by_theme: bool = False,
) -> Document:
    """The overview report: front matter, the profile's sections, endnotes, appendices."""
    title = facts.profile.title("overview_report", victim_or_default(facts))
    document = shell(facts, KIND_OVERVIEW, title, marking=marking, edition=edition)
    document.condolences = g.condolence_blocks(facts) + facts.chair_blocks(OVERVIEW, "condolences")
    document.sections = overview_sections(facts)
    appendices = [
        _appendix(facts, spec, group_by_theme) for spec in facts.profile.overview_appendices
    ]
    document.sections += appendices
    for section in appendices:
        if section.key == "appendix_bibliography":
            # the guidance first, then every source the endnotes cite, then the chair's own
            sources = [note.text for note in document.endnotes()]
            section.blocks = g.bibliography_blocks(facts, sources) + facts.chair_blocks(
                OVERVIEW, section.key
            )
    for section in appendices:
        if section.key == "appendix_glossary":
            section.blocks = glossary_blocks(document) + facts.chair_blocks(OVERVIEW, section.key)
    return document


def build_executive_summary(
    facts: g.ReviewFacts, *, marking: str | None, edition: str = EDITION_RESTRICTED
) -> Document:
    """The executive summary in its own section order, from the same facts."""
    title = facts.profile.title("executive_summary", victim_or_default(facts))
    document = shell(facts, KIND_EXECUTIVE_SUMMARY, title, marking=marking, edition=edition)
    document.sections = summary_sections(facts)
    glossary = Section(None, "Glossary", key="glossary", appendix=True, new_page=True)
    document.sections.append(glossary)
    glossary.blocks = glossary_blocks(document)
    return document


def _richtext(text) -> list[dict]:  # model Text
    from dhrdesk.documents.model import Run, plain

    if isinstance(text, str):
        return [{"text": text}] if text else []
    runs: list[dict] = []
    for run in text:
        if isinstance(run, Run):
            item: dict = {"text": run.text}
            if run.bold:
                item["bold"] = True
            if run.italic:
                item["italic"] = True
            runs.append(item)
        else:
            runs.append({"text": plain([run], notes=True)})
    return runs


def generated_blocks(store, review_id: int, document: str, key: str) -> list[dict]:
    """The generated (kept-in-sync) part of one section, as structured text for the editor's
    read-only preview. Same generators as the documents, so the preview is what prints."""
    from dhrdesk.documents.builders import facts_for
    from dhrdesk.documents.model import BulletList, Heading, Quote

    generators = SUMMARY_GENERATED if document == EXECUTIVE_SUMMARY else OVERVIEW_GENERATED
    generator = generators.get(key)
    if generator is None:
        return []
    review = store.repos.reviews.by_id(review_id)
    out: list[dict] = []
    for block in generator(facts_for(store, review.reference)):
        if isinstance(block, Paragraph):
            out.append({"type": "paragraph", "runs": _richtext(block.text)})
        elif isinstance(block, Heading):
            out.append({"type": "heading", "text": block.text})
        elif isinstance(block, BulletList):
            out.append(
                {
                    "type": "numbered" if block.ordered else "bullets",
                    "items": [_richtext(item) for item in block.items],
                }
            )
        elif isinstance(block, Quote):
            out.append({"type": "quote", "runs": _richtext(block.text)})
        elif isinstance(block, Table):
            from dhrdesk.documents.model import plain

            out.append(
                {
                    "type": "table",
                    "header": list(block.header),
                    "rows": [[plain(cell) for cell in row] for row in block.rows],
                }
            )
    return out
