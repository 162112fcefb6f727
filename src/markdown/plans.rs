//! What `annotate` finds in the text (bracketed spans, claims, citations),
//! shared by the modules that check it and write its markup, so that they
//! depend on this small module and not on `annotate`.

use std::ops::Range;

use super::syntax::{Attrs, CiteItem};

/// A bracketed span found in the text.
pub(super) struct SpanPlan {
    pub(super) open: usize,
    /// `]` to `}` inclusive.
    pub(super) close: Range<usize>,
    pub(super) attrs: Attrs,
    /// Resolved claim data, when the span is a claim.
    pub(super) claim: Option<ClaimPlan>,
}

pub(super) struct ClaimPlan {
    pub(super) id: String,
    pub(super) verdict: String,
    pub(super) label: String,
}

pub(super) struct CitePlan {
    pub(super) range: Range<usize>,
    pub(super) items: Vec<(CiteItem, Range<usize>)>,
}
