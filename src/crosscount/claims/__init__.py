"""Claims: each quantity with what it counts, what it measures, when, where and whose.

``claims_from`` reads a document's quantities in order, so that what a sentence leaves
unsaid can be taken from what came before (the case type, the period, the source).
"""

from __future__ import annotations

from ..model import Claim, Document, Quantity, Sentence
from ..pack import Pack, load_pack
from .context import DocContext
from .measure import MeasureReader
from .what import counted_phrase
from .when import PeriodReader
from .where import PlaceReader
from .who import SourceReader

PRODUCED_BY = "claims.v2"

__all__ = ["PRODUCED_BY", "claims_from", "counted_phrase"]


def claims_from(
    doc: Document, sentences: list[Sentence], quantities: list[Quantity], pack: Pack | None = None
) -> list[Claim]:
    """One claim per quantity of ``doc``, with the fields the pack lets us read."""
    ctx = DocContext(doc, sentences, pack or load_pack(), quantities)
    measures = MeasureReader(ctx)
    periods = PeriodReader(ctx)
    places = PlaceReader(ctx)
    sources = SourceReader(ctx)
    claims = []
    for q in quantities:
        spot = ctx.spot(q)
        what = counted_phrase(doc.text, q, spot.sentence)
        measure = measures.measure(spot, q.unit, what)
        period = periods.read(spot, measure, measures.is_case_measure(measure))
        if measure in ctx.pack.stocks:
            period = period.as_moment()
        place, side = places.read(spot, measure)
        source, via, derived = sources.read(spot, q.unit, measures.is_case_measure(measure))
        claims.append(
            Claim(
                doc=doc.name,
                start=q.start,
                end=q.end,
                surface=q.surface,
                value=q.value,
                value_high=q.value_high,
                approx=q.approx,
                unit=q.unit,
                quote=spot.sentence.text,
                what=what,
                measure=measure,
                period_start=period.start,
                period_end=period.end,
                as_of=period.as_of,
                rate=period.rate,
                place=place,
                side=side,
                source=source,
                via=via,
                derived=derived,
                vague=q.vague,
                produced_by=PRODUCED_BY,
            )
        )
    return claims
