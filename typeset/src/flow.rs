//! [`Flow`]: text poured down A4 pages. Paragraphs are wrapped to the
//! width between the margins by the faces' advance widths, a line that
//! does not fit above the bottom margin starts a new page, and every page
//! is numbered "Trang n/N" at the end.

use crate::{Document, Face, PAGE_HEIGHT, PAGE_WIDTH};

/// Space around the text on every page, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// From the top edge to the top of the first line.
    pub top: f32,
    /// From the bottom edge to the bottom of the last line; the page number
    /// sits in the middle of it.
    pub bottom: f32,
    /// From the left edge to where lines start.
    pub left: f32,
    /// From where lines end to the right edge.
    pub right: f32,
}

impl Margins {
    /// What the government's rules for administrative documents ask
    /// (Decree 30/2020): 3 cm on the left, 2 cm at the top and bottom and
    /// 1.5 cm on the right.
    pub const ADMINISTRATIVE: Self = Self {
        top: 57.0,
        bottom: 57.0,
        left: 85.0,
        right: 43.0,
    };
}

/// Where a paragraph's lines sit between their left and right edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Against the left edge.
    Left,
    /// In the middle.
    Center,
    /// Against the right edge.
    Right,
    /// Against both edges, spaces widened; the last line of a paragraph
    /// (and a line before a `\n`) against the left.
    Justify,
}

/// How a paragraph is set. Build one with [`Style::new`] and the setters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// The face.
    pub face: Face,
    /// The type size, in points.
    pub size: f32,
    /// From one baseline to the next, in points.
    pub leading: f32,
    /// Where the lines sit.
    pub align: Align,
    /// How far every line starts right of the left margin, in points.
    pub indent: f32,
    /// Added to `indent` for the first line: positive for an indented
    /// paragraph, negative for a hanging one (a numbered item).
    pub first_line: f32,
    /// Space below the paragraph, in points.
    pub space_after: f32,
}

impl Style {
    /// `face` at `size` points, lines 1.35 × `size` apart, flush left, no
    /// indent, no space after.
    pub const fn new(face: Face, size: f32) -> Self {
        Self {
            face,
            size,
            leading: size * 1.35,
            align: Align::Left,
            indent: 0.0,
            first_line: 0.0,
            space_after: 0.0,
        }
    }

    /// The same style with `leading` points from baseline to baseline.
    #[must_use]
    pub const fn leading(self, leading: f32) -> Self {
        Self { leading, ..self }
    }

    /// The same style, aligned so.
    #[must_use]
    pub const fn align(self, align: Align) -> Self {
        Self { align, ..self }
    }

    /// The same style with every line `indent` points in and the first line
    /// `first_line` points further (negative: a hanging indent).
    #[must_use]
    pub const fn indent(self, indent: f32, first_line: f32) -> Self {
        Self {
            indent,
            first_line,
            ..self
        }
    }

    /// The same style with `space_after` points below each paragraph.
    #[must_use]
    pub const fn space_after(self, space_after: f32) -> Self {
        Self {
            space_after,
            ..self
        }
    }
}

/// Size of the page numbers, in points.
const NUMBER_SIZE: f32 = 10.0;
/// Room between a table cell's text and the next cell, in points.
const CELL_GAP: f32 = 6.0;

/// A document written from the top of the first page down: paragraphs,
/// table rows, rules and space, each below the last, with a new page
/// whenever the next line does not fit. [`Flow::finish`] numbers the pages
/// "Trang n/N" and gives the PDF. The same calls always give the same bytes.
#[derive(Debug)]
pub struct Flow {
    doc: Document,
    margins: Margins,
    /// The top of the free space on the current page, in points from the
    /// bottom edge.
    y: f32,
}

impl Flow {
    /// An empty flow on A4 pages with these margins; the first page starts
    /// with the first thing written.
    pub fn new(margins: Margins) -> Self {
        Self {
            doc: Document::new(),
            margins,
            y: PAGE_HEIGHT - margins.top,
        }
    }

    /// The width between the margins, in points.
    pub fn text_width(&self) -> f32 {
        PAGE_WIDTH - self.margins.left - self.margins.right
    }

    /// The height left on the current page above the bottom margin, in
    /// points.
    pub fn remaining(&self) -> f32 {
        self.y - self.margins.bottom
    }

    /// Pages started so far.
    pub fn page_count(&self) -> usize {
        self.doc.page_count()
    }

    /// Starts a new page unless `height` points remain on this one: to
    /// keep a heading with the first lines of what it heads.
    pub fn keep(&mut self, height: f32) {
        if self.remaining() < height {
            self.new_page();
        }
    }

    /// Ends the current page; what comes next starts at the top of a new
    /// one.
    pub fn new_page(&mut self) {
        self.doc.new_page();
        self.y = PAGE_HEIGHT - self.margins.top;
    }

    /// `points` of empty space (none at the top of a page).
    pub fn space(&mut self, points: f32) {
        if self.y < PAGE_HEIGHT - self.margins.top {
            self.y = (self.y - points).max(self.margins.bottom);
        }
    }

    /// A horizontal rule `thickness` points thick from `from` to `to`
    /// points right of the left margin, in the middle of `height` points
    /// of space. A rule never starts a page: one that does not fit goes
    /// just below the last line, into the bottom margin (a rule closing a
    /// table stays with the table).
    pub fn rule(&mut self, from: f32, to: f32, thickness: f32, height: f32) {
        self.ensure_page();
        let y = self.y - height.min(self.remaining().max(0.0)) / 2.0;
        let left = self.margins.left;
        self.doc.line((left + from, y), (left + to, y), thickness);
        self.y = (self.y - height).max(self.margins.bottom);
    }

    /// One paragraph: `text` wrapped to the width between the margins
    /// (less the style's indents), a `\n` in it starting a new line.
    pub fn paragraph(&mut self, style: &Style, text: &str) {
        let width = self.text_width() - style.indent;
        let lines = wrap(&self.doc, style, width, text);
        for line in &lines {
            self.keep(style.leading);
            self.ensure_page();
            let baseline = self.baseline(style);
            let x = self.margins.left + style.indent;
            set_line(&mut self.doc, style, x, width, baseline, line);
            self.y -= style.leading;
        }
        self.space(style.space_after);
    }

    /// One table row of cells side by side, from the left margin: each
    /// cell `(width, style, text)` wrapped to its width (less a small gap
    /// before the next cell), set in its own style (whose indents apply
    /// inside the cell). The row is as tall as its tallest cell; a row that
    /// does not fit on the page goes whole onto the next. The space after
    /// the row is the largest of its cells' styles.
    pub fn row(&mut self, cells: &[(f32, &Style, &str)]) {
        let wrapped: Vec<Vec<Line>> = cells
            .iter()
            .map(|&(width, style, text)| wrap(&self.doc, style, cell_width(style, width), text))
            .collect();
        #[allow(
            clippy::cast_precision_loss,
            reason = "a cell of a few lines, far below f32's exact integers"
        )]
        let height = cells
            .iter()
            .zip(&wrapped)
            .map(|((_, style, _), lines)| lines.len() as f32 * style.leading)
            .fold(0.0, f32::max);
        if height <= 0.0 {
            return;
        }
        self.keep(height);
        self.ensure_page();
        let mut x = self.margins.left;
        for (&(width, style, _), lines) in cells.iter().zip(&wrapped) {
            let mut baseline = self.baseline(style);
            for line in lines {
                let left = x + style.indent;
                let room = cell_width(style, width);
                set_line(&mut self.doc, style, left, room, baseline, line);
                baseline -= style.leading;
            }
            x += width;
        }
        self.y -= height;
        let after = cells
            .iter()
            .map(|(_, style, _)| style.space_after)
            .fold(0.0, f32::max);
        self.space(after);
    }

    /// The PDF, every page numbered "Trang n/N" in the middle of the bottom
    /// margin.
    pub fn finish(mut self) -> Vec<u8> {
        self.ensure_page();
        let total = self.doc.page_count();
        let style = Style::new(Face::Regular, NUMBER_SIZE);
        for page in 0..total {
            self.doc.go_to_page(page);
            let label = format!("Trang {}/{total}", page + 1);
            let width = self.doc.width(style.face, style.size, &label);
            let x = (PAGE_WIDTH - width) / 2.0;
            let y = self.margins.bottom / 2.0 - NUMBER_SIZE / 3.0;
            self.doc.text(style.face, style.size, x, y, &label);
        }
        self.doc.finish()
    }

    fn ensure_page(&mut self) {
        if self.doc.page_count() == 0 {
            self.doc.new_page();
        }
    }

    /// Where the baseline of a line in `style` goes when its line box
    /// starts at the top of the free space: the glyphs (ascent about 0.9 em
    /// with a Vietnamese capital's marks, descent about 0.25 em) centred in
    /// the leading.
    fn baseline(&self, style: &Style) -> f32 {
        self.y - (style.leading - 1.15 * style.size) / 2.0 - 0.9 * style.size
    }
}

/// The width a cell's text may take in a column `width` wide.
fn cell_width(style: &Style, width: f32) -> f32 {
    (width - CELL_GAP - style.indent).max(1.0)
}

/// One line of a wrapped paragraph.
#[derive(Debug)]
pub(crate) struct Line {
    pub(crate) text: String,
    /// The paragraph's first line (it takes the first-line indent).
    pub(crate) first: bool,
    /// The last line before a `\n` or the end (never justified).
    pub(crate) last: bool,
}

/// `text` broken into lines no wider than `width` (less the first-line
/// indent on the first), at spaces where it can be, inside a word that is
/// wider than a line by itself.
pub(crate) fn wrap(doc: &Document, style: &Style, width: f32, text: &str) -> Vec<Line> {
    let fits = |line: &str, first: bool| {
        let room = if first {
            width - style.first_line
        } else {
            width
        };
        doc.width(style.face, style.size, line) <= room
    };
    let mut lines = Vec::new();
    for hard in text.split('\n') {
        let mut line = String::new();
        for word in hard.split(' ').filter(|word| !word.is_empty()) {
            let first = lines.is_empty();
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if fits(&candidate, first) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(Line {
                    text: std::mem::take(&mut line),
                    first,
                    last: false,
                });
            }
            // The word alone, cut wherever it has to be.
            for c in word.chars() {
                let first = lines.is_empty();
                line.push(c);
                if !fits(&line, first) && line.chars().count() > 1 {
                    line.pop();
                    lines.push(Line {
                        text: std::mem::take(&mut line),
                        first,
                        last: false,
                    });
                    line.push(c);
                }
            }
        }
        lines.push(Line {
            first: lines.is_empty(),
            text: line,
            last: true,
        });
    }
    lines
}

/// Sets one wrapped line with its left edge at `x` in a space `width`
/// wide, its baseline at `baseline`.
fn set_line(doc: &mut Document, style: &Style, x: f32, width: f32, baseline: f32, line: &Line) {
    let (x, width) = if line.first {
        (x + style.first_line, width - style.first_line)
    } else {
        (x, width)
    };
    let natural = doc.width(style.face, style.size, &line.text);
    let slack = (width - natural).max(0.0);
    match style.align {
        Align::Left => doc.text(style.face, style.size, x, baseline, &line.text),
        Align::Center => doc.text(
            style.face,
            style.size,
            x + slack / 2.0,
            baseline,
            &line.text,
        ),
        Align::Right => doc.text(style.face, style.size, x + slack, baseline, &line.text),
        Align::Justify => {
            let spaces = line.text.matches(' ').count();
            if line.last || spaces == 0 {
                doc.text(style.face, style.size, x, baseline, &line.text);
            } else {
                #[allow(
                    clippy::cast_precision_loss,
                    reason = "the spaces of one line, far below f32's exact integers"
                )]
                let extra = slack / spaces as f32;
                doc.text_spaced(style.face, style.size, x, baseline, &line.text, extra);
            }
        }
    }
}
