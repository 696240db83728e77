"""Where a figure applies and whose forces it is about.

Place, in order: a place the number stands beside in brackets ("Zaporozhye (6,144)"); a place
in a prepositional phrase of the number's clause ("fled in France", "near Novosibirsk", "of
the Fifth Republic"), the nearest first; "there" points to the place of the previous sentence;
a figure with none takes the place of the previous figure of its paragraph with the same
measure; else the country of its side. Places are canonical pack names ("Kharkov" ->
"Kharkiv Oblast"), so regional breakdowns stay apart from national totals.

Side: the country of a regional place ("Novosibirsk" -> RU); else the side whose cues the
sentence names ("Ukrainian soldiers", "SOCh"); else the side the document names most.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..gate import word_start
from ..pack import Place, Side, phrase_pattern
from .context import DocContext, Spot

_PREPOSITION = re.compile(
    r"\b(?:in|from|near|at|to|into|across|outside|of|reached|throughout|within)"
    r"\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}$",
    re.IGNORECASE,
)
_REGION_WORD = re.compile(r"\s*(?:region|oblast|district|territory|province|area)\b", re.IGNORECASE)
_THERE = re.compile(r"\b(?:there|here)\b", re.IGNORECASE)
# How far back a preposition may stand before the place ("in the working settlement of").
PREPOSITION_REACH = 40

# A place followed by a capitalised word that is not an administrative one is part of a name
# (an outlet, a company): "Kyiv Evening Courier", not "Kharkiv Regional Military Administration".
_IN_A_NAME = re.compile(
    r"[ \t]+(?!(?:Oblast|Region|Regional|Province|Provincial|City|District|Raion|Military|"
    r"Administration|Front|Direction|Axis|Sector|Governor)\b)[A-Z][a-z]+\b(?![.,;:!?])"
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    place: Place
    anchored: bool  # in a prepositional phrase or named as a region
    adjective: bool = False  # "Ukrainian", "Polish": describes something, names no scope


class PlaceReader:
    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.sides = {s.key: s for s in ctx.pack.sides}
        # Place names and each side's cues, found by their word-start search (gate.WordStart).
        self._places = word_start(ctx.pack.place_pattern)
        self._cues = {key: word_start(_cue_pattern(side)) for key, side in self.sides.items()}
        self.default_side = self._document_side()
        self._sentence_cues: dict[tuple[int, int], Counter[str]] = {}
        self.last: dict[int, tuple[str | None, Place]] = {}

    def read(self, spot: Spot, measure: str | None) -> tuple[str | None, str | None]:
        """(place, side) of the figure at ``spot``."""
        place = self._place(spot, measure)
        side = self._side(spot, place)
        if place is None and side is not None:
            place = self._country_place(self.sides[side].country)
        if place is not None and self._explicit:
            self.last[spot.paragraph] = (measure, place)
        return (place.name if place else None), side

    def _place(self, spot: Spot, measure: str | None) -> Place | None:
        self._explicit = True
        text, q = self.ctx.doc.text, spot.q
        bracketed = self._bracketed(spot)
        if bracketed is not None:
            return bracketed
        mentions = [m for m in self.mentions(spot.clause[0], spot.clause[1]) if self._ours(spot, m)]
        anchored = [m for m in mentions if m.anchored and not m.adjective]
        anchored = anchored or [m for m in mentions if m.anchored]
        if anchored:
            return min(anchored, key=lambda m: abs(m.start - q.start)).place
        local = [m for m in mentions if m.place.kind != "country" and not m.adjective]
        if local:
            return min(
                local, key=lambda m: abs(m.start - q.start)
            ).place  # "Kharkiv accounted for 870"
        if _THERE.search(text, spot.clause[0], spot.clause[1]):
            for sentence in self.ctx.previous_sentences(spot, 1):
                found = self.mentions(sentence.start, sentence.end)
                if found:
                    return found[-1].place
        previous = self.last.get(spot.paragraph)
        if previous is not None and measure is not None and previous[0] == measure:
            return previous[1]
        self._explicit = False
        return None

    def _ours(self, spot: Spot, m: Mention) -> bool:
        """False for a bare place that names another figure's scope: after this figure, with
        a further figure following it ("Of the 2,400 cases, Kharkiv accounted for 870")."""
        q = spot.q
        later = m.start >= q.end and self.ctx.quantity_between(m.end, spot.clause[1])
        return m.anchored or not later

    def _bracketed(self, spot: Spot) -> Place | None:
        """ "Kharkov (5,771)": the place right before the bracket that holds the number."""
        text, q = self.ctx.doc.text, spot.q
        if not text[max(0, q.start - 3) : q.start].strip().endswith(("(", "–", "—", ":")):
            return None
        before = [
            m
            for m in self.mentions(max(0, q.start - 60), q.start)
            if not _REGION_WORD.sub("", text[m.end : q.start]).strip(" (–—:")
        ]
        return before[-1].place if before else None

    def mentions(self, start: int, end: int) -> list[Mention]:
        text, pack = self.ctx.doc.text, self.ctx.pack
        found = []
        for m in self._places.finditer(text, start, end):
            place = pack.place_named(m.group())
            if place is None or _IN_A_NAME.match(text, m.end()):
                continue  # "the Kyiv Evening Courier", "Kyiv Independent": an outlet's name
            lead = text[max(0, m.start() - PREPOSITION_REACH) : m.start()]
            regional = _REGION_WORD.match(text, m.end()) is not None
            adjective = not regional and _is_adjective(m.group(), place)
            anchored = bool(_PREPOSITION.search(lead)) or regional
            found.append(Mention(m.start(), m.end(), place, anchored, adjective))
        return found

    def _side(self, spot: Spot, place: Place | None) -> str | None:
        text = self.ctx.doc.text
        nearest = self._nearest_cue(text, spot)
        if nearest is not None:
            return nearest  # "Russia has about 600,000 troops", "Ukraine deployed ... in Kursk"
        if place is not None and place.kind != "country":
            side = self._side_of_country(place.country)
            if side is not None:
                return side
        key = (spot.sentence.start, spot.sentence.end)
        if key not in self._sentence_cues:  # figures share sentences
            self._sentence_cues[key] = self._cue_counts(spot.sentence.text)
        counts = self._sentence_cues[key]
        if len(counts) == 1:
            return next(iter(counts))
        if place is not None:
            side = self._side_of_country(place.country)
            if side is not None:
                return side
        return self.default_side

    def _nearest_cue(self, text: str, spot: Spot) -> str | None:
        """The side whose cue stands nearest the figure in its clause."""
        best: tuple[int, str] | None = None
        for key, cues in self._cues.items():
            for m in cues.finditer(text, *spot.clause):
                gap = m.start() - spot.q.end if m.start() >= spot.q.end else spot.q.start - m.end()
                if best is None or gap < best[0]:
                    best = (gap, key)
        return best[1] if best else None

    def _side_of_country(self, country: str) -> str | None:
        return next((s.key for s in self.sides.values() if s.country == country), None)

    def _country_place(self, country: str) -> Place | None:
        return next(
            (p for p in self.ctx.pack.places if p.kind == "country" and p.name == country), None
        )

    def _cue_counts(self, text: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        for key, cues in self._cues.items():
            n = len(cues.finditer(text))
            if n:
                counts[key] = n
        return counts

    def _document_side(self) -> str | None:
        counts = self._cue_counts(self.ctx.doc.text)
        return counts.most_common(1)[0][0] if counts else None


_CUE_CACHE: dict[tuple[str, ...], re.Pattern[str]] = {}


def _cue_pattern(side: Side) -> re.Pattern[str]:
    if side.cues not in _CUE_CACHE:
        _CUE_CACHE[side.cues] = phrase_pattern(side.cues)
    return _CUE_CACHE[side.cues]


_ADJECTIVE_ENDINGS = ("ian", "ish", "ese", "ch", "an", "ic", "i")


def _is_adjective(variant: str, place: Place) -> bool:
    """True for a variant that describes rather than names ("Ukrainian", "Polish", "French")."""
    return (
        variant != place.name
        and variant.lower().endswith(_ADJECTIVE_ENDINGS)
        and place.kind == "country"
    )
