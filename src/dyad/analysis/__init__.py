"""Analysis of stored events: dyads, counts over time, rankings, the actor network and the
lead/lag timing test. Every function takes a polars frame with the columns of the store's
`events` table (what `Store.events()` returns) and touches no database."""

from dyad.analysis.dyads import Dyad, pairs, select
from dyad.analysis.network import actor_network, network_json
from dyad.analysis.series import cooperation_conflict, periods, series, top_actors, top_dyads
from dyad.analysis.timing import MatchedPair, TimingResult, parse_window, timing_test

__all__ = [
    "Dyad",
    "MatchedPair",
    "TimingResult",
    "actor_network",
    "cooperation_conflict",
    "network_json",
    "pairs",
    "parse_window",
    "periods",
    "select",
    "series",
    "timing_test",
    "top_actors",
    "top_dyads",
]
