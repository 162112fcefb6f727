#!/usr/bin/env python3
"""Stress builds: inputs far beyond a normal site, each built with the
release binary, printing wall time and peak memory (RSS) against a bound.

    python3 benches/stress.py [--keep] [CASE ...]

Cases:
  claims-10k   one article with 10,000 claims and 10,000 citations
  article-5mb  one article of about 5 MB of Markdown
  tiny-50k     a site of 50,000 tiny articles
  brackets-1mb one paragraph of 1 MB of `[` and `{` (the parser's worst case)
  open-2mb     2 MB of `[{`, spans-2mb 2 MB of `[a]`, attrs-2mb 2 MB of claim
               spans whose attribute values hold Markdown: peak memory must
               stay within MARKDOWN_FACTOR times the article's size (+ a base)
  yaml-nest-30k  front matter nested 30,000 levels deep (`[[[…`)
  yaml-bomb      front matter whose aliases would expand to 10^9 values
  nul-2mb        2 MB of NUL characters between bracketed words

Every case must build (exit 0) within its memory bound, except the YAML
cases, which must be refused (exit 1) within REFUSE_SECONDS and the same
kind of bound; the script exits 1 otherwise. Standard library only.
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GLOSS = os.path.join(ROOT, "target", "release", "gloss")

# Peak memory per byte of a pathological article, and the base every build
# has: pulldown-cmark's parse tree takes about 60 bytes per bracket, and
# grows by doubling; gloss's own stages add little beyond it (README,
# "Limits").
MARKDOWN_FACTOR = 160
MARKDOWN_BASE_MIB = 64
PATHOLOGICAL_MB = 2


def markdown_bound():
    return MARKDOWN_BASE_MIB + MARKDOWN_FACTOR * PATHOLOGICAL_MB


# Refused inputs must fail this fast.
REFUSE_SECONDS = 2.0

# (name, bound in MiB)
BOUNDS = {"claims-10k": 256, "article-5mb": 512, "tiny-50k": 512, "brackets-1mb": 512,
          "open-2mb": markdown_bound(), "spans-2mb": markdown_bound(), "attrs-2mb": markdown_bound(),
          "yaml-nest-30k": 64, "yaml-bomb": 64, "nul-2mb": markdown_bound()}
REFUSED = {"yaml-nest-30k", "yaml-bomb"}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def site(dir):
    write(os.path.join(dir, "site.yaml"), "title: Stress\nbase_url: https://example.org/\n")


def claims_10k(dir):
    site(dir)
    fm = ["---", "title: Ten thousand claims", "date: 2024-01-01", "sources:"]
    for s in range(100):
        fm += ["  s%d:" % s, "    title: Source %d" % s, "    url: https://example.org/%d" % s]
    fm += ["claims:"]
    for c in range(10000):
        fm += ["  c%d: { claimant: Person %d, verdict: %s }" % (c, c % 50, ["accurate", "false", "attributed", "misleading"][c % 4])]
    fm += ["---", ""]
    body = []
    for c in range(10000):
        body.append("Someone said [claim number %d is true]{.claim #c%d}[@s%d]." % (c, c, c % 100))
        if c % 10 == 9:
            body.append("")
    write(os.path.join(dir, "content", "big.md"), "\n".join(fm) + "\n".join(body) + "\n")


def article_5mb(dir):
    site(dir)
    para = ("Officials said the border figures rose sharply in the spring, according to the "
            "monthly report [@r], while others disputed the method. ") * 4
    parts = ["---", "title: Five megabytes", "date: 2024-01-01",
             "sources:", "  r: { title: Monthly report, url: 'https://example.org/r' }", "---", ""]
    size = 0
    i = 0
    while size < 5 * 1024 * 1024:
        block = "## Part %d\n\n%s\n\n| a | b |\n| - | - |\n| %d | x |\n" % (i, para, i)
        parts.append(block)
        size += len(block)
        i += 1
    write(os.path.join(dir, "content", "huge.md"), "\n".join(parts))


def tiny_50k(dir):
    site(dir)
    for i in range(50000):
        write(os.path.join(dir, "content", "a%02d" % (i % 50), "t%05d.md" % i),
              "---\ntitle: Tiny %d\ndate: 2024-01-%02d\n---\n\nA short note number %d.\n" % (i, 1 + i % 28, i))


def brackets_1mb(dir):
    site(dir)
    write(os.path.join(dir, "content", "b.md"), "---\ntitle: Brackets\n---\n\n" + "[{" * (512 * 1024) + "\n")


def pathological(unit, tail=""):
    """An article of PATHOLOGICAL_MB of `unit`, repeated."""
    def make(dir):
        site(dir)
        body = unit * (PATHOLOGICAL_MB * 1024 * 1024 // len(unit))
        write(os.path.join(dir, "content", "p.md"), "---\ntitle: Pathological\n---\n\n" + body + "\n" + tail)
    return make


def yaml_nest_30k(dir):
    site(dir)
    write(os.path.join(dir, "content", "n.md"), "---\ntitle: Nested\nextra: " + "[" * 30000 + "\n---\nx\n")


def yaml_bomb(dir):
    site(dir)
    lines = ["---", "title: Bomb", "date: 2024-01-01", "extra:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append("  a%d: &a%d [%s]" % (i, i, ", ".join(["*a%d" % (i - 1)] * 10)))
    write(os.path.join(dir, "content", "b.md"), "\n".join(lines) + "\n---\nx\n")


CASES = [("claims-10k", claims_10k), ("article-5mb", article_5mb), ("tiny-50k", tiny_50k), ("brackets-1mb", brackets_1mb),
         ("open-2mb", pathological("[{")), ("spans-2mb", pathological("[a]")),
         ("attrs-2mb", pathological('[a]{.x title="*a* `b` <b>"} ')),
         ("yaml-nest-30k", yaml_nest_30k), ("yaml-bomb", yaml_bomb), ("nul-2mb", pathological("\0[a] ")),]


def run(cmd):
    """Runs cmd; returns (exit code, wall seconds, peak RSS of the child in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    return code, wall, usage.ru_maxrss / 1024.0, err


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keep", action="store_true", help="keep the generated sites")
    ap.add_argument("cases", nargs="*", help="run only these cases (default: all)")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="gloss-stress-")
    failed = False
    print("%-14s %9s %10s %10s  %s" % ("case", "wall (s)", "peak MiB", "bound MiB", "result"))
    for name, make in CASES:
        if args.cases and name not in args.cases:
            continue
        dir = os.path.join(work, name)
        make(dir)
        code, wall, rss, err = run([GLOSS, "build", "--root", dir, "--output", os.path.join(work, name + "-out")])
        refused = name in REFUSED
        expected = 1 if refused else 0
        ok = code == expected and rss <= BOUNDS[name] and (not refused or wall <= REFUSE_SECONDS)
        failed |= not ok
        result = ("PASS" + (" (refused)" if refused else "")) if ok else "FAIL (exit %d)" % code
        print("%-14s %9.2f %10.1f %10d  %s" % (name, wall, rss, BOUNDS[name], result))
        if code != expected:
            print(err[-2000:])
        shutil.rmtree(os.path.join(work, name + "-out"), ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
