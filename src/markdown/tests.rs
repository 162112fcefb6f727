use crate::model::IndexMap;

use super::*;
use crate::config::Verdicts;
use crate::model::ClaimMeta;

fn render_with(body: &str, claims: &[(&str, &str)]) -> Rendered {
    let claims: IndexMap<String, ClaimMeta> = claims
        .iter()
        .map(|(id, v)| (id.to_string(), ClaimMeta { verdict: Some(v.to_string()), ..Default::default() }))
        .collect();
    let verdicts = Verdicts::default_scale();
    render(body, &Scope { claims: &claims, verdicts: &verdicts, unsafe_html: true, links: None, first_line: 1 })
}

fn errors(r: &Rendered) -> Vec<&str> {
    r.problems.iter().map(|p| p.message.as_str()).collect()
}

#[test]
fn citations_are_numbered_by_first_use() {
    let r = render_with("A [@b]. B [@a; @b, para. 9].\n", &[]);
    assert_eq!(r.cited_order, ["b", "a"]);
    assert!(
        r.html.contains(r##"<sup class="citation" id="cite-2" data-cites="a b"><a href="#source-a">2</a><a href="#source-b">1<span class="locator">, para. 9</span></a></sup>"##),
        "{}",
        r.html
    );
    assert_eq!(r.citations.len(), 2);
    assert!(errors(&r).is_empty());
}

#[test]
fn claim_span_crossing_lines_with_emphasis_and_link() {
    let body = "Officials say [a *smuggler* with\n   [ties](https://x.org)]{.claim #ties}[@cnn] today.\n";
    let r = render_with(body, &[("ties", "attributed")]);
    assert!(errors(&r).is_empty(), "{:?}", r.problems);
    let c = &r.claims[0];
    assert_eq!(c.id, "ties");
    assert_eq!(c.text, "a smuggler with ties");
    assert_eq!(c.text_html, "a <em>smuggler</em> with\n<a href=\"https://x.org\">ties</a>");
    assert_eq!(c.cited, ["cnn"]);
    assert!(
        r.html.contains(
            r#"<span class="claim" id="claim-ties" data-claim="ties" data-verdict="attributed">a <em>smuggler</em>"#
        ),
        "{}",
        r.html
    );
    assert!(r.html.contains(r##"<a class="claim-verdict" href="#claim-entry-ties" data-verdict="attributed">Attributed</a></span><sup class="citation""##), "{}", r.html);
}

#[test]
fn inline_attributes_survive_smart_quotes() {
    let r = render_with("[X said it]{.claim #x verdict=false claimant=\"Sen. X\"} [@a]\n", &[]);
    assert!(errors(&r).is_empty(), "{:?}", r.problems);
    let c = &r.claims[0];
    assert_eq!(c.claimant.as_deref(), Some("Sen. X"));
    assert_eq!(c.verdict.as_deref(), Some("false"));
    assert_eq!(c.cited, ["a"]);
    assert!(!r.html.contains('{') && !r.html.contains("claimant"), "{}", r.html);
}

#[test]
fn code_is_never_annotated() {
    let r = render_with("`[@a]` and `[x]{.claim #x}`\n\n```\n[@b]\n```\n", &[]);
    assert!(r.citations.is_empty() && r.claims.is_empty());
    assert!(r.html.contains("<code>[@a]</code>"), "{}", r.html);
    assert!(r.html.contains("[@b]"), "{}", r.html);
}

#[test]
fn escapes_and_entities_are_literal() {
    let r = render_with("\\[@a] and &#91;@b] and \\\\[@c]\n", &[]);
    assert_eq!(r.cited_order, ["c"]);
    assert!(r.html.contains("[@a] and [@b] and \\<sup"), "{}", r.html);
}

#[test]
fn other_spans_keep_their_attributes() {
    let r = render_with("[Small]{.smallcaps} and [here]{#anchor lang=fr}\n", &[]);
    assert!(r.html.contains(r#"<span class="smallcaps">Small</span>"#), "{}", r.html);
    assert!(r.html.contains(r#"<span id="anchor" lang="fr">here</span>"#), "{}", r.html);
    let r = render_with("[x]{#a .b .c data-key=\"v<&\" data-x=1 title='t\"'}\n", &[]);
    let tag = r#"<span id="a" class="b c" data-key="v&lt;&amp;" data-x="1" title="t&quot;">x</span>"#;
    assert!(r.html.contains(tag), "{}", r.html);
    assert!(errors(&r).is_empty(), "{:?}", r.problems);
}

/// The message and the text it points at, for each problem.
fn located<'b>(body: &'b str, r: &Rendered) -> Vec<(String, &'b str)> {
    r.problems.iter().map(|p| (p.message.clone(), &body[p.span.clone()])).collect()
}

#[test]
fn span_attributes_other_than_safe_ones_are_errors_at_the_key() {
    let body = "[x]{#a onclick=\"alert(1)\" verdict=false style=x data-ok=1}\n";
    let r = render_with(body, &[]);
    let found = located(body, &r);
    let keys: Vec<&str> = found.iter().map(|(_, at)| *at).collect();
    assert_eq!(keys, ["onclick", "verdict", "style"], "{found:?}");
    assert_eq!(found[0].0, "`onclick` is not an attribute gloss writes");
    assert!(r.problems[0].help.contains("data-onclick"), "{}", r.problems[0].help);
    assert_eq!(found[1].0, "`verdict` is a claim's attribute, but this span is not a claim");
    assert!(!r.html.contains("onclick") && !r.html.contains("style"), "{}", r.html);
    assert!(r.html.contains(r#"<span id="a" data-ok="1">x</span>"#), "{}", r.html);
}

#[test]
fn heading_attributes_are_checked_like_span_attributes() {
    let body = "## Title {#t onfocus=alert(1)}\n";
    let r = render_with(body, &[]);
    assert_eq!(located(body, &r), [("`onfocus` is not an attribute gloss writes".to_string(), "onfocus")]);
    assert!(!r.html.contains("onfocus"), "{}", r.html);
    let r = render_with("## Title {#t .wide title=\"two words\" data-x=1 lang=fr}\n", &[]);
    assert!(errors(&r).is_empty(), "{:?}", r.problems);
    let h2 = r#"<h2 id="t" class="wide" title="two words" data-x="1" lang="fr">Title</h2>"#;
    assert!(r.html.contains(h2), "{}", r.html);
}

#[test]
fn prose_in_braces_ending_a_heading_stays_text() {
    let r = render_with("## The set {x}\n", &[]);
    assert!(errors(&r).is_empty(), "{:?}", r.problems);
    assert!(r.html.contains(r#"<h2 id="the-set-x">The set {x}</h2>"#), "{}", r.html);
}

#[test]
fn claim_ending_a_heading_line_is_a_claim() {
    let r = render_with("## Officials say [it snowed]{.claim #snow verdict=false}\n", &[]);
    assert!(errors(&r).is_empty(), "{:?}", r.problems);
    assert_eq!(r.claims.len(), 1, "{}", r.html);
    assert_eq!(r.claims[0].text, "it snowed");
    assert!(
        r.html.contains(r#"<h2 id="officials-say-it-snowed">Officials say <span class="claim" id="claim-snow""#),
        "{}",
        r.html
    );
    assert!(!r.html.contains("{.claim"), "{}", r.html);
}

#[test]
fn a_heading_itself_cannot_be_a_claim() {
    let body = "## Title {.claim #t verdict=false}\n";
    let r = render_with(body, &[]);
    let found = located(body, &r);
    assert_eq!(found, [("a heading cannot be a claim".to_string(), "{.claim #t verdict=false}")]);
    assert!(!r.html.contains("class=\"claim\""), "{}", r.html);
}

#[test]
fn attribute_values_are_plain_text_whatever_they_hold() {
    for unsafe_html in [true, false] {
        let body = "A [x]{.claim #a verdict=false claimant=\"a *b* c\"}, [y]{.claim #b verdict=false \
                    claimant=\"a `b` c\"} and [z]{.claim #c verdict=false claimant=\"a <b>b</b> _c_\"}.\n";
        let claims = IndexMap::default();
        let verdicts = Verdicts::default_scale();
        let r = render(body, &Scope { claims: &claims, verdicts: &verdicts, unsafe_html, links: None, first_line: 1 });
        assert!(errors(&r).is_empty(), "unsafe_html {unsafe_html}: {:?}", r.problems);
        let claimants: Vec<_> = r.claims.iter().map(|c| c.claimant.as_deref().unwrap_or("")).collect();
        assert_eq!(claimants, ["a *b* c", "a `b` c", "a <b>b</b> _c_"], "unsafe_html {unsafe_html}");
        let spans: Vec<_> =
            r.claims.iter().map(|c| r.html[..].matches(&format!("id=\"claim-{}\"", c.id)).count()).collect();
        assert_eq!(spans, [1, 1, 1], "{}", r.html);
        for leak in ["claimant", "{", "<b>", "<em>", "<code>"] {
            assert!(!r.html.contains(leak), "unsafe_html {unsafe_html}: {leak} in {}", r.html);
        }
        assert!(r.html.ends_with("False</a></span>.</p>\n"), "{}", r.html);
    }
}

#[test]
fn markdown_in_a_value_does_not_pair_with_markdown_outside() {
    // The `*` in the value must not close the `*` before the span.
    let r = render_with("*[a]{.claim #a verdict=false claimant=\"x*\"} b* and `c\n", &[]);
    assert!(errors(&r).is_empty(), "{:?}", r.problems);
    assert_eq!(r.claims[0].claimant.as_deref(), Some("x*"));
    assert!(r.html.starts_with("<p><em><span class=\"claim\""), "{}", r.html);
}

#[test]
fn claim_markup_that_did_not_become_a_claim_is_an_error_where_it_is() {
    for body in [
        "Lost bracket: [it rained{.claim #r verdict=false}.\n",
        "A space: [it rained] {.claim #r verdict=false}.\n",
        "A link: [it rained](https://x.org){.claim #r verdict=false}.\n",
        "Escaped: [it rained\\]{.claim #r verdict=false}.\n",
    ] {
        let r = render_with(body, &[]);
        let found = located(body, &r);
        assert_eq!(found, [("this `{.claim …}` did not become a claim".to_string(), "{.claim")], "{body:?}");
        assert!(r.problems[0].help.contains("[its words]{.claim #id}"), "{}", r.problems[0].help);
    }
    // In code it is literal, and a malformed block is reported once.
    let r = render_with("`[x]{.claim #a}`\n\n```\n{.claim\n```\n", &[]);
    assert!(errors(&r).is_empty(), "{:?}", r.problems);
    let r = render_with("[x]{.claim #a oops}\n", &[]);
    assert_eq!(errors(&r), ["`oops` is not an attribute: write `#id`, `.class` or `key=value`"]);
}

#[test]
fn nul_becomes_the_replacement_character_and_positions_stay() {
    let body = "a\0b [@k] [x]{\0bad}\n";
    let r = render_with(body, &[]);
    assert!(r.html.contains("a\u{FFFD}b") && !r.html.contains('\0'), "{:?}", r.html);
    assert_eq!(&body[r.citations[0].key_spans[0].clone()], "@k");
    let r = render_with("[x]{#a title=\"n\0l\"}\n", &[]);
    assert!(r.html.contains("title=\"n\u{FFFD}l\""), "{:?}", r.html);
    assert_eq!(render_inline("n\0te", false, &mut Vec::new()), "n\u{FFFD}te");
}

#[test]
fn claim_errors_are_reported() {
    let r = render_with("[a]{.claim} [b]{.claim #b} [c]{.claim #c verdict=maybe} [d]{.claim #d vedict=false}\n", &[]);
    let e = errors(&r);
    assert!(e.contains(&"this claim has no id"), "{e:?}");
    assert!(e.contains(&"claim `b` has no verdict"), "{e:?}");
    assert!(e.contains(&"verdict `maybe` is not in the site's scale"), "{e:?}");
    assert!(e.contains(&"`vedict` is not a claim attribute"), "{e:?}");
    let r = render_with("[a]{.claim #a} and [a again]{.claim #a}\n", &[("a", "false")]);
    assert_eq!(errors(&r), ["claim `a` is marked twice in this article"]);
}

#[test]
fn brackets_never_cross_containers() {
    let r = render_with("*[a* b]{.x} and [c\n\nd]{.claim #y}\n", &[]);
    assert!(r.claims.is_empty(), "{:?}", r.claims);
    assert!(r.html.contains("{.x}"), "{}", r.html);
}

#[test]
fn notes_are_numbered_with_backrefs() {
    let r = render_with("One[^b] two[^a] three[^b].\n\n[^a]: Note A [@s].\n[^b]: Note B.\n[^c]: unused\n", &[]);
    let labels: Vec<_> = r.notes.iter().map(|n| (n.label.as_str(), n.number, n.backrefs.len())).collect();
    assert_eq!(labels, [("b", 1, 2), ("a", 2, 1)]);
    assert!(
        r.html.contains(r##"<sup class="footnote-ref"><a href="#fn-b" id="fnref-b-2" data-footnote-ref>1</a></sup>"##),
        "{}",
        r.html
    );
    assert!(r.notes[1].html.contains("data-cites=\"s\""), "{}", r.notes[1].html);
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert_eq!(r.problems[0].severity, Severity::Warning);
}

#[test]
fn headings_get_unique_ids() {
    let r = render_with("## Sources\n\n## What is known\n\n## What is known\n\n## Custom {#unknown}\n", &[]);
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["sources-1", "what-is-known", "what-is-known-1", "unknown"]);
}

#[test]
fn unclosed_citation_is_an_error() {
    let r = render_with("See [@cnn for more.\n", &[]);
    assert_eq!(errors(&r), ["this citation is not closed"]);
}

#[test]
fn raw_html_can_be_escaped() {
    let claims = IndexMap::default();
    let verdicts = Verdicts::default_scale();
    let r = render(
        "<script>x</script>\n\nHi <b>there</b>\n",
        &Scope { claims: &claims, verdicts: &verdicts, unsafe_html: false, links: None, first_line: 1 },
    );
    assert!(!r.html.contains("<script>") && !r.html.contains("<b>"), "{}", r.html);
}

#[test]
fn links_to_articles_become_relative_urls() {
    let mut map = links::LinkMap::default();
    map.urls.insert("explainers/b.md".into(), "explainers/b-slug/".into());
    map.urls.insert("other.md".into(), "other/".into());
    let here = links::Here { file: std::path::Path::new("explainers/a.md"), url: "explainers/a/" };
    let claims = IndexMap::default();
    let verdicts = Verdicts::default_scale();
    let scope =
        Scope { claims: &claims, verdicts: &verdicts, unsafe_html: true, links: Some((&map, &here)), first_line: 1 };
    let r = render("[b](b.md#x) [o](@/other.md) [o2](../other.md) [gone](c.md) [js](javascript:alert(1))\n", &scope);
    assert!(r.html.contains(r##"<a href="../b-slug/#x">b</a>"##), "{}", r.html);
    assert!(r.html.contains(r##"<a href="../../other/">o</a> <a href="../../other/">o2</a>"##), "{}", r.html);
    let e = errors(&r);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].contains("there is no article content/explainers/c.md"), "{e:?}");
    assert!(e[1].contains("javascript:"), "{e:?}");
}

#[test]
fn notes_referred_to_only_by_an_ignored_duplicate_are_dropped() {
    // The second `[^1]` definition is ignored, and with it its reference
    // to `[^note]`: that note, and the citation in it, are not published.
    let r = render_with("\n[^note]: n *e*\n{.claim #a}[@a]\n[^1]: x\n\n[^1]: x\n[^note][\n# [^1]", &[]);
    assert!(r.citations.is_empty(), "{:?}", r.citations);
    assert_eq!(r.notes.iter().map(|n| n.label.as_str()).collect::<Vec<_>>(), ["1"]);
}

#[test]
fn claim_attributes_over_blockquote_lines_work() {
    let r = render_with("> Quoted [y]{.claim #q verdict=false\n> claimant=\"a *b*\"} end.\n", &[]);
    assert!(errors(&r).is_empty(), "{:?}", r.problems);
    assert_eq!(r.claims[0].claimant.as_deref(), Some("a *b*"));
    assert!(r.html.contains("</span> end.</p>\n</blockquote>"), "{}", r.html);
}

#[test]
fn a_pipe_in_a_table_cell_value_is_an_error_with_help() {
    let body = "| a |\n|---|\n| [x]{.claim #t verdict=false claimant=\"a|b\"} |\n";
    let r = render_with(body, &[]);
    assert_eq!(located(body, &r), [("these attributes are cut in two by the Markdown around them".to_string(), "{")]);
    assert!(r.problems[0].help.contains("`\\|`"), "{}", r.problems[0].help);
    let r = render_with(&body.replace("a|b", "a\\|b"), &[]);
    assert!(errors(&r).is_empty(), "{:?}", r.problems);
    assert_eq!(r.claims[0].claimant.as_deref(), Some("a|b"));
}
