//! Claim spans that read fine but publish something the writer did not
//! mean: a span with no words (an empty highlight, an empty "claim
//! reviewed"), and a span whose id is one typo away from a front-matter
//! claim no span marks (the span publishes on its own, and the claim it was
//! meant for shows as "not quoted in the text").

use std::ops::Range;

use super::Problem;
use super::plans::SpanPlan;
use crate::diagnostics::Severity;
use crate::model::{ClaimMeta, IndexMap};

/// A claim span as written: its id, its text and where it is in the body.
struct Marked<'a> {
    id: &'a str,
    text: &'a str,
    at: Range<usize>,
    /// The id is not in the front matter and the span gives its own verdict
    /// (without one, the claim is already an error: it has no verdict).
    only_inline: bool,
}

pub(super) fn check(body: &str, spans: &[SpanPlan], claims: &IndexMap<String, ClaimMeta>, problems: &mut Vec<Problem>) {
    let marked: Vec<Marked> = spans
        .iter()
        .filter_map(|s| {
            let id = s.claim.as_ref()?.id.as_str();
            let only_inline = s.attrs.get("verdict").is_some() && !claims.contains_key(id);
            Some(Marked { id, text: &body[s.open + 1..s.close.start], at: s.open..s.close.end, only_inline })
        })
        .collect();
    let unmarked: Vec<&str> =
        claims.keys().map(String::as_str).filter(|id| !marked.iter().any(|m| m.id == *id)).collect();
    let mut problem = |at: &Range<usize>, message: String, help: String| {
        problems.push(Problem { severity: Severity::Error, message, help, span: at.clone() });
    };
    for m in marked {
        if m.text.trim().is_empty() {
            problem(
                &m.at,
                format!("claim `{}` marks no words", m.id),
                "put the claim's words between the brackets: `[the words]{.claim #id}`".into(),
            );
        }
        if !m.only_inline {
            continue;
        }
        if let Some(meant) = unmarked.iter().find(|u| strsim::damerau_levenshtein(m.id, u) == 1) {
            problem(
                &m.at,
                format!("claim `{}` is not in the front matter, but `{meant}` is and no span marks it", m.id),
                format!("did you mean `#{meant}`? If they are two claims, give them less similar ids"),
            );
        }
    }
}
