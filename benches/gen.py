#!/usr/bin/env python3
"""Generate a deterministic benchmark site of annotated explainer articles.

    python3 benches/gen.py OUT_DIR [--articles N] [--seed S] [--flavour gloss|hugo|mdbook] [--social-cards]

Python 3.11 standard library only; the same arguments always give the same files,
and article i is the same whatever N is (each article has its own random stream),
so a 10,000-article site holds the 1,000-article one.

The `gloss` flavour follows the authoring format (see the README and docs): each
article is an explainer of about 1,500 words with YAML front matter holding
8 sources and 10 claims (one of them given only by its span's attributes), and a
body with `[text]{.claim #id}` spans, about 15 `[@key]` citations (some with
several keys, one with a locator, some of site-wide sources from
content/sources.yaml), `[^label]` notes, headings (one with a custom id), a list,
a table, a quote, emphasis, an external link, a link to an earlier article and,
in one article in three, a fenced code block (each one different: gloss
highlights a repeated block only once, and this corpus measures the real cost).

The `hugo` and `mdbook` flavours hold the same words for those generators, which
have no claim syntax: a claim is plain text and a citation becomes a footnote
naming its source, so they do strictly less work than gloss does.
"""
import argparse
import os
import random
import shutil

ARTICLE_SOURCES = 8
ARTICLE_CLAIMS = 10
SITE_SOURCES = 24

TOPICS = {
    "border": {
        "nouns": ["border crossings", "asylum requests", "the screening process", "the smuggling network",
                  "detention capacity", "the processing backlog", "entry records", "the parole programme",
                  "migrant encounters", "the vetting database", "removal flights", "the port of entry"],
        "actors": ["Border officials", "The homeland security department", "A federal judge", "The agency's inspector general",
                   "Local sheriffs", "Immigration lawyers", "A congressional committee", "The state governor"],
        "tags": ["border", "asylum", "security"],
    },
    "health": {
        "nouns": ["hospital admissions", "the vaccination rate", "waiting lists", "emergency department visits",
                  "the drug approval", "clinical trial results", "the measles outbreak", "nurse vacancies",
                  "prescription costs", "the screening programme", "ambulance response times", "the health budget"],
        "actors": ["The health ministry", "Hospital managers", "The regulator", "A group of doctors",
                   "The statistics office", "Public health officials", "The opposition spokesperson", "Patient groups"],
        "tags": ["health", "data", "policy"],
    },
    "economy": {
        "nouns": ["the inflation rate", "wage growth", "the housing market", "youth unemployment",
                  "the trade deficit", "energy prices", "the minimum wage", "business investment",
                  "the national debt", "food prices", "mortgage rates", "the tax take"],
        "actors": ["The finance minister", "The central bank", "Economists at the university", "The statistics office",
                   "The employers' federation", "Trade unions", "The budget office", "A think tank"],
        "tags": ["economy", "data", "policy"],
    },
    "climate": {
        "nouns": ["carbon emissions", "the heatwave", "river flooding", "wind power output",
                  "the coal phase-out", "sea level rise", "wildfire damage", "the emissions target",
                  "electric car sales", "the drought", "heat pump installations", "grid capacity"],
        "actors": ["The environment agency", "Climate scientists", "The energy minister", "The grid operator",
                   "Insurance companies", "Campaigners", "The weather service", "Farmers' unions"],
        "tags": ["climate", "energy", "data"],
    },
    "courts": {
        "nouns": ["the appeal ruling", "sentencing guidelines", "the court backlog", "legal aid funding",
                  "the jury verdict", "the injunction", "prison population", "the case files",
                  "the settlement", "bail decisions", "the constitutional challenge", "witness statements"],
        "actors": ["The supreme court", "Defence lawyers", "The prosecutor's office", "The justice ministry",
                   "A court spokesperson", "Civil liberties groups", "The bar association", "The judges' council"],
        "tags": ["courts", "policy", "security"],
    },
}
TOPIC_NAMES = sorted(TOPICS)

VERBS = ["rose", "fell", "doubled", "stayed flat", "was revised", "was overstated", "was understated",
         "was confirmed", "was disputed", "reached a record", "dropped sharply", "grew slowly"]
SAY = ["said", "told reporters", "wrote", "claimed", "argued", "insisted", "suggested", "announced",
       "stated in a briefing", "posted online"]
TIME = ["last year", "in the first quarter", "since 2019", "over the past decade", "in March",
        "during the summer", "after the election", "before the new rules took effect", "this month",
        "in the three years to June", "at the end of the financial year", "compared with a year earlier"]
LINK = ["However", "Even so", "By contrast", "At the same time", "In fact", "Separately", "Meanwhile",
        "For context", "Put simply", "On the other hand", "Crucially", "Still"]
HEDGE = ["the figures are not directly comparable", "the definitions changed in between",
         "the data cover only part of the country", "the numbers are provisional and may be revised",
         "no independent source has confirmed this", "the original report gives no methodology",
         "the comparison leaves out seasonal effects", "the source has since corrected an earlier version",
         "the sample is too small to draw firm conclusions", "officials declined to share the underlying data"]
FILLER = ["according to the published tables", "as the report itself acknowledges", "in the words of one analyst",
          "a point the statement does not address", "which is the most recent figure available",
          "based on records obtained through a freedom of information request",
          "though the report does not say how it was calculated", "as several outlets reported at the time",
          "a figure repeated in later interviews", "on a like-for-like basis"]
PUBLISHERS = ["Daily Ledger", "Wire Service", "National Statistics Office", "Court Records Service",
              "Open Data Portal", "Evening Chronicle", "Parliamentary Library", "Regional Broadcaster",
              "Policy Institute", "University Research Unit"]
KINDS = ["news", "official", "document", "dataset", "interview", "other"]
VERDICTS = ["accurate", "mostly-accurate", "misleading", "false", "unproven", "attributed"]
NAMES = ["Maria Lopez", "James Okafor", "Anna Kowalski", "David Chen", "Sara Haddad", "Tom Becker",
         "Leila Nasser", "Peter Novak", "Grace Mensah", "Ivan Petrov", "Nora Lindqvist", "Omar Farouk"]
ROLES = ["minister", "spokesperson", "senator", "mayor", "party leader", "committee chair", "chief executive"]
AUTHORS = ["Desk Staff", "Research Team", "Data Desk", "Verification Unit"]

CODE = {
    "python": 'import csv\n\ndef monthly_totals(path, since={n}):\n    totals = {{}}\n    with open(path, newline="") as f:\n        for row in csv.DictReader(f):\n            if int(row["month"]) >= since:\n                totals[row["month"]] = totals.get(row["month"], 0) + int(row["count"])\n    return totals\n\nprint(sorted(monthly_totals("data.csv").items()))\n',
    "rust": 'use std::collections::BTreeMap;\n\nfn totals(rows: &[(u32, u64)], since: u32) -> BTreeMap<u32, u64> {{\n    let mut out = BTreeMap::new();\n    for &(month, count) in rows.iter().filter(|(m, _)| *m >= since) {{\n        *out.entry(month).or_insert(0) += count;\n    }}\n    out\n}}\n\nfn main() {{\n    let rows = [(1, 120), (2, 340), ({n}, 560)];\n    println!("{{:?}}", totals(&rows, 2));\n}}\n',
    "json": '{{\n  "dataset": "monthly operational update",\n  "month": {n},\n  "series": [120, 340, 560, 410],\n  "revised": true,\n  "notes": ["provisional", "excludes territories"]\n}}\n',
    "bash": 'set -euo pipefail\nfor f in data/*.csv; do\n  awk -F, \'NR > 1 && $2 >= {n} {{ s += $3 }} END {{ printf "%s %d\\n", FILENAME, s }}\' "$f"\ndone | sort -k2 -n\n',
    "sql": 'SELECT month, SUM(count) AS total\nFROM encounters\nWHERE month >= {n}\n  AND region <> \'unknown\'\nGROUP BY month\nORDER BY month;\n',
    "yaml": 'dataset: monthly operational update\nmonth: {n}\nseries: [120, 340, 560, 410]\nrevised: true\nsources:\n  - statistics office\n  - ministry briefing\n',
}
CODE_LANGS = sorted(CODE)


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cap(s):
    return s[0].upper() + s[1:]


class Writer:
    """Sentences about one topic, from one random stream."""

    def __init__(self, rng, topic):
        self.rng = rng
        self.t = TOPICS[topic]

    def noun(self):
        return self.rng.choice(self.t["nouns"])

    def actor(self):
        return self.rng.choice(self.t["actors"])

    def number(self):
        r = self.rng.random()
        if r < 0.4:
            return "%d per cent" % self.rng.randint(2, 95)
        if r < 0.7:
            return "{:,}".format(self.rng.randint(120, 990000))
        return "%d.%d million" % (self.rng.randint(1, 40), self.rng.randint(0, 9))

    def sentence(self):
        r, c = self.rng, self.rng.choice
        forms = [
            lambda: "%s %s that %s %s %s." % (self.actor(), c(SAY), self.noun(), c(VERBS), c(TIME)),
            lambda: "%s, %s %s to %s %s." % (c(LINK), self.noun(), c(VERBS), self.number(), c(TIME)),
            lambda: "%s %s %s, %s." % (cap(self.noun()), c(VERBS), c(TIME), c(FILLER)),
            lambda: "The %s for %s was %s, %s." % (c(["figure", "estimate", "total", "rate", "count"]), self.noun(), self.number(), c(FILLER)),
            lambda: "%s, %s." % (c(LINK), c(HEDGE)),
            lambda: "%s has not said how %s relates to %s, and %s." % (self.actor(), self.noun(), self.noun(), c(HEDGE)),
            lambda: "What the record shows is that %s %s %s, while %s %s." % (self.noun(), c(VERBS), c(TIME), self.noun(), c(VERBS)),
            lambda: "%s %s that the change in %s was *not* the result of %s." % (self.actor(), c(SAY), self.noun(), self.noun()),
        ]
        return c(forms)()

    def claim_text(self):
        c = self.rng.choice
        forms = [
            lambda: "%s %s to %s %s" % (self.noun(), c(VERBS), self.number(), c(TIME)),
            lambda: "%s is now higher than at any point %s" % (self.noun(), c(TIME)),
            lambda: "%s had no effect on %s" % (self.noun(), self.noun()),
            lambda: "more than %s were affected by %s" % (self.number(), self.noun()),
            lambda: "%s was cut %s" % (self.noun(), c(TIME)),
        ]
        return c(forms)()

    def paragraph(self, sentences):
        return " ".join(self.sentence() for _ in range(sentences))


def site_sources(seed):
    """Sources shared by every article (content/sources.yaml)."""
    rng = random.Random(seed * 7919 + 17)
    out = {}
    for i in range(SITE_SOURCES):
        topic = TOPIC_NAMES[i % len(TOPIC_NAMES)]
        key = "%s-report-%d" % (topic, 2015 + i)
        out[key] = {
            "title": "%s annual report %d: %s" % (cap(topic), 2015 + i, rng.choice(TOPICS[topic]["nouns"])),
            "publisher": rng.choice(PUBLISHERS),
            "url": "https://example.org/reports/%s" % key,
            "date": "%d-%02d-%02d" % (2015 + i, 1 + i % 12, 1 + i % 28),
            "kind": rng.choice(["official", "dataset", "document"]),
        }
    return out


class Article:
    """One article's content, independent of flavour."""

    def __init__(self, seed, index, shared_keys):
        rng = random.Random(seed * 1000003 + index)
        self.index = index
        self.name = "a%05d" % index
        self.topic = TOPIC_NAMES[index % len(TOPIC_NAMES)]
        w = Writer(rng, self.topic)
        self.title = rng.choice([
            lambda: "What we know about " + w.noun(),
            lambda: "Fact check: %s's claim about %s" % (rng.choice(NAMES), w.noun()),
            lambda: "Explained: %s and %s" % (w.noun(), w.noun()),
            lambda: "Did %s really %s?" % (w.noun(), rng.choice(["rise", "fall", "double"])),
            lambda: "How %s %s" % (w.noun(), rng.choice(["changed", "was counted", "became a talking point"])),
            lambda: "The numbers behind " + w.noun(),
        ])()
        self.title = cap(self.title)
        self.summary = w.sentence() + " " + w.sentence()
        year = 2020 + index % 5
        self.date = "%d-%02d-%02d" % (year, 1 + index % 12, 1 + (index * 7) % 28)
        self.updated = "%d-%02d-%02d" % (year, 1 + index % 12, 28) if index % 4 == 0 else None
        self.authors = sorted(rng.sample(AUTHORS, rng.randint(1, 2)))
        self.tags = sorted(set(rng.sample(TOPICS[self.topic]["tags"], 2)))

        self.sources = {}
        for s in range(ARTICLE_SOURCES):
            src = {
                "title": "%s: %s" % (cap(w.noun()), w.claim_text()),
                "publisher": rng.choice(PUBLISHERS),
                "url": "https://example.org/%s/%d/source-%d" % (self.topic, index, s),
                "date": "%d-%02d-%02d" % (year, 1 + (index + s) % 12, 1 + (index + 3 * s) % 28),
                "kind": rng.choice(KINDS),
            }
            if s % 2 == 0:
                src["accessed"] = self.date
            if s % 3 == 0:
                src["archived"] = "https://web.archive.org/web/%d/%s" % (year, src["url"])
            self.sources["src-%d" % s] = src
        self.shared = [shared_keys[(index + k * 5) % len(shared_keys)] for k in range(2)]

        # Claims: the last one is defined only by its span's attributes.
        self.claims = {}
        for c in range(ARTICLE_CLAIMS):
            who = rng.choice(NAMES)
            self.claims["claim-%d" % c] = {
                "claimant": "%s, %s" % (who, rng.choice(ROLES)),
                "verdict": rng.choice(VERDICTS),
                "sources": sorted(rng.sample(list(self.sources), rng.randint(1, 2))),
                "note": w.sentence() + (" *" + rng.choice(HEDGE) + "*." if c % 3 == 0 else ""),
                "text": w.claim_text(),
                "inline": c == ARTICLE_CLAIMS - 1,
            }

        # Citation groups after claims (10) and standalone (5): about 15 in all,
        # and every source, plus two site-wide ones, cited at least once.
        keys = list(self.sources)
        standalone = [[keys[0], keys[1]], [self.shared[0]], [keys[2], keys[3]], [self.shared[1], keys[4]], [keys[5]]]
        claim_cites = [[keys[(c + 6) % ARTICLE_SOURCES]] for c in range(ARTICLE_CLAIMS)]
        claim_cites[3].append(keys[7])
        locator = rng.randrange(ARTICLE_CLAIMS)
        claim_cites[locator] = [claim_cites[locator][0] + ", para. %d" % rng.randint(2, 30)]

        # Body: blocks. A paragraph is a list of parts:
        # ("text", s) | ("claim", id, [cites]) | ("cite", [cites]) | ("note", label)
        self.blocks = [("p", [("text", w.paragraph(2))])]
        if index > 0:
            prev = "a%05d" % (index - 1)
            self.blocks[0][1].append(("text", "This follows our [earlier explainer](%s.md) on %s." % (prev, w.noun())))
        claim_ids = list(self.claims)
        slots = rng.sample(range(15), ARTICLE_CLAIMS)  # which paragraphs carry a claim
        cite_slots = [p for p in range(15) if p not in slots]  # the other 5 carry a standalone citation
        self.note_texts = {}
        notes = ["method", "correction", "definition", "context"][: 3 + index % 2]
        para = 0
        for section in range(5):
            heading = cap(w.noun()) if section else "What was said {#the-claims}"
            self.blocks.append(("h2", heading))
            for _ in range(3):
                parts = [("text", w.paragraph(rng.randint(2, 3)))]
                if para in slots:
                    cid = claim_ids.pop(0)
                    parts.append(("claim", cid, claim_cites[int(cid.split("-")[1])]))
                else:
                    parts.append(("cite", standalone[cite_slots.index(para)]))
                parts.append(("text", w.paragraph(rng.randint(1, 3))))
                if para % 4 == 1 and notes:
                    label = notes.pop(0)
                    parts.append(("note", label))
                    self.note_texts[label] = w.sentence() + " " + w.sentence()
                if para == 7:
                    parts.append(("text", "The full tables are [published online](https://example.org/%s/tables/%d)." % (self.topic, index)))
                self.blocks.append(("p", parts))
                para += 1
            if section == 1:
                self.blocks.append(("list", ["**%s**: %s" % (cap(w.noun()), w.sentence()) for _ in range(5)]))
            if section == 2:
                rows = [[cap(w.noun()), w.number(), w.number(), rng.choice(VERDICTS)] for _ in range(6)]
                self.blocks.append(("table", rows))
            if section == 3:
                self.blocks.append(("quote", "%s %s %s" % (w.sentence(), w.sentence(), w.sentence())))
            if section == 4 and index % 3 == 0:
                lang = CODE_LANGS[(index // 3) % len(CODE_LANGS)]
                self.blocks.append(("p", [("text", "The figures above can be reproduced from the published data:")]))
                self.blocks.append(("code", lang, CODE[lang].format(n=1 + index)))
        assert not claim_ids

    def body(self, annotated):
        out = []
        peer_notes = {}

        def cite(items):
            if annotated:
                return "[" + "; ".join("@" + k for k in items) + "]"
            refs = []
            for item in items:
                key = item.split(",")[0]
                s = self.sources.get(key) or {"title": key, "publisher": "", "url": "https://example.org/reports/" + key}
                peer_notes[key] = "%s, %s. <%s>" % (s["title"], s["publisher"], s["url"])
                refs.append("[^%s]" % key)
            return "".join(refs)

        for block in self.blocks:
            kind = block[0]
            if kind == "h2":
                out.append("## " + (block[1] if annotated else block[1].split(" {#")[0]))
            elif kind == "p":
                text = []
                for part in block[1]:
                    if part[0] == "text":
                        t = part[1]
                        if not annotated:
                            t = t.replace(".md)", "/)")
                        text.append(" " + t)
                    elif part[0] == "claim":
                        cid, cites = part[1], part[2]
                        c = self.claims[cid]
                        if not annotated:
                            claim = c["text"]
                        elif c["inline"]:
                            claim = '[%s]{.claim #%s verdict=%s claimant="%s"}' % (c["text"], cid, c["verdict"], c["claimant"])
                        else:
                            claim = "[%s]{.claim #%s}" % (c["text"], cid)
                        text.append(" %s %s that %s" % (c["claimant"].split(",")[0], "said", claim))
                        text.append(cite(cites) + ".")
                    elif part[0] == "cite":
                        text.append(cite(part[1]))
                    elif part[0] == "note":
                        text.append("[^%s]" % part[1])
                out.append("".join(text).strip())
            elif kind == "list":
                out.append("\n".join("- " + item for item in block[1]))
            elif kind == "table":
                rows = ["| What | Reported | Official | Verdict |", "| --- | ---: | ---: | --- |"]
                rows += ["| %s | %s | %s | %s |" % tuple(r) for r in block[1]]
                out.append("\n".join(rows))
            elif kind == "quote":
                out.append("> " + block[1])
            elif kind == "code":
                out.append("```%s\n%s```" % (block[1], block[2]))
        for label, t in self.note_texts.items():
            out.append("[^%s]: %s" % (label, t))
        for k, t in sorted(peer_notes.items()):
            out.append("[^%s]: %s" % (k, t))
        return "\n\n".join(out) + "\n"

    def gloss_front_matter(self):
        L = ["---", "title: " + yaml_str(self.title), "summary: >-", "  " + self.summary, "date: " + self.date]
        if self.updated:
            L.append("updated: " + self.updated)
        L += ["authors: [%s]" % ", ".join(self.authors), "tags: [%s]" % ", ".join(self.tags), "draft: false", "sources:"]
        for k, s in self.sources.items():
            L.append("  %s:" % k)
            for field in ("title", "publisher", "url", "date", "accessed", "archived", "kind"):
                if field in s:
                    v = s[field]
                    L.append("    %s: %s" % (field, yaml_str(v) if field in ("title", "publisher") else v))
        L.append("claims:")
        for k, c in self.claims.items():
            if c["inline"]:
                continue
            L += ["  %s:" % k, "    claimant: " + yaml_str(c["claimant"]), "    verdict: " + c["verdict"],
                  "    sources: [%s]" % ", ".join(c["sources"]), "    note: >-", "      " + c["note"]]
        L.append("---")
        return "\n".join(L) + "\n\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def gen_gloss(out, articles, shared, social_cards=False):
    write(os.path.join(out, "site.yaml"),
          "title: Benchmark Explainers\ndescription: Claims, checked.\nbase_url: https://example.org/\n"
          "language: en\npublisher: { name: Benchmark Desk, url: https://example.org/ }\n"
          + ("social_cards: true\n" if social_cards else ""))
    lines = ["# Sources cited by many articles."]
    for k, s in shared.items():
        lines.append("%s:" % k)
        for field in ("title", "publisher", "url", "date", "kind"):
            v = s[field]
            lines.append("  %s: %s" % (field, yaml_str(v) if field in ("title", "publisher") else v))
    write(os.path.join(out, "content", "sources.yaml"), "\n".join(lines) + "\n")
    for a in articles:
        write(os.path.join(out, "content", "articles", a.name + ".md"), a.gloss_front_matter() + a.body(True))


def gen_hugo(out, articles, shared):
    write(os.path.join(out, "hugo.yaml"),
          "baseURL: https://example.org/\ntitle: Benchmark Explainers\ndisableKinds: [RSS, sitemap, taxonomy, term]\n"
          "markup:\n  highlight:\n    noClasses: false\n")
    write(os.path.join(out, "layouts", "_default", "baseof.html"),
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
          '<body>{{ block "main" . }}{{ end }}</body></html>\n')
    write(os.path.join(out, "layouts", "_default", "single.html"),
          '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ .Content }}</article>{{ end }}\n')
    write(os.path.join(out, "layouts", "_default", "list.html"),
          '{{ define "main" }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')
    write(os.path.join(out, "layouts", "index.html"),
          '{{ define "main" }}<ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')
    for a in articles:
        fm = "---\ntitle: %s\nsummary: %s\ndate: %s\ntags: [%s]\n---\n\n" % (yaml_str(a.title), yaml_str(a.summary), a.date, ", ".join(a.tags))
        write(os.path.join(out, "content", "articles", a.name + ".md"), fm + a.body(False))


def gen_mdbook(out, articles, shared):
    write(os.path.join(out, "book.toml"),
          '[book]\ntitle = "Benchmark Explainers"\n\n[output.html]\n[output.html.print]\nenable = false\n'
          "[output.html.search]\nenable = false\n")
    summary = ["# Summary", ""]
    for a in articles:
        summary.append("- [%s](%s.md)" % (a.title.replace("[", "").replace("]", ""), a.name))
        write(os.path.join(out, "src", a.name + ".md"), "# %s\n\n%s\n\n%s" % (a.title, a.summary, a.body(False)))
    write(os.path.join(out, "src", "SUMMARY.md"), "\n".join(summary) + "\n")


def generate(out, articles, seed=130, flavour="gloss", social_cards=False):
    shared = site_sources(seed)
    items = [Article(seed, i, sorted(shared)) for i in range(articles)]
    cited = {k for a in items for k in a.shared}
    shared = {k: v for k, v in shared.items() if k in cited}  # a small site cites only some
    if os.path.exists(out):
        shutil.rmtree(out)
    if flavour == "gloss":
        gen_gloss(out, items, shared, social_cards)
    else:
        {"hugo": gen_hugo, "mdbook": gen_mdbook}[flavour](out, items, shared)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=130)
    ap.add_argument("--flavour", choices=["gloss", "hugo", "mdbook"], default="gloss")
    ap.add_argument("--social-cards", action="store_true", help="gloss flavour: `social_cards: true` in site.yaml")
    args = ap.parse_args()
    generate(args.out, args.articles, args.seed, args.flavour, args.social_cards)
    print("%s: %d %s articles" % (args.out, args.articles, args.flavour))


if __name__ == "__main__":
    main()
