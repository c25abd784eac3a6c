//! The paper renderer: PDF pages to pixels, off the UI thread.
//!
//! One [`Renderer`] owns one worker thread, and that thread owns the
//! `Pdfium` instance and every open `PdfDocument`: PDFium is not reentrant,
//! so no PDFium call happens anywhere else. Callers talk to the worker by
//! messages through a three-level priority queue:
//!
//! 1. direct requests (open, close, render, search): what the delegate is
//!    waiting for;
//! 2. thumbnails;
//! 3. prefetches: fire and forget, replaced by the next prefetch for the same
//!    paper, so a page turn never waits behind a backlog of stale prefetches.
//!
//! Every request has a blocking form (`render`) and a callback form
//! (`render_async`) whose callback runs on the worker thread; the Slint side
//! hands the result to the UI with `slint::invoke_from_event_loop`.
//!
//! Rendered pages live in an LRU cache bounded by a byte budget and shared
//! with callers, so a cache hit (a pre-rendered neighbour) never queues
//! behind the worker. [`Viewer::turn_to`] renders a page and prefetches its
//! neighbours.
//!
//! **Pixels:** [`RenderedPage::rgba`] is straight (not premultiplied) RGBA8,
//! row-major, no padding, which is what Slint's `SharedPixelBuffer<Rgba8Pixel>`
//! wants. Pages are drawn onto white, so every pixel is opaque and straight
//! and premultiplied coincide.

mod cache;
mod error;
mod library;
mod queue;
mod types;
mod viewer;
mod worker;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread::{self, JoinHandle, ThreadId};

use cache::{PageCache, PageKey};
use queue::{Done, Job, JobQueue, Priority};

pub use error::RenderError;
pub use library::{PDFIUM_LIB_DIR_ENV, PDFIUM_LIB_ENV, locate_library};
pub use types::{DocInfo, HitRect, PageSize, PdfSource, RenderStats, RenderedPage, SearchHit};
pub use viewer::{DEFAULT_NEIGHBOURS, Viewer, neighbours_of};

/// Widest bitmap the renderer produces, in pixels, whatever the zoom.
pub const MAX_RENDER_WIDTH: u32 = 8192;
/// Largest bitmap the renderer produces, in pixels (64 MiB of RGBA); a
/// bigger request is scaled down to fit, keeping the page's aspect ratio.
pub const MAX_RENDER_PIXELS: u64 = 16 * 1024 * 1024;
/// A sensible page-cache budget for a seat: the current page and its four
/// neighbours at 1280 px wide (A4, about 9 MB each) plus thumbnails.
pub const DEFAULT_BUDGET_BYTES: usize = 56 * 1024 * 1024;

#[derive(Debug, Default)]
struct Counters {
    rendered: AtomicU64,
    prefetched: AtomicU64,
    cache_hits: AtomicU64,
    open_documents: AtomicU64,
}

/// Handle to the render worker. Cheap to clone; the worker stops when the
/// last handle is dropped (pending requests then fail with
/// [`RenderError::Stopped`]).
#[derive(Debug, Clone)]
pub struct Renderer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    queue: Arc<JobQueue>,
    cache: Arc<Mutex<PageCache>>,
    counters: Arc<Counters>,
    library: PathBuf,
    worker: Option<JoinHandle<()>>,
    worker_id: ThreadId,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.queue.stop();
        if let Some(worker) = self.worker.take()
            && thread::current().id() != self.worker_id
        {
            // A panic on the worker has already been reported by the panic hook.
            let _ = worker.join();
        }
    }
}

/// Held by a test to keep the worker busy; the worker resumes when it drops.
#[doc(hidden)]
#[derive(Debug)]
pub struct PauseGuard {
    _release: mpsc::Sender<()>,
}

impl Renderer {
    /// Starts the worker and binds PDFium on it: the library at `lib` (a file,
    /// or a directory holding `libpdfium.so`), or else wherever
    /// [`locate_library`] finds it. Pages cached stay under `budget_bytes`.
    ///
    /// PDFium binds once per process: a second renderer reuses the library
    /// the first one loaded.
    pub fn start(lib: Option<PathBuf>, budget_bytes: usize) -> Result<Self, RenderError> {
        let library = match lib {
            Some(path) if path.is_dir() => path.join(library::LIBRARY_FILE),
            Some(path) => path,
            None => locate_library()?,
        };
        // Checked here because a process that has bound PDFium once never
        // loads it again: a wrong path would otherwise go unnoticed.
        if !library.is_file() {
            return Err(RenderError::LibraryNotFound {
                looked_in: library.display().to_string(),
            });
        }
        let queue = Arc::new(JobQueue::default());
        let cache = Arc::new(Mutex::new(PageCache::new(budget_bytes)));
        let counters = Arc::new(Counters::default());
        let (ready_tx, ready_rx) = mpsc::sync_channel(1);
        let worker = {
            let (queue, cache, counters, library) = (
                Arc::clone(&queue),
                Arc::clone(&cache),
                Arc::clone(&counters),
                library.clone(),
            );
            thread::Builder::new()
                .name("pdf-render".into())
                .spawn(move || worker::run(&library, &queue, &cache, &counters, &ready_tx))
                .map_err(|e| RenderError::Pdfium(format!("cannot spawn render thread: {e}")))?
        };
        let worker_id = worker.thread().id();
        let started = ready_rx.recv().unwrap_or(Err(RenderError::Stopped));
        let renderer = Self {
            inner: Arc::new(Inner {
                queue,
                cache,
                counters,
                library,
                worker: Some(worker),
                worker_id,
            }),
        };
        started.map(|()| renderer)
    }

    /// The PDFium library this renderer asked for.
    pub fn library_path(&self) -> &Path {
        &self.inner.library
    }

    /// Opens (or reopens, replacing) the paper `doc_key` and reports its pages.
    /// A damaged paper gives [`RenderError::BadPdf`]; the renderer carries on.
    pub fn open(
        &self,
        doc_key: impl Into<String>,
        source: impl Into<PdfSource>,
    ) -> Result<DocInfo, RenderError> {
        wait(|done| self.open_async(doc_key, source, done))
    }

    /// [`Renderer::open`] with the answer handed to `done` on the worker thread.
    pub fn open_async(
        &self,
        doc_key: impl Into<String>,
        source: impl Into<PdfSource>,
        done: impl FnOnce(Result<DocInfo, RenderError>) + Send + 'static,
    ) {
        let doc: Arc<str> = doc_key.into().into();
        self.submit(
            Priority::Direct,
            Job::Open {
                doc,
                source: source.into(),
                done: Box::new(done),
            },
        );
    }

    /// Renders page `page` (0-based) `target_width` pixels wide times `zoom`
    /// (1.0 fits the width); the height follows the page's aspect ratio.
    /// Answers from the cache when it can.
    pub fn render(
        &self,
        doc_key: &str,
        page: u32,
        target_width: u32,
        zoom: f32,
    ) -> Result<Arc<RenderedPage>, RenderError> {
        wait(|done| self.render_async(doc_key, page, target_width, zoom, done))
    }

    /// [`Renderer::render`] with the answer handed to `done`: at once on the
    /// calling thread for a cache hit or an invalid request, otherwise on the
    /// worker thread when the page is ready.
    pub fn render_async(
        &self,
        doc_key: &str,
        page: u32,
        target_width: u32,
        zoom: f32,
        done: impl FnOnce(Result<Arc<RenderedPage>, RenderError>) + Send + 'static,
    ) {
        self.request_page(
            Priority::Direct,
            doc_key,
            page,
            target_width,
            zoom,
            Box::new(done),
        );
    }

    /// The page if it is in the cache now; never waits for the worker.
    pub fn cached(
        &self,
        doc_key: &str,
        page: u32,
        target_width: u32,
        zoom: f32,
    ) -> Option<Arc<RenderedPage>> {
        let width = effective_width(target_width, zoom).ok()?;
        let key = PageKey::new(doc_key, page, width);
        self.lock_cache().get(&key)
    }

    /// Renders `pages` at `target_width` into the cache when the worker has
    /// nothing more urgent to do. Replaces any prefetch still queued for the
    /// same paper; pages already cached or out of range are skipped.
    pub fn prefetch(&self, doc_key: &str, pages: impl IntoIterator<Item = u32>, target_width: u32) {
        let Ok(width) = effective_width(target_width, 1.0) else {
            return;
        };
        let doc: Arc<str> = doc_key.into();
        let jobs: Vec<Job> = {
            let cache = self.lock_cache();
            pages
                .into_iter()
                .map(|page| PageKey {
                    doc: Arc::clone(&doc),
                    page,
                    width,
                })
                .filter(|key| !cache.contains(key))
                .map(|key| Job::Render { key, done: None })
                .collect()
        };
        for job in self.inner.queue.replace_prefetches(&doc, jobs) {
            job.fail(RenderError::Stopped);
        }
    }

    /// A small rendering of a page for the thumbnail strip (`width` about 160),
    /// queued after direct requests and ahead of prefetches.
    pub fn thumbnail(
        &self,
        doc_key: &str,
        page: u32,
        width: u32,
    ) -> Result<Arc<RenderedPage>, RenderError> {
        wait(|done| self.thumbnail_async(doc_key, page, width, done))
    }

    /// [`Renderer::thumbnail`] with the answer handed to `done`, as for
    /// [`Renderer::render_async`].
    pub fn thumbnail_async(
        &self,
        doc_key: &str,
        page: u32,
        width: u32,
        done: impl FnOnce(Result<Arc<RenderedPage>, RenderError>) + Send + 'static,
    ) {
        self.request_page(
            Priority::Thumbnail,
            doc_key,
            page,
            width,
            1.0,
            Box::new(done),
        );
    }

    /// Every match of `text` in the paper, page by page in reading order.
    /// Case-insensitive; diacritics count as typed ("việt" finds "Việt" and
    /// "VIỆT", not "Viet"). An empty query finds nothing. A long paper is
    /// searched a few pages at a time so page turns slip in between.
    pub fn search(&self, doc_key: &str, text: &str) -> Result<Vec<SearchHit>, RenderError> {
        wait(|done| self.search_async(doc_key, text, done))
    }

    /// [`Renderer::search`] with the answer handed to `done` on the worker thread.
    pub fn search_async(
        &self,
        doc_key: &str,
        text: &str,
        done: impl FnOnce(Result<Vec<SearchHit>, RenderError>) + Send + 'static,
    ) {
        self.submit(
            Priority::Direct,
            Job::Search {
                doc: doc_key.into(),
                query: text.trim().to_owned(),
                next_page: 0,
                hits: Vec::new(),
                done: Box::new(done),
            },
        );
    }

    /// Closes the paper: forgets its source, its open PDFium document and its
    /// cached pages. Closing an unknown key does nothing.
    pub fn close(&self, doc_key: &str) {
        self.submit(
            Priority::Direct,
            Job::Close {
                doc: doc_key.into(),
            },
        );
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> RenderStats {
        let cache = self.lock_cache();
        let counters = &self.inner.counters;
        RenderStats {
            rendered: counters.rendered.load(Ordering::Relaxed),
            prefetched: counters.prefetched.load(Ordering::Relaxed),
            cache_hits: counters.cache_hits.load(Ordering::Relaxed),
            cache_entries: cache.len(),
            cache_bytes: cache.bytes(),
            cache_budget: cache.budget(),
            evictions: cache.evictions(),
            open_documents: counters.open_documents.load(Ordering::Relaxed),
        }
    }

    /// Blocks until the worker has run every job queued before this call,
    /// prefetches included (for benchmarks and tests).
    #[doc(hidden)]
    pub fn settle(&self) {
        let _ = wait(|done: Done<()>| self.submit(Priority::Prefetch, Job::Barrier { done }));
    }

    /// Queues a direct job that holds the worker until the guard drops (for
    /// tests that check queue order).
    #[doc(hidden)]
    pub fn pause(&self) -> PauseGuard {
        let (release, hold) = mpsc::channel();
        self.submit(Priority::Direct, Job::Pause { hold });
        PauseGuard { _release: release }
    }

    fn request_page(
        &self,
        priority: Priority,
        doc_key: &str,
        page: u32,
        target_width: u32,
        zoom: f32,
        done: Done<Arc<RenderedPage>>,
    ) {
        let width = match effective_width(target_width, zoom) {
            Ok(width) => width,
            Err(err) => return done(Err(err)),
        };
        let key = PageKey::new(doc_key, page, width);
        let hit = self.lock_cache().get(&key);
        if let Some(page) = hit {
            self.inner
                .counters
                .cache_hits
                .fetch_add(1, Ordering::Relaxed);
            return done(Ok(page));
        }
        self.submit(
            priority,
            Job::Render {
                key,
                done: Some(done),
            },
        );
    }

    fn submit(&self, priority: Priority, job: Job) {
        if let Err(job) = self.inner.queue.push(priority, job) {
            job.fail(RenderError::Stopped);
        }
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, PageCache> {
        self.inner
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// Runs a callback-style request and waits for its answer.
fn wait<T: Send + 'static>(request: impl FnOnce(Done<T>)) -> Result<T, RenderError> {
    let (tx, rx) = mpsc::sync_channel(1);
    request(Box::new(move |result| {
        // The waiter only goes away if its thread is unwinding; nothing to tell it then.
        let _ = tx.send(result);
    }));
    rx.recv().unwrap_or(Err(RenderError::Stopped))
}

/// The bitmap width a request asks for: `target_width * zoom`, capped at
/// [`MAX_RENDER_WIDTH`]. This, not the (width, zoom) pair, keys the cache, so
/// 800 px at zoom 2 and 1600 px at zoom 1 share an entry.
fn effective_width(target_width: u32, zoom: f32) -> Result<u32, RenderError> {
    if target_width == 0 {
        return Err(RenderError::InvalidRequest("width is zero".into()));
    }
    if !zoom.is_finite() || zoom <= 0.0 {
        return Err(RenderError::InvalidRequest(format!(
            "zoom {zoom} is not a positive number"
        )));
    }
    let wanted = (f64::from(target_width) * f64::from(zoom)).round();
    Ok(pixels_from_f64(wanted).clamp(1, MAX_RENDER_WIDTH))
}

/// A non-negative pixel count from a float, saturating at `u32::MAX`.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "the value is clamped to the u32 range first"
)]
fn pixels_from_f64(value: f64) -> u32 {
    value.clamp(0.0, f64::from(u32::MAX)) as u32
}
