"""The anonymised aggregate export: themes, descriptors and recommendation statuses.

Why: a regional analyst combines several CSPs' reviews to find common themes, the
work regions now pay researchers to do by reading PDFs side by side. The analyst
needs counts, not cases, so this export carries no names, no free text, no review
references and no day-precise dates. Every string in it is either an id from a
closed vocabulary (themes, descriptors, the enums of dhrdesk.core.model, the sector
list below), the CSP's name, or the export's own random review id. The format is
documented in docs/interchange.md ("Anonymised aggregate export").

How each thing is made safe:

* review id: ``r-`` + the first 16 hex digits of HMAC-SHA256(monitoring secret,
  "<store id>:<review id>"): stable across exports of one store (so an analyst can
  follow a review from one quarter to the next), meaningless without the secret;
* month of death -> year of death only;
* descriptors: only the known keys, only values in resources/descriptors.json
  (anything else, e.g. a typo or a place name typed by mistake, is dropped);
* recommendation sector (free text in the store) -> one of :data:`SECTORS` by
  keywords, else "other"; themes: shipped theme and sub-theme ids; a theme the
  store added itself is exported as its shipped parent, else "local";
* then, before anything is written, every string is scanned with the anonymisation
  Scanner against the restricted register of every review, and for day-precise
  dates: any finding refuses the export (:class:`PublicationBlockedError`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import RegisterItem, Scanner, TextUnit, find_day_dates, fold
from dhrdesk.core.errors import PublicationBlockedError, UsageError
from dhrdesk.core.ids import id_of
from dhrdesk.core.taxonomy import load_descriptors, load_themes
from dhrdesk.exchange.cells import csv_safe

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

FORMAT = "dhrdesk-aggregate"
FORMAT_VERSION = 1
LOCAL_THEME = "local"

# descriptor key in Review.descriptors -> the descriptors.json list its values come from
DESCRIPTOR_KEYS: dict[str, str] = {
    "relationship_type": "relationship_type",
    "flags": "flags",
    "victim_age_band": "age_band",
    "perpetrator_age_band": "age_band",
    "victim_sex": "sex",
    "perpetrator_sex": "sex",
    "victim_ethnicity": "ethnicity",
    "perpetrator_ethnicity": "ethnicity",
    "vulnerabilities": "vulnerabilities",
    "court_outcome": "court_outcome",
}
MULTIPLE = {"flags", "vulnerabilities"}

# sector id -> folded keywords that put a free-text sector in it (first match wins)
SECTORS: dict[str, tuple[str, ...]] = {
    "police": ("police", "constabulary"),
    "probation": ("probation",),
    "health": ("health", "nhs", "gp", "hospital", "trust", "icb", "clinical", "ambulance"),
    "children_services": ("children", "childrens"),
    "adult_social_care": ("adult", "social care", "social work"),
    "housing": ("housing", "homes", "tenancy", "landlord"),
    "specialist_domestic_abuse": ("domestic abuse", "idva", "refuge", "women's aid"),
    "education": ("school", "education", "college", "university"),
    "local_authority": ("council", "local authority", "borough", "county"),
    "community_safety_partnership": ("community safety", "csp"),
    "criminal_justice": ("court", "cps", "prison", "crown prosecution"),
    "government": ("home office", "government", "department", "ministry"),
}
UNSPECIFIED = "unspecified"
OTHER = "other"

CSV_COLUMNS = (
    "record",
    "review_id",
    "csp",
    "year_of_death",
    *DESCRIPTOR_KEYS,
    "scope",
    "sector",
    "type",
    "status",
    "kind",
    "themes",
    "actions_total",
    "actions_completed",
)


def sector_id(text: str) -> str:
    """A free-text sector as one of SECTORS ("NHS trust" -> "health"), else other."""
    folded = fold(" ".join(str(text or "").split())).casefold()
    if not folded:
        return UNSPECIFIED
    for sector, words in SECTORS.items():
        if any(re.search(rf"\b{re.escape(word)}\b", folded) for word in words):
            return sector
    return OTHER


def _vocabulary() -> dict[str, set[str]]:
    descriptors = load_descriptors()
    return {name: set(descriptors[name].ids) for name in set(DESCRIPTOR_KEYS.values())}


def _theme_mapper(store: Store) -> Any:
    shipped = {t.id for t in load_themes()} | {s.id for t in load_themes() for s in t.sub_themes}
    parents = {t.id: t.parent for t in store.repos.learning.themes() if not t.shipped}

    def mapped(themes: list) -> list[str]:
        out: set[str] = set()
        for theme in themes or []:
            theme = str(theme)
            if theme in shipped:
                out.add(theme)
            elif parents.get(theme) in shipped:
                out.add(parents[theme])
            else:
                out.add(LOCAL_THEME)
        return sorted(out)

    return mapped


def anonymous_review_id(secret: bytes, store_id: str, review_id: int) -> str:
    digest = hmac.new(secret, f"{store_id}:{review_id}".encode(), hashlib.sha256).hexdigest()
    return f"r-{digest[:16]}"


def _year(month_of_death: str) -> int | None:
    match = re.match(r"^(\d{4})", month_of_death or "")
    return int(match.group(1)) if match else None


def _descriptors(raw: dict, vocabulary: dict[str, set[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, list_name in DESCRIPTOR_KEYS.items():
        value = (raw or {}).get(key)
        allowed = vocabulary[list_name]
        if key in MULTIPLE:
            values = value if isinstance(value, list) else []
            out[key] = sorted({str(v) for v in values if str(v) in allowed})
        else:
            out[key] = str(value) if isinstance(value, str) and value in allowed else None
    return out


def build_aggregate(store: Store) -> dict[str, Any]:
    """The export as a JSON-ready dict (checked by :func:`check_clean` before returning)."""
    secret = store.repos.monitoring.secret()
    vocabulary = _vocabulary()
    themes = _theme_mapper(store)
    records = store.repos.records
    reviews_out: list[dict[str, Any]] = []
    actions_by_rec: dict[int, list[str]] = {}
    for action in store.repos.monitoring.actions():
        actions_by_rec.setdefault(action.recommendation_id, []).append(action.status)
    for review in store.repos.monitoring.reviews():
        recommendations = []
        review_id = id_of(review)
        for rec in records.list(m.Recommendation, review_id):
            statuses = actions_by_rec.get(id_of(rec), [])
            recommendations.append(
                {
                    "scope": rec.scope if rec.scope in m.RECOMMENDATION_SCOPES else None,
                    "sector": sector_id(rec.sector),
                    "type": rec.rec_type if rec.rec_type in m.RECOMMENDATION_TYPES else None,
                    "status": rec.status if rec.status in m.STATUSES else None,
                    "themes": themes(rec.themes),
                    "actions": {s: statuses.count(s) for s in m.STATUSES},
                }
            )
        learning = [
            {"kind": point.kind, "themes": themes(point.themes)}
            for point in records.list(m.LearningPoint, review_id)
            if point.kind in m.LEARNING_KINDS
        ]
        reviews_out.append(
            {
                "id": anonymous_review_id(secret, store.store_id, review_id),
                "csp": " ".join((review.csp or "").split()) or None,
                "year_of_death": _year(review.month_of_death),
                "descriptors": _descriptors(review.descriptors, vocabulary),
                "recommendations": recommendations,
                "learning": learning,
            }
        )
    reviews_out.sort(key=lambda r: r["id"])  # the order reveals nothing about the store
    export = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_year": dt.date.today().year,
        "reviews": reviews_out,
    }
    check_clean(store, export)
    return export


def strings_of(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (path, string) in a JSON-like value (keys too), for the checks."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key} (key)", str(key)
            yield from strings_of(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_of(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def check_clean(store: Store, export: dict[str, Any]) -> None:
    """Refuse the export if any string matches any review's register or is a day date."""
    items = [
        RegisterItem(entry.kind, entry.value, entry.replacement, tuple(entry.variants or ()))
        for _, entry in store.repos.monitoring.register_items()
        if entry.value.strip()
    ]
    scanner = Scanner(items)
    units = [TextUnit(path, text) for path, text in strings_of(export)]
    # the random review ids are hex: they may look like a phone number, never a name
    register_only = ("identifier", "ambiguous_name", "day_date")
    blocking = [
        f
        for f in scanner.scan(units)
        if f.blocking and (f.category in register_only or not f.where.endswith(".id"))
    ]
    dated = [u.where for u in units if find_day_dates(u.text)]
    if blocking or dated:
        where = blocking[0].where if blocking else dated[0]
        raise PublicationBlockedError(
            f"The aggregate export was not written: the value at {where} matches an "
            "identifier in a review's restricted register or a date precise to the day.",
            hint="This is usually a CSP name that is also a place in a register: correct "
            "the review's CSP, or the register entry, and export again.",
        )


# ----------------------------------------------------------------------------- writers
def to_json(export: dict[str, Any]) -> bytes:
    return (json.dumps(export, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


def _csv_safe(value: Any) -> str:
    """Formula injection neutralised (see exchange/cells.py)."""
    return csv_safe(value)


def csv_rows(export: dict[str, Any]) -> Iterator[dict[str, str]]:
    """Long format: one 'review' row, then one row per recommendation and learning point."""
    for review in export["reviews"]:
        base = {
            "review_id": review["id"],
            "csp": review["csp"],
            "year_of_death": review["year_of_death"],
            **review["descriptors"],
        }
        yield {"record": "review", **base}
        for rec in review["recommendations"]:
            yield {
                "record": "recommendation",
                **base,
                "scope": rec["scope"],
                "sector": rec["sector"],
                "type": rec["type"],
                "status": rec["status"],
                "themes": rec["themes"],
                "actions_total": sum(rec["actions"].values()),
                "actions_completed": rec["actions"]["completed"],
            }
        for point in review["learning"]:
            yield {"record": "learning", **base, "kind": point["kind"], "themes": point["themes"]}


def to_csv(export: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in csv_rows(export):
        writer.writerow({c: _csv_safe(row.get(c)) for c in CSV_COLUMNS})
    return buffer.getvalue().encode("utf-8")


def render(export: dict[str, Any], out: Path) -> bytes:
    """The bytes for ``out``: JSON or CSV by its suffix."""
    suffix = Path(out).suffix.lower()
    if suffix == ".json":
        return to_json(export)
    if suffix == ".csv":
        return to_csv(export)
    raise UsageError(f"Name the output .json or .csv, not '{Path(out).name}'.")
