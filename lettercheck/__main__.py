"""``python -m lettercheck`` runs the same CLI as the ``lettercheck`` console script."""

from lettercheck.cli import main

if __name__ == "__main__":
    main()
