//! phonghop's PDF writer: A4 pages of text set in the bundled Noto Sans
//! (`assets/fonts/`, embedded), so every Vietnamese letter is drawn with
//! its diacritics and found again by search and copy.
//!
//! Three ways in, from the most to the least control:
//!
//! - [`Document`]: pages drawn by position, text in either [`Face`] (plain
//!   or with widened spaces, for a justified line) and ruled lines;
//! - [`Flow`]: paragraphs and table rows poured down the pages, wrapped by
//!   the faces' advance widths, a new page when one is full, pages numbered
//!   "Trang n/N" (the meeting minutes);
//! - [`lines_pdf`] and [`filler_pdf`]: lines per page as given, the first
//!   in large bold type (the test, bench and demo papers).
//!
//! Each face used is a Type0 font over a CIDFontType2 (Identity-H, two-byte
//! codes), subset by `subsetter` to the characters the document uses, with
//! a widths array and a ToUnicode map, so PDFium's search and copy give
//! back the text as written. Any Unicode text, up to 65535 distinct
//! characters per face; a character Noto Sans lacks is drawn as the missing
//! glyph but still found by search. No shaping and no kerning: write
//! composed (NFC) text.
//!
//! **Determinism:** the same calls give the same bytes, always: streams are
//! deflated at a fixed level, subset names come from a fixed hash, and
//! nothing reads the clock (the demo bundle's up-to-date check and the
//! signed minutes depend on it).

mod document;
mod flow;
mod font;
mod lines;
mod objects;

#[cfg(test)]
mod tests;

pub use document::{Document, PAGE_HEIGHT, PAGE_WIDTH};
pub use flow::{Align, Flow, Margins, Style};
pub use font::Face;
pub use lines::{filler_pdf, lines_pdf};

/// The width of `text` set in `face` at `size` points, in points: the sum
/// of its glyphs' advances, as [`Document`] and [`Flow`] set it.
pub fn text_width(face: Face, size: f32, text: &str) -> f32 {
    font::Font::new(face).width(size, text)
}
