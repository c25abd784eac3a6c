//! A face of the bundled Noto Sans as a PDF font: a Type0 font over a
//! CIDFontType2 with the Identity-H encoding, subset to the glyphs the paper
//! uses.
//!
//! Codes are CIDs given out per character in order of first use (1, 2, …),
//! so the ToUnicode map gives back exactly the text written, even for a
//! character the font lacks (drawn as the missing glyph) or two characters
//! that share a glyph; a `CIDToGIDMap` stream maps each CID to its glyph in
//! the subset. `ttf-parser` reads the cmap and metrics, `subsetter` cuts
//! the subset.

use std::collections::HashMap;
use std::fmt::Write as _;

use subsetter::GlyphRemapper;
use ttf_parser::GlyphId;

use super::objects::{Objects, num};

/// A face of the bundled Noto Sans (`assets/fonts/`, SIL Open Font License).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// Body text.
    Regular,
    /// Headings.
    Bold,
}

impl Face {
    pub(crate) const ALL: [Self; 2] = [Self::Regular, Self::Bold];

    fn data(self) -> &'static [u8] {
        match self {
            Self::Regular => include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
            Self::Bold => include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Regular => "NotoSans-Regular",
            Self::Bold => "NotoSans-Bold",
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Self::Regular => 0,
            Self::Bold => 1,
        }
    }

    /// The font's name in a page's resources: `F1`, `F2`.
    pub(crate) fn resource(self) -> &'static str {
        match self {
            Self::Regular => "F1",
            Self::Bold => "F2",
        }
    }
}

/// Objects a font takes: Type0, CIDFont, descriptor, font file, ToUnicode,
/// CIDToGIDMap.
pub(crate) const OBJECTS_PER_FONT: usize = 6;

/// One face and the characters a paper shows in it.
#[derive(Debug)]
pub(crate) struct Font {
    face: Face,
    ttf: ttf_parser::Face<'static>,
    /// The character of each CID, from CID 1 (CID 0 is never used).
    chars: Vec<char>,
    cids: HashMap<char, u16>,
}

impl Font {
    pub(crate) fn new(face: Face) -> Self {
        let ttf = ttf_parser::Face::parse(face.data(), 0)
            .unwrap_or_else(|err| panic!("the bundled {} does not parse: {err}", face.name()));
        Self {
            face,
            ttf,
            chars: Vec::new(),
            cids: HashMap::new(),
        }
    }

    pub(crate) fn is_used(&self) -> bool {
        !self.chars.is_empty()
    }

    fn glyph(&self, c: char) -> GlyphId {
        self.ttf.glyph_index(c).unwrap_or(GlyphId(0))
    }

    /// A glyph's advance in thousandths of the em (PDF glyph space).
    fn advance(&self, glyph: GlyphId) -> f32 {
        f32::from(self.ttf.glyph_hor_advance(glyph).unwrap_or(0)) * 1000.0
            / f32::from(self.ttf.units_per_em())
    }

    /// The width of `text` set at `size` points, in points.
    pub(crate) fn width(&self, size: f32, text: &str) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// Appends `c` as a two-byte code in hex, giving it a CID on first use.
    pub(crate) fn encode(&mut self, c: char, hex: &mut String) {
        let cid = if let Some(&cid) = self.cids.get(&c) {
            cid
        } else {
            self.chars.push(c);
            let cid = u16::try_from(self.chars.len())
                .unwrap_or_else(|_| panic!("typeset: more than 65535 characters in one face"));
            self.cids.insert(c, cid);
            cid
        };
        let _ = write!(hex, "{cid:04X}");
    }

    /// Writes the font as `OBJECTS_PER_FONT` objects from `id` (the Type0
    /// font that pages name).
    pub(crate) fn write(&self, pdf: &mut Objects, id: usize) {
        let (cid_font, descriptor, file, to_unicode, cid_to_gid) =
            (id + 1, id + 2, id + 3, id + 4, id + 5);
        let glyphs: Vec<GlyphId> = self.chars.iter().map(|&c| self.glyph(c)).collect();
        let mut remapper = GlyphRemapper::new();
        let subset_glyphs: Vec<u16> = glyphs.iter().map(|g| remapper.remap(g.0)).collect();
        let subset = subsetter::subset(self.face.data(), 0, &remapper).unwrap_or_else(|err| {
            panic!("subsetting the bundled {} failed: {err}", self.face.name())
        });
        let name = format!("{}+{}", self.subset_tag(), self.face.name());

        pdf.object(
            id,
            &format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
                 /DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
            ),
        );
        let widths = glyphs
            .iter()
            .map(|&g| num(self.advance(g)))
            .collect::<Vec<_>>()
            .join(" ");
        pdf.object(
            cid_font,
            &format!(
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
                 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
                 /FontDescriptor {descriptor} 0 R /W [1 [{widths}]] \
                 /CIDToGIDMap {cid_to_gid} 0 R >>"
            ),
        );
        pdf.object(descriptor, &self.descriptor(&name, file));
        pdf.stream(file, &format!(" /Length1 {}", subset.len()), &subset);
        pdf.stream(to_unicode, "", &self.to_unicode_cmap());
        let map: Vec<u8> = std::iter::once(0)
            .chain(subset_glyphs)
            .flat_map(u16::to_be_bytes)
            .collect();
        pdf.stream(cid_to_gid, "", &map);
    }

    fn descriptor(&self, name: &str, file: usize) -> String {
        let units = |v: i16| num(f32::from(v) * 1000.0 / f32::from(self.ttf.units_per_em()));
        let bbox = self.ttf.global_bounding_box();
        let ascent = self.ttf.ascender();
        let (weight, stem) = match self.face {
            Face::Regular => (400, 80),
            Face::Bold => (700, 140),
        };
        format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags 32 \
             /FontBBox [{} {} {} {}] /ItalicAngle 0 /Ascent {} /Descent {} /CapHeight {} \
             /FontWeight {weight} /StemV {stem} /FontFile2 {file} 0 R >>",
            units(bbox.x_min),
            units(bbox.y_min),
            units(bbox.x_max),
            units(bbox.y_max),
            units(ascent),
            units(self.ttf.descender()),
            units(self.ttf.capital_height().unwrap_or(ascent)),
        )
    }

    /// Six capitals from the characters used, as the PDF asks a subset's
    /// name to start with: the same characters give the same tag.
    fn subset_tag(&self) -> String {
        // FNV-1a: stable across runs and platforms, unlike std's hasher.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for &c in &self.chars {
            hash = (hash ^ u64::from(u32::from(c))).wrapping_mul(0x0100_0000_01b3);
        }
        (0..6)
            .map(|i| char::from(b'A' + u8::try_from((hash >> (i * 8)) % 26).unwrap_or(0)))
            .collect()
    }

    fn to_unicode_cmap(&self) -> Vec<u8> {
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        for (chunk_index, chunk) in self.chars.chunks(100).enumerate() {
            let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
            for (i, &c) in chunk.iter().enumerate() {
                let utf16 =
                    c.encode_utf16(&mut [0; 2])
                        .iter()
                        .fold(String::new(), |mut out, unit| {
                            let _ = write!(out, "{unit:04X}");
                            out
                        });
                let _ = writeln!(cmap, "<{:04X}> <{utf16}>", 1 + chunk_index * 100 + i);
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        cmap.into_bytes()
    }
}
