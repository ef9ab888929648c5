"""Benchmark: full-text search over 50 reviews of synthetic, fictional data.

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.search [--reviews N]

What is measured (all in the same run, so the ratios mean something on any machine):

* loading: the reviews are written through the repositories (sections, chronology rows,
  recommendations, learning points), so the index is kept current by the write path;
* index build: ``search.rebuild`` (what ``dhrdesk verify --reindex`` runs) over all of it;
* ~100 queries (common words, rare words, phrases, accented names, prefixes, with and
  without filters): median and p95 latency of ``search.search`` (limit 50, ranked,
  snippets made) beside a baseline: the same queries as a plain ``LIKE '%word%'`` scan
  (every word, same filters, LIMIT 50, no ranking) over the same texts in an
  unencrypted in-memory sqlite3 table. Ratio = ours / baseline.

All data is invented (benchmarks/synthetic.py for chronology rows; templates below for
the rest). The store lives in a temporary folder that is deleted afterwards. Not part of
the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import agency_names, make_entries
from dhrdesk.core import model as m
from dhrdesk.core.richtext import from_plain_text
from dhrdesk.core.taxonomy import load_themes
from dhrdesk.store import Store, search

PASSPHRASE = "benchmark passphrase - fictional data only"
CSPS = ["Northvale CSP", "Ashby Marsh CSP", "Kellingford CSP", "Eastmere CSP"]
NAMES = ["Łukasz", "Zoë", "Siobhán", "Søren", "Renée", "Małgorzata", "José", "Chloé"]
RARE = [f"{w}" for w in ("quillmore", "zephyrine", "brackleton", "vossington", "yarrowby")]
SECTIONS = ["background", "overview", "analysis", "conclusions", "lessons", "equality"]
SENTENCES = [
    "Agencies did not share what they knew about the risk to {name}.",
    "The GP saw {name} four times and did not ask about domestic abuse.",
    "Professional curiosity was missing when {name} missed appointments.",
    "The DASH risk assessment was not repeated after the separation.",
    "The MARAC referral was delayed because the threshold was misunderstood.",
    "Housing officers recorded the disclosure but did not refer to the IDVA service.",
    "Coercive control was not recognised by the agencies involved.",
    "Supervision of front-line staff was infrequent during the review period.",
    "The family described {name} as warm, funny and devoted to the children.",
    "Alcohol use by the perpetrator was known to several agencies.",
]
RECS = [
    "Train front-line staff in routine enquiry about domestic abuse.",
    "Review the information sharing agreement between health and the police.",
    "Commission a specialist service for older victims and carers.",
    "Audit the use of DASH risk assessments after separation.",
    "Raise awareness of coercive control among employers and community groups.",
    "Ensure MARAC actions are tracked to completion by each agency.",
]
LESSONS = [
    "Risk increased sharply after separation and no agency reassessed it.",
    "Disclosures of economic abuse were recorded but not acted on.",
    "Nobody saw the victim alone during home visits.",
    "Good practice: the IDVA maintained weekly contact despite refusals.",
    "Mental health services did not consider the domestic abuse history.",
]


def paragraph(rng: random.Random, name: str, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES).format(name=name) for _ in range(sentences))


def populate(store: Store, reviews: int, rows_per_review: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    theme_ids = [t.id for t in load_themes()]
    info: dict = {"review_ids": [], "agencies": []}
    names = agency_names(40)
    for n in range(reviews):
        year = 2016 + n % 9
        rid = store.repos.reviews.create(
            f"DHR {year}/{n + 1:03d}",
            csp=CSPS[n % len(CSPS)],
            month_of_death=f"{year}-{1 + n % 12:02d}",
            descriptors={"relationship_type": rng.choice(["intimate_partner", "familial"])},
        )
        info["review_ids"].append(rid)
        name = NAMES[n % len(NAMES)]
        agencies = [store.repos.agency_input.ensure_agency(rid, a).id for a in rng.sample(names, 8)]
        entries = make_entries(
            rid, agencies, rows_per_review, seed=seed + n,
            start=dt.date(year - 3, 1, 1), end=dt.date(year, 1, 1),
        )  # fmt: skip
        for i, entry in enumerate(entries):
            entry.themes = rng.sample(theme_ids, 2)
            if i % 40 == 0:
                entry.agency_comment = f"{name} was seen alone at this contact."
            if i % 97 == 0:
                entry.significance = f"The {RARE[(n + i) % len(RARE)]} protocol was not followed."
        store.repos.agency_input.add_entries(entries)
        for key in SECTIONS:
            text = "\n\n".join(paragraph(rng, name, 5) for _ in range(3))
            store.repos.drafting.save_section(
                m.ReportSection(rid, "overview", key, from_plain_text(text))
            )
        for number in range(1, 7):
            store.repos.records.save(
                m.Recommendation(
                    rid, number, rng.choice(RECS), themes=rng.sample(theme_ids, 2),
                    lead_agency=store.repos.records.get(m.Agency, rng.choice(agencies)).name,
                )
            )  # fmt: skip
        for i in range(8):
            store.repos.records.save(
                m.LearningPoint(
                    rid, rng.choice(["lesson", "finding", "good_practice"]), rng.choice(LESSONS),
                    themes=rng.sample(theme_ids, 2), sort=i,
                )
            )  # fmt: skip
    info["agencies"] = [r[0] for r in store.query("SELECT DISTINCT name FROM agency LIMIT 20")]
    return info


def queries(info: dict) -> list[tuple[str, dict, str]]:
    """About 100 queries: (query text, filters, group)."""
    rids, agencies = info["review_ids"], info["agencies"]
    common = [
        "adult", "police", "referral", "risk", "abuse", "contact", "appointment", "alcohol",
        "housing", "children", "assessment", "agencies", "family", "safety", "record", "MARAC",
        "IDVA", "GP", "money", "phone", "home visit", "neighbour", "injury", "support", "seen",
    ]  # fmt: skip
    rare = RARE + [f"{w} protocol" for w in RARE] + ["bank card", "sprained wrist", "outreach"]
    rare += ["rehousing", "lockdown", "interpreter", "forced marriage", "threshold", "devoted"]
    phrases = [
        '"routine enquiry"', '"seen alone"', '"risk assessment"', '"information sharing"',
        '"coercive control"', '"domestic abuse"', '"bank card"', '"no further action"',
        '"safety plan"', '"outreach team"', '"home visit"', '"head injury"', '"MARAC coordinator"',
        '"did not attend"', '"released under investigation"', '"front-line staff"',
        '"older victims"', '"economic abuse"', '"weekly contact"', '"threats to kill"',
    ]  # fmt: skip
    accented = NAMES + ["Lukasz", "Zoe", "Siobhan", "Soren", "Renee", "Malgorzata", "Jose"]
    prefixes = ["refer*", "assess*", "safeguard*", "disclos*", "recogn*", "superv*", "alco*",
                "hous*", "appoint*", "coerc*"]  # fmt: skip
    groups = [("common", common), ("rare", rare), ("phrase", phrases), ("accented", accented)]
    groups.append(("prefix", prefixes))
    out: list[tuple[str, dict, str]] = [(q, {}, g) for g, words in groups for q in words]
    themes = [t.id for t in load_themes()]
    for i in range(20):
        word = common[i % len(common)]
        kind = i % 4
        if kind == 0:
            out.append((word, {"review_ids": [rids[i % len(rids)]]}, "filtered"))
        elif kind == 1:
            out.append((word, {"agency": agencies[i % len(agencies)]}, "filtered"))
        elif kind == 2:
            out.append((word, {"theme": themes[i % len(themes)]}, "filtered"))
        else:
            year = 2014 + i % 9
            out.append((word, {"date_from": f"{year}-01", "date_to": f"{year}-06-30"}, "filtered"))
    return out


def baseline_table(store: Store) -> sqlite3.Connection:
    plain = sqlite3.connect(":memory:")
    plain.execute(
        "CREATE TABLE texts (review_id INTEGER, kind TEXT, agency TEXT, date TEXT, "
        "themes TEXT, title TEXT, body TEXT)"
    )
    rows = store.query(
        "SELECT review_id, kind, agency, date, themes, title, body FROM search_index"
    )
    plain.executemany("INSERT INTO texts VALUES (?, ?, ?, ?, ?, ?, ?)", [tuple(r) for r in rows])
    plain.commit()
    return plain


def baseline_query(plain: sqlite3.Connection, text: str, filters: dict) -> list:
    words = (
        [w.strip('"*') for w in text.replace('"', " ").split()]
        if '"' not in text
        else [text.strip('"')]
    )
    where, params = [], []
    for word in words:
        where.append("(title || ' ' || body) LIKE ?")
        params.append(f"%{word}%")
    if "review_ids" in filters:
        where.append(f"review_id IN ({', '.join('?' * len(filters['review_ids']))})")
        params += filters["review_ids"]
    if "agency" in filters:
        where.append("lower(agency) = lower(?)")
        params.append(filters["agency"])
    if "theme" in filters:
        where.append("(' ' || themes || ' ') LIKE ?")
        params.append(f"% {filters['theme']} %")
    if "date_from" in filters:
        where.append("date <> '' AND date >= substr(?, 1, length(date))")
        params.append(filters["date_from"])
    if "date_to" in filters:
        where.append("date <> '' AND substr(date, 1, length(?)) <= ?")
        params += [filters["date_to"], filters["date_to"]]
    sql = f"SELECT review_id, title, body FROM texts WHERE {' AND '.join(where)} LIMIT 50"
    return plain.execute(sql, params).fetchall()


def timed(fn, *args, **kwargs) -> tuple[float, object]:  # noqa: ANN001
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=50)
    parser.add_argument("--rows", type=int, default=200, help="chronology rows per review")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the query set")
    args = parser.parse_args(argv)

    print(f"machine: {platform.platform()}, python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.processor() or platform.machine()}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        store = Store.create(Path(folder) / "bench.dhrdesk", PASSPHRASE, "Benchmark")
        try:
            load_s, info = timed(populate, store, args.reviews, args.rows)
            count = store.query_one("SELECT count(*) FROM search_index")[0]
            print(f"data: {args.reviews} reviews, {count} indexed texts "
                  f"({args.reviews * args.rows} chronology rows); loaded through the "
                  f"repositories with the index kept current in {load_s:.1f} s")  # fmt: skip
            build_s, built = timed(search.rebuild, store)
            size = Path(store.path).stat().st_size / 1e6
            print(f"index build (search.rebuild): {build_s:.2f} s for {built} texts; "
                  f"store file {size:.1f} MB")  # fmt: skip
            plain = baseline_table(store)
            qs = queries(info)
            ours, base, hits_total, base_total = [], [], 0, 0
            by_group: dict[str, tuple[list[float], list[float]]] = {}
            for q, filters, _group in qs:  # warm caches once
                search.search(store, q, **filters)
                baseline_query(plain, q, filters)
            for _ in range(args.repeat):
                for q, filters, group in qs:
                    mine, theirs = by_group.setdefault(group, ([], []))
                    t, hits = timed(search.search, store, q, **filters)
                    ours.append(t)
                    mine.append(t)
                    hits_total += len(hits)
                    t, rows = timed(baseline_query, plain, q, filters)
                    base.append(t)
                    theirs.append(t)
                    base_total += len(rows)
            print(f"queries: {len(qs)} (x{args.repeat}), limit 50; mean hits {hits_total / len(ours):.1f} "
                  f"(baseline {base_total / len(base):.1f})")  # fmt: skip
            print(f"{'':22}{'median':>10}{'p95':>10}")
            for label, values in (("search (FTS5, ours)", ours), ("LIKE scan (baseline)", base)):
                print(f"{label:22}{statistics.median(values) * 1e3:9.2f}ms"
                      f"{pct(values, 95) * 1e3:9.2f}ms")  # fmt: skip
            print(f"{'ratio ours/baseline':22}"
                  f"{statistics.median(ours) / statistics.median(base):10.2f}"
                  f"{pct(ours, 95) / pct(base, 95):10.2f}")  # fmt: skip
            print("median by kind of query (ours / baseline):")
            for group, (mine, theirs) in by_group.items():
                a, b = statistics.median(mine) * 1e3, statistics.median(theirs) * 1e3
                print(f"  {group:10} {len(mine) // args.repeat:3} queries  "
                      f"{a:7.2f}ms / {b:7.2f}ms  ratio {a / b:5.2f}")  # fmt: skip
            plain.close()
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
