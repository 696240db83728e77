"""``python -m crosscount``: the same command line as ``crosscount``."""

from .cli import main

if __name__ == "__main__":
    main()
