//! The values requests take and give: paper sources, page sizes, rendered
//! pages, search hits, counters.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a paper's bytes come from.
#[derive(Debug, Clone)]
pub enum PdfSource {
    /// Bytes in memory (e.g. a classified paper decrypted into RAM only).
    Bytes(Arc<Vec<u8>>),
    /// A file that PDFium reads lazily, a block at a time.
    File(PathBuf),
}

impl From<Arc<Vec<u8>>> for PdfSource {
    fn from(bytes: Arc<Vec<u8>>) -> Self {
        Self::Bytes(bytes)
    }
}

impl From<Vec<u8>> for PdfSource {
    fn from(bytes: Vec<u8>) -> Self {
        Self::Bytes(Arc::new(bytes))
    }
}

impl From<PathBuf> for PdfSource {
    fn from(path: PathBuf) -> Self {
        Self::File(path)
    }
}

impl From<&Path> for PdfSource {
    fn from(path: &Path) -> Self {
        Self::File(path.to_path_buf())
    }
}

/// Size of a page in PDF points (1/72 inch), as displayed (page rotation applied).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
}

/// What [`Renderer::open`] learns about a paper.
#[derive(Debug, Clone, PartialEq)]
pub struct DocInfo {
    /// Number of pages (at least one).
    pub pages: u32,
    /// Size of each page, in page order.
    pub page_sizes: Vec<PageSize>,
}

/// One rendered page.
#[derive(Clone, PartialEq, Eq)]
pub struct RenderedPage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Straight (non-premultiplied) RGBA8, `width * height * 4` bytes, rows
    /// top to bottom with no padding; every pixel opaque.
    pub rgba: Vec<u8>,
}

impl RenderedPage {
    /// Bytes this page holds, as the cache counts them.
    pub fn byte_size(&self) -> usize {
        self.rgba.len() + std::mem::size_of::<Self>()
    }

    /// The RGBA value of one pixel (`None` outside the bitmap).
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let at = (y as usize * self.width as usize + x as usize) * 4;
        let p = self.rgba.get(at..at + 4)?;
        Some([p[0], p[1], p[2], p[3]])
    }
}

impl std::fmt::Debug for RenderedPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderedPage")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("rgba_bytes", &self.rgba.len())
            .finish()
    }
}

/// A rectangle on a page as fractions of the page's displayed size, origin
/// at the top-left corner: multiply by a bitmap's width and height to get
/// pixels at any zoom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HitRect {
    /// Left edge, 0.0 ..= 1.0.
    pub x: f32,
    /// Top edge, 0.0 ..= 1.0.
    pub y: f32,
    /// Width as a fraction of the page width.
    pub width: f32,
    /// Height as a fraction of the page height.
    pub height: f32,
}

/// One match of a search: the page and the rectangles that cover the
/// matched text (more than one when the match wraps across lines).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// Page index, 0-based.
    pub page: u32,
    /// Where the match is on the page.
    pub rects: Vec<HitRect>,
}

/// Counters for tests, benchmarks and the diagnostics screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RenderStats {
    /// Pages rendered for direct requests and thumbnails.
    pub rendered: u64,
    /// Pages rendered for prefetches.
    pub prefetched: u64,
    /// Requests answered from the cache.
    pub cache_hits: u64,
    /// Pages in the cache now.
    pub cache_entries: usize,
    /// Bytes the cached pages hold now.
    pub cache_bytes: usize,
    /// The cache's budget.
    pub cache_budget: usize,
    /// Pages evicted to stay under the budget, since start.
    pub evictions: u64,
    /// Documents PDFium holds open now (at most a few; the rest reload lazily).
    pub open_documents: u64,
}
