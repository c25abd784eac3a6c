//! The page cache: rendered pages by (paper, page, pixel width), least
//! recently used evicted first, bounded by a byte budget rather than a count
//! (a thumbnail weighs a hundredth of a full page).

use std::sync::Arc;

use lru::LruCache;

use super::RenderedPage;

/// What a cached page is: the paper, the page (0-based) and the bitmap width
/// asked for (target width times zoom).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct PageKey {
    pub(super) doc: Arc<str>,
    pub(super) page: u32,
    pub(super) width: u32,
}

impl PageKey {
    pub(super) fn new(doc: &str, page: u32, width: u32) -> Self {
        Self {
            doc: doc.into(),
            page,
            width,
        }
    }
}

#[derive(Debug)]
pub(super) struct PageCache {
    pages: LruCache<PageKey, Arc<RenderedPage>>,
    bytes: usize,
    budget: usize,
    evictions: u64,
}

impl PageCache {
    pub(super) fn new(budget: usize) -> Self {
        Self {
            pages: LruCache::unbounded(),
            bytes: 0,
            budget,
            evictions: 0,
        }
    }

    /// The page, marked as just used.
    pub(super) fn get(&mut self, key: &PageKey) -> Option<Arc<RenderedPage>> {
        self.pages.get(key).cloned()
    }

    /// Whether the page is cached, without marking it used.
    pub(super) fn contains(&self, key: &PageKey) -> bool {
        self.pages.contains(key)
    }

    /// Caches the page, then evicts the least recently used pages until the
    /// cache is within budget. A page bigger than the whole budget is not
    /// cached (the caller still gets it).
    pub(super) fn insert(&mut self, key: PageKey, page: Arc<RenderedPage>) {
        let size = page.byte_size();
        if size > self.budget {
            return;
        }
        if let Some((_, old)) = self.pages.push(key, page) {
            // Same key replaced (or, unbounded, never an eviction).
            self.bytes -= old.byte_size();
        }
        self.bytes += size;
        while self.bytes > self.budget {
            let Some((_, evicted)) = self.pages.pop_lru() else {
                break;
            };
            self.bytes -= evicted.byte_size();
            self.evictions += 1;
        }
    }

    /// Drops every page of one paper.
    pub(super) fn remove_doc(&mut self, doc: &str) {
        let mut freed = 0;
        self.pages.retain(|key, page| {
            let keep = &*key.doc != doc;
            if !keep {
                freed += page.byte_size();
            }
            keep
        });
        self.bytes -= freed;
    }

    pub(super) fn len(&self) -> usize {
        self.pages.len()
    }

    pub(super) fn bytes(&self) -> usize {
        self.bytes
    }

    pub(super) fn budget(&self) -> usize {
        self.budget
    }

    pub(super) fn evictions(&self) -> u64 {
        self.evictions
    }
}
