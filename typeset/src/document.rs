//! [`Document`]: A4 pages drawn by position. The lines-per-page papers
//! (`lines.rs`) and the paragraph flow (`flow.rs`) draw on it; a paper
//! with a layout of its own (the kiosk bench's draft resolution) can too.

use std::fmt::Write as _;

use crate::font::{Face, Font, OBJECTS_PER_FONT};
use crate::objects::{Objects, num};

/// The width of an A4 page, in points.
pub const PAGE_WIDTH: f32 = 595.0;
/// The height of an A4 page, in points.
pub const PAGE_HEIGHT: f32 = 842.0;

/// A paper of A4 pages: text in Noto Sans Regular or Bold and ruled lines,
/// placed in points from the page's bottom left corner. Drawing goes on the
/// current page: the last one started with [`Document::new_page`] (the
/// first is started by the first drawing if need be), or an earlier one
/// chosen with [`Document::go_to_page`]. [`Document::finish`] gives the
/// file.
#[derive(Debug)]
pub struct Document {
    fonts: [Font; 2],
    /// Each page's content stream.
    pages: Vec<String>,
    /// The page drawing goes on (an index into `pages`).
    current: usize,
}

impl Default for Document {
    fn default() -> Self {
        Self::new()
    }
}

impl Document {
    /// An empty document, with no page yet.
    pub fn new() -> Self {
        Self {
            fonts: Face::ALL.map(Font::new),
            pages: Vec::new(),
            current: 0,
        }
    }

    /// Starts a new page at the end; what is drawn next goes on it.
    pub fn new_page(&mut self) {
        self.pages.push(String::new());
        self.current = self.pages.len() - 1;
    }

    /// How many pages the document has so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Makes page `index` (from 0) the current page, to draw on it again
    /// (a page number once the page count is known, say).
    ///
    /// # Panics
    ///
    /// If there is no such page.
    pub fn go_to_page(&mut self, index: usize) {
        assert!(
            index < self.pages.len(),
            "typeset: page {index} of {}",
            self.pages.len()
        );
        self.current = index;
    }

    /// The width of `text` in `face` at `size` points, in points (the sum
    /// of the glyphs' advances; no kerning, as nothing is kerned when set).
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        self.fonts[face.index()].width(size, text)
    }

    /// Sets `text` on one line, its baseline starting at (`x`, `y`).
    pub fn text(&mut self, face: Face, size: f32, x: f32, y: f32, text: &str) {
        self.text_spaced(face, size, x, y, text, 0.0);
    }

    /// Like [`Document::text`], with `word_space` more points after each
    /// space: a justified line. (The `Tw` operator does not apply to
    /// two-byte codes, so the spaces are widened in a `TJ` array.)
    pub fn text_spaced(
        &mut self,
        face: Face,
        size: f32,
        x: f32,
        y: f32,
        text: &str,
        word_space: f32,
    ) {
        if text.is_empty() {
            return;
        }
        let font = &mut self.fonts[face.index()];
        let shift = num(-word_space * 1000.0 / size);
        let mut array = String::from("<");
        for c in text.chars() {
            font.encode(c, &mut array);
            if c == ' ' && word_space != 0.0 {
                let _ = write!(array, "> {shift} <");
            }
        }
        array.push('>');
        let (size, x, y) = (num(size), num(x), num(y));
        let resource = face.resource();
        let page = self.page();
        let _ = writeln!(
            page,
            "BT /{resource} {size} Tf 1 0 0 1 {x} {y} Tm [{array}] TJ ET"
        );
    }

    /// A straight line `width` points thick from `from` to `to`.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32) {
        let page = self.page();
        let _ = writeln!(
            page,
            "{} w {} {} m {} {} l S",
            num(width),
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1)
        );
    }

    fn page(&mut self) -> &mut String {
        if self.pages.is_empty() {
            self.new_page();
        }
        &mut self.pages[self.current]
    }

    /// The PDF: catalog, page tree, the faces used (each subset to its
    /// characters), then each page and its content.
    pub fn finish(self) -> Vec<u8> {
        let (catalog, tree) = (1, 2);
        let mut next = 3;
        let mut used = Vec::new();
        for face in Face::ALL {
            if self.fonts[face.index()].is_used() {
                used.push((next, face));
                next += OBJECTS_PER_FONT;
            }
        }
        let first_page = next;
        let resources = used.iter().fold(String::new(), |mut out, (id, face)| {
            let _ = write!(out, " /{} {id} 0 R", face.resource());
            out
        });
        let kids = (0..self.pages.len())
            .map(|i| format!("{} 0 R", first_page + 2 * i))
            .collect::<Vec<_>>()
            .join(" ");

        let mut pdf = Objects::default();
        pdf.object(catalog, &format!("<< /Type /Catalog /Pages {tree} 0 R >>"));
        pdf.object(
            tree,
            &format!(
                "<< /Type /Pages /Kids [{kids}] /Count {} >>",
                self.pages.len()
            ),
        );
        for (id, face) in used {
            self.fonts[face.index()].write(&mut pdf, id);
        }
        for (i, content) in self.pages.iter().enumerate() {
            let id = first_page + 2 * i;
            pdf.object(
                id,
                &format!(
                    "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {} {}] \
                     /Resources << /Font <<{resources} >> >> /Contents {} 0 R >>",
                    num(PAGE_WIDTH),
                    num(PAGE_HEIGHT),
                    id + 1
                ),
            );
            pdf.stream(id + 1, "", content.as_bytes());
        }
        pdf.finish(catalog)
    }
}
