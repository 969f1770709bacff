"""python -m dyad.web [--db FILE] [--host HOST] [--port PORT]

The review token comes from the environment variable DYAD_TOKEN (never from the command
line, where other users of the machine could read it); without it the review is read-only.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from dyad.web.app import serve


def main() -> None:
    """Parse the command line and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m dyad.web", description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("dyad.duckdb"), help="the store file")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    args = parser.parse_args()
    serve(args.db, args.host, args.port, os.environ.get("DYAD_TOKEN") or None)


if __name__ == "__main__":
    main()
