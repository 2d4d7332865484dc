"""Command-line interface (placeholder until the foundation lands)."""

import click


@click.group()
def main() -> None:
    """lettercheck."""
