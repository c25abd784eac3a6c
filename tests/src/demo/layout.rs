//! Laying a paper out on the test PDF writer's A4 pages: paragraphs wrapped
//! to the page width, headings kept with what follows, a running head on
//! every page, and Vietnamese number formatting.
//!
//! `typeset::lines_pdf` takes lines as they are: it
//! neither wraps nor paginates, sets the first line of a page at 18 pt and
//! the rest at 11 pt with 15 pt leading from the top margin. Widths here are
//! estimated from Helvetica's metrics (the writer's font), in thousandths of
//! an em.

use protocol::meeting::Classification;

/// Body lines under the running head: the 44th sits above the bottom margin.
pub(crate) const BODY_LINES: usize = 44;
/// The text width of a body line (483 pt at 11 pt), in thousandths of an em.
const BODY_WIDTH: u32 = 43_909;
/// Where body text wraps, with room to spare for the width estimate.
const WRAP_WIDTH: u32 = 42_000;
/// The text width of the large first line (483 pt at 18 pt).
#[cfg(test)]
const HEAD_WIDTH: u32 = 26_833;
/// The width of a space.
const SPACE: u32 = 278;

/// The estimated width of `text` in Helvetica, in thousandths of an em.
pub(crate) fn width(text: &str) -> u32 {
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> u32 {
    match c {
        ' ' | 'f' | 't' | 'I' | '.' | ',' | ':' | ';' | '/' | '!' => SPACE,
        'i' | 'j' | 'l' | '\'' => 222,
        'r' | '-' | '(' | ')' | '*' => 333,
        'm' | 'M' => 833,
        'w' => 722,
        'J' => 500,
        'W' => 944,
        '%' => 889,
        '0'..='9' => 556,
        c if c.is_ascii_lowercase() => 540,
        c if c.is_ascii_uppercase() => 690,
        c if c.is_ascii() => 400,
        c if c.is_uppercase() => 720,
        _ => 560,
    }
}

/// What a paper is made of, before it is cut into lines and pages.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// One line as it is (tables, signatures, pre-set headers).
    Line(String),
    /// A paragraph, wrapped, its first line indented like a Vietnamese paper.
    Para(String),
    /// A list entry, wrapped with a hanging indent under its text.
    Item(String),
    /// A heading: wrapped, never left alone at the foot of a page.
    Heading(String),
    /// Centered lines (titles), wrapped if long.
    Center(String),
    /// An empty line (dropped at the top of a page).
    Blank,
    /// The next block starts a new page.
    PageBreak,
}

/// A paper in the making: its running head and its blocks.
#[derive(Debug)]
pub(crate) struct Draft {
    /// Short name in the running head of pages 2 and later.
    short: &'static str,
    classification: Classification,
    blocks: Vec<Block>,
}

impl Draft {
    pub(crate) fn new(short: &'static str, classification: Classification) -> Self {
        Self {
            short,
            classification,
            blocks: Vec::new(),
        }
    }

    pub(crate) fn classification(&self) -> Classification {
        self.classification
    }

    pub(crate) fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }

    pub(crate) fn line(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Line(text.into()))
    }

    pub(crate) fn para(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Para(text.into()))
    }

    pub(crate) fn item(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Item(text.into()))
    }

    pub(crate) fn heading(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Heading(text.into()))
    }

    pub(crate) fn center(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Center(text.into()))
    }

    pub(crate) fn blank(&mut self) -> &mut Self {
        self.push(Block::Blank)
    }

    pub(crate) fn page_break(&mut self) -> &mut Self {
        self.push(Block::PageBreak)
    }

    /// The paper's header as Vietnamese Party papers set it: the issuing
    /// body on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" (the first, large line)
    /// and place and date on the right, the number, the classification mark,
    /// "DỰ THẢO" for a draft, then the kind of paper and its subject centered.
    pub(crate) fn header(&mut self, header: &Header<'_>) -> &mut Self {
        for (i, body) in header.body.iter().enumerate() {
            let right = if i + 1 == header.body.len() {
                format!("Phú Lâm, {}", header.date)
            } else {
                String::new()
            };
            self.line(beside(body, &right));
        }
        let right = if header.draft { "DỰ THẢO" } else { "" };
        if !header.number.is_empty() || header.draft {
            self.line(beside(&format!("Số: {}", header.number), right));
        }
        if let Some(mark) = classification_mark(self.classification) {
            self.line(format!("Độ mật: {mark}"));
        }
        self.blank();
        self.center(header.kind);
        for line in header.subject {
            self.center(*line);
        }
        self.center("-----");
        self.blank()
    }

    /// Cuts the paper into pages of lines, the first line of each page its
    /// running head.
    pub(crate) fn pages(&self) -> Vec<Vec<String>> {
        let mut bodies: Vec<Vec<String>> = vec![Vec::new()];
        for block in &self.blocks {
            let lines = match block {
                Block::Line(text) => vec![text.clone()],
                Block::Para(text) => wrap(text, 4, 0),
                Block::Item(text) => wrap(text, 0, hanging_indent(text)),
                // A heading has an empty line above it (dropped at the top of a page).
                Block::Heading(text) => std::iter::once(String::new())
                    .chain(wrap(text, 0, 0))
                    .collect(),
                Block::Center(text) => wrap(text, 0, 0).iter().map(|l| centered(l)).collect(),
                Block::Blank => vec![String::new()],
                Block::PageBreak => {
                    if bodies.last().is_some_and(|p| !p.is_empty()) {
                        bodies.push(Vec::new());
                    }
                    continue;
                }
            };
            // A heading keeps at least two lines of what follows on its page.
            let needs = if matches!(block, Block::Heading(_)) {
                lines.len() + 2
            } else {
                1
            };
            for (i, line) in lines.into_iter().enumerate() {
                let page_len = bodies.last().map_or(0, Vec::len);
                let room = BODY_LINES - page_len;
                if page_len == BODY_LINES || (i == 0 && needs > room && page_len > 0) {
                    bodies.push(Vec::new());
                }
                let page = bodies.last_mut().expect("there is always a page");
                if line.is_empty() && page.is_empty() {
                    continue;
                }
                page.push(line);
            }
        }
        if bodies.last().is_some_and(Vec::is_empty) {
            bodies.pop();
        }
        let total = bodies.len();
        bodies
            .into_iter()
            .enumerate()
            .map(|(i, body)| {
                let head = if i == 0 {
                    "ĐẢNG CỘNG SẢN VIỆT NAM".to_owned()
                } else {
                    self.running_head(i + 1, total)
                };
                std::iter::once(head).chain(body).collect()
            })
            .collect()
    }

    fn running_head(&self, page: usize, total: usize) -> String {
        let mark = classification_mark(self.classification)
            .map(|m| format!("{m} - "))
            .unwrap_or_default();
        format!("{mark}{} - {page}/{total}", self.short)
    }
}

/// The top of a paper, for [`Draft::header`].
#[derive(Debug)]
pub(crate) struct Header<'a> {
    /// The issuing body, one line each ("ĐẢNG BỘ TỈNH PHÚ LÂM", "TỈNH ỦY").
    pub(crate) body: &'a [&'a str],
    /// "45-NQ/TU", "   -NQ/TU" for a draft not yet numbered, empty for none.
    pub(crate) number: &'a str,
    /// "ngày 24 tháng 11 năm 2026".
    pub(crate) date: &'a str,
    pub(crate) draft: bool,
    /// "NGHỊ QUYẾT", "BÁO CÁO", …
    pub(crate) kind: &'a str,
    /// The subject under the kind, one centered line each.
    pub(crate) subject: &'a [&'a str],
}

/// The mark a classified paper carries on every page.
pub(crate) fn classification_mark(classification: Classification) -> Option<&'static str> {
    match classification {
        Classification::Normal => None,
        Classification::Confidential => Some("MẬT"),
        Classification::Secret => Some("TỐI MẬT"),
    }
}

/// `text` cut into lines at spaces, the first indented by `first` spaces and
/// the rest by `rest`.
pub(crate) fn wrap(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = " ".repeat(first);
    let mut has_word = false;
    for word in text.split_whitespace() {
        let candidate = if has_word {
            format!("{line} {word}")
        } else {
            format!("{line}{word}")
        };
        if has_word && width(&candidate) > WRAP_WIDTH {
            lines.push(std::mem::replace(
                &mut line,
                format!("{}{word}", " ".repeat(rest)),
            ));
        } else {
            line = candidate;
        }
        has_word = true;
    }
    if has_word {
        lines.push(line);
    }
    lines
}

/// Spaces that line wrapped lines up under the text of "- …" or "1. …".
fn hanging_indent(text: &str) -> usize {
    let label = text.split_whitespace().next().unwrap_or("");
    let label_width = width(label) + SPACE;
    usize::try_from(label_width.div_ceil(SPACE)).unwrap_or(0)
}

/// `text` preceded by the spaces that center it in a body line.
pub(crate) fn centered(text: &str) -> String {
    let pad = BODY_WIDTH.saturating_sub(width(text)) / 2 / SPACE;
    format!("{}{text}", " ".repeat(usize::try_from(pad).unwrap_or(0)))
}

/// `left` at the margin and `right` centered on the right part of the line,
/// where Party papers put the signer and the place and date.
pub(crate) fn beside(left: &str, right: &str) -> String {
    if right.is_empty() {
        return left.to_owned();
    }
    let center = BODY_WIDTH * 7 / 10;
    let start = center.saturating_sub(width(right) / 2);
    let gap = start.saturating_sub(width(left)) / SPACE;
    format!(
        "{left}{}{right}",
        " ".repeat(usize::try_from(gap.max(2)).unwrap_or(2))
    )
}

/// Whether a line of page `line_index` (0 = the large head) fits the page.
#[cfg(test)]
pub(crate) fn fits(line_index: usize, text: &str) -> bool {
    let limit = if line_index == 0 {
        HEAD_WIDTH
    } else {
        BODY_WIDTH
    };
    width(text) <= limit
}

/// A deterministic stand-in for chance: SplitMix64 of `a` and `b`.
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let mut z = a
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b)
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A value in `lo..=hi` that depends only on `a` and `b`.
pub(crate) fn between(a: u64, b: u64, lo: i64, hi: i64) -> i64 {
    let span = u64::try_from(hi - lo + 1).unwrap_or(1).max(1);
    lo + i64::try_from(mix(a, b) % span).unwrap_or(0)
}

/// An integer with Vietnamese thousands separators: 12.345.
pub(crate) fn int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(d);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A number given in tenths, Vietnamese style: 1.234,5.
pub(crate) fn dec(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let abs = tenths.unsigned_abs();
    let whole = i64::try_from(abs / 10).unwrap_or(i64::MAX);
    format!("{sign}{},{}", int(whole), abs % 10)
}

/// `now` as a percentage of `prev`, in tenths (102,4 % is 1024).
pub(crate) fn ratio(now: i64, prev: i64) -> i64 {
    if prev == 0 {
        return 0;
    }
    (now * 2000 + prev) / (2 * prev)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_vietnamese_way() {
        assert_eq!(int(1_234_567), "1.234.567");
        assert_eq!(int(999), "999");
        assert_eq!(dec(12_345), "1.234,5");
        assert_eq!(dec(7), "0,7");
        assert_eq!(dec(-25), "-2,5");
        assert_eq!(ratio(1078, 1000), 1078);
        assert_eq!(ratio(2, 3), 667);
    }

    #[test]
    fn wrapped_lines_fit_the_page_and_keep_every_word() {
        let text = "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ mười hai đã thảo luận, \
                    thống nhất đánh giá tình hình thực hiện nhiệm vụ năm 2026 và quyết \
                    nghị phương hướng, nhiệm vụ năm 2027 với nhiều chỉ tiêu quan trọng.";
        let lines = wrap(text, 4, 0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| fits(1, l)), "{lines:#?}");
        assert!(lines[0].starts_with("    Hội"));
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn a_heading_is_never_the_last_line_of_a_page() {
        let mut d = Draft::new("Thử", Classification::Normal);
        for n in 0..BODY_LINES - 1 {
            d.line(format!("dòng {n}"));
        }
        d.heading("I. ĐỀ MỤC").para("Nội dung.");
        let pages = d.pages();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1][1], "I. ĐỀ MỤC");
        assert_eq!(pages[1][0], "Thử - 2/2");
    }
}
