//! Just enough of a TrueType font to embed it in a PDF: glyph ids from the
//! Unicode `cmap` (format 4, the Basic Multilingual Plane), advance widths
//! from `hmtx`, and the metrics a font descriptor names.

use std::collections::HashMap;

use anyhow::{Context, Result, bail, ensure};

/// A parsed TrueType font: its file and what the PDF writer needs from it.
#[derive(Debug)]
pub(crate) struct Font {
    /// The font file, embedded whole as `FontFile2`.
    pub(crate) data: &'static [u8],
    /// The PostScript-ish name the PDF gives it.
    pub(crate) name: &'static str,
    units_per_em: f32,
    /// xMin, yMin, xMax, yMax in font units.
    bbox: [i16; 4],
    ascender: i16,
    descender: i16,
    cap_height: i16,
    advances: Vec<u16>,
    glyphs: HashMap<char, u16>,
}

impl Font {
    pub(crate) fn parse(name: &'static str, data: &'static [u8]) -> Result<Self> {
        let tables = Tables::read(data)?;
        let head = tables.get("head")?;
        let units_per_em = u16_at(head, 18)?;
        ensure!(units_per_em > 0, "{name}: unitsPerEm is zero");
        let bbox = [
            i16_at(head, 36)?,
            i16_at(head, 38)?,
            i16_at(head, 40)?,
            i16_at(head, 42)?,
        ];
        let hhea = tables.get("hhea")?;
        let ascender = i16_at(hhea, 4)?;
        let descender = i16_at(hhea, 6)?;
        let metrics = usize::from(u16_at(hhea, 34)?);
        let hmtx = tables.get("hmtx")?;
        let advances = (0..metrics)
            .map(|i| u16_at(hmtx, i * 4))
            .collect::<Result<Vec<_>>>()?;
        ensure!(!advances.is_empty(), "{name}: no horizontal metrics");
        // OS/2 version 2 and later carry the cap height; else the ascender will do.
        let cap_height = tables
            .get("OS/2")
            .ok()
            .filter(|os2| u16_at(os2, 0).is_ok_and(|v| v >= 2))
            .and_then(|os2| i16_at(os2, 88).ok())
            .unwrap_or(ascender);
        let glyphs = unicode_cmap(tables.get("cmap")?).with_context(|| format!("{name}: cmap"))?;
        Ok(Self {
            data,
            name,
            units_per_em: f32::from(units_per_em),
            bbox,
            ascender,
            descender,
            cap_height,
            advances,
            glyphs,
        })
    }

    /// The glyph for `c`, or the missing glyph (0).
    pub(crate) fn glyph(&self, c: char) -> u16 {
        self.glyphs.get(&c).copied().unwrap_or(0)
    }

    /// A glyph's advance in thousandths of the em (PDF glyph space).
    pub(crate) fn advance(&self, glyph: u16) -> f32 {
        let index = usize::from(glyph).min(self.advances.len() - 1);
        self.units(self.advances[index])
    }

    /// The width of `text` at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// The font descriptor's metrics: `/FontBBox [..] /Ascent .. /Descent .. /CapHeight ..`.
    pub(crate) fn descriptor_metrics(&self) -> String {
        let [x0, y0, x1, y1] = self.bbox.map(|v| self.signed_units(v));
        format!(
            "/FontBBox [{x0:.0} {y0:.0} {x1:.0} {y1:.0}] /Ascent {:.0} /Descent {:.0} /CapHeight {:.0}",
            self.signed_units(self.ascender),
            self.signed_units(self.descender),
            self.signed_units(self.cap_height),
        )
    }

    fn units(&self, value: u16) -> f32 {
        f32::from(value) * 1000.0 / self.units_per_em
    }

    fn signed_units(&self, value: i16) -> f32 {
        f32::from(value) * 1000.0 / self.units_per_em
    }
}

/// The table directory of an sfnt file.
struct Tables<'a> {
    data: &'a [u8],
    records: Vec<([u8; 4], usize, usize)>,
}

impl<'a> Tables<'a> {
    fn read(data: &'a [u8]) -> Result<Self> {
        let count = usize::from(u16_at(data, 4)?);
        let records = (0..count)
            .map(|i| {
                let at = 12 + i * 16;
                let tag = data.get(at..at + 4).context("table directory cut short")?;
                let offset = usize::try_from(u32_at(data, at + 8)?)?;
                let length = usize::try_from(u32_at(data, at + 12)?)?;
                Ok(([tag[0], tag[1], tag[2], tag[3]], offset, length))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self { data, records })
    }

    fn get(&self, tag: &str) -> Result<&'a [u8]> {
        let (_, offset, length) = self
            .records
            .iter()
            .find(|(t, _, _)| t == tag.as_bytes())
            .with_context(|| format!("no {tag} table"))?;
        self.data
            .get(*offset..offset + length)
            .with_context(|| format!("the {tag} table runs past the end of the file"))
    }
}

/// Every character of the Windows Unicode BMP subtable (3, 1, format 4),
/// or of a Unicode-platform format 4 subtable, with its glyph.
fn unicode_cmap(cmap: &[u8]) -> Result<HashMap<char, u16>> {
    let count = usize::from(u16_at(cmap, 2)?);
    let mut chosen = None;
    for i in 0..count {
        let at = 4 + i * 8;
        let (platform, encoding) = (u16_at(cmap, at)?, u16_at(cmap, at + 2)?);
        let offset = usize::try_from(u32_at(cmap, at + 4)?)?;
        if u16_at(cmap, offset)? == 4 && (platform == 0 || (platform == 3 && encoding == 1)) {
            chosen = Some(offset);
            if platform == 3 {
                break;
            }
        }
    }
    let Some(table) = chosen else {
        bail!("no format 4 Unicode subtable");
    };
    let sub = cmap.get(table..).context("subtable past the end")?;
    let segments = usize::from(u16_at(sub, 6)? / 2);
    let ends = 14;
    let starts = ends + 2 * segments + 2;
    let deltas = starts + 2 * segments;
    let range_offsets = deltas + 2 * segments;
    let mut glyphs = HashMap::new();
    for s in 0..segments {
        let end = u16_at(sub, ends + 2 * s)?;
        let start = u16_at(sub, starts + 2 * s)?;
        let delta = u16_at(sub, deltas + 2 * s)?;
        let range_at = range_offsets + 2 * s;
        let range_offset = usize::from(u16_at(sub, range_at)?);
        if start == 0xFFFF {
            continue;
        }
        for code in start..=end {
            let glyph = if range_offset == 0 {
                code.wrapping_add(delta)
            } else {
                let at = range_at + range_offset + 2 * usize::from(code - start);
                match u16_at(sub, at)? {
                    0 => 0,
                    g => g.wrapping_add(delta),
                }
            };
            if let Some(c) = char::from_u32(u32::from(code))
                && glyph != 0
            {
                glyphs.insert(c, glyph);
            }
        }
    }
    Ok(glyphs)
}

fn u16_at(data: &[u8], at: usize) -> Result<u16> {
    let b = data.get(at..at + 2).context("font data cut short")?;
    Ok(u16::from_be_bytes([b[0], b[1]]))
}

fn i16_at(data: &[u8], at: usize) -> Result<i16> {
    let b = data.get(at..at + 2).context("font data cut short")?;
    Ok(i16::from_be_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Result<u32> {
    let b = data.get(at..at + 4).context("font data cut short")?;
    Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}
