"""Precision and recall of the 'looks like a name' check (issue 10, class 14).

Run: ``.venv/bin/python benchmarks/name_check.py`` (``--quick`` for fewer sentences).

1. **Recall** on a labelled fictional corpus: sentences written the way chronologies
   and reports are written, each with one person's name that is not in the register
   (marked ``[[…]]`` in the templates), in many spellings and contexts (title, kinship,
   full name, surname-first, initials, hyphenated, non-English names). Goal: at least
   95% of the names flagged.
2. **False warnings** on the same corpus's name-free sentences (agencies, places, job
   titles, document furniture, sentence-start words), and per ten pages of the demo's
   overview report (the chair's real-looking prose, where every person is registered
   or on the review's own lists). Goal: at most one false warning per ten pages.

All names are invented combinations; none is taken from a real review.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dhrdesk.core.anonymise import RegisterItem, Scanner, TextUnit  # noqa: E402

GIVEN = (
    "Sarah Kieran Grace Mohammed Zofia Tendai Aoife Rhys Priya Oksana Minh Femi Leanne "
    "Darren Hodan Yusuf Bethany Marek Lowri Hamza Jodie Simran Wei Elena Tyrone Maureen "
    # not in resources/words/given_names.txt: recognised from context, not from the list
    "Ewelina Chiamaka Oluwaseun Teodora Brynmor Kiah Anselm Radka Thandiwe Eilonwy Ximena"
).split()
FAMILY = (
    "Jones,Walsh,Turner,Kowalczyk,Moyo,Gallagher,Pritchard,Sharma,Kovalenko,Nguyen,Adeyemi,"
    "Hughes,Carter,Okonkwo,Abdullah,Whitfield,Nowak,Evans,Bakshi,Osei,Rahman,Lindqvist,"
    "Al-Rashid,Ó Briain,Fitzgerald,O'Donnell,ap Gwilym"
).split(",")
TITLES = ["Dr", "Mr", "Mrs", "Ms", "PC", "DS", "Sgt", "Cllr", "Nurse", "Miss"]

NAME_TEMPLATES = [
    "[[{g} {f}]] called the police at 23:10.",
    "[[{g} {f}]] | IDVA contact | no answer",
    "Seen by [[{t} {g} {f}]] on the ward.",
    "Statement of [[{g} {f}]] (friend).",
    "The neighbour, [[{g} {f}]], heard shouting.",
    "Records show that [[{g} {f}]] attended the surgery.",
    "A friend ([[{g} {f}]]) told the panel about the control.",
    "[[{t} {f}]] completed the DASH risk assessment.",
    "The referral was made by [[{t} {f}]] of the housing team.",
    "She disclosed the abuse to [[{g} {f}]] at work.",
    "[[{f}, {g}]] (neighbour) gave a statement.",
    "Her colleague [[{g} {f}]] noticed bruises.",
    "According to [[{g} {f}]], he had taken her bank card.",
    "[[{g} {f}]]'s account differs from the agency's.",
    "Contact with [[{t} {f}]] ended in 2023.",
    "The IDVA spoke to [[{g} {f}]] twice.",
    "Later, [[{g} {f}]] moved in with the family.",
    "Her aunt, [[{g} {f}]], was not contacted.",
]
CLEAN_SENTENCES = [
    "The Community Safety Partnership commissioned the review in March 2024.",
    "Northmoor Police and Eastvale Health Trust provided chronologies.",
    "The Multi-Agency Risk Assessment Conference heard the case once.",
    "The Housing Options Team had no contact after the move.",
    "The Crown Prosecution Service authorised a charge of murder.",
    "Adult A and Child A lived in a rented flat in the town.",
    "The Independent Domestic Violence Advisor made two attempts to call.",
    "Women's Aid and the National Domestic Abuse Helpline were signposted.",
    "The General Practitioner recorded low mood but did not ask about abuse.",
    "Terms of Reference were agreed by the panel in April.",
    "The Home Office Quality Assurance Board published new guidance in 2025.",
    "When the police attended, the officers completed a DASH.",
    "During Covid-19 lockdowns, face-to-face contact stopped.",
    "North Yorkshire County Council and the Integrated Care Board took part.",
    "Recommendation 3 asks the Trust to audit routine enquiry.",
    "The Adult Social Care team closed the referral after one visit.",
    "Victim Support and the Probation Service shared information.",
    "Section 14 summarises the key events; Appendix B holds the chronology.",
    "Mental Health Services assessed Adult B in the Emergency Department.",
    "Following the inquest, the Coroner issued a Prevention of Future Deaths report.",
    "In the Executive Summary, the panel sets out its conclusions.",
    "Good practice: the Health Visitor asked about abuse at every visit.",
    "The Safeguarding Adults Board received the report in June.",
    "St Mary's Hospital and Riverside Surgery were both contacted.",
    "Baker Street and Church Lane were the routes to school.",
]
REVIEW_PEOPLE = ["Dr Helen Marsh", "Alison Kerr", "Adult A", "Adult B", "Child A"]


def corpus(rnd: random.Random, size: int) -> list[tuple[str, str]]:
    """(sentence, the name in it) pairs, the name not in any register."""
    out = []
    combos = list(itertools.product(NAME_TEMPLATES, GIVEN, FAMILY))
    rnd.shuffle(combos)
    for template, given, family in combos[:size]:
        title = rnd.choice(TITLES)
        marked = template.format(g=given, f=family, t=title)
        name = re.search(r"\[\[(.+?)\]\]", marked).group(1)
        out.append((marked.replace("[[", "").replace("]]", ""), name))
    return out


def measure(size: int) -> dict:
    rnd = random.Random(2026)
    scanner = Scanner(
        [RegisterItem("full_name", "Siobhán Ní Bhriain", "Adult A")],
        allow=REVIEW_PEOPLE
        + ["Northmoor Police", "Eastvale Health Trust", "Riverside Surgery", "St Mary's Hospital"],
    )
    found = 0
    misses = []
    start = time.perf_counter()
    pairs = corpus(rnd, size)
    for sentence, name in pairs:
        findings = scanner.scan([TextUnit("x", sentence)])
        names = [
            f.matched
            for f in findings
            if f.category in ("possible_name", "near_match", "shared_name_part")
        ]
        core = name.split(", ")[0].split()[-1]
        if any(core in n for n in names):
            found += 1
        else:
            misses.append(sentence)
    false = []
    for sentence in CLEAN_SENTENCES:
        false += [
            f.matched
            for f in scanner.scan([TextUnit("x", sentence)])
            if f.category == "possible_name"
        ]
    elapsed = time.perf_counter() - start
    return {
        "names": len(pairs),
        "found": found,
        "recall": found / len(pairs),
        "misses": misses[:10],
        "clean_sentences": len(CLEAN_SENTENCES),
        "false_warnings": false,
        "seconds": elapsed,
    }


def demo_pages() -> tuple[int, int, list[str]] | None:
    """False warnings per page of the demo overview (every person there is registered or
    on the review's lists), when the demo store exists (``make demo``)."""
    from dhrdesk.cli import DEMO_PASSPHRASE
    from dhrdesk.documents import gate
    from dhrdesk.documents.builders import build_document
    from dhrdesk.store import Store, paths

    path = paths.demo_store_path()
    if not path.exists():
        return None
    store = Store.open(path, DEMO_PASSPHRASE)
    try:
        total_pages = 0
        warnings: list[str] = []
        for review in store.repos.reviews.list():
            anon = gate.anonymiser_for(store, review.id)
            document = build_document(store, review.reference, "overview", marking=None)
            published = gate.prepare(anon, document)
            warnings += [
                f"{review.reference}: {f.matched}"
                for f in published.report.findings
                if f.category == "possible_name"
            ]
            import io

            from pypdf import PdfReader

            total_pages += len(PdfReader(io.BytesIO(gate.render(published, "pdf"))).pages)
        return total_pages, len(warnings), warnings
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    result = measure(150 if args.quick else 600)
    print("Looks-like-a-name check (issue 10, class 14)")
    print(
        f"  recall: {result['found']}/{result['names']} names not in the register flagged "
        f"= {result['recall']:.1%} (goal >= 95%)"
    )
    for miss in result["misses"]:
        print(f"    missed: {miss}")
    print(
        f"  false warnings on {result['clean_sentences']} name-free sentences: "
        f"{len(result['false_warnings'])} {result['false_warnings']}"
    )
    print(f"  time: {result['seconds']:.2f} s")
    pages = demo_pages()
    if pages is None:
        print("  demo overview: no demo store (run `make demo` first)")
    else:
        total, count, warnings = pages
        per_ten = 10 * count / max(total, 1)
        print(
            f"  demo overview reports: {count} warning(s) in {total} pages = {per_ten:.2f} per "
            "ten pages (goal <= 1; every person there is registered or on the review's lists)"
        )
        for warning in warnings[:20]:
            print(f"    {warning}")


if __name__ == "__main__":
    main()
