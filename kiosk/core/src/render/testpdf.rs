//! A tiny PDF writer for tests and benchmarks: A4 pages of Helvetica text,
//! written by hand so making a test paper needs neither PDFium nor a font
//! file.
//!
//! Text outside ASCII (Vietnamese) is given its own one-byte codes with a
//! `ToUnicode` map, so PDFium extracts and searches it correctly; the
//! standard Helvetica has no such glyphs, so those letters do not show when
//! rendered. Good enough for search tests, not for looking at.

use std::fmt::Write as _;

const PAGE_WIDTH: u32 = 595;
const PAGE_HEIGHT: u32 = 842;
const MARGIN: u32 = 56;
const TITLE_SIZE: u32 = 18;
const BODY_SIZE: u32 = 11;
const BODY_LEADING: u32 = 15;
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

/// A paper with the given lines on each page: the first line of a page in
/// large type, the rest in body type. Any Unicode text in the Basic
/// Multilingual Plane; at most 128 distinct non-ASCII characters per paper.
#[doc(hidden)]
pub fn make_test_pdf_with_text<P: AsRef<[L]>, L: AsRef<str>>(pages: &[P]) -> Vec<u8> {
    let mut encoding = Encoding::default();
    let contents: Vec<Vec<u8>> = pages
        .iter()
        .map(|lines| page_content(lines.as_ref(), &mut encoding))
        .collect();

    let mut pdf = Writer::default();
    let font_id = 3;
    let first_page_id = 5;
    let page_ids: Vec<usize> = (0..pages.len()).map(|i| first_page_id + 2 * i).collect();
    let kids = page_ids
        .iter()
        .map(|id| format!("{id} 0 R"))
        .collect::<Vec<_>>()
        .join(" ");

    pdf.object(1, b"<< /Type /Catalog /Pages 2 0 R >>");
    pdf.object(
        2,
        format!("<< /Type /Pages /Kids [{kids}] /Count {} >>", pages.len()).as_bytes(),
    );
    pdf.object(font_id, encoding.font_dict(4).as_bytes());
    pdf.stream(4, &encoding.to_unicode_cmap());
    for (content, page_id) in contents.iter().zip(&page_ids) {
        pdf.object(
            *page_id,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
                 /Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {} 0 R >>",
                page_id + 1
            )
            .as_bytes(),
        );
        pdf.stream(page_id + 1, content);
    }
    pdf.finish(1)
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

fn page_content<L: AsRef<str>>(lines: &[L], encoding: &mut Encoding) -> Vec<u8> {
    let mut content = String::from("BT\n");
    let mut y = PAGE_HEIGHT - MARGIN - TITLE_SIZE;
    for (i, line) in lines.iter().enumerate() {
        let size = if i == 0 { TITLE_SIZE } else { BODY_SIZE };
        let _ = writeln!(
            content,
            "/F1 {size} Tf 1 0 0 1 {MARGIN} {y} Tm <{}> Tj",
            encoding.hex(line.as_ref())
        );
        y = y.saturating_sub(if i == 0 {
            2 * BODY_LEADING
        } else {
            BODY_LEADING
        });
    }
    content.push_str("ET\n");
    content.into_bytes()
}

/// One-byte codes: ASCII as itself, other characters from 0x80 up, in order
/// of first use.
#[derive(Default)]
struct Encoding {
    extra: Vec<char>,
}

impl Encoding {
    fn code(&mut self, c: char) -> u8 {
        if let Ok(byte) = u8::try_from(c)
            && (0x20..0x7f).contains(&byte)
        {
            return byte;
        }
        let index = if let Some(index) = self.extra.iter().position(|&e| e == c) {
            index
        } else {
            assert!(
                self.extra.len() < 128,
                "test pdf: too many distinct non-ASCII characters"
            );
            assert!(u32::from(c) <= 0xFFFF, "test pdf: {c:?} is outside the BMP");
            self.extra.push(c);
            self.extra.len() - 1
        };
        0x80 + u8::try_from(index).unwrap_or(0x7f)
    }

    fn hex(&mut self, text: &str) -> String {
        text.chars().fold(String::new(), |mut out, c| {
            let _ = write!(out, "{:02X}", self.code(c));
            out
        })
    }

    fn font_dict(&self, to_unicode_id: usize) -> String {
        let differences = self.extra.iter().fold(String::new(), |mut out, &c| {
            let _ = write!(out, " /uni{:04X}", u32::from(c));
            out
        });
        format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica \
             /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding \
             /Differences [128{differences}] >> /ToUnicode {to_unicode_id} 0 R >>"
        )
    }

    fn to_unicode_cmap(&self) -> Vec<u8> {
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<00> <FF>\nendcodespacerange\n\
             1 beginbfrange\n<20> <7E> <0020>\nendbfrange\n",
        );
        for (chunk_index, chunk) in self.extra.chunks(100).enumerate() {
            let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
            for (i, &c) in chunk.iter().enumerate() {
                let _ = writeln!(
                    cmap,
                    "<{:02X}> <{:04X}>",
                    0x80 + chunk_index * 100 + i,
                    u32::from(c)
                );
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        cmap.into_bytes()
    }
}

/// Objects in id order with a correct cross-reference table.
#[derive(Default)]
struct Writer {
    out: Vec<u8>,
    offsets: Vec<usize>,
}

impl Writer {
    fn begin(&mut self, id: usize) {
        if self.out.is_empty() {
            self.out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        }
        assert_eq!(id, self.offsets.len() + 1, "test pdf: objects out of order");
        self.offsets.push(self.out.len());
        self.out
            .extend_from_slice(format!("{id} 0 obj\n").as_bytes());
    }

    fn object(&mut self, id: usize, body: &[u8]) {
        self.begin(id);
        self.out.extend_from_slice(body);
        self.out.extend_from_slice(b"\nendobj\n");
    }

    fn stream(&mut self, id: usize, data: &[u8]) {
        self.begin(id);
        self.out
            .extend_from_slice(format!("<< /Length {} >>\nstream\n", data.len()).as_bytes());
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    fn finish(mut self, root: usize) -> Vec<u8> {
        let xref = self.out.len();
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len() + 1);
        for offset in &self.offsets {
            let _ = writeln!(table, "{offset:010} 00000 n ");
        }
        let _ = write!(
            table,
            "trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len() + 1
        );
        self.out.extend_from_slice(table.as_bytes());
        self.out
    }
}
