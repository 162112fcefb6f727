"""Renders Markdown with cmark-gfm (PyPI `cmarkgfm`) for tests/commonmark.rs.

Reads a JSON list of Markdown strings on stdin and writes a JSON list of
HTML strings on stdout. Extensions are the ones gloss also turns on (tables,
strikethrough, task lists, footnotes); not autolink or tagfilter, which
pulldown-cmark does not have. Raw HTML is kept, as with `unsafe_html`.
"""

import json
import sys

import cmarkgfm
from cmarkgfm.cmark import Options

OPTIONS = Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_UNSAFE
EXTENSIONS = ["table", "strikethrough", "tasklist"]


def main():
    inputs = json.load(sys.stdin)
    out = [
        cmarkgfm.markdown_to_html_with_extensions(md, options=OPTIONS, extensions=EXTENSIONS)
        for md in inputs
    ]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
