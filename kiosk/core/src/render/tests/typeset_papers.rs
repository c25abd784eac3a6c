//! The papers of phonghop's writer (`typeset`) in the real PDFium, through
//! the renderer: every Vietnamese letter drawn where search finds it,
//! justified lines and rules where they were put.

use typeset::{Document, Face, lines_pdf};

use crate::render::{DEFAULT_BUDGET_BYTES, HitRect, RenderedPage, Renderer};

fn start() -> Renderer {
    Renderer::start(None, DEFAULT_BUDGET_BYTES).unwrap_or_else(|err| panic!("{err}"))
}

fn is_dark(px: [u8; 4]) -> bool {
    u16::from(px[0]) + u16::from(px[1]) + u16::from(px[2]) < 3 * 128
}

#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    reason = "page fractions of a bitmap a few hundred pixels wide"
)]
fn dark_pixels_in(page: &RenderedPage, rect: &HitRect) -> usize {
    let (w, h) = (page.width as f32, page.height as f32);
    let (x0, x1) = (
        (rect.x * w).floor() as u32,
        ((rect.x + rect.width) * w).ceil() as u32,
    );
    let (y0, y1) = (
        (rect.y * h).floor() as u32,
        ((rect.y + rect.height) * h).ceil() as u32,
    );
    (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|&(x, y)| page.pixel(x, y).is_some_and(is_dark))
        .count()
}

/// Every letter of Vietnamese that ASCII lacks, small then capital: 134,
/// more than the old one-byte encoding's 128.
fn vietnamese_letters() -> Vec<char> {
    let small: Vec<char> = "ăâđêôơư\
                            àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩị\
                            òóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
        .chars()
        .collect();
    let capital = small.iter().flat_map(|c| c.to_uppercase());
    small.iter().copied().chain(capital).collect()
}

#[test]
fn every_vietnamese_letter_is_drawn_where_search_finds_it() {
    let letters = vietnamese_letters();
    assert_eq!(letters.len(), 134);
    let mut lines = vec!["Bảng chữ cái".to_owned()];
    lines.extend(letters.chunks(12).map(|chunk| {
        chunk
            .iter()
            .map(char::to_string)
            .collect::<Vec<_>>()
            .join("  ")
    }));
    let renderer = start();
    renderer
        .open("letters", lines_pdf(&[lines]))
        .expect("opens");
    let page = renderer.render("letters", 0, 1200, 1.0).expect("renders");

    for letter in letters {
        let hits = renderer
            .search("letters", &letter.to_string())
            .expect("searches");
        assert!(!hits.is_empty(), "{letter} is found");
        for rect in hits.iter().flat_map(|hit| &hit.rects) {
            assert!(
                dark_pixels_in(&page, rect) > 0,
                "{letter} is drawn where it is found: {rect:?}"
            );
        }
    }
}

#[test]
fn search_finds_viet_nam_on_the_pages_that_say_it() {
    let pages: [&[&str]; 3] = [
        &["Báo cáo", "Tình hình kinh tế - xã hội"],
        &[
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Cộng hòa xã hội chủ nghĩa Việt Nam",
        ],
        &["Phụ lục", "Các chỉ tiêu chủ yếu"],
    ];
    let renderer = start();
    renderer.open("paper", lines_pdf(&pages)).expect("opens");
    let pages_of = |query: &str| -> Vec<u32> {
        renderer
            .search("paper", query)
            .expect("searches")
            .iter()
            .map(|hit| hit.page)
            .collect()
    };
    assert_eq!(pages_of("Việt Nam"), [1, 1], "the heading and the line");
    assert_eq!(pages_of("ĐẢNG CỘNG SẢN"), [1]);
    assert_eq!(pages_of("chỉ tiêu"), [2]);
    assert!(pages_of("Viet Nam").is_empty());
}

#[test]
fn a_justified_line_ends_where_it_was_stretched_to_and_rules_are_drawn() {
    let text = "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng";
    let mut pdf = Document::new();
    let natural = pdf.width(Face::Regular, 12.0, text);
    assert!(natural > 200.0 && natural < 400.0, "{natural}");
    let spaces = text.matches(' ').count();
    let extra = (400.0 - natural) / f32::from(u8::try_from(spaces).expect("few spaces"));
    pdf.text_spaced(Face::Regular, 12.0, 100.0, 700.0, text, extra);
    pdf.line((100.0, 600.0), (500.0, 600.0), 1.0);
    let renderer = start();
    renderer.open("page", pdf.finish()).expect("opens");
    // 595 px wide: a pixel is a point, and y runs down from the top.
    let page = renderer.render("page", 0, 595, 1.0).expect("renders");

    let rightmost = (125..150)
        .flat_map(|y| (0..595).map(move |x| (x, y)))
        .filter(|&(x, y)| page.pixel(x, y).is_some_and(is_dark))
        .map(|(x, _)| x)
        .max()
        .expect("the line has ink");
    assert!(
        (495..=501).contains(&rightmost),
        "ends at {rightmost}, not 500"
    );
    let rule = (100..500)
        .filter(|&x| (240..244).any(|y| page.pixel(x, y).is_some_and(is_dark)))
        .count();
    assert!(rule > 390, "{rule} px of the rule");
    let hits = renderer.search("page", "phạm vi").expect("searches");
    assert_eq!(hits.len(), 1, "the stretched words are still words");
}
