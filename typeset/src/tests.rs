//! The writer's output: the same bytes every time, widths by the fonts'
//! advances, and a flow that wraps, breaks pages and numbers them, read
//! back with the real PDFium (bound as `cargo xtask setup` leaves it:
//! `$PDFIUM_LIB`, `$PDFIUM_LIB_DIR`, or `target/pdfium/` above this crate).

use std::path::PathBuf;
use std::sync::LazyLock;

use pdfium_render::prelude::{PdfDocument, Pdfium};

use super::*;

static PDFIUM: LazyLock<Pdfium> = LazyLock::new(|| {
    let library = pdfium_library();
    let bindings = Pdfium::bind_to_library(&library)
        .unwrap_or_else(|err| panic!("binding {}: {err:?}", library.display()));
    Pdfium::new(bindings)
});

/// Where the PDFium library is: run `cargo xtask setup` if it is nowhere.
fn pdfium_library() -> PathBuf {
    let var = |name| std::env::var_os(name).filter(|value| !value.is_empty());
    if let Some(file) = var("PDFIUM_LIB") {
        return file.into();
    }
    if let Some(dir) = var("PDFIUM_LIB_DIR") {
        return PathBuf::from(dir).join("libpdfium.so");
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join("target/pdfium/libpdfium.so"))
        .find(|file| file.is_file())
        .expect("PDFium is in target/pdfium/ (cargo xtask setup puts it there)")
}

fn open(bytes: &[u8]) -> PdfDocument<'_> {
    PDFIUM
        .load_pdf_from_byte_slice(bytes, None)
        .expect("PDFium opens the file")
}

/// The text of each page as PDFium extracts it.
fn page_texts(bytes: &[u8]) -> Vec<String> {
    let document = open(bytes);
    document
        .pages()
        .iter()
        .map(|page| page.text().expect("has a text layer").all())
        .collect()
}

/// The words of `text`, spaces and line breaks aside.
fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

const PROSE: &str = "Hội nghị Ban Chấp hành Đảng bộ tỉnh thảo luận, cho ý kiến vào \
    dự thảo Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội, \
    quốc phòng, an ninh năm 2026 và phương hướng, nhiệm vụ năm 2027; thống \
    nhất giao Ban Thường vụ Tỉnh ủy chỉ đạo hoàn chỉnh các văn bản trình kỳ \
    họp Hội đồng nhân dân tỉnh.";

#[test]
fn the_same_pages_give_the_same_bytes_with_only_the_glyphs_they_use() {
    let pages: [&[&str]; 2] = [
        &[
            "NGHỊ QUYẾT",
            "Về kế hoạch phát triển kinh tế - xã hội năm 2026",
        ],
        &["Điều 1.", "Hội đồng nhân dân tỉnh quyết nghị."],
    ];
    let first = lines_pdf(&pages);
    assert_eq!(first, lines_pdf(&pages));
    assert_eq!(filler_pdf(3), filler_pdf(3));
    assert_ne!(first, lines_pdf(&pages[..1]));
    // Each face is about 500 KB whole; the subsets are a few KB.
    assert!(first.len() < 40_000, "{} bytes", first.len());
}

#[test]
fn a_text_is_as_wide_as_its_letters_at_its_size() {
    let word = text_width(Face::Regular, 12.0, "Việt");
    let letters: f32 = "Việt"
        .chars()
        .map(|c| text_width(Face::Regular, 12.0, &c.to_string()))
        .sum();
    assert!((word - letters).abs() < 0.001, "{word} vs {letters}");
    let double = text_width(Face::Regular, 24.0, "Việt");
    assert!(
        (double - 2.0 * word).abs() < 0.001,
        "{double} vs 2 × {word}"
    );
    assert!(text_width(Face::Bold, 12.0, "Việt") > word, "bold is wider");
    assert!(text_width(Face::Regular, 12.0, "").abs() < f32::EPSILON);
    let document = Document::new();
    assert!((document.width(Face::Regular, 12.0, "Việt") - word).abs() < 0.001);
}

#[test]
fn a_paragraph_wraps_at_spaces_within_the_width() {
    let style = Style::new(Face::Regular, 12.0).indent(0.0, 30.0);
    let lines = flow::wrap(&Document::new(), &style, 300.0, PROSE);
    assert!(lines.len() > 3, "{} lines", lines.len());
    for (i, line) in lines.iter().enumerate() {
        let room = if i == 0 { 270.0 } else { 300.0 };
        let width = text_width(style.face, style.size, &line.text);
        assert!(width <= room, "line {i} is {width} pt: {}", line.text);
        assert!(!line.text.starts_with(' ') && !line.text.ends_with(' '));
    }
    let joined: Vec<&str> = lines.iter().map(|line| line.text.as_str()).collect();
    assert_eq!(words(&joined.join(" ")), words(PROSE));
    assert!(lines[0].first && !lines[1].first);
    assert!(lines.last().is_some_and(|line| line.last));
}

#[test]
fn a_word_wider_than_a_line_is_cut_and_a_newline_breaks_the_line() {
    let style = Style::new(Face::Bold, 12.0);
    let long = "ĐẢNGCỘNGSẢNVIỆTNAM".repeat(3);
    let lines = flow::wrap(
        &Document::new(),
        &style,
        100.0,
        &format!("{long}\nKết thúc"),
    );
    let texts: Vec<&str> = lines.iter().map(|line| line.text.as_str()).collect();
    assert!(texts.len() > 3, "{texts:?}");
    assert_eq!(texts[..texts.len() - 1].concat(), long);
    assert_eq!(texts.last(), Some(&"Kết thúc"));
    for text in &texts {
        assert!(text_width(style.face, style.size, text) <= 100.0, "{text}");
    }
}

#[test]
fn a_flow_fills_pages_in_order_and_numbers_them() {
    let body = Style::new(Face::Regular, 12.0)
        .align(Align::Justify)
        .indent(0.0, 28.0)
        .space_after(6.0);
    let heading = Style::new(Face::Bold, 13.0).align(Align::Center);
    let mut flow = Flow::new(Margins::ADMINISTRATIVE);
    flow.paragraph(&heading, "BIÊN BẢN HỘI NGHỊ");
    for n in 1..=30 {
        flow.paragraph(&body, &format!("{n}. {PROSE}"));
    }
    let cell = Style::new(Face::Regular, 11.0);
    flow.row(&[
        (40.0, &cell, "1"),
        (200.0, &cell, "Nguyễn Văn An"),
        (200.0, &cell, "Văn phòng Tỉnh ủy"),
    ]);
    let pages = flow.page_count();
    assert!(pages >= 3, "{pages} pages");
    let bytes = flow.finish();

    let texts = page_texts(&bytes);
    assert_eq!(texts.len(), pages);
    for (i, text) in texts.iter().enumerate() {
        let label = format!("Trang {}/{pages}", i + 1);
        assert!(text.contains(&label), "page {i} says {label}");
    }
    let all = texts.join(" ");
    let mut expected = vec!["BIÊN BẢN HỘI NGHỊ".to_owned()];
    expected.extend((1..=30).map(|n| format!("{n}. {PROSE}")));
    expected.push("1 Nguyễn Văn An Văn phòng Tỉnh ủy".to_owned());
    let got: Vec<&str> = words(&all)
        .into_iter()
        .filter(|word| !word.starts_with("Trang") && !word.contains('/'))
        .collect();
    let expected = expected.join(" ");
    let expected: Vec<&str> = words(&expected)
        .into_iter()
        .filter(|word| !word.contains('/'))
        .collect();
    assert_eq!(got, expected, "every word, once, in order");
}

#[test]
fn a_flow_keeps_its_lines_between_the_margins() {
    let body = Style::new(Face::Regular, 12.0).align(Align::Justify);
    let mut flow = Flow::new(Margins::ADMINISTRATIVE);
    for _ in 0..12 {
        flow.paragraph(&body, PROSE);
    }
    let bytes = flow.finish();
    let document = open(&bytes);
    let margins = Margins::ADMINISTRATIVE;
    for page in document.pages().iter() {
        let text = page.text().expect("has a text layer");
        for c in text.chars().iter() {
            if c.unicode_char().is_none_or(char::is_whitespace) {
                continue;
            }
            let bounds = c.loose_bounds().expect("a drawn character has bounds");
            let (left, right) = (bounds.left().value, bounds.right().value);
            let (bottom, top) = (bounds.bottom().value, bounds.top().value);
            assert!(left >= margins.left - 1.0, "{left}");
            assert!(right <= PAGE_WIDTH - margins.right + 1.0, "{right}");
            assert!(top <= PAGE_HEIGHT - margins.top + 1.0, "{top}");
            // The page number sits in the bottom margin.
            assert!(bottom >= 10.0, "{bottom}");
        }
    }
}
