//! The text pulldown-cmark parses, and the events it gives, kept small.
//!
//! - `parse` joins adjacent text events as it collects them: pulldown-cmark
//!   makes an event of every `[`, `]`, quote or entity, and a page of
//!   brackets would otherwise hold a hundred bytes of events per byte of
//!   text (and copies of them in each stage). Text borrowed from the body
//!   stays borrowed (so `annotate` can still map its bytes to the source);
//!   other text is joined only where it holds no bracket or brace.
//! - `mask` sets aside the insides of attribute blocks whose values
//!   pulldown-cmark read as Markdown (`claimant="a *b* c"`): their ASCII
//!   punctuation becomes `x`, same length, so Markdown around them parses as
//!   if the values were not there. Attributes are always read from the
//!   source, never from this text.
//! - `unshift_nuls` maps offsets back to the body as written, where U+0000
//!   (turned into the three-byte U+FFFD) was one byte.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser};

use super::{Ev, Rendered};

/// Is `text` borrowed from `body` at exactly `range`?
fn borrowed_at(body: &str, text: &str, range: &Range<usize>) -> bool {
    text.len() == range.len() && body.as_ptr().wrapping_add(range.start) == text.as_ptr()
}

/// Does the text hold a bracket or a brace, which `annotate` reads only in
/// text mapped to the source?
fn has_syntax(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'[' | b']' | b'{' | b'}'))
}

/// Parses `text`, joining adjacent text events (see the module doc).
pub(super) fn parse(text: &str) -> Vec<Ev<'_>> {
    // Bodies have about one event per 25 bytes: allocate once, not while growing.
    let mut events: Vec<Ev> = Vec::with_capacity(text.len() / 16);
    // The text of the last event while owned text is being joined to it.
    let mut joined: Option<String> = None;
    for (event, range) in Parser::new_ext(text, super::options()).into_offset_iter() {
        if let (Event::Text(t), Some((Event::Text(last), last_range))) = (&event, events.last_mut())
            && last_range.end == range.start
        {
            if joined.is_none() && borrowed_at(text, last, last_range) && borrowed_at(text, t, &range) {
                *last = CowStr::Borrowed(&text[last_range.start..range.end]);
                last_range.end = range.end;
                continue;
            }
            if !has_syntax(t) && (joined.is_some() || !has_syntax(last)) {
                joined.get_or_insert_with(|| last.to_string()).push_str(t);
                last_range.end = range.end;
                continue;
            }
        }
        finish_join(&mut events, &mut joined);
        events.push((event, range));
    }
    finish_join(&mut events, &mut joined);
    events
}

/// Gives the last event the text joined to it.
fn finish_join(events: &mut [Ev], joined: &mut Option<String>) {
    if let (Some(text), Some((Event::Text(last), _))) = (joined.take(), events.last_mut()) {
        *last = CowStr::from(text);
    }
}

/// `body` with the insides of `masks` set aside (see the module doc).
pub(super) fn mask<'b>(body: &'b str, masks: &[Range<usize>]) -> Cow<'b, str> {
    if masks.is_empty() {
        return Cow::Borrowed(body);
    }
    let mut bytes = body.as_bytes().to_vec();
    for m in masks {
        let mut line_start = true;
        for b in &mut bytes[m.clone()] {
            match *b {
                b'\n' => line_start = true,
                // A continuation line's container marks stay.
                b' ' | b'\t' | b'>' if line_start => {}
                c if c.is_ascii_punctuation() => {
                    *b = b'x';
                    line_start = false;
                }
                _ => line_start = false,
            }
        }
    }
    // Only ASCII bytes changed, into ASCII: still UTF-8.
    Cow::Owned(String::from_utf8(bytes).expect("ASCII replaced by ASCII"))
}

/// Adds `more` to `masks`, sorted and without repeats.
pub(super) fn merge(masks: &mut Vec<Range<usize>>, more: Vec<Range<usize>>) {
    masks.extend(more);
    masks.sort_by_key(|m| m.start);
    masks.dedup();
}

/// Maps the offsets in `out` from the body with U+FFFD for each U+0000
/// back to the body as written, where the NULs were at `nuls`.
pub(super) fn unshift_nuls(out: &mut Rendered, nuls: &[usize]) {
    // The k-th NUL is at nuls[k] + 2k in the replaced text.
    let back = |pos: usize| {
        let (mut lo, mut hi) = (0, nuls.len());
        while lo < hi {
            let k = (lo + hi) / 2;
            if nuls[k] + 2 * k < pos { lo = k + 1 } else { hi = k }
        }
        let before = lo;
        pos.saturating_sub(2 * before)
    };
    let range = |r: &mut Range<usize>| *r = back(r.start)..back(r.end);
    out.problems.iter_mut().for_each(|p| range(&mut p.span));
    out.claims.iter_mut().for_each(|c| range(&mut c.span));
    out.citations.iter_mut().flat_map(|c| c.key_spans.iter_mut()).for_each(range);
}
