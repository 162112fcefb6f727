"""Times `gloss serve` alone, as benches/bench.py does (its serve mode):
starts target/release/gloss on SITE, edits EDITS articles one after another
(a word added to the body, in place) and polls the page every 2 ms until the
new word is served.

    python3 benches/gen.py /path/site --articles 10000
    python3 benches/serve_latency.py /path/site [EDITS]

Prints the median, min and max from save to served, the server's own
"Rebuilt in" median and its peak RSS. The edits stay in the site's files.
"""

import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    site, edits = sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 15
    r = bench.serve_latency(site, edits, 0)
    ms = [s * 1000 for s in r["latencies"]]
    if not ms:
        sys.exit("no edit was served (%d timed out)" % r["timeouts"])
    print("save -> served: median %.1f ms, min %.1f, max %.1f (%d edits, %d timed out)" % (
        statistics.median(ms), min(ms), max(ms), len(ms), r["timeouts"]))
    print("server's \"Rebuilt in\" median: %s ms; peak RSS %.0f MiB; first page served after %.1f s" % (
        r["rebuild_ms"], r.get("rss", 0), r["first_serve"]))


if __name__ == "__main__":
    main()
