#!/usr/bin/env python3
"""Benchmark gloss: build time, CPU, memory, start-up and `gloss serve` latency.

    python3 benches/bench.py                      # N = 1,000 and 10,000, 5 runs each
    python3 benches/bench.py --sizes 1000,10000 --runs 3
    python3 benches/bench.py --outputs ram        # output in RAM only: a third of the peers' rounds
    python3 benches/bench.py --quick              # smoke run: N = 1,000, 1 run, no installs

Python 3.11, standard library only. It

1. builds gloss (`cargo build --release`) and the floor
   (`cargo build --release --example floor`, see examples/floor.rs);
2. for each N, generates a site of N annotated explainers with its own generator
   (benches/gen.py) and times `gloss build` and the floor on it: wall time,
   CPU time (user + sys of the child), peak memory (max RSS of the child, from
   os.wait4) and articles per second, the median of --runs runs;
3. when ../shared/bench/gen-corpus.py exists beside the repo, also builds the same
   words with gloss (its gloss flavour), Hugo, Zola and mdBook, and prints ratios
   (peer time / gloss time); without it, Hugo and mdBook get benches/gen.py's own
   flavours and Zola is not measured (gen.py has no Zola flavour). Hugo comes
   from Debian (`apt-get install -y hugo`), mdBook from crates.io (`cargo install
   mdbook --locked --root benches/.tools`); the script installs a missing one
   unless --no-install is given, and says so when it skips one. Zola is on no
   registry: it is measured when ../shared/bench/zola (or a `zola` on PATH) is
   there, and the report says when it is not. A peer run longer than
   --peer-timeout (120 s) is stopped and its time reported as a lower bound
   (mdBook needs minutes for 10,000 pages). After each tool's first run the
   script checks that it wrote a page per article. In the same rounds, at the
   first size and first output mode, it times two copies of the gloss site
   that bound what templates cost: every template emptied, and that with the
   code blocks' languages removed (--no-bounds skips them);
4. times start-up: a 3-article site built 20 times, the median;
5. times `gloss serve` on a 1,000-article site: edits an article K times and
   measures from the save until the new word is served (polling every 2 ms);
6. counts the instructions gloss and the floor execute on one thread for the
   first size, on both corpora, with valgrind's callgrind (when valgrind is
   installed; --no-instructions skips it). Times on a shared machine drift by
   a fifth from day to day; instruction counts do not, so they compare two
   versions of gloss measured on different days;
7. prints the results and the targets (PASS / FAIL) as Markdown, and writes them
   to benches/results.md (benches/results-quick.md for --quick).

The generated sites live in a temporary folder that is removed at the end
(--keep keeps it, --work puts it elsewhere). --outputs says where the tools
write their output, one or more of (comma-separated; default ram,disk):

  ram        a RAM-backed folder (/dev/shm), removed before each run: the
             tools' own work, without the disk;
  disk-cold  beside the generated sites, on the disk; the output folder is
             absent at each run (a first build);
  disk-warm  on the disk, the output folder holding the same tool's previous
             build of the same, unchanged site (the untimed warm-up run makes
             the first): each timed run is a rebuild, what a writer's second
             build sees;
  disk       both disk-cold and disk-warm.

Every size runs every mode on the same generated sites; mdBook runs in the
first mode only (it takes minutes at 10,000 articles). Before each run on
the disk the script flushes the page cache's dirty pages (sync), so no run
pays for writing back the one before it. On a disk, each run's time also
depends on what the runs before it deleted: ext4 passes over inodes freed in
the last few minutes when it allocates new ones, and the harness (cold) or
the tool itself (Zola replaces its output folder) deletes each output
before the next run; a warm gloss rebuild writes only the files that
changed, in place. Measured here, the floor built the same 10,000
articles on disk in 1.1 s into a fresh folder and in 2.1-3.4 s right after
such deletions; so on disk every tool's time, and its growth from 1,000 to
10,000 articles, measure the disk's recent history as well as the tool.
Peak RSS is what Linux reports for
the child, which is never below the harness's own RSS at the time (about 16 MiB):
the report says so. When other work shares the machine, the report says how
much (from /proc/stat, less this script's own processes): then trust CPU times
over wall times.
"""
import argparse
import datetime
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCHES = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCHES)

SHARED = os.path.join(os.path.dirname(REPO), "shared", "bench")
SHARED_GEN = os.path.join(SHARED, "gen-corpus.py")
SHARED_ZOLA = os.path.join(SHARED, "zola")
OWN_GEN = os.path.join(BENCHES, "gen.py")
GLOSS = os.path.join(REPO, "target", "release", "gloss")
FLOOR = os.path.join(REPO, "target", "release", "examples", "floor")
TOOLS = os.path.join(BENCHES, ".tools")


TARGETS = {
    "hugo_ratio": 2.0,       # 1,000 and 10,000 articles, every output mode: Hugo time / gloss time, at least
    "zola_ratio": 2.0,       # the same with Zola, where its binary is present
    "rss_1k": 100.0,         # MiB
    "growth_10k": 11.0,      # 10,000-article time / 1,000-article time, at most
    "rss_10k": 256.0,        # MiB
    "startup_ms": 30.0,
    "serve_ms": 50.0,
}


# Where the output goes, by --outputs mode: its name in the report, and what it means.
MODES = {
    "ram": ("RAM", "in a RAM-backed folder (/dev/shm), removed before each run"),
    "disk-cold": ("disk, cold", "on the disk, the output folder absent at each run (a first build)"),
    "disk-warm": ("disk, warm", "on the disk, the output folder holding the same tool's previous build of the same, "
                                "unchanged site: each timed run is a rebuild (a writer's second build)"),
}


def output_modes(text):
    """--outputs: a comma-separated list of modes, `disk` standing for disk-cold and disk-warm."""
    modes = []
    for word in text.split(","):
        word = word.strip()
        for m in (["disk-cold", "disk-warm"] if word == "disk" else [word]):
            if m not in MODES:
                raise argparse.ArgumentTypeError("unknown output mode %r (ram, disk, disk-cold, disk-warm)" % word)
            if m not in modes:
                modes.append(m)
    return modes


BUSY = 0.2  # CPUs kept busy by other processes during a run, above which the run is marked


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- measuring

class Failed(Exception):
    pass


def measure(argv, env=None, cwd=None, timeout=None):
    """Runs argv once; returns wall seconds, CPU seconds, peak RSS (MiB), stderr.
    With `timeout`, a run that takes longer is killed and marked `timed_out`."""
    with tempfile.TemporaryFile() as err:
        full_env = dict(os.environ, **(env or {}))
        killed = threading.Event()
        busy0, mine0 = cpu_busy()
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=full_env, cwd=cwd)
        timer = None
        if timeout:
            pidfd = os.pidfd_open(proc.pid)  # a pidfd never names another process, even after the wait

            def kill():
                killed.set()
                try:
                    signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                except ProcessLookupError:
                    killed.clear()

            timer = threading.Timer(timeout, kill)
            timer.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        busy1, mine1 = cpu_busy()
        if timer:
            timer.cancel()
            timer.join()
            os.close(pidfd)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    m = {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss": ru.ru_maxrss / 1024.0, "stderr": text, "timed_out": killed.is_set(),
         # CPUs that other processes kept busy during the run (/proc/stat, less this script and its children)
         "other": max(0.0, (busy1 - busy0) - (mine1 - mine0)) / wall if wall > 0 else 0.0}
    if proc.returncode != 0 and not m["timed_out"]:
        raise Failed("%s exited with %d:\n%s" % (" ".join(argv), proc.returncode, text[-3000:]))
    return m


def fresh(path):
    if os.path.exists(path):
        shutil.rmtree(path)


def count_pages(out):
    """HTML files under `out`."""
    return sum(1 for _, _, files in os.walk(out) for f in files if f.endswith(".html"))


class Tool:
    """A command that builds SITE into OUT, in one output mode (see MODES).
    In disk-warm mode a timed run rebuilds over the output of the run before
    it; every other run, and the warm-up in every mode, starts with no output
    folder."""

    def __init__(self, name, site, out, argv, env=None, timeout=None, mode="ram", pages=0):
        self.name, self.site, self.out, self.argv, self.env = name, site, out, argv, env
        self.timeout, self.mode, self.pages = timeout, mode, pages
        self.runs = []
        self.stopped = False  # a run took longer than `timeout`: no more runs

    def run(self, record=True):
        if self.mode != "disk-warm" or not record:
            fresh(self.out)
        if self.mode != "ram":
            os.sync()  # so this run does not pay for writing back the runs before it
        m = measure(self.argv, self.env, timeout=self.timeout)
        if m["timed_out"]:
            self.stopped = True
            self.runs = [m]
        elif record:
            self.runs.append(m)
        return m

    def more(self):
        """'> ' when the time is a lower bound (the run was stopped)."""
        return "> " if self.stopped else ""

    def wall(self):
        return statistics.median(r["wall"] for r in self.runs)

    def cpu(self):
        return statistics.median(r["cpu"] for r in self.runs)

    def rss(self):
        return max(r["rss"] for r in self.runs)

    def other(self):
        return statistics.median(r["other"] for r in self.runs)

    def name_marked(self):
        """The name, with a dagger when other work shared the machine during its runs."""
        return self.name + (" †" if self.other() > BUSY else "")

    def check_pages(self):
        """Fails unless the output holds at least a page per article."""
        found = count_pages(self.out)
        if found < self.pages:
            raise Failed("%s wrote %d HTML pages into %s, fewer than the site's %d articles" % (
                self.name, found, self.out, self.pages))


def instructions(tool):
    """Instructions `tool` executes on one thread, counted by valgrind's
    callgrind: the same from run to run and from day to day."""
    fresh(tool.out)
    m = measure(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + tool.argv, {"RAYON_NUM_THREADS": "1"})
    fresh(tool.out)
    found = re.search(r"Collected : (\d+)", m["stderr"])
    if not found:
        raise Failed("callgrind printed no instruction count for %s:\n%s" % (tool.name, m["stderr"][-2000:]))
    return int(found.group(1))


def run_all(tools, runs):
    """One untimed warm-up each, then `runs` rounds, each tool once a round."""
    for t in tools:
        log("  warm-up: %s" % t.name)
        m = t.run(record=False)
        if t.stopped:
            log("  %s: stopped after %.0f s (--peer-timeout); not run again" % (t.name, m["wall"]))
        else:
            t.check_pages()
    for r in range(runs):
        for t in tools:
            if t.stopped:
                continue
            m = t.run()
            log("  run %d/%d %-36s %-10s %8.3f s wall %8.3f s cpu %7.1f MiB   other work: %.2f CPUs%s" % (
                r + 1, runs, t.name, MODES[t.mode][0], m["wall"], m["cpu"], m["rss"], m["other"], " (stopped: too slow)" if t.stopped else ""))
    for t in tools:
        fresh(t.out)


# ---------------------------------------------------------------- set-up

def sh(argv, **kw):
    log("$ " + " ".join(argv))
    subprocess.run(argv, check=True, **kw)


def build_gloss():
    sh(["cargo", "build", "--release", "--quiet"], cwd=REPO)
    sh(["cargo", "build", "--release", "--quiet", "--example", "floor"], cwd=REPO)


def find_hugo(install):
    path = shutil.which("hugo")
    if path or not install:
        return path, None if path else "hugo: not measured (not installed; `apt-get install -y hugo`, or run without --no-install)"
    if shutil.which("apt-get") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        try:
            if subprocess.run(["apt-get", "install", "-y", "hugo"], env=env, capture_output=True).returncode != 0:
                subprocess.run(["apt-get", "update"], env=env, capture_output=True)
                subprocess.run(["apt-get", "install", "-y", "hugo"], env=env, capture_output=True, check=True)
        except subprocess.CalledProcessError:
            pass
    path = shutil.which("hugo")
    return path, None if path else "hugo: not measured (`apt-get install -y hugo` failed)"


def find_mdbook(install):
    local = os.path.join(TOOLS, "bin", "mdbook")
    path = shutil.which("mdbook") or (local if os.access(local, os.X_OK) else None)
    if path or not install:
        return path, None if path else ("mdbook: not measured (not installed; `cargo install mdbook --locked "
                                        "--root benches/.tools`, or run without --no-install)")
    log("installing mdBook into benches/.tools (cargo install; this takes a few minutes)")
    try:
        sh(["cargo", "install", "mdbook", "--locked", "--quiet", "--root", TOOLS])
    except subprocess.CalledProcessError:
        return None, "mdbook: not measured (`cargo install mdbook --locked` failed)"
    return local, None


def find_zola():
    """../shared/bench/zola when present, else a `zola` on PATH: Zola is on no registry."""
    if os.access(SHARED_ZOLA, os.X_OK):
        return SHARED_ZOLA, None
    path = shutil.which("zola")
    return path, None if path else "zola: not measured (no ../shared/bench/zola and no `zola` on PATH; Zola is on no registry)"


def version(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip()
        return out.splitlines()[0] if out else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine():
    cpu, ram = platform.processor() or "?", "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    ram = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
                    break
    except OSError:
        pass
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": cpu, "ram": ram}


def load_average():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def git_rev():
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        return rev + (" (with uncommitted changes)" if dirty else "")
    except OSError:
        return "?"


def own_gen(out, n, flavour="gloss"):
    """benches/gen.py, in a process of its own: the harness stays small, and a
    child's peak RSS as Linux reports it is never below its parent's."""
    subprocess.run([sys.executable, OWN_GEN, out, "--articles", str(n), "--flavour", flavour], check=True, stdout=subprocess.DEVNULL)


def cpu_busy():
    """(busy CPU seconds of the whole machine, CPU seconds of this process and its children)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    guest = sum(fields[8:10]) if len(fields) > 9 else 0  # already counted in user and nice
    busy = (sum(fields) - idle - guest) / os.sysconf("SC_CLK_TCK")
    mine = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        ru = resource.getrusage(who)
        mine += ru.ru_utime + ru.ru_stime
    return busy, mine


def shared_gen(out, n, flavour):
    subprocess.run([sys.executable, SHARED_GEN, out, "--articles", str(n), "--flavour", flavour], check=True, stdout=subprocess.DEVNULL)


ZOLA_INDEX = ('{% extends "base.html" %}{% block main %}{% set s = get_section(path="articles/_index.md") %}<ul>'
              '{% for p in s.pages %}'
              '<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n')


def zola_home_lists_pages(site):
    """The Zola flavour's home page lists every article, as the Hugo flavour's
    does (gen-corpus.py's prints one word), so both build the same pages."""
    with open(os.path.join(site, "templates", "index.html"), "w", encoding="utf-8") as f:
        f.write(ZOLA_INDEX)


FENCE_INFO = re.compile(r"^([ \t]*(?:`{3,}|~{3,}))[^\n`]*$", re.M)


def bound_sites(site):
    """Two copies of a gloss site that bound what template work can cost:
    every template of the default theme emptied (a site-level templates/
    folder of empty files overrides them), and the same with the code
    blocks' languages removed, so nothing is highlighted. Both still load,
    check and resolve every article, render its Markdown, build every value
    the templates would get and write every file. Returns [(name, root)]."""
    theme = os.path.join(REPO, "themes", "default", "templates")
    out = []
    for name, suffix, plain in (("gloss, templates emptied", "-empty", False),
                                ("gloss, templates emptied, code plain", "-empty-plain", True)):
        root = site + suffix
        os.makedirs(root)
        shutil.copy(os.path.join(site, "site.yaml"), root)
        if plain:
            shutil.copytree(os.path.join(site, "content"), os.path.join(root, "content"))
            for d, _, files in os.walk(os.path.join(root, "content")):
                for f in files:
                    if f.endswith(".md"):
                        path = os.path.join(d, f)
                        with open(path, encoding="utf-8") as fh:
                            text = fh.read()
                        with open(path, "w", encoding="utf-8") as fh:
                            fh.write(FENCE_INFO.sub(r"\1", text))
        else:
            # hard links, not a symbolic link: gloss reads nothing from outside the site folder
            shutil.copytree(os.path.join(site, "content"), os.path.join(root, "content"), copy_function=os.link)
        for d, _, files in os.walk(theme):
            rel = os.path.relpath(d, theme)
            os.makedirs(os.path.join(root, "templates", rel), exist_ok=True)
            for f in files:
                open(os.path.join(root, "templates", rel, f), "w").close()
        out.append((name, root))
    return out


# ---------------------------------------------------------------- timings

TIMING_LINE = re.compile(r"^\s+(\S.*?)\s+([\d.]+) ms(?:  CPU\s+([\d.]+) ms)?(?:  \(peak RSS (\d+) MiB\))?$")


def stage_timings(site, out, mode):
    """`gloss build` with GLOSS_TIMINGS=1 in one output mode: its per-stage times.
    In disk-warm mode an untimed build first makes the output it rebuilds over."""
    argv = [GLOSS, "build", "--root", site, "--output", out]
    fresh(out)
    if mode == "disk-warm":
        measure(argv)
    if mode != "ram":
        os.sync()
    m = measure(argv, {"GLOSS_TIMINGS": "1"})
    fresh(out)
    return [(g.group(1), (float(g.group(2)), g.group(3) and float(g.group(3)), g.group(4)))
            for g in map(TIMING_LINE.match, m["stderr"].splitlines()) if g]


# ---------------------------------------------------------------- serve

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(conn, path):
    conn.request("GET", path)
    r = conn.getresponse()
    return r.status, r.read()


def insert_word(path, word):
    """Appends `word` to the first paragraph of the article's body, in place."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, sep, body = text.partition("\n---\n")
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line.strip() and not line.lstrip().startswith(("#", "|", "-", ">", "`", "[^", "*", "1.")):
            lines[i] = line + " " + word
            break
    with open(path, "w", encoding="utf-8") as f:  # in place: truncate and write
        f.write(head + sep + "\n".join(lines))


def serve_latency(site, edits, port):
    """Starts `gloss serve`, edits `edits` articles; returns the results."""
    import http.client  # here, not at the top: it loads ssl, and the harness's RSS bounds its children's

    port = port or free_port()
    articles = sorted(os.listdir(os.path.join(site, "content", "articles")))
    proc = subprocess.Popen([GLOSS, "serve", "--root", site, "--port", str(port), "--bind", "127.0.0.1"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = []
    served = threading.Event()

    def read_stderr():
        for line in proc.stderr:
            lines.append(line.rstrip("\n"))
            g = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if g and not served.is_set():
                lines.append("port=" + g.group(1))
                served.set()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    t_start = time.perf_counter()
    result = {"latencies": [], "timeouts": 0}
    mark = 0
    try:
        if not served.wait(300):
            raise Failed("gloss serve did not start:\n" + "\n".join(lines[-20:]))
        port = int([l for l in lines if l.startswith("port=")][0][5:])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while True:
            try:
                if get(conn, "/")[0] == 200:
                    break
            except OSError:
                conn.close()
            if proc.poll() is not None or time.perf_counter() - t_start > 300:
                raise Failed("gloss serve stopped or never answered:\n" + "\n".join(lines[-20:]))
            time.sleep(0.01)
        result["first_serve"] = time.perf_counter() - t_start
        mark = len(lines)  # the rebuilds after the first build
        for k in range(edits):
            name = articles[(k * 997 + 13) % len(articles)]
            url = "/articles/%s/" % name[:-3]
            status, _ = get(conn, url)
            if status != 200:
                raise Failed("GET %s: %d" % (url, status))
            word = "benchedit%dx%d" % (k, os.getpid())
            insert_word(os.path.join(site, "content", "articles", name), word)
            t0 = time.perf_counter()
            needle = word.encode()
            while True:
                try:
                    status, body = get(conn, url)
                except OSError:
                    conn.close()
                    status, body = 0, b""
                elapsed = time.perf_counter() - t0
                if status == 200 and needle in body:
                    result["latencies"].append(elapsed)
                    break
                if elapsed > 10:
                    result["timeouts"] += 1
                    break
                time.sleep(0.002)
            log("  edit %2d/%d %s: %s" % (k + 1, edits, url, "%.1f ms" % (elapsed * 1000) if elapsed <= 10 else "timed out"))
            time.sleep(0.3)  # let the watcher settle before the next save
        try:
            with open("/proc/%d/status" % proc.pid) as f:
                for line in f:
                    if line.startswith("VmHWM"):
                        result["rss"] = int(line.split()[1]) / 1024.0
        except OSError:
            pass
        conn.close()
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        reader.join(2)
    rebuilds = [float(m.group(1)) for m in (re.match(r"Rebuilt in (\d+) ms", l) for l in lines[mark:]) if m]
    result["rebuild_ms"] = statistics.median(rebuilds) if rebuilds else None
    return result


# ---------------------------------------------------------------- report

def ms(s):
    return "%.0f ms" % (s * 1000) if s < 10 else "%.1f s" % s


def verdict(ok):
    return "PASS" if ok else "FAIL"


def ratio(t, g):
    """`t`'s wall time over `g`'s, and its CPU time over `g`'s: '2.01x (CPU 1.92x)'."""
    m = t.more()
    return "%s%.2fx (CPU %s%.2fx)" % (m, t.wall() / g.wall(), m, t.cpu() / g.cpu())


def by_name(tools, name):
    return next((t for t in tools if t.name == name), None)


def header(args, info, modes):
    """The report's first lines: the machine, the command, the load, where the outputs went."""
    L = ["## Benchmark results", ""]
    L.append("%s; gloss %s; %d CPUs (`nproc`), %s, %s RAM; Linux %s." % (
        info["date"], info["rev"], info["nproc"], info["cpu"], info["ram"], platform.release()))
    L.append("`python3 benches/bench.py %s`: median of %d run%s (after one warm-up), peak RSS the largest of them." % (
        " ".join(info["argv"]), args.runs, "" if args.runs == 1 else "s"))
    other = info["other_cpus"]
    load = "Other work on the machine during the run: %.2f CPUs busy on average (load average %.1f at the start)" % (
        other, info["load_start"])
    if other > 0.25 * info["nproc"]:
        load += ": **the machine was busy with other work, so wall times are inflated; CPU times are the steadier figure**"
    L.append(load + ". Peak RSS cannot read below the harness's own, %.0f MiB (Linux counts the parent's memory at exec)." % info["harness_rss"])
    L.append("")
    L.append("Where each tool wrote its output (the tables' `output` column):")
    L.append("")
    for mode in modes:
        name, meaning = MODES[mode]
        if mode == "ram" and not info.get("ram_outputs"):
            meaning = "/dev/shm is not writable here, so these runs too wrote **on the disk**, the output folder absent"
        L.append("- **%s**: %s." % (name, meaning))
    if any(m != "ram" for m in modes):
        L.append("")
        L.append("On the disk every run starts after `sync`; the time still depends on what the runs before it deleted "
                 "(see the script's help). A warm Zola run includes deleting the output it replaces; a warm gloss run "
                 "compares each file with the previous output and writes only those that changed.")
    L.append("")
    return L


def own_table(sizes, modes, own):
    L = ["### gloss on its own corpus (benches/gen.py: ~1,500-word explainers, 8 sources, 10 claims, ~15 citations)", ""]
    L.append("| articles | output | tool | wall | CPU (user+sys) | peak RSS | articles/s | gloss / floor (wall) | (CPU) |")
    L.append("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        for mode in modes:
            g, f = own[n][mode]
            for t in (g, f):
                ratios = "%.2fx | %.2fx" % (g.wall() / f.wall(), g.cpu() / f.cpu()) if t is g else " |"
                L.append("| {:,} | {} | {} | {} | {} | {:.0f} MiB | {:,.0f} | {} |".format(
                    n, MODES[mode][0], t.name_marked(), ms(t.wall()), ms(t.cpu()), t.rss(), n / t.wall(), ratios))
    return L


def peers_table(sizes, modes, peers):
    L = ["", "### The same words with other generators (../shared/bench/gen-corpus.py)" if os.path.exists(SHARED_GEN)
         else "### The same words with other generators (benches/gen.py flavours)", ""]
    L.append("| articles | output | tool | wall | CPU (user+sys) | peak RSS | articles/s | tool / gloss (wall) | (CPU) |")
    L.append("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        for mode in modes:
            tools = peers[n][mode]
            g = tools[0]
            for t in tools:
                m = t.more()
                L.append("| {:,} | {} | {} | {} | {} | {}{:.0f} MiB | {}{:,.0f} | {}{:.2f}x | {}{:.2f}x |".format(
                    n, MODES[mode][0], t.name_marked() + (" (stopped after %.0f s)" % t.wall() if t.stopped else ""),
                    m + ms(t.wall()), m + ms(t.cpu()), m, t.rss(), "< " if m else "", n / t.wall(),
                    m, t.wall() / g.wall(), m, t.cpu() / g.cpu()))
    return L


def beside_table(sizes, modes, peers):
    """gloss, Hugo and Zola side by side: each size and output mode on one row."""
    names = [name for name in ("hugo", "zola") if any(by_name(peers[n][m], name) for n in sizes for m in modes)]
    if not names:
        return []
    L = ["", "### gloss beside Hugo and Zola (same words, same runs as above)", ""]
    L.append("Each peer's time over gloss's: above 1 gloss is faster.")
    L.append("")
    L.append("| articles | output | gloss | " + " | ".join("%s | %s / gloss" % (x.capitalize(), x.capitalize()) for x in names) + " |")
    L.append("| ---: | --- | ---: |" + " ---: | ---: |" * len(names))
    for n in sizes:
        for mode in modes:
            tools = peers[n][mode]
            g = tools[0]
            cells = []
            for name in names:
                t = by_name(tools, name)
                cells += [t.more() + ms(t.wall()), ratio(t, g)] if t else ["not measured", ""]
            L.append("| {:,} | {} | {} | {} |".format(n, MODES[mode][0], ms(g.wall()), " | ".join(cells)))
    return L


def bounds_table(n, tools, bounded):
    g, f = tools[0], tools[1]
    h = by_name(tools, "hugo")
    L = ["", "### What templates cost: gloss with its templates emptied ({:,} articles, output {}, same run)".format(
        n, MODES[g.mode][0]), ""]
    L.append("Both variants still load, check and resolve every article, render its Markdown, build every value "
             "the templates would get and write every file (the pages empty; claims.json, the feed and the "
             "sitemap whole). So the first is the fastest any theme could make gloss on these words (Tera "
             "still gets every value), and the second that without highlighting code too.")
    L.append("")
    L.append("| tool | wall | CPU (user+sys) | %stool / floor (wall) |" % ("Hugo / tool (wall) | " if h else ""))
    L.append("| --- | ---: | ---: | %s---: |" % ("---: | " if h else ""))
    for t in [g] + bounded:
        L.append("| %s | %s | %s | %s%.2fx |" % (t.name_marked(), ms(t.wall()), ms(t.cpu()),
                                                "%s%.2fx | " % (h.more(), h.wall() / t.wall()) if h else "", t.wall() / f.wall()))
    return L


def stages_table(sizes, modes, stages):
    L = ["", "### Where gloss spends its time (`GLOSS_TIMINGS=1 gloss build`, one run)", ""]
    L.append("Each stage's wall time, the CPU time its threads used (the two cores kept busy when it is twice the wall), "
             "and in brackets the process's peak RSS when the stage ended.")
    L.append("")
    columns = [(n, mode) for n in sizes for mode in modes if (n, mode) in stages]
    names = []
    for c in columns:
        for s, _ in stages[c]:
            if s not in names:
                names.append(s)
    L.append("| stage | " + " | ".join("{:,} articles".format(n) + (", " + MODES[mode][0] if len(modes) > 1 else "")
                                        for n, mode in columns) + " |")
    L.append("| --- |" + " ---: |" * len(columns))
    for s in names:
        row = []
        for c in columns:
            d = dict(stages[c])
            if s in d:
                took, cpu, rss = d[s]
                row.append("%.0f ms" % took + (", CPU %.0f ms" % cpu if cpu is not None else "") + (" (%s MiB)" % rss if rss else ""))
            else:
                row.append("")
        L.append("| %s | %s |" % (s, " | ".join(row)))
    return L


def serve_table(startup, serve):
    L = ["", "### Start-up and serve", "", "| what | measured |", "| --- | ---: |"]
    if startup:
        L.append("| `gloss build`, 3 articles (median of %d) | %.1f ms |" % (len(startup), statistics.median(startup) * 1000))
    if serve:
        lat = serve["latencies"]
        L.append("| `gloss serve`, {:,} articles: first page served after start | {} |".format(serve["n"], ms(serve["first_serve"])))
        if lat:
            L.append("| save → new text served, median of %d edits (min %.0f, max %.0f ms%s) | %.1f ms |" % (
                len(lat), min(lat) * 1000, max(lat) * 1000,
                ", %d timed out" % serve["timeouts"] if serve["timeouts"] else "", statistics.median(lat) * 1000))
        if serve.get("rebuild_ms") is not None:
            L.append("| the server's own \"Rebuilt in\" time, median | %.0f ms |" % serve["rebuild_ms"])
        if serve.get("rss"):
            L.append("| the server's peak RSS | %.0f MiB |" % serve["rss"])
    return L


def targets_table(modes, own, peers, startup, serve):
    """The targets, PASS or FAIL; a verdict resting on a run marked † (other work on the machine) is marked too.
    Hugo's ratio is checked at both sizes in every output mode, the rest in the first mode."""
    T, first = TARGETS, modes[0]
    rows = []  # (target, measured, verdict, the tools it rests on)
    for n in [n for n in (1000, 10000) if n in own]:
        for mode in modes:
            tools = peers.get(n, {}).get(mode, [])
            for name, label, key in (("hugo", "Hugo", "hugo_ratio"), ("zola", "Zola", "zola_ratio")):
                p = by_name(tools, name)
                what = "{:,} articles, output {}: gloss at least {:g}x faster than {}".format(n, MODES[mode][0], T[key], label)
                if p:
                    r = p.wall() / tools[0].wall()
                    rows.append((what + " (%s time / gloss time)" % label, ratio(p, tools[0]), verdict(r >= T[key]), [tools[0], p]))
                else:
                    rows.append((what, "not measured", "n/a", []))
    g1 = own.get(1000, {}).get(first)
    if g1:
        g, f = g1
        r = g.wall() / f.wall()
        rows.append(("1,000 articles, output %s: gloss time / floor time (for information; the floor target is retired)" % MODES[first][0],
                     "%.2fx (CPU %.2fx)" % (r, g.cpu() / f.cpu()), "n/a", [g, f]))
        rows.append(("1,000 articles: peak RSS <= %g MiB" % T["rss_1k"], "%.0f MiB" % g.rss(), verdict(g.rss() <= T["rss_1k"]), [g]))
    else:
        rows.append(("1,000-article targets", "not run (--sizes has no 1000)", "n/a", []))
    g10 = own.get(10000, {}).get(first)
    what = "10,000 articles, output %s: time linear (within %gx of 1,000)" % (MODES[first][0], T["growth_10k"])
    if g10 and g1:
        r = g10[0].wall() / g1[0].wall()
        rows.append((what, "%.2fx (CPU %.2fx)" % (r, g10[0].cpu() / g1[0].cpu()), verdict(r <= T["growth_10k"]), [g10[0], g1[0]]))
    else:
        rows.append((what, "not run", "n/a", []))
    what = "10,000 articles: peak RSS <= %g MiB" % T["rss_10k"]
    if g10:
        rows.append((what, "%.0f MiB" % g10[0].rss(), verdict(g10[0].rss() <= T["rss_10k"]), [g10[0]]))
    else:
        rows.append((what, "not run", "n/a", []))
    if startup:
        s = statistics.median(startup) * 1000
        rows.append(("start-up (3 articles) <= %g ms" % T["startup_ms"], "%.1f ms" % s, verdict(s <= T["startup_ms"]), []))
    if serve and serve["latencies"]:
        s = statistics.median(serve["latencies"]) * 1000
        ok = s <= T["serve_ms"] and not serve["timeouts"]
        rows.append(("serve: save → served median <= %g ms" % T["serve_ms"], "%.1f ms" % s, verdict(ok), []))
    elif serve is not None:
        rows.append(("serve: save → served median <= %g ms" % T["serve_ms"], "no edit was served", "FAIL", []))
    L = ["", "### Targets", "", "| target | measured | |", "| --- | ---: | --- |"]
    for what, measured, v, tools in rows:
        busy = v in ("PASS", "FAIL") and any(t.other() > BUSY for t in tools)
        L.append("| %s | %s | %s |" % (what, measured, v + (" †" if busy else "")))
    L.append("")
    return L


def report(args, info, modes, own, peers, notes, stages, startup, serve, counts, bounds_at):
    sizes = args.sizes
    L = header(args, info, modes) + own_table(sizes, modes, own)
    if peers:
        L += peers_table(sizes, modes, peers) + beside_table(sizes, modes, peers)
    for n, bounded in sorted(bounds_at.items()):
        L += bounds_table(n, peers[n][modes[0]], bounded)
    L.append("")
    every = [t for n in sizes for mode in modes
             for t in list(own.get(n, {}).get(mode, ())) + list(peers.get(n, {}).get(mode, ()))]
    if any(t.other() > BUSY for t in every + [t for b in bounds_at.values() for t in b]):
        L.append("- †: other processes kept more than %.1f CPUs busy during these runs (median); their wall times are inflated" % BUSY)
    for note in notes:
        L.append("- " + note)
    if stages:
        L += stages_table(sizes, modes, stages)
    if counts:
        L += ["", "### Instructions ({:,} articles, one thread, valgrind's callgrind)".format(sizes[0]), ""]
        L.append("Steady from day to day, unlike the times above: compare versions of gloss with these.")
        L.append("")
        L.append("| corpus | gloss | floor | gloss / floor |")
        L.append("| --- | ---: | ---: | ---: |")
        for corpus, (g, f) in counts.items():
            L.append("| %s | %.2f billion | %.2f billion | %.2fx |" % (corpus, g / 1e9, f / 1e9, g / f))
    L += serve_table(startup, serve) + targets_table(modes, own, peers, startup, serve)
    return "\n".join(L)


# ---------------------------------------------------------------- main

def gloss_tool(name, site, out, mode, n):
    return Tool(name, site, out, [GLOSS, "build", "--root", site, "--output", out], mode=mode, pages=n)


def peer_sites(work, n, flavours):
    """Generates the peers' sites of n articles: [(flavour, site)]."""
    sites = []
    for flavour in flavours:
        psite = os.path.join(work, "peer-%s-%d" % (flavour, n))
        log("generating %s" % psite)
        if os.path.exists(SHARED_GEN):
            shared_gen(psite, n, flavour)
        else:
            own_gen(psite, n, flavour)
        if flavour == "zola":
            zola_home_lists_pages(psite)
        sites.append((flavour, psite))
    return sites


def peer_tools(n, mode, sites, progs, out, timeout, cache):
    """The tools building the peers' sites in one output mode, gloss first and the floor second."""
    tools = []
    for flavour, site in sites:
        o = out(site, mode)
        if flavour == "gloss":
            tools.append(gloss_tool("gloss", site, o, mode, n))
            tools.append(Tool("floor", site, out(site, mode, ".floor"), [FLOOR, site, out(site, mode, ".floor")], mode=mode, pages=n))
        elif flavour == "hugo":
            tools.append(Tool("hugo", site, o, [progs["hugo"], "--quiet", "-s", site, "-d", o], {"HUGO_CACHEDIR": cache},
                              timeout=timeout, mode=mode, pages=n))
        elif flavour == "zola":
            # --force: Zola refuses an output folder that exists; with it, Zola deletes the folder and builds anew
            tools.append(Tool("zola", site, o, [progs["zola"], "--root", site, "build", "--force", "--output-dir", o],
                              timeout=timeout, mode=mode, pages=n))
        else:
            tools.append(Tool("mdbook", site, o, [progs["mdbook"], "build", site, "-d", o], timeout=timeout, mode=mode, pages=n))
    return tools


def find_peers(args, install):
    """{name: path} of the peers to run, and notes on those that are not."""
    floor = ("floor: examples/floor.rs, front matter with serde_yaml and Markdown with pulldown-cmark in parallel, "
             "no templates (`target/release/examples/floor SITE OUT`)")
    progs, notes = {}, []
    if args.no_peers:
        return progs, ["hugo, zola, mdbook: not measured (--no-peers)", floor]
    for name, found in (("hugo", lambda: find_hugo(install)), ("zola", find_zola), ("mdbook", lambda: find_mdbook(install))):
        path, note = found()
        if path:
            progs[name] = path
        notes += [note] if note else []
    if "zola" in progs and not os.path.exists(SHARED_GEN):
        del progs["zola"]
        notes.append("zola: not measured (it needs ../shared/bench/gen-corpus.py: benches/gen.py has no Zola flavour)")
    if "hugo" in progs:
        notes.append("hugo: %s (`hugo --quiet -s SITE -d OUT`)" % version([progs["hugo"], "version"]))
    if "zola" in progs:
        notes.append("zola: %s (`zola --root SITE build --force --output-dir OUT`: Zola refuses an output folder that "
                     "exists unless forced, and then deletes it and builds anew, as `zola build` does with its own "
                     "`public/`; the generated home page lists every article, as Hugo's does)" % version([progs["zola"], "--version"]))
    if "mdbook" in progs:
        notes.append("mdbook: %s (`mdbook build SITE -d OUT`)%s" % (
            version([progs["mdbook"], "--version"]), ", timed in the first output mode only" if len(args.outputs) > 1 else ""))
    notes.append(floor)
    if not os.path.exists(SHARED_GEN):
        notes.append("../shared/bench/gen-corpus.py not found: the peers ran on benches/gen.py's hugo and mdbook flavours")
    return progs, notes


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=None, help="article counts, comma-separated (default 1000,10000; --quick: 1000)")
    ap.add_argument("--runs", type=int, default=None, help="timed runs per tool, size and output mode (default 5; --quick: 1)")
    ap.add_argument("--quick", action="store_true",
                    help="a fast smoke run: 1,000 articles, 1 run, output in RAM only, few start-up runs and edits, no installs")
    ap.add_argument("--no-install", action="store_true", help="do not install a missing Hugo or mdBook; skip it")
    ap.add_argument("--no-peers", action="store_true", help="do not run Hugo, Zola and mdBook")
    ap.add_argument("--no-serve", action="store_true", help="skip the serve latency test")
    ap.add_argument("--no-bounds", action="store_true",
                    help="do not time gloss with its templates emptied (and code plain) beside the peers")
    ap.add_argument("--no-instructions", action="store_true",
                    help="skip counting instructions with valgrind (--quick skips it too)")
    ap.add_argument("--peer-timeout", type=float, default=120,
                    help="stop a Hugo, Zola or mdBook run after this many seconds and report the time as a lower bound (default 120)")
    ap.add_argument("--no-cargo", action="store_true", help="do not run cargo build first (use the binaries in target/release)")
    ap.add_argument("--startup-runs", type=int, default=None, help="runs of the 3-article build (default 20; --quick: 5)")
    ap.add_argument("--edits", type=int, default=None, help="edits for the serve test (default 15; --quick: 5)")
    ap.add_argument("--serve-size", type=int, default=1000, help="articles in the served site (default 1000)")
    ap.add_argument("--port", type=int, default=0, help="port for gloss serve on 127.0.0.1 (default: a free one)")
    ap.add_argument("--work", help="make the temporary folder for the generated sites in WORK (e.g. benches/.work); "
                                   "disk outputs go there too")
    ap.add_argument("--keep", action="store_true", help="keep the generated sites")
    ap.add_argument("--outputs", type=output_modes, default=None,
                    help="where the tools write their output, comma-separated: ram, disk-cold, disk-warm, or disk for "
                         "both disk modes (default ram,disk; --quick: ram); see above")
    ap.add_argument("--results", help="where to write the Markdown (default benches/results.md; --quick: benches/results-quick.md)")
    args = ap.parse_args()
    args.sizes = [int(s.replace("_", "")) for s in (args.sizes or ("1000" if args.quick else "1000,10000")).split(",")]
    args.runs = args.runs or (1 if args.quick else 5)
    args.startup_runs = args.startup_runs or (5 if args.quick else 20)
    args.edits = args.edits or (5 if args.quick else 15)
    args.outputs = args.outputs or output_modes("ram" if args.quick else "ram,disk")
    return args


def main():
    args = parse_args()
    argv = sys.argv[1:]
    modes = args.outputs
    install = not (args.no_install or args.quick)
    results = args.results or os.path.join(BENCHES, "results-quick.md" if args.quick else "results.md")

    if not args.no_cargo:
        build_gloss()
    for exe in (GLOSS, FLOOR):
        if not os.access(exe, os.X_OK):
            sys.exit("missing %s: run `cargo build --release` and `cargo build --release --example floor`" % exe)
    progs, notes = find_peers(args, install)

    info = machine()
    info.update(date=datetime.date.today().isoformat(), rev=git_rev(), argv=argv, load_start=load_average())
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    work = tempfile.mkdtemp(prefix="gloss-bench-", dir=os.path.abspath(args.work) if args.work else None)
    log("work folder: %s" % work)
    ram = None
    if "ram" in modes and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        ram = tempfile.mkdtemp(prefix="gloss-bench-out-", dir="/dev/shm")
        log("RAM outputs in: %s" % ram)
    info["ram_outputs"] = ram

    def out(site, mode, suffix=".out"):
        return os.path.join(ram if mode == "ram" and ram else work, os.path.basename(site) + suffix)

    info["harness_rss"] = measure(["true"])["rss"]
    t_start, (busy0, mine0) = time.perf_counter(), cpu_busy()
    own, peers, stages, bounds_at = {}, {}, {}, {}
    bounds = not (args.no_bounds or args.no_peers)
    startup, serve = [], None
    # Instruction counts (gloss, floor) by corpus, for the first size.
    counts = {}
    count = not (args.no_instructions or args.quick)
    if count and not shutil.which("valgrind"):
        count = False
        notes.append("instructions: not counted (valgrind is not installed; `apt-get install valgrind`)")
    first = (args.sizes[0], modes[0])
    try:
        for n in args.sizes:
            log("== %d articles" % n)
            site = os.path.join(work, "own-%d" % n)
            log("generating %s" % site)
            own_gen(site, n)
            own[n] = {}
            for mode in modes:
                log("-- %d articles, output: %s" % (n, MODES[mode][0]))
                g = gloss_tool("gloss", site, out(site, mode), mode, n)
                f = Tool("floor", site, out(site, mode, ".floor"), [FLOOR, site, out(site, mode, ".floor")], mode=mode, pages=n)
                run_all([g, f], args.runs)
                own[n][mode] = (g, f)
                if count and (n, mode) == first:
                    log("  counting instructions (callgrind, one thread)")
                    counts["gloss's own (benches/gen.py)"] = (instructions(g), instructions(f))
                stages[(n, mode)] = stage_timings(site, out(site, mode), mode)
            shutil.rmtree(site)
            if args.no_peers:
                continue
            sites = peer_sites(work, n, ["gloss"] + [p for p in ("hugo", "zola", "mdbook") if p in progs])
            bound_roots = bound_sites(sites[0][1]) if bounds and n == args.sizes[0] else []
            peers[n] = {}
            for mode in modes:
                log("-- %d articles, the same words with other generators, output: %s" % (n, MODES[mode][0]))
                ran = [s for s in sites if s[0] != "mdbook" or mode == modes[0]]
                tools = peer_tools(n, mode, ran, progs, out, args.peer_timeout, os.path.join(work, "hugo-cache"))
                bounded = [gloss_tool(name, root, out(root, mode), mode, n) for name, root in bound_roots] if mode == modes[0] else []
                run_all(tools + bounded, args.runs)
                peers[n][mode] = tools
                if bounded:
                    bounds_at[n] = bounded
                if count and (n, mode) == first:
                    log("  counting instructions (callgrind, one thread)")
                    counts["the same words as the peers"] = (instructions(tools[0]), instructions(tools[1]))
            for _, root in sites + bound_roots:
                shutil.rmtree(root, ignore_errors=True)

        log("== start-up: 3 articles, %d runs" % args.startup_runs)
        site = os.path.join(work, "startup")
        own_gen(site, 3)
        t = gloss_tool("gloss", site, out(site, "ram"), "ram", 3)
        t.run(record=False)
        for _ in range(args.startup_runs):
            startup.append(t.run()["wall"])
        fresh(t.out)

        if not args.no_serve:
            log("== serve: %d articles, %d edits" % (args.serve_size, args.edits))
            site = os.path.join(work, "serve-%d" % args.serve_size)
            own_gen(site, args.serve_size)
            serve = serve_latency(site, args.edits, args.port)
            serve["n"] = args.serve_size
    except Failed as e:
        log("error: %s" % e)
        sys.exit(1)
    finally:
        if args.keep:
            log("kept %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)
        if ram:
            shutil.rmtree(ram, ignore_errors=True)

    busy1, mine1 = cpu_busy()
    info["other_cpus"] = max(0.0, (busy1 - busy0) - (mine1 - mine0)) / (time.perf_counter() - t_start)
    text = report(args, info, modes, own, peers, notes, stages, startup, serve, counts, bounds_at)
    print(text)
    with open(results, "w", encoding="utf-8") as f:
        f.write(text)
    log("written to %s" % os.path.relpath(results, os.getcwd()))


if __name__ == "__main__":
    main()
