"""`python -m reader`: the same command line as the `reader` script."""

from reader.cli import main

if __name__ == "__main__":  # not when a worker process (forkserver/spawn) imports the main module
    raise SystemExit(main())
