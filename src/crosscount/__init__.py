"""crosscount: a sourced, cross-checked dataset of the figures in a pile of news articles."""

__version__ = "0.1.0"
