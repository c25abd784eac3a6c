//! Page turns with the neighbours pre-rendered: show page `p` now, and while
//! the delegate reads it, render `p+1, p-1, p+2, p-2` into the cache so the
//! next turn either way is a cache hit.

use std::sync::Arc;

use super::{RenderError, RenderedPage, Renderer};

/// Neighbours prefetched on each side unless [`Viewer::with_neighbours`] says otherwise.
pub const DEFAULT_NEIGHBOURS: u32 = 2;

/// A paper viewer's page-turning policy over a [`Renderer`].
#[derive(Debug, Clone)]
pub struct Viewer {
    renderer: Renderer,
    neighbours: u32,
}

impl Viewer {
    /// A viewer that prefetches [`DEFAULT_NEIGHBOURS`] pages each side.
    pub fn new(renderer: Renderer) -> Self {
        Self {
            renderer,
            neighbours: DEFAULT_NEIGHBOURS,
        }
    }

    /// Prefetch `neighbours` pages on each side instead (0 turns prefetching off).
    #[must_use]
    pub fn with_neighbours(mut self, neighbours: u32) -> Self {
        self.neighbours = neighbours;
        self
    }

    /// The renderer underneath.
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// Renders `page` at `width` (zoom 1) and waits for it; then its
    /// neighbours render in the background, replacing the prefetches queued
    /// for the previous turn.
    pub fn turn_to(
        &self,
        doc_key: &str,
        page: u32,
        width: u32,
    ) -> Result<Arc<RenderedPage>, RenderError> {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.turn_to_async(doc_key, page, width, move |result| {
            let _ = tx.send(result);
        });
        rx.recv().unwrap_or(Err(RenderError::Stopped))
    }

    /// [`Viewer::turn_to`] with the page handed to `done` (see
    /// [`Renderer::render_async`] for which thread runs it).
    pub fn turn_to_async(
        &self,
        doc_key: &str,
        page: u32,
        width: u32,
        done: impl FnOnce(Result<Arc<RenderedPage>, RenderError>) + Send + 'static,
    ) {
        self.renderer.render_async(doc_key, page, width, 1.0, done);
        self.renderer
            .prefetch(doc_key, neighbours_of(page, self.neighbours), width);
    }
}

/// The pages around `page`, nearest first and forward before backward (a
/// reader turns forward more often): `p+1, p-1, p+2, p-2, …`. Pages past the
/// end are the renderer's to skip; pages before 0 are left out here.
pub fn neighbours_of(page: u32, neighbours: u32) -> Vec<u32> {
    (1..=neighbours)
        .flat_map(|d| [page.checked_add(d), page.checked_sub(d)])
        .flatten()
        .collect()
}
