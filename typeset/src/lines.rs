//! Papers of lines per page, for tests, benches and the demo meeting: the
//! first line of each page a heading, the rest body text, set as given
//! (no wrapping; the demo lays its papers out itself).

use crate::{Document, Face, PAGE_HEIGHT};

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
/// rendering costs about what a real text page costs. The same `pages`
/// always give the same bytes.
pub fn filler_pdf(pages: u32) -> Vec<u8> {
    let texts: Vec<Vec<String>> = (1..=pages)
        .map(|n| {
            let mut lines = vec![format!("Page {n} of {pages}")];
            lines.extend((0..BODY_LINES).map(|line| filler_line(n, line)));
            lines
        })
        .collect();
    lines_pdf(&texts)
}

/// A paper with the given lines on each page, as they are (no wrapping):
/// the first line of a page in 18 pt Noto Sans Bold at the top margin, the
/// rest in 11 pt Noto Sans Regular, 15 pt apart, 56 pt from the left edge.
/// A line that runs past the right edge is cut by the page; a page of too
/// many lines piles its last ones at the bottom edge. The same pages always
/// give the same bytes.
pub fn lines_pdf<P: AsRef<[L]>, L: AsRef<str>>(pages: &[P]) -> Vec<u8> {
    let mut pdf = Document::new();
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
