"""Terminology for diplomatic translators: the termbase, term extraction, matching, checks and the command line."""

__version__ = "0.1.0"
