//! The PDF file itself: numbered objects with a cross-reference table, and
//! an embedded TrueType font as a Type0 font with two-byte glyph ids
//! (Identity-H), widths and a ToUnicode map (so text can be searched).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::font::Font;

/// A Type0 font over an embedded TrueType font, five objects from `id`.
pub(crate) fn font_objects(pdf: &mut Writer, id: usize, font: &Font, used: &BTreeMap<u16, char>) {
    let (cid, descriptor, file, to_unicode) = (id + 1, id + 2, id + 3, id + 4);
    let name = font.name;
    pdf.object(
        id,
        &format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
             /DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R >>"
        ),
    );
    let widths = used.keys().fold(String::new(), |mut out, &g| {
        let _ = write!(out, "{g} [{:.0}] ", font.advance(g));
        out
    });
    pdf.object(
        cid,
        &format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
             /FontDescriptor {descriptor} 0 R /CIDToGIDMap /Identity /DW 1000 /W [{widths}] >>"
        ),
    );
    pdf.object(
        descriptor,
        &format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags 32 {} /ItalicAngle 0 /StemV 80 \
             /FontFile2 {file} 0 R >>",
            font.descriptor_metrics()
        ),
    );
    pdf.stream(file, &format!("/Length1 {}", font.data.len()), font.data);
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let glyphs: Vec<(&u16, &char)> = used.iter().collect();
    for chunk in glyphs.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for (g, c) in chunk {
            let _ = writeln!(cmap, "<{g:04X}> <{:04X}>", u32::from(**c));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    pdf.stream(to_unicode, "", cmap.as_bytes());
}

/// Objects in any order, then a cross-reference table by id.
#[derive(Default)]
pub(crate) struct Writer {
    out: Vec<u8>,
    offsets: BTreeMap<usize, usize>,
}

impl Writer {
    fn begin(&mut self, id: usize) {
        if self.out.is_empty() {
            self.out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        }
        self.offsets.insert(id, self.out.len());
        self.out
            .extend_from_slice(format!("{id} 0 obj\n").as_bytes());
    }

    pub(crate) fn object(&mut self, id: usize, body: &str) {
        self.begin(id);
        self.out.extend_from_slice(body.as_bytes());
        self.out.extend_from_slice(b"\nendobj\n");
    }

    pub(crate) fn stream(&mut self, id: usize, dict: &str, data: &[u8]) {
        self.begin(id);
        self.out
            .extend_from_slice(format!("<< /Length {} {dict} >>\nstream\n", data.len()).as_bytes());
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    pub(crate) fn finish(mut self, root: usize) -> Vec<u8> {
        let size = self.offsets.keys().max().map_or(1, |max| max + 1);
        let xref = self.out.len();
        let mut table = format!("xref\n0 {size}\n0000000000 65535 f \n");
        for id in 1..size {
            match self.offsets.get(&id) {
                Some(offset) => {
                    let _ = writeln!(table, "{offset:010} 00000 n ");
                }
                None => table.push_str("0000000000 65535 f \n"),
            }
        }
        let _ = write!(
            table,
            "trailer\n<< /Size {size} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        );
        self.out.extend_from_slice(table.as_bytes());
        self.out
    }
}
