"""Extractors: citations, dates, amounts, payment fields — pure functions of a letter's text."""
