#!/usr/bin/env python3
"""Benchmark share cards (`social_cards: true`): what a card costs and what the card
cache saves.

    python3 benches/cards.py                       # the example site and 1,000 articles, 5 runs
    python3 benches/cards.py --sizes 1000,10000 --runs 3
    python3 benches/cards.py --no-cargo            # use target/release/gloss as it is

Python 3.11, standard library only. For the example site (content/ of this repo)
and for each N, a site of N articles from benches/gen.py (`--social-cards`), it
times `gloss build` (the median of --runs runs, output and cache in a RAM-backed
folder when /dev/shm exists) in four ways:

  off        social_cards off; the output folder absent (a first build);
  off-warm   social_cards off; the previous build's output in place, the site
             unchanged (a rebuild, as `warm` is);
  cold       cards on; no output folder and no .gloss-cache: every card is drawn;
  warm       cards on; the previous build's output and cache in place, the site
             unchanged: no card is drawn (checked: gloss must say "0 drawn");
  cache-only cards on; the cache in place but no output folder (a fresh checkout
             with the cache restored): every card is read from the cache.

and the cost of one card on one thread: (cold - off) / N with RAYON_NUM_THREADS=1,
which holds the drawing, the PNG encoding and the copy into the cache. It prints
a Markdown table (paste it into benches/results.md).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GLOSS = os.path.join(REPO, "target", "release", "gloss")
sys.path.insert(0, HERE)
import gen  # noqa: E402


def run(site, out, threads=None):
    """One `gloss build`: wall seconds, CPU seconds and stderr."""
    env = dict(os.environ)
    env.pop("GLOSS_TIMINGS", None)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([GLOSS, "build", "--root", site, "--output", out],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("gloss build failed on %s:\n%s" % (site, text[-3000:]))
    return wall, ru.ru_utime + ru.ru_stime, text


def set_cards(site, on):
    """Turns social_cards on or off in the site's site.yaml."""
    path = os.path.join(site, "site.yaml")
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if not l.startswith("social_cards:")]
    lines.append("social_cards: %s" % ("true" if on else "false"))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def rm(path):
    if os.path.exists(path):
        shutil.rmtree(path)


def drawn(stderr):
    """The `Share cards: D drawn, K unchanged` line's D, or None."""
    for line in stderr.splitlines():
        if line.startswith("Share cards:"):
            return int(line.split()[2])
    return None


def time_mode(site, out, mode, runs, threads=None):
    """Median wall and CPU of `runs` builds in `mode`; each run is prepared untimed."""
    cache = os.path.join(site, ".gloss-cache")
    set_cards(site, not mode.startswith("off"))
    if mode in ("off-warm", "warm", "cache-only"):
        rm(out)
        run(site, out, threads)  # fills the output and the cache
    walls, cpus, err = [], [], ""
    for _ in range(runs):
        if mode in ("off", "cold"):
            rm(out)
            rm(cache)
        elif mode == "cache-only":
            rm(out)
        wall, cpu, err = run(site, out, threads)
        if mode == "warm" and drawn(err) != 0:
            sys.exit("a warm build drew cards:\n" + err)
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus), drawn(err)


def example_site(work):
    site = os.path.join(work, "example")
    shutil.copytree(os.path.join(REPO, "content"), os.path.join(site, "content"))
    shutil.copy(os.path.join(REPO, "site.yaml"), site)
    return site


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000", help="article counts of generated sites, comma-separated (default 1000)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per mode (default 5)")
    ap.add_argument("--no-cargo", action="store_true", help="do not run cargo build first")
    ap.add_argument("--keep", action="store_true", help="keep the generated sites")
    args = ap.parse_args()
    if not args.no_cargo:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    work = tempfile.mkdtemp(prefix="gloss-cards-", dir=base)
    rows = []
    try:
        sites = [("example site", example_site(work), None)]
        for n in [int(s) for s in args.sizes.split(",") if s]:
            site = os.path.join(work, "n%d" % n)
            gen.generate(site, n, social_cards=True)
            sites.append(("%d articles" % n, site, n))
        for name, site, n in sites:
            out = os.path.join(work, "out")
            times = {m: time_mode(site, out, m, args.runs) for m in ("off", "off-warm", "cold", "warm", "cache-only")}
            one = {m: time_mode(site, out, m, args.runs, threads=1) for m in ("off", "cold")}
            count = times["cold"][2]
            per_card = (one["cold"][1] - one["off"][1]) / count * 1000
            rows.append((name, count, times, per_card))
            print("%s: done" % name, file=sys.stderr)
    finally:
        if not args.keep:
            rm(work)
    print("| site | cards off | cards on, cold | cache only (no output) | cards off, rebuild | cards on, rebuild (no card drawn) | rebuild on / off | one card, one thread |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, count, t, per_card in rows:
        cell = lambda m: "%.0f ms (CPU %.0f ms)" % (t[m][0] * 1000, t[m][1] * 1000)
        ratio = "%.2fx (CPU %.2fx)" % (t["warm"][0] / t["off-warm"][0], t["warm"][1] / t["off-warm"][1])
        print("| %s (%d cards) | %s | %s | %s | %s | %s | %s | %.1f ms |" % (
            name, count, cell("off"), cell("cold"), cell("cache-only"), cell("off-warm"), cell("warm"), ratio, per_card))
    if args.keep:
        print("sites kept in %s" % work, file=sys.stderr)


if __name__ == "__main__":
    main()
