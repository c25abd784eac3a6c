//! The PDF writer for test, demo and bench papers: A4 pages of text set in
//! the kiosk's own Noto Sans (`assets/fonts/`, embedded), so every
//! Vietnamese letter is drawn with its diacritics and found by search.
//!
//! Two ways in:
//!
//! - [`make_test_pdf_with_text`] (and [`make_test_pdf`], its filler prose):
//!   lines per page, the first in large bold type, the rest in body type;
//! - `TestPdf` (in `document.rs`): pages drawn by position, in either face,
//!   with justified lines and ruled lines, for a paper with a layout of its
//!   own. The kiosk bench includes these files by path for its draft
//!   resolution, since the crate exports only the two functions.
//!
//! Each face used is a Type0 font over a CIDFontType2 (Identity-H, two-byte
//! codes), subset by `subsetter` to the characters the paper uses, with a
//! widths array and a ToUnicode map, so PDFium's search and copy give back
//! the text as written. Any Unicode text, up to 65535 distinct characters
//! per face; a character Noto Sans lacks is drawn as the missing glyph but
//! still found by search. No shaping: write composed (NFC) text.
//! Streams are deflated at a fixed level: the same pages always give the
//! same bytes (the demo bundle's up-to-date test depends on it).

mod document;
mod font;
mod objects;

#[cfg(test)]
mod tests;

pub use document::{PAGE_HEIGHT, PAGE_WIDTH, TestPdf};
pub use font::Face;

const MARGIN: f32 = 56.0;
const TITLE_SIZE: f32 = 18.0;
const BODY_SIZE: f32 = 11.0;
const BODY_LEADING: f32 = 15.0;
const BODY_LINES: u32 = 40;

const FILLER: &[&str] = &[
    "the",
    "committee",
    "resolves",
    "to",
    "approve",
    "annual",
    "plan",
    "for",
    "budget",
    "district",
    "schools",
    "roads",
    "health",
    "report",
    "members",
    "agreed",
    "draft",
    "article",
    "clause",
    "amended",
    "vote",
    "session",
    "delegates",
    "opinion",
    "review",
    "finance",
    "land",
    "water",
    "province",
    "council",
    "and",
    "of",
    "in",
    "with",
    "by",
];

/// A paper of `pages` A4 pages: each starts "Page n of N" in large type,
/// followed by forty lines of committee prose (which never says "page"), so
/// rendering costs about what a real text page costs.
#[doc(hidden)]
pub fn make_test_pdf(pages: u32) -> Vec<u8> {
    let texts: Vec<Vec<String>> = (1..=pages)
        .map(|n| {
            let mut lines = vec![format!("Page {n} of {pages}")];
            lines.extend((0..BODY_LINES).map(|line| filler_line(n, line)));
            lines
        })
        .collect();
    make_test_pdf_with_text(&texts)
}

/// A paper with the given lines on each page, as they are (no wrapping):
/// the first line of a page in 18 pt Noto Sans Bold at the top margin, the
/// rest in 11 pt Noto Sans Regular, 15 pt apart, 56 pt from the left edge.
#[doc(hidden)]
pub fn make_test_pdf_with_text<P: AsRef<[L]>, L: AsRef<str>>(pages: &[P]) -> Vec<u8> {
    let mut pdf = TestPdf::new();
    for lines in pages {
        pdf.new_page();
        let mut y = PAGE_HEIGHT - MARGIN - TITLE_SIZE;
        for (i, line) in lines.as_ref().iter().enumerate() {
            let (face, size, step) = if i == 0 {
                (Face::Bold, TITLE_SIZE, 2.0 * BODY_LEADING)
            } else {
                (Face::Regular, BODY_SIZE, BODY_LEADING)
            };
            pdf.text(face, size, MARGIN, y, line.as_ref());
            y = (y - step).max(0.0);
        }
    }
    pdf.finish()
}

fn filler_line(page: u32, line: u32) -> String {
    let words = 11 + (page + line) % 4;
    (0..words)
        .map(|w| {
            let index = (page * 31 + line * 7 + w * 13) as usize % FILLER.len();
            FILLER[index]
        })
        .collect::<Vec<_>>()
        .join(" ")
}
