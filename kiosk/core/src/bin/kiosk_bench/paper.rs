//! Bench papers that cost what real ones cost to render: A4 pages of a
//! Vietnamese draft resolution as a word processor exports it, set in Noto
//! Sans (the kiosk's own, from `assets/fonts/`), embedded and subset, so
//! every letter with its diacritics is drawn; a masthead, chapters,
//! articles, justified paragraphs of 12 pt text (about 45 lines a page), page
//! numbers, and an appendix of ruled tables.
//!
//! The pages are drawn by position with phonghop's PDF writer
//! (`typeset::Document`), laid out here as the bench's own paper: justified
//! paragraphs, centred lines, tables. As a word processor's would, streams
//! are deflated and the two faces subset to the characters used.

use crate::text;
use typeset::{Document, Face, PAGE_HEIGHT, PAGE_WIDTH};

/// 3 cm on the left, 2 cm elsewhere, as the government's document rules ask.
const LEFT: f32 = 85.0;
const RIGHT: f32 = 57.0;
const TOP: f32 = 57.0;
const BOTTOM: f32 = 62.0;
const TEXT_WIDTH: f32 = PAGE_WIDTH - LEFT - RIGHT;
const BODY_SIZE: f32 = 12.0;
const LEADING: f32 = 16.0;
const INDENT: f32 = 28.0;
const TABLE_COLUMNS: [f32; 6] = [30.0, 165.0, 78.0, 58.0, 58.0, 64.0];
const TABLE_ROW: f32 = 20.0;

#[derive(Debug, Clone, Copy)]
enum Align {
    /// Left, the first line indented by this much.
    Left(f32),
    Center,
    /// Both edges, the first line indented by this much, the last line left.
    Justify(f32),
}

/// A small deterministic generator (SplitMix64), for papers and page orders
/// that are the same on every run.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Shuffles in place (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// A paper of exactly `pages` pages: `kind` ("NGHỊ QUYẾT") and `title` on
/// the first page, prose chosen by `seed`.
pub(crate) fn make_paper(kind: &str, title: &str, pages: u32, seed: u64) -> Vec<u8> {
    let mut layout = Layout::new(pages);
    let mut rng = Rng::new(seed);
    layout.masthead(kind, title);
    let appendix_pages = if pages >= 24 { pages / 12 } else { 0 };
    let body_pages = (pages - appendix_pages) as usize;
    let (mut chapter, mut article) = (0_u32, 0_u32);
    while !layout.done() && layout.finished < body_pages {
        if article.is_multiple_of(8) {
            chapter += 1;
            layout.keep(4.0 * LEADING);
            layout.gap(8.0);
            layout.paragraph(
                Face::Bold,
                13.0,
                Align::Center,
                &format!("Chương {}", roman(chapter)),
            );
            layout.paragraph(Face::Bold, 13.0, Align::Center, rng.pick(text::CHAPTERS));
        }
        article += 1;
        layout.keep(3.0 * LEADING);
        layout.gap(6.0);
        let heading = format!("Điều {article}. {}", rng.pick(text::ARTICLES));
        layout.paragraph(Face::Bold, BODY_SIZE, Align::Left(INDENT), &heading);
        // An article's clauses are numbered 1. 2. …, lettered a) b) …, or plain.
        let numbering = rng.below(3);
        for item in 0..2 + rng.below(4) {
            let mut prose = match numbering {
                0 => format!("{}. ", item + 1),
                1 => format!(
                    "{}) ",
                    char::from(b'a' + u8::try_from(item % 26).unwrap_or(0))
                ),
                _ => String::new(),
            };
            for s in 0..2 + rng.below(5) {
                if s > 0 {
                    prose.push(' ');
                }
                prose.push_str(rng.pick(text::SENTENCES));
            }
            layout.paragraph(Face::Regular, BODY_SIZE, Align::Justify(INDENT), &prose);
        }
    }
    if !layout.done() {
        layout.appendix(&mut rng);
    }
    layout.finish()
}

struct Layout {
    pdf: Document,
    target: usize,
    /// Pages finished (numbered); the page being drawn is the next one.
    finished: usize,
    /// Top of the free space on the page.
    y: f32,
}

impl Layout {
    fn new(pages: u32) -> Self {
        let mut pdf = Document::new();
        pdf.new_page();
        Self {
            pdf,
            target: pages.max(1) as usize,
            finished: 0,
            y: PAGE_HEIGHT - TOP,
        }
    }

    /// Whether the paper has all its pages: nothing more is drawn.
    fn done(&self) -> bool {
        self.finished >= self.target
    }

    /// Ends the page (with its number) and starts the next.
    fn break_page(&mut self) {
        if self.done() {
            return;
        }
        let number = (self.finished + 1).to_string();
        self.show_centered(Face::Regular, 11.0, PAGE_WIDTH / 2.0, 34.0, &number);
        self.finished += 1;
        self.y = PAGE_HEIGHT - TOP;
        if !self.done() {
            self.pdf.new_page();
        }
    }

    /// Starts a new page unless `height` more fits on this one.
    fn keep(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.break_page();
        }
    }

    fn gap(&mut self, height: f32) {
        self.y -= height;
    }

    /// The two-column heading of a council's resolution, the title and the
    /// legal bases.
    fn masthead(&mut self, kind: &str, title: &str) {
        let (left, right) = (LEFT + 95.0, LEFT + TEXT_WIDTH - 118.0);
        let y = self.y - 11.0;
        self.show_centered(Face::Bold, 11.0, left, y, "HỘI ĐỒNG NHÂN DÂN");
        self.show_centered(Face::Bold, 11.0, left, y - 15.0, "TỈNH BẮC NINH");
        self.rule(left - 30.0, y - 21.0, left + 30.0, y - 21.0);
        self.show_centered(
            Face::Bold,
            11.0,
            right,
            y,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        );
        self.show_centered(
            Face::Bold,
            12.0,
            right,
            y - 15.0,
            "Độc lập - Tự do - Hạnh phúc",
        );
        self.rule(right - 80.0, y - 21.0, right + 80.0, y - 21.0);
        let y = y - 46.0;
        self.show_centered(Face::Regular, 12.0, left, y, "Số:       /NQ-HĐND");
        self.show_centered(
            Face::Regular,
            12.0,
            right,
            y,
            "Bắc Ninh, ngày     tháng     năm 2025",
        );
        let y = y - 34.0;
        self.frame(LEFT, y - 6.0, 70.0, 20.0);
        self.show_centered(Face::Bold, 12.0, LEFT + 35.0, y, "DỰ THẢO");
        self.y = y - 20.0;
        self.paragraph(Face::Bold, 15.0, Align::Center, kind);
        self.paragraph(Face::Bold, 13.0, Align::Center, title);
        self.gap(12.0);
        self.paragraph(
            Face::Bold,
            13.0,
            Align::Center,
            "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH",
        );
        self.paragraph(
            Face::Bold,
            13.0,
            Align::Center,
            "KHÓA XIX, KỲ HỌP THỨ HAI MƯƠI LĂM",
        );
        self.gap(10.0);
        for basis in text::PREAMBLE {
            self.paragraph(Face::Regular, BODY_SIZE, Align::Justify(INDENT), basis);
        }
        self.gap(8.0);
        self.paragraph(Face::Bold, 13.0, Align::Center, "QUYẾT NGHỊ:");
    }

    /// Ruled tables of indicators, with the header row on every page, to
    /// the last page.
    fn appendix(&mut self, rng: &mut Rng) {
        self.break_page();
        self.paragraph(Face::Bold, 13.0, Align::Center, "Phụ lục");
        self.paragraph(
            Face::Regular,
            BODY_SIZE,
            Align::Center,
            "CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2026",
        );
        self.gap(8.0);
        let header = [
            "STT",
            "Chỉ tiêu",
            "Đơn vị",
            "TH 2025",
            "KH 2026",
            "So sánh (%)",
        ];
        let mut number = 0;
        while !self.done() {
            if self.y - 2.0 * TABLE_ROW < BOTTOM {
                self.break_page();
                continue;
            }
            self.table_row(Face::Bold, &header.map(str::to_owned));
            while !self.done() && self.y - TABLE_ROW >= BOTTOM {
                number += 1;
                let (name, unit) = rng.pick(text::INDICATORS);
                let done = 100 + rng.below(99_900);
                let plan = done + rng.below(done / 5 + 1);
                let cells = [
                    number.to_string(),
                    (*name).to_owned(),
                    (*unit).to_owned(),
                    decimal(done),
                    decimal(plan),
                    decimal(plan * 1000 / done),
                ];
                self.table_row(Face::Regular, &cells);
            }
            self.break_page();
        }
    }

    fn table_row(&mut self, face: Face, cells: &[String; 6]) {
        let top = self.y;
        let bottom = top - TABLE_ROW;
        let mut x = LEFT;
        self.rule(LEFT, top, LEFT + TEXT_WIDTH, top);
        self.rule(LEFT, bottom, LEFT + TEXT_WIDTH, bottom);
        self.rule(x, top, x, bottom);
        for (cell, width) in cells.iter().zip(TABLE_COLUMNS) {
            let size = 10.0;
            let text_width = self.pdf.width(face, size, cell);
            let at = if text_width < width - 8.0
                && cell
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            {
                x + width - 4.0 - text_width
            } else {
                x + 4.0
            };
            self.show(face, size, at, bottom + 6.0, cell);
            x += width;
            self.rule(x, top, x, bottom);
        }
        self.y = bottom;
    }

    /// Sets `text` in lines no wider than the text column, breaking pages
    /// as needed.
    fn paragraph(&mut self, face: Face, size: f32, align: Align, text: &str) {
        let indent = match align {
            Align::Left(indent) | Align::Justify(indent) => indent,
            Align::Center => 0.0,
        };
        let space = self.pdf.width(face, size, " ");
        let mut lines: Vec<(Vec<&str>, f32)> = Vec::new();
        let mut line: Vec<&str> = Vec::new();
        let mut width = 0.0;
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let w = self.pdf.width(face, size, word);
            let room = TEXT_WIDTH - if lines.is_empty() { indent } else { 0.0 };
            if !line.is_empty() && width + space + w > room {
                lines.push((std::mem::take(&mut line), width));
                width = 0.0;
            }
            if !line.is_empty() {
                width += space;
            }
            width += w;
            line.push(word);
        }
        if !line.is_empty() {
            lines.push((line, width));
        }
        let last = lines.len().saturating_sub(1);
        for (i, (words, width)) in lines.iter().enumerate() {
            self.keep(LEADING);
            if self.done() {
                return;
            }
            self.y -= LEADING.max(size + 3.0);
            let baseline = self.y + 4.0;
            let first = if i == 0 { indent } else { 0.0 };
            match align {
                Align::Center => {
                    self.show(
                        face,
                        size,
                        LEFT + (TEXT_WIDTH - width) / 2.0,
                        baseline,
                        &words.join(" "),
                    );
                }
                Align::Justify(_) if i < last && words.len() > 1 => {
                    let gaps = f32::from(u16::try_from(words.len() - 1).unwrap_or(u16::MAX));
                    let extra = (TEXT_WIDTH - first - width) / gaps;
                    self.show_justified(face, size, LEFT + first, baseline, words, extra);
                }
                Align::Left(_) | Align::Justify(_) => {
                    self.show(face, size, LEFT + first, baseline, &words.join(" "));
                }
            }
        }
    }

    fn show(&mut self, face: Face, size: f32, x: f32, y: f32, text: &str) {
        if !self.done() {
            self.pdf.text(face, size, x, y, text);
        }
    }

    fn show_centered(&mut self, face: Face, size: f32, center: f32, y: f32, text: &str) {
        let width = self.pdf.width(face, size, text);
        self.show(face, size, center - width / 2.0, y, text);
    }

    /// One line with `extra` points added after each word but the last.
    fn show_justified(
        &mut self,
        face: Face,
        size: f32,
        x: f32,
        y: f32,
        words: &[&str],
        extra: f32,
    ) {
        if !self.done() {
            self.pdf
                .text_spaced(face, size, x, y, &words.join(" "), extra);
        }
    }

    fn rule(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        if !self.done() {
            self.pdf.line((x0, y0), (x1, y1), 0.5);
        }
    }

    /// A box `width` by `height` from its bottom left corner (`x`, `y`).
    fn frame(&mut self, x: f32, y: f32, width: f32, height: f32) {
        let corners = [
            (x, y),
            (x + width, y),
            (x + width, y + height),
            (x, y + height),
            (x, y),
        ];
        for edge in corners.windows(2) {
            self.pdf.line(edge[0], edge[1], 0.8);
        }
    }

    /// The PDF, every page numbered.
    fn finish(mut self) -> Vec<u8> {
        while !self.done() {
            self.break_page();
        }
        self.pdf.finish()
    }
}

/// 1 → I, 4 → IV, … up to 399.
fn roman(n: u32) -> String {
    const NUMERALS: [(u32, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while rest >= value {
            out.push_str(numeral);
            rest -= value;
        }
    }
    out
}

/// Tenths in Vietnamese notation: 123456 → "12.345,6".
fn decimal(tenths: usize) -> String {
    let whole = (tenths / 10).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{grouped},{}", tenths % 10)
}
