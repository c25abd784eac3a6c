//! The worker's inbox: three FIFO queues by priority. The worker always takes
//! from the most urgent non-empty queue, so a page turn waits at most for the
//! one job already running, never for queued thumbnails or prefetches.

use std::collections::VecDeque;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use super::cache::PageKey;
use super::{DocInfo, PdfSource, RenderError, RenderedPage, SearchHit};

/// How a request hands back its answer.
pub(super) type Done<T> = Box<dyn FnOnce(Result<T, RenderError>) + Send>;

/// Most prefetches kept queued; the oldest go first when more arrive.
const MAX_QUEUED_PREFETCHES: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Priority {
    /// What the delegate is waiting for.
    Direct,
    /// The thumbnail strip.
    Thumbnail,
    /// Neighbours, when nothing else is waiting.
    Prefetch,
}

pub(super) enum Job {
    Open {
        doc: Arc<str>,
        source: PdfSource,
        done: Done<DocInfo>,
    },
    Close {
        doc: Arc<str>,
    },
    /// `done` is `None` for a prefetch: the page only goes into the cache.
    Render {
        key: PageKey,
        done: Option<Done<Arc<RenderedPage>>>,
    },
    /// Searches from `next_page` on; requeued after a few pages.
    Search {
        doc: Arc<str>,
        query: String,
        next_page: u32,
        hits: Vec<SearchHit>,
        done: Done<Vec<SearchHit>>,
    },
    /// Answers once every job queued before it has run.
    Barrier {
        done: Done<()>,
    },
    /// Holds the worker until the sender drops (tests).
    Pause {
        hold: mpsc::Receiver<()>,
    },
}

impl Job {
    /// Answers the job's caller with `err`, without running it.
    pub(super) fn fail(self, err: RenderError) {
        match self {
            Job::Open { done, .. } => done(Err(err)),
            Job::Render { done, .. } => {
                if let Some(done) = done {
                    done(Err(err));
                }
            }
            Job::Search { done, .. } => done(Err(err)),
            Job::Barrier { done } => done(Err(err)),
            Job::Close { .. } | Job::Pause { .. } => {}
        }
    }

    fn is_prefetch_of(&self, doc: &str) -> bool {
        matches!(self, Job::Render { key, done: None } if &*key.doc == doc)
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Job::Open { doc, .. } => write!(f, "Open({doc})"),
            Job::Close { doc } => write!(f, "Close({doc})"),
            Job::Render { key, done } => write!(
                f,
                "Render({} p{} w{}{})",
                key.doc,
                key.page,
                key.width,
                if done.is_none() { ", prefetch" } else { "" }
            ),
            Job::Search { doc, next_page, .. } => write!(f, "Search({doc} from p{next_page})"),
            Job::Barrier { .. } => f.write_str("Barrier"),
            Job::Pause { .. } => f.write_str("Pause"),
        }
    }
}

#[derive(Debug, Default)]
struct Queues {
    direct: VecDeque<Job>,
    thumbnail: VecDeque<Job>,
    prefetch: VecDeque<Job>,
    stopped: bool,
}

impl Queues {
    fn lane(&mut self, priority: Priority) -> &mut VecDeque<Job> {
        match priority {
            Priority::Direct => &mut self.direct,
            Priority::Thumbnail => &mut self.thumbnail,
            Priority::Prefetch => &mut self.prefetch,
        }
    }

    fn trim_prefetches(&mut self) -> Vec<Job> {
        let excess = self.prefetch.len().saturating_sub(MAX_QUEUED_PREFETCHES);
        let mut dropped = Vec::new();
        let mut index = 0;
        // Drop the oldest prefetch renders; a barrier keeps its place.
        while dropped.len() < excess && index < self.prefetch.len() {
            if matches!(self.prefetch[index], Job::Render { .. }) {
                dropped.extend(self.prefetch.remove(index));
            } else {
                index += 1;
            }
        }
        dropped
    }
}

#[derive(Debug, Default)]
pub(super) struct JobQueue {
    queues: Mutex<Queues>,
    ready: Condvar,
}

impl JobQueue {
    /// Queues a job; gives it back if the worker has stopped.
    pub(super) fn push(&self, priority: Priority, job: Job) -> Result<(), Job> {
        let mut queues = self.lock();
        if queues.stopped {
            return Err(job);
        }
        queues.lane(priority).push_back(job);
        let dropped = if priority == Priority::Prefetch {
            queues.trim_prefetches()
        } else {
            Vec::new()
        };
        drop(queues);
        self.ready.notify_one();
        drop(dropped);
        Ok(())
    }

    /// Replaces the queued prefetches of `doc` with `jobs`. Returns the jobs
    /// not queued because the worker has stopped.
    pub(super) fn replace_prefetches(&self, doc: &str, jobs: Vec<Job>) -> Vec<Job> {
        let mut queues = self.lock();
        if queues.stopped {
            return jobs;
        }
        queues.prefetch.retain(|job| !job.is_prefetch_of(doc));
        let any = !jobs.is_empty();
        queues.prefetch.extend(jobs);
        let dropped = queues.trim_prefetches();
        drop(queues);
        if any {
            self.ready.notify_one();
        }
        drop(dropped);
        Vec::new()
    }

    /// Takes the most urgent job, waiting for one; `None` once stopped.
    pub(super) fn pop(&self) -> Option<Job> {
        let mut queues = self.lock();
        loop {
            if queues.stopped {
                return None;
            }
            let next = queues
                .direct
                .pop_front()
                .or_else(|| queues.thumbnail.pop_front())
                .or_else(|| queues.prefetch.pop_front());
            if next.is_some() {
                return next;
            }
            queues = self
                .ready
                .wait(queues)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Stops the queue: `pop` returns `None` from now on and `push` refuses.
    pub(super) fn stop(&self) {
        self.lock().stopped = true;
        self.ready.notify_all();
    }

    /// Takes every job still queued (after `stop`), most urgent first.
    pub(super) fn drain(&self) -> Vec<Job> {
        let mut queues = self.lock();
        let Queues {
            direct,
            thumbnail,
            prefetch,
            ..
        } = &mut *queues;
        direct
            .drain(..)
            .chain(thumbnail.drain(..))
            .chain(prefetch.drain(..))
            .collect()
    }

    fn lock(&self) -> MutexGuard<'_, Queues> {
        self.queues.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
