use super::draw::{self, HEIGHT, WIDTH};
use super::*;

fn card() -> Card {
    Card {
        label: "Mostly accurate".into(),
        verdict_id: "mostly-accurate".into(),
        headline: "“Spending on parks doubled in four years”".into(),
        byline: "— Mayor Ann Lee".into(),
        site: "City Desk".into(),
    }
}

#[test]
fn a_card_is_a_png_of_1200_by_630() {
    let png = card().draw();
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("the card decodes");
    assert_eq!((pixmap.width(), pixmap.height()), (WIDTH, HEIGHT));
    // The band at the left edge has the verdict's colour.
    let left = pixmap.pixel(2, 300).unwrap();
    assert_eq!((left.red(), left.green(), left.blue()), (0x0f, 0x6b, 0x74));
    // The headline is drawn: some pixels in its first line are ink.
    let inked = (100..1100).filter(|&x| pixmap.pixel(x, 230).unwrap().red() < 0x40).count();
    assert!(inked > 50, "{inked} dark pixels where the headline's first line is");
}

#[test]
fn long_text_wraps_and_ends_with_an_ellipsis_when_it_does_not_fit() {
    let face = draw::bold();
    let text = "word ".repeat(60);
    let (lines, fits) = draw::wrap(face, &text, 60.0, 0.0, 1000.0, 3);
    assert!(!fits);
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| face.width(l, 60.0, 0.0) <= 1000.0), "{lines:?}");
    assert!(lines[2].ends_with("word…"), "{lines:?}");
    let (lines, fits) = draw::wrap(face, "Short words", 60.0, 0.0, 1000.0, 3);
    assert!(fits);
    assert_eq!(lines, ["Short words"]);
    // A word wider than a line is cut.
    let (lines, _) = draw::wrap(face, &"x".repeat(100), 60.0, 0.0, 500.0, 9);
    assert!(lines.len() > 1 && lines.iter().all(|l| face.width(l, 60.0, 0.0) <= 500.0), "{lines:?}");
}

/// A pasted address of 50,000 characters as a title is cut after the lines
/// that show (it once measured every prefix of it, for minutes).
#[test]
fn a_huge_unbroken_word_is_cut_after_the_lines_that_show() {
    let face = draw::bold();
    let (lines, fits) = draw::wrap(face, &"x".repeat(50_000), 60.0, 0.0, 1000.0, 3);
    assert!(!fits);
    assert_eq!(lines.len(), 3);
    assert!(lines[2].ends_with('…'), "{lines:?}");
}

#[test]
fn text_is_escaped_in_the_svg() {
    let c = Card { headline: "<b>&\"quoted\"</b>".into(), site: "A & B".into(), ..card() };
    let svg = draw::svg(&c);
    assert!(svg.contains("&lt;b&gt;&amp;&quot;quoted&quot;&lt;/b&gt;"), "{svg}");
    assert!(svg.contains("A &amp; B"));
    assert!(!c.draw().is_empty());
    // Characters XML refuses are left out, not a reason to fail.
    let odd = Card { headline: "Bell\u{7} and \u{fffe} end".into(), label: "Ok\u{1b}".into(), ..card() };
    assert!(draw::svg(&odd).contains(">Bell and  end<"));
    assert!(!odd.draw().is_empty());
}

#[test]
fn the_key_changes_with_what_the_card_shows_and_only_then() {
    let base = card();
    assert_eq!(base.key(), card().key());
    let changed = [
        Card { label: "False".into(), ..card() },
        Card { headline: "Another claim".into(), ..card() },
        Card { byline: "— Someone else".into(), ..card() },
        Card { site: "Another desk".into(), ..card() },
        // Another colour for the same label.
        Card { verdict_id: "false".into(), ..card() },
        // Text moved from one field to the next.
        Card {
            headline: "“Spending on parks doubled in four years”—".into(),
            byline: " Mayor Ann Lee".into(),
            ..card()
        },
    ];
    for c in &changed {
        assert_ne!(c.key(), base.key(), "{c:?}");
    }
    // An id the palette does not know and another one share the neutral colour.
    let a = Card { verdict_id: "disputed".into(), ..card() };
    let b = Card { verdict_id: "contested".into(), ..card() };
    assert_eq!(a.key(), b.key());
}

#[test]
fn unknown_verdicts_are_neutral_and_a_card_without_one_uses_ink() {
    assert_eq!(palette::verdict("false"), "#b3232b");
    assert_eq!(palette::verdict("made-up"), palette::NEUTRAL);
    assert_eq!(palette::band(&Card { label: String::new(), ..card() }), palette::INK);
}

#[test]
fn the_alt_text_says_what_the_card_shows() {
    assert_eq!(card().alt(), "Mostly accurate: “Spending on parks doubled in four years” — Mayor Ann Lee (City Desk)");
    let plain = Card { label: String::new(), byline: String::new(), headline: "A headline".into(), ..card() };
    assert_eq!(plain.alt(), "A headline (City Desk)");
}

/// Writes sample cards to look at: `GLOSS_CARD_SAMPLES=DIR cargo test
/// --release --lib cards::tests::samples -- --ignored`.
#[test]
#[ignore]
fn samples() {
    let dir = std::path::PathBuf::from(std::env::var("GLOSS_CARD_SAMPLES").expect("GLOSS_CARD_SAMPLES=DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let long = "“The city spent more on parks last year than on police, fire and schools combined, and the \
                council hid the numbers in an appendix nobody reads, according to the budget office itself”";
    let samples = [
        ("claim", card()),
        ("long", Card { headline: long.into(), label: "False".into(), verdict_id: "false".into(), ..card() }),
        (
            "article",
            Card {
                label: String::new(),
                byline: String::new(),
                headline: "How a city budget claim holds up".into(),
                ..card()
            },
        ),
        ("unknown", Card { label: "Needs context".into(), verdict_id: "needs-context".into(), ..card() }),
    ];
    for (name, c) in samples {
        std::fs::write(dir.join(format!("{name}.png")), c.draw()).unwrap();
    }
}

/// Where a card's time goes: `cargo test --release --lib
/// cards::tests::stages -- --ignored --nocapture`.
#[test]
#[ignore]
fn stages() {
    use resvg::{tiny_skia, usvg};
    let (c, n) = (card(), 50);
    let _ = c.draw();
    let options = usvg::Options { font_family: "Inter".into(), fontdb: draw::fonts(), ..usvg::Options::default() };
    let t = std::time::Instant::now();
    let trees: Vec<usvg::Tree> = (0..n).map(|_| usvg::Tree::from_str(&draw::svg(&c), &options).unwrap()).collect();
    let tree = t.elapsed() / n;
    let t = std::time::Instant::now();
    let pixmaps: Vec<tiny_skia::Pixmap> = trees
        .iter()
        .map(|tree| {
            let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).unwrap();
            resvg::render(tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
            pixmap
        })
        .collect();
    let render = t.elapsed() / n;
    let t = std::time::Instant::now();
    let sizes: Vec<usize> = pixmaps.iter().map(|p| draw::encode(p).len()).collect();
    let size = sizes[0];
    let encode = t.elapsed() / n;
    eprintln!("layout and SVG tree {tree:?}, painting {render:?}, PNG {encode:?} ({size} bytes)");
}
