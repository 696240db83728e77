"""The plain data that flows between pipeline stages.

Every record carries the span it came from (document name, start, end) and the name and
version of the code that produced it (``produced_by``), so a stored figure can always say
where it came from and which code read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

# Approximation markers of the export contract (DESIGN.md).
APPROX_MARKS = ("=", "~", ">", ">=", "<", "<=")


class Record:
    """What the records below share: they pickle as their class and their fields' values.
    The compiled build (setup.py) makes them native classes, whose frozen attributes pickle's
    default way cannot set; ``--jobs`` and Dask send them between processes."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), tuple(getattr(self, name) for name in self.field_names())

    def field_names(self) -> tuple[str, ...]:
        names = _FIELD_NAMES.get(type(self))
        if names is None:
            record: Any = self
            names = _FIELD_NAMES[type(self)] = tuple(f.name for f in fields(record))
        return names

    def as_dict(self) -> dict[str, Any]:
        """Each field and its value, as they are (``dataclasses.asdict`` copies them deeply;
        native classes have no ``vars``)."""
        return {name: getattr(self, name) for name in self.field_names()}


# Each record class's field names, in order: read once per class (``fields`` walks the
# class), as records are stored and sent by the thousand.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True)
class Document(Record):
    """One article: its exact text and what is known about it."""

    name: str  # file name relative to the ingested folder, or URL
    text: str  # decoded content, unchanged: offsets index it
    sha256: str  # hash of the original bytes
    path: str | None = None
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD or YYYY-MM)
    published_from: str | None = None  # "manifest", "header", "html" or None
    warnings: tuple[str, ...] = ()  # what a reader should know (a guessed encoding)
    page_starts: tuple[int, ...] = ()  # a paged document's (PDF) offset of each page's start


@dataclass(frozen=True)
class Sentence(Record):
    """A sentence with its character span in the document text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quantity(Record):
    """A quantity expression found in text, normalised.

    ``value`` is the number (the low end of a range), ``value_high`` the high end of a range;
    ``approx`` one of APPROX_MARKS; ``unit`` a unit code (count, percent, fraction, multiplier,
    USD, EUR, UAH, RUB, km, kg, day, week, month, year, hour, minute, ...).
    """

    start: int
    end: int
    surface: str
    value: float
    value_high: float | None = None
    approx: str = "="
    unit: str = "count"
    vague: bool = False  # a conventional value for "several", "dozens", "thousands"...


@dataclass(frozen=True)
class Rejected(Record):
    """Something that looked like a number but is not a quantity (``numbers.scan``)."""

    start: int
    end: int
    surface: str
    reason: str


@dataclass(frozen=True)
class Claim(Record):
    """A quantity stated in a document, with the fields of the export contract."""

    doc: str
    start: int
    end: int
    surface: str
    value: float
    value_high: float | None
    approx: str
    unit: str
    quote: str
    what: str | None = None
    measure: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    as_of: str | None = None
    rate: str | None = None
    place: str | None = None
    side: str | None = None
    source: str | None = None
    via: tuple[str, ...] = field(default_factory=tuple)
    derived: bool = False
    vague: bool = False
    produced_by: str = ""
    page: int | None = None  # the page (from 1) of a paged document the figure stands on

    @property
    def claim_id(self) -> str:
        """A stable id: the same figure in the same document keeps its id across runs."""
        return f"{self.doc}:{self.start}-{self.end}"


@dataclass(frozen=True)
class Fingerprint(Record):
    """What the duplicate check needs of a document, computed once when it is read: the hash
    of its content, a MinHash signature of its word shingles and how many shingles it has."""

    sha256: str
    signature: bytes  # the signature's hash values (check.MINHASH_PERMUTATIONS of them)
    shingles: int


@dataclass(frozen=True)
class Variable(Record):
    """One quantity reported by several claims: a measure, place, side and period."""

    variable_id: str
    measure: str
    place: str | None
    side: str | None
    period_start: str | None
    period_end: str | None
    as_of: str | None
    rate: str | None
    claim_ids: tuple[str, ...]
    low: float
    best: float
    high: float
    rule: str
    produced_by: str = ""


@dataclass(frozen=True)
class Finding(Record):
    """A conflict, agreement, arithmetic check or duplicate pair, with the claims behind it."""

    finding_id: str
    kind: str  # conflict | agreement | arithmetic | duplicate_docs
    claims: tuple[str, ...]
    docs: tuple[str, ...]
    message: str
    variable_id: str | None = None
    holds: bool | None = None
    produced_by: str = ""
