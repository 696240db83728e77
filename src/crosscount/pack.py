"""Domain packs: what the figures of a domain count, where, whose, and who says them.

A pack is a YAML file (schema in docs/packs.md): measures with the patterns that signal them,
places with their variants, sources with their aliases, and sides with their cues. It is
data, not code: a user writes one for another domain without touching crosscount. Packs are
validated on load, and errors name the file and line.

``load_pack("military")`` loads a pack shipped with crosscount; any other argument is a path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import PackError
from .gate import WORD_START

DEFAULT_PACK = "military"
KINDS = ("cases", "people", "amount", "other")


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    kind: str
    patterns: tuple[re.Pattern[str], ...]  # every signal, the defining ones first
    outcome: bool = False  # what happened to counted things (closed, returned): outranks type
    defining: int = 0  # how many of the patterns define the measure exactly ("Article 407")
    stock: bool = False  # a level at a moment (troop strength), not a flow over a period


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # country | region | city
    country: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class SourceName:
    name: str
    kind: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """A named event that dates periods: "since the full-scale invasion" starts 2022-02-24."""

    name: str
    date: str  # ISO YYYY-MM-DD
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Side:
    key: str
    country: str
    cues: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Pack:
    name: str
    version: int
    measures: tuple[Measure, ...]
    kinds: dict[str, re.Pattern[str]]
    combinations: tuple[tuple[frozenset[str], str], ...]
    places: tuple[Place, ...]
    sources: tuple[SourceName, ...]
    sides: tuple[Side, ...]
    events: tuple[Event, ...] = ()
    place_pattern: re.Pattern[str] = field(repr=False, default=re.compile("(?!)"))
    source_pattern: re.Pattern[str] = field(repr=False, default=re.compile("(?!)"))

    def place_named(self, variant: str) -> Place | None:
        return _variant_index(self).get(variant.lower())

    def source_named(self, alias: str) -> SourceName | None:
        return _alias_index(self).get(_fold(alias))

    def measure(self, key: str) -> Measure | None:
        return _measure_index(self).get(key)

    @property
    def stocks(self) -> frozenset[str]:
        """Keys of the measures that are levels at a moment, not flows over a period."""
        return _stocks(self)


def _fold(text: str) -> str:
    return re.sub(r"[’']", "'", re.sub(r"\s+", " ", text.strip().lower())).removeprefix("the ")


# Read for every figure: made once per pack (a pack is never changed once loaded).
@cache
def _measure_index(pack: Pack) -> dict[str, Measure]:
    index: dict[str, Measure] = {}
    for m in pack.measures:
        index.setdefault(m.key, m)  # the first of a key, as a search in order finds
    return index


@cache
def _stocks(pack: Pack) -> frozenset[str]:
    return frozenset(m.key for m in pack.measures if m.stock)


@cache
def _variant_index(pack: Pack) -> dict[str, Place]:
    return {v.lower(): p for p in pack.places for v in p.variants}


@cache
def _alias_index(pack: Pack) -> dict[str, SourceName]:
    index = {}
    for s in pack.sources:
        for alias in (s.name, *s.aliases):
            index[_fold(alias)] = s
    return index


def load_pack(name_or_path: str | Path = DEFAULT_PACK) -> Pack:
    """A shipped pack by name, or a pack file by path."""
    path = Path(name_or_path)
    if path.suffix.lower() not in (".yaml", ".yml") and not path.exists():
        shipped = resources.files("crosscount") / "packs" / f"{name_or_path}.yaml"
        if not shipped.is_file():
            names = sorted(
                p.name.removesuffix(".yaml")
                for p in (resources.files("crosscount") / "packs").iterdir()
                if p.name.endswith(".yaml")
            )
            raise PackError(
                f"{name_or_path}: no such pack; shipped packs: {', '.join(names)}; "
                "or give the path of a .yaml pack"
            )
        return _load_cached(str(shipped))
    if not path.is_file():
        raise PackError(f"{path}: pack file not found")
    return _load_cached(str(path.resolve()))


@cache
def _load_cached(location: str) -> Pack:
    text = Path(location).read_text(encoding="utf-8")
    return parse_pack(text, location)


def parse_pack(text: str, where: str = "<pack>") -> Pack:
    """Validate and build a pack from YAML text; errors name ``where`` and the line."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise PackError(f"{where}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    if not isinstance(root, yaml.MappingNode):
        raise PackError(f"{where}:1: a pack is a mapping with name, measures, places, sources")
    data = yaml.safe_load(text)
    v = _Validator(where, root)
    name = v.string(data, "name")
    measures = tuple(v.measure(i, m) for i, m in enumerate(v.items(data, "measures")))
    keys = {m.key for m in measures}
    kinds = {k: v.patterns(("kinds", k), words) for k, words in (data.get("kinds") or {}).items()}
    combinations = tuple(
        v.combination(i, c, keys) for i, c in enumerate(data.get("combinations") or [])
    )
    places = tuple(v.place(i, p) for i, p in enumerate(v.items(data, "places", required=False)))
    sources = tuple(v.source(i, s) for i, s in enumerate(v.items(data, "sources", required=False)))
    sides = tuple(v.side(i, s) for i, s in enumerate(v.items(data, "sides", required=False)))
    events = tuple(v.event(i, e) for i, e in enumerate(v.items(data, "events", required=False)))
    return Pack(
        name=name,
        version=int(data.get("version", 1)),
        measures=measures,
        kinds=kinds,
        combinations=combinations,
        places=places,
        sources=sources,
        sides=sides,
        events=events,
        place_pattern=phrase_pattern({x for p in places for x in p.variants}),
        source_pattern=phrase_pattern({x for s in sources for x in (s.name, *s.aliases)}),
    )


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of ``phrases`` as a whole word or words, case as written, the longest first (so
    "Russian" is found before "Russia"). It begins with ``gate.WORD_START``, which
    ``gate.WordStart`` searches faster."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not ordered:
        return re.compile("(?!)")
    body = "|".join(re.escape(p) for p in ordered)
    return re.compile(rf"{WORD_START}(?:{body})(?![\w-])")


class _Validator:
    """Checks a pack's structure, naming the line of each problem."""

    def __init__(self, where: str, root: yaml.Node) -> None:
        self.where = where
        self.root = root

    def fail(self, path: tuple[Any, ...], message: str) -> PackError:
        node = self._node(path)
        line = node.start_mark.line + 1 if node is not None else 1
        dotted = ".".join(str(p) for p in path)
        return PackError(f"{self.where}:{line}: {dotted}: {message}")

    def _node(self, path: tuple[Any, ...]) -> yaml.Node | None:
        node: yaml.Node | None = self.root
        for key in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == key), node)
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(key, int)
                and key < len(node.value)
            ):
                node = node.value[key]
            else:
                break
        return node

    def string(self, data: dict[str, Any], key: str, path: tuple[Any, ...] = ()) -> str:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(
                path + (key,) if isinstance(data, dict) and key in data else path,
                f"needs a text value for {key!r}",
            )
        return value

    def items(self, data: dict[str, Any], key: str, required: bool = True) -> list[Any]:
        value = data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            raise self.fail((key,), "needs a list")
        return value

    def patterns(self, path: tuple[Any, ...], values: Any) -> re.Pattern[str]:
        if not isinstance(values, list) or not all(isinstance(x, (str, int)) for x in values):
            raise self.fail(path, "needs a list of patterns")
        for x in values:
            try:
                re.compile(str(x))
            except re.error as exc:
                raise self.fail(path, f"bad pattern {x!r} ({exc})") from exc
        body = "|".join(f"(?:{x})" for x in values)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)

    def measure(self, i: int, m: Any) -> Measure:
        path = ("measures", i)
        if not isinstance(m, dict):
            raise self.fail(path, "each measure is a mapping with key, label, kind, patterns")
        key = self.string(m, "key", path)
        kind = m.get("kind", "other")
        if kind not in KINDS:
            raise self.fail(path + ("kind",), f"kind must be one of {', '.join(KINDS)}")
        # One regular expression for the defining patterns and one for the loose ones: a
        # sentence is scanned twice per measure, not once per pattern.
        defining = tuple(
            self.patterns(path + ("defining",), m["defining"]) for _ in (1,) if m.get("defining")
        )
        loose = tuple(
            self.patterns(path + ("patterns",), m["patterns"]) for _ in (1,) if m.get("patterns")
        )
        if not defining + loose:
            raise self.fail(path, f"measure {key!r} needs patterns")
        return Measure(
            key,
            str(m.get("label", key)),
            kind,
            defining + loose,
            bool(m.get("outcome")),
            len(defining),
            bool(m.get("stock")),
        )

    def combination(self, i: int, c: Any, keys: set[str]) -> tuple[frozenset[str], str]:
        path = ("combinations", i)
        if not isinstance(c, dict) or not isinstance(c.get("parts"), list):
            raise self.fail(path, "each combination has parts (a list) and measure")
        unknown = [p for p in [*c["parts"], c.get("measure")] if p not in keys]
        if unknown:
            raise self.fail(path, f"unknown measure(s) {', '.join(map(str, unknown))}")
        return frozenset(c["parts"]), str(c["measure"])

    def place(self, i: int, p: Any) -> Place:
        path = ("places", i)
        if not isinstance(p, dict):
            raise self.fail(path, "each place is a mapping with name and variants")
        name = self.string(p, "name", path)
        kind = p.get("kind", "region")
        country = p.get("country", name if kind == "country" else None)
        if not isinstance(country, str):
            raise self.fail(path, f"place {name!r} needs a country")
        variants = p.get("variants") or [name]
        if not isinstance(variants, list):
            raise self.fail(path + ("variants",), "needs a list")
        return Place(name, str(kind), country, tuple(str(x) for x in variants))

    def source(self, i: int, s: Any) -> SourceName:
        path = ("sources", i)
        if not isinstance(s, dict):
            raise self.fail(path, "each source is a mapping with name and aliases")
        name = self.string(s, "name", path)
        aliases = s.get("aliases") or []
        if not isinstance(aliases, list):
            raise self.fail(path + ("aliases",), "needs a list")
        return SourceName(name, str(s.get("kind", "other")), tuple(str(a) for a in aliases))

    def event(self, i: int, e: Any) -> Event:
        path = ("events", i)
        if not isinstance(e, dict):
            raise self.fail(path, "each event is a mapping with name, date and patterns")
        name = self.string(e, "name", path)
        when = str(e.get("date", ""))
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", when):
            raise self.fail(path + ("date",), f"event {name!r} needs an ISO date (YYYY-MM-DD)")
        return Event(name, when, self.patterns(path + ("patterns",), e.get("patterns")))

    def side(self, i: int, s: Any) -> Side:
        path = ("sides", i)
        if not isinstance(s, dict):
            raise self.fail(path, "each side is a mapping with key, country and cues")
        key = self.string(s, "key", path)
        country = self.string(s, "country", path)
        cues = s.get("cues") or []
        if not isinstance(cues, list):
            raise self.fail(path + ("cues",), "needs a list")
        return Side(key, country, tuple(str(c) for c in cues))
