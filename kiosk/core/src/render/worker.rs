//! The render thread: the only place that calls PDFium.
//!
//! `PdfDocument<'p>` borrows the `Pdfium` it came from, so both live on this
//! thread's stack: `run` binds PDFium, and a `Worker<'p>` borrowing it holds
//! the open documents. Every paper's source (bytes or path) stays known; only
//! the few most recently used are open in PDFium, the rest reload lazily.

use std::collections::HashMap;
use std::io::Cursor;
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError, mpsc};

use lru::LruCache;
use pdfium_render::prelude::{
    PdfBitmap, PdfBitmapFormat, PdfColor, PdfDocument, PdfPage, PdfPoints, PdfRect,
    PdfRenderConfig, PdfSearchOptions, Pdfium, PdfiumError, PdfiumInternalError,
};
use tracing::{debug, warn};

use super::cache::{PageCache, PageKey};
use super::queue::{Done, Job, JobQueue, Priority};
use super::{
    Counters, DocInfo, HitRect, MAX_RENDER_PIXELS, PageSize, PdfSource, RenderError, RenderedPage,
    SearchHit,
};

/// Documents held open in PDFium at once.
const MAX_OPEN_DOCUMENTS: usize = 3;
/// Pages searched before a search goes back in the queue behind newer requests.
const SEARCH_PAGES_PER_STEP: u32 = 8;
/// Width of the virtual bitmap used to turn page points into page fractions.
const UNIT_DEVICE_WIDTH: u32 = 4096;

/// Binds PDFium, reports readiness on `ready`, then serves the queue until it
/// stops. Jobs still queued then fail with [`RenderError::Stopped`].
pub(super) fn run(
    library: &Path,
    queue: &Arc<JobQueue>,
    cache: &Arc<Mutex<PageCache>>,
    counters: &Arc<Counters>,
    ready: &mpsc::SyncSender<Result<(), RenderError>>,
) {
    let pdfium = match bind(library) {
        Ok(pdfium) => pdfium,
        Err(err) => {
            let _ = ready.send(Err(err));
            return;
        }
    };
    if ready.send(Ok(())).is_err() {
        return;
    }
    let mut worker = Worker {
        pdfium: &pdfium,
        queue,
        cache,
        counters,
        known: HashMap::new(),
        open: LruCache::new(NonZeroUsize::new(MAX_OPEN_DOCUMENTS).unwrap_or(NonZeroUsize::MIN)),
    };
    while let Some(job) = queue.pop() {
        // A panicking callback must not take the renderer down with it; the
        // panic hook has already reported it.
        if panic::catch_unwind(AssertUnwindSafe(|| worker.handle(job))).is_err() {
            warn!("a render job panicked; the renderer carries on");
        }
    }
    for job in queue.drain() {
        job.fail(RenderError::Stopped);
    }
}

/// Binds the library, or reuses the process-wide binding if a renderer
/// already made one (pdfium-render keeps the bindings in a global).
fn bind(library: &Path) -> Result<Pdfium, RenderError> {
    match Pdfium::bind_to_library(library) {
        Ok(bindings) => Ok(Pdfium::new(bindings)),
        // `default()` sees the same global and reuses it without loading anything.
        Err(PdfiumError::PdfiumLibraryBindingsAlreadyInitialized) => Ok(Pdfium::default()),
        Err(err) => Err(RenderError::LibraryLoad {
            path: library.to_path_buf(),
            reason: match err {
                PdfiumError::LoadLibraryError(err) => err.to_string(),
                other => format!("{other:?}"),
            },
        }),
    }
}

struct Known {
    source: PdfSource,
    info: DocInfo,
}

struct Worker<'p> {
    pdfium: &'p Pdfium,
    queue: &'p JobQueue,
    cache: &'p Mutex<PageCache>,
    counters: &'p Counters,
    known: HashMap<Arc<str>, Known>,
    open: LruCache<Arc<str>, PdfDocument<'p>>,
}

impl<'p> Worker<'p> {
    fn handle(&mut self, job: Job) {
        match job {
            Job::Open { doc, source, done } => done(self.open(doc, source)),
            Job::Close { doc } => self.forget(&doc),
            Job::Render { key, done } => self.render(key, done),
            Job::Search {
                doc,
                query,
                next_page,
                hits,
                done,
            } => self.search(doc, query, next_page, hits, done),
            Job::Barrier { done } => done(Ok(())),
            Job::Pause { hold } => {
                // Returns when the guard (the sender) drops.
                let _ = hold.recv();
            }
        }
    }

    fn open(&mut self, doc: Arc<str>, source: PdfSource) -> Result<DocInfo, RenderError> {
        self.forget(&doc);
        let document = load(self.pdfium, &source)?;
        let pages = document.pages();
        let count = u32::try_from(pages.len()).unwrap_or(0);
        if count == 0 {
            return Err(RenderError::BadPdf("the document has no pages".into()));
        }
        // Asking every page's size walks the whole page tree: a truncated
        // file whose page objects are missing fails here, not mid-meeting.
        let page_sizes = pages
            .page_sizes()
            .map_err(|err| RenderError::BadPdf(format!("damaged page tree: {err:?}")))?
            .iter()
            .map(|rect| PageSize {
                width: rect.width().value,
                height: rect.height().value,
            })
            .collect();
        let info = DocInfo {
            pages: count,
            page_sizes,
        };
        debug!(doc = %doc, pages = count, "document opened");
        self.known.insert(
            Arc::clone(&doc),
            Known {
                source,
                info: info.clone(),
            },
        );
        self.keep_open(doc, document);
        Ok(info)
    }

    fn forget(&mut self, doc: &Arc<str>) {
        if self.known.remove(doc).is_some() {
            debug!(doc = %doc, "document closed");
        }
        self.open.pop(doc);
        self.set_open_count();
        self.lock_cache().remove_doc(doc);
    }

    fn keep_open(&mut self, doc: Arc<str>, document: PdfDocument<'p>) {
        // The least recently used document, if pushed out, closes here.
        drop(self.open.push(doc, document));
        self.set_open_count();
    }

    fn set_open_count(&self) {
        self.counters
            .open_documents
            .store(self.open.len() as u64, Ordering::Relaxed);
    }

    /// The open PDFium document for `doc`, reloading it if it was closed to
    /// make room, after checking that `page` exists.
    fn document(&mut self, doc: &Arc<str>, page: u32) -> Result<&PdfDocument<'p>, RenderError> {
        let known = self
            .known
            .get(doc)
            .ok_or_else(|| RenderError::UnknownDocument(doc.to_string()))?;
        if page >= known.info.pages {
            return Err(RenderError::PageOutOfRange {
                page,
                pages: known.info.pages,
            });
        }
        if !self.open.contains(doc) {
            let document = load(self.pdfium, &known.source)?;
            self.keep_open(Arc::clone(doc), document);
        }
        self.open
            .get(doc)
            .ok_or_else(|| RenderError::UnknownDocument(doc.to_string()))
    }

    fn render(&mut self, key: PageKey, done: Option<Done<Arc<RenderedPage>>>) {
        let hit = self.lock_cache().get(&key);
        if let Some(page) = hit {
            if let Some(done) = done {
                self.counters.cache_hits.fetch_add(1, Ordering::Relaxed);
                done(Ok(page));
            }
            return;
        }
        let result = self
            .document(&key.doc, key.page)
            .and_then(|document| render_page(document, key.page, key.width))
            .map(Arc::new);
        match (&result, &done) {
            (Ok(page), _) => {
                let counter = if done.is_some() {
                    &self.counters.rendered
                } else {
                    &self.counters.prefetched
                };
                counter.fetch_add(1, Ordering::Relaxed);
                self.lock_cache().insert(key, Arc::clone(page));
            }
            (Err(err), None) => match err {
                // A prefetch past either end of the paper, or for a paper
                // closed meanwhile, is expected.
                RenderError::PageOutOfRange { .. } | RenderError::UnknownDocument(_) => {}
                err => warn!(doc = %key.doc, page = key.page, cause = %err, "prefetch failed"),
            },
            (Err(_), Some(_)) => {}
        }
        if let Some(done) = done {
            done(result);
        }
    }

    fn search(
        &mut self,
        doc: Arc<str>,
        query: String,
        next_page: u32,
        mut hits: Vec<SearchHit>,
        done: Done<Vec<SearchHit>>,
    ) {
        if query.is_empty() {
            return done(Ok(hits));
        }
        let Some(pages) = self.known.get(&doc).map(|known| known.info.pages) else {
            return done(Err(RenderError::UnknownDocument(doc.to_string())));
        };
        let end = next_page.saturating_add(SEARCH_PAGES_PER_STEP).min(pages);
        let step = self
            .document(&doc, next_page.min(pages - 1))
            .and_then(|document| search_pages(document, &query, next_page..end));
        match step {
            Err(err) => done(Err(err)),
            Ok(found) if end >= pages => {
                hits.extend(found);
                done(Ok(hits));
            }
            Ok(found) => {
                hits.extend(found);
                let rest = Job::Search {
                    doc,
                    query,
                    next_page: end,
                    hits,
                    done,
                };
                if let Err(job) = self.queue.push(Priority::Direct, rest) {
                    job.fail(RenderError::Stopped);
                }
            }
        }
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'p, PageCache> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `Cursor` wants `AsRef<[u8]>`, which `Arc<Vec<u8>>` is not.
struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

fn load<'p>(pdfium: &'p Pdfium, source: &PdfSource) -> Result<PdfDocument<'p>, RenderError> {
    let loaded = match source {
        PdfSource::Bytes(bytes) if bytes.is_empty() => {
            return Err(RenderError::BadPdf("the file is empty".into()));
        }
        PdfSource::Bytes(bytes) => {
            pdfium.load_pdf_from_reader(Cursor::new(SharedBytes(Arc::clone(bytes))), None)
        }
        PdfSource::File(path) => pdfium.load_pdf_from_file(path, None),
    };
    loaded.map_err(|err| match err {
        PdfiumError::IoError(err) => RenderError::Io(err.to_string()),
        PdfiumError::PdfiumLibraryInternalError(internal) => RenderError::BadPdf(
            match internal {
                PdfiumInternalError::FormatError => "not a pdf, or damaged beyond repair",
                PdfiumInternalError::PasswordError => "password protected",
                PdfiumInternalError::SecurityError => "unsupported security handler",
                PdfiumInternalError::FileError => "cannot read the file",
                PdfiumInternalError::PageError => "damaged page",
                PdfiumInternalError::Unknown => "pdfium could not load it",
            }
            .to_owned(),
        ),
        other => RenderError::BadPdf(format!("{other:?}")),
    })
}

fn page_index(page: u32) -> Result<i32, RenderError> {
    i32::try_from(page).map_err(|_| RenderError::InvalidRequest(format!("page {page}")))
}

fn load_page<'a>(document: &'a PdfDocument<'_>, page: u32) -> Result<PdfPage<'a>, RenderError> {
    document
        .pages()
        .get(page_index(page)?)
        .map_err(|err| RenderError::Pdfium(format!("page {page} does not load: {err:?}")))
}

/// Renders straight into our own RGBA buffer: a BGRA bitmap with PDFium's
/// reverse-byte-order flag comes out as RGBA, cleared to opaque white first.
fn render_page(
    document: &PdfDocument<'_>,
    page: u32,
    width: u32,
) -> Result<RenderedPage, RenderError> {
    let pdf_page = load_page(document, page)?;
    let (width, height) = bitmap_size(pdf_page.width().value, pdf_page.height().value, width);
    let pdfium_err = |err: PdfiumError| RenderError::Pdfium(format!("page {page}: {err:?}"));
    let (w, h) = (
        i32::try_from(width).map_err(|_| RenderError::InvalidRequest("too wide".into()))?,
        i32::try_from(height).map_err(|_| RenderError::InvalidRequest("too tall".into()))?,
    );
    let mut rgba = vec![0_u8; width as usize * height as usize * 4];
    {
        let mut bitmap =
            PdfBitmap::from_bytes(w, h, PdfBitmapFormat::BGRA, &mut rgba).map_err(pdfium_err)?;
        let config = PdfRenderConfig::new()
            .set_fixed_size(w, h)
            .set_format(PdfBitmapFormat::BGRA)
            .set_reverse_byte_order(true)
            .clear_before_rendering(true)
            .set_clear_color(PdfColor::WHITE);
        pdf_page
            .render_into_bitmap_with_config(&mut bitmap, &config)
            .map_err(pdfium_err)?;
    }
    Ok(RenderedPage {
        width,
        height,
        rgba,
    })
}

/// Bitmap size for a page `width` pixels wide, keeping the aspect ratio and
/// within [`MAX_RENDER_PIXELS`].
fn bitmap_size(page_width: f32, page_height: f32, width: u32) -> (u32, u32) {
    let aspect = if page_width > 0.0 && page_height > 0.0 {
        f64::from(page_height) / f64::from(page_width)
    } else {
        std::f64::consts::SQRT_2
    };
    let height_of = |w: u32| super::pixels_from_f64((f64::from(w) * aspect).round()).max(1);
    let fits = |w: u32, h: u32| u64::from(w) * u64::from(h) <= MAX_RENDER_PIXELS;
    let mut w = width.max(1);
    let mut h = height_of(w);
    if !fits(w, h) {
        w = super::pixels_from_f64((pixels_as_f64(MAX_RENDER_PIXELS) / aspect).sqrt()).max(1);
        h = height_of(w);
        while !fits(w, h) && w > 1 {
            w -= 1;
            h = height_of(w);
        }
    }
    (w, h)
}

#[allow(
    clippy::cast_precision_loss,
    reason = "pixel counts are far below 2^52"
)]
fn pixels_as_f64(pixels: u64) -> f64 {
    pixels as f64
}

fn search_pages(
    document: &PdfDocument<'_>,
    query: &str,
    pages: std::ops::Range<u32>,
) -> Result<Vec<SearchHit>, RenderError> {
    let mut hits = Vec::new();
    let options = PdfSearchOptions::new()
        .match_case(false)
        .match_whole_word(false);
    for page in pages {
        let pdf_page = load_page(document, page)?;
        let pdfium_err = |err: PdfiumError| RenderError::Pdfium(format!("page {page}: {err:?}"));
        let text = pdf_page.text().map_err(pdfium_err)?;
        let search = text.search(query, &options).map_err(pdfium_err)?;
        let unit = UnitDevice::new(&pdf_page);
        while let Some(segments) = search.find_next() {
            let rects = segments
                .iter()
                .filter_map(|segment| unit.fraction(&pdf_page, segment.bounds()))
                .collect();
            hits.push(SearchHit { page, rects });
        }
    }
    Ok(hits)
}

/// A virtual bitmap of the page `UNIT_DEVICE_WIDTH` pixels wide, for turning
/// page coordinates into fractions of the displayed page: PDFium applies the
/// page's rotation and box offset, which plain arithmetic would miss.
struct UnitDevice {
    config: PdfRenderConfig,
    width: f32,
    height: f32,
}

impl UnitDevice {
    fn new(page: &PdfPage<'_>) -> Self {
        let (w, h) = bitmap_size(page.width().value, page.height().value, UNIT_DEVICE_WIDTH);
        let (wi, hi) = (
            i32::try_from(w).unwrap_or(i32::MAX),
            i32::try_from(h).unwrap_or(i32::MAX),
        );
        Self {
            config: PdfRenderConfig::new().set_fixed_size(wi, hi),
            width: device_f32(wi),
            height: device_f32(hi),
        }
    }

    fn fraction(&self, page: &PdfPage<'_>, rect: PdfRect) -> Option<HitRect> {
        let corner = |x: PdfPoints, y: PdfPoints| {
            page.points_to_pixels(x, y, &self.config)
                .ok()
                .map(|(px, py)| (device_f32(px), device_f32(py)))
        };
        let (x0, y0) = corner(rect.left(), rect.top())?;
        let (x1, y1) = corner(rect.right(), rect.bottom())?;
        let (left, right) = (x0.min(x1), x0.max(x1));
        let (top, bottom) = (y0.min(y1), y0.max(y1));
        Some(HitRect {
            x: (left / self.width).clamp(0.0, 1.0),
            y: (top / self.height).clamp(0.0, 1.0),
            width: ((right - left) / self.width).clamp(0.0, 1.0),
            height: ((bottom - top) / self.height).clamp(0.0, 1.0),
        })
    }
}

/// A device coordinate as a float; the unit device is at most a few tens of
/// thousands of pixels across, far inside f32's exact range.
#[allow(
    clippy::cast_precision_loss,
    reason = "device coordinates are far below 2^24"
)]
fn device_f32(value: i32) -> f32 {
    value as f32
}
