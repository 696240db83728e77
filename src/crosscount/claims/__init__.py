"""Claims: each quantity with what it counts and the sentence it stands in."""

from .what import PRODUCED_BY, claims_from, counted_phrase

__all__ = ["PRODUCED_BY", "claims_from", "counted_phrase"]
