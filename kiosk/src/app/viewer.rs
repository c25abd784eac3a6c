//! The paper viewer: open a paper from the cache, turn pages (neighbours
//! pre-rendered), thumbnails, zoom, follow the presenter, the count of pages
//! with private notes (the notes themselves: `notes.rs`).
//!
//! Nothing renders on the UI thread: the paper is read from the cache on a
//! blocking thread, PDFium renders on the renderer's worker, and the pixels
//! come back as [`Done`] messages. Every request carries the viewer's
//! generation, so an answer for a paper or zoom no longer shown is dropped.

use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use kiosk_core::papers::PaperStatus;
use kiosk_core::render::{DocInfo, PdfSource, RenderedPage, Viewer};
use kiosk_core::seat::SeatError;
use protocol::ids::{DocumentId, Sha256};
use protocol::meeting::{Classification, Document};
use protocol::message::PageRef;
use slint::{ComponentHandle, Rgba8Pixel, SharedPixelBuffer};

use super::text::tr;
use super::{Ctx, Inner, Msg, State, comments, notes};
use crate::ui::viewer_adapter::{self, ViewerView};
use crate::ui::{AppWindow, Page};

/// Zoom steps, in percent of the page fitted to the height.
const ZOOMS: [u32; 7] = [50, 75, 100, 125, 150, 200, 300];
/// Thumbnails are rendered this wide (the strip shows them 58 px wide).
const THUMB_WIDTH: u32 = 96;
/// Logical pixels above and below the page at 100 %: status bar, toolbar,
/// thumbnails strip, margins (see `viewer.slint`).
const CHROME_HEIGHT: f32 = 64.0 + 76.0 + 132.0 + 24.0;

/// What the renderer (or the cache) answered.
pub(crate) enum Done {
    Source {
        generation: u64,
        result: Result<PdfSource, String>,
    },
    Opened {
        generation: u64,
        result: Result<DocInfo, String>,
    },
    Page {
        generation: u64,
        page: u32,
        width: u32,
        result: Result<SharedPixelBuffer<Rgba8Pixel>, String>,
    },
    Thumb {
        generation: u64,
        page: u32,
        image: SharedPixelBuffer<Rgba8Pixel>,
    },
    /// A paper's page count, learnt for the agenda.
    Pages { sha: Sha256, pages: u32 },
    /// A download asked for by the viewer ended.
    Fetched,
    /// Private notes were written to the seat's store (or one failed).
    NotesSaved { ok: bool },
}

/// How far opening the paper has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Stage {
    /// No paper, or one just asked for.
    #[default]
    Closed,
    /// The paper is not in the cache yet: open it when it is.
    Waiting,
    /// Reading it from the cache and opening it in the renderer.
    Reading,
    /// The renderer knows the paper.
    Opened,
}

/// The viewer's own state.
#[derive(Default)]
pub(crate) struct Local {
    /// The paper open (or opening).
    pub doc: Option<DocumentId>,
    /// From 1.
    pub page: u32,
    pages: u32,
    zoom: u32,
    /// Bumped for every paper opened; answers of older ones are dropped.
    generation: u64,
    stage: Stage,
    /// A page is being rendered.
    loading: bool,
    /// The page showing and the width it was rendered at.
    rendered: Option<(u32, u32)>,
    thumbs: BTreeMap<u32, SharedPixelBuffer<Rgba8Pixel>>,
    thumbs_changed: bool,
    /// Papers whose page count was asked of the renderer.
    counted: HashSet<Sha256>,
    pub(super) shown: Option<ViewerView>,
    /// The private notes on the page showing.
    pub(super) notes: notes::Local,
}

pub(super) fn connect(app: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(app);
    viewer_adapter::on_page_requested(window, move |page| {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| turn(cx, st, page));
        }
    });
    let weak = Rc::downgrade(app);
    viewer_adapter::on_zoom_in(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| zoom(cx, st, true));
        }
    });
    let weak = Rc::downgrade(app);
    viewer_adapter::on_zoom_out(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| zoom(cx, st, false));
        }
    });
    let weak = Rc::downgrade(app);
    viewer_adapter::on_follow_toggled(window, move |on| {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, _| {
                cx.command(move |h| async move { Msg::Follow(h.set_following(on).await) });
            });
        }
    });
    let weak = Rc::downgrade(app);
    viewer_adapter::on_comment_requested(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(comments::about_page);
        }
    });
    let weak = Rc::downgrade(app);
    viewer_adapter::on_notes_requested(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(notes::toggle);
        }
    });
    notes::connect(app, window);
    let weak = Rc::downgrade(app);
    viewer_adapter::on_close_requested(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, _| cx.show_page(Page::Agenda));
        }
    });
}

fn document<'a>(cx: &'a Ctx<'_>, id: &DocumentId) -> Option<&'a Document> {
    cx.manifest()?
        .meeting
        .documents
        .iter()
        .find(|d| &d.id == id)
}

/// The renderer's key for a paper: its hash, so a paper is one document
/// however many items list it.
fn key(doc: &Document) -> String {
    doc.sha256.to_hex()
}

/// Opens `id` at `page` (from 1) and shows the viewer.
pub(super) fn open(cx: &Ctx<'_>, st: &mut State, id: &DocumentId, page: u32) {
    cx.show_page(Page::Viewer);
    load(cx, st, id, page);
}

/// Opens `id` at `page` without changing screens.
fn load(cx: &Ctx<'_>, st: &mut State, id: &DocumentId, page: u32) {
    let local = &mut st.viewer;
    if local.doc.as_ref() == Some(id) {
        match local.stage {
            Stage::Opened => turn(cx, st, page),
            // Touched again while it is not here: ask for it again.
            Stage::Waiting => {
                local.page = page.max(1);
                if let Some(doc) = document(cx, id).cloned() {
                    read(cx, st, &doc);
                }
            }
            Stage::Closed | Stage::Reading => local.page = page.max(1),
        }
        return;
    }
    let Some(doc) = document(cx, id).cloned() else {
        tracing::warn!(%id, "asked to open a paper the meeting does not list");
        return;
    };
    close(cx, st);
    let local = &mut st.viewer;
    local.generation += 1;
    local.doc = Some(id.clone());
    local.page = page.max(1);
    local.pages = st.agenda.pages.get(&doc.sha256).copied().unwrap_or(0);
    local.zoom = 100;
    local.loading = true;
    // A blank sheet until the first page arrives, not the last paper's page.
    viewer_adapter::set_page_image(cx.window, SharedPixelBuffer::new(1, 1));
    viewer_adapter::set_thumbnails(cx.window, Vec::new());
    read(cx, st, &doc);
}

/// Reads the paper from the cache, or asks for it if it is not there yet.
fn read(cx: &Ctx<'_>, st: &mut State, doc: &Document) {
    let local = &mut st.viewer;
    if cx.app.papers.status(&doc.sha256) != PaperStatus::Ready {
        // One download per paper runs at a time (the cache's claim): asking
        // again while one runs only waits for it.
        local.stage = Stage::Waiting;
        let send = cx.sender();
        cx.app
            .papers
            .fetch_now(doc, move || send(Msg::Viewer(Done::Fetched)));
        return;
    }
    local.stage = Stage::Reading;
    let generation = local.generation;
    let papers = cx.app.papers.clone();
    let send = cx.sender();
    let doc = doc.clone();
    cx.app.runtime.spawn_blocking(move || {
        let result = papers.open_paper(&doc).map_err(|e| e.to_string());
        send(Msg::Viewer(Done::Source { generation, result }));
    });
}

/// Closes the paper (sign-out, or another paper opened).
pub(super) fn close(cx: &Ctx<'_>, st: &mut State) {
    let local = &mut st.viewer;
    if let Some(id) = local.doc.take()
        && let Some(doc) = document(cx, &id)
        && let Some(renderer) = &cx.app.renderer
        && doc.classification.is_classified()
    {
        // A classified paper's pages leave memory with it.
        renderer.close(&key(doc));
    }
    local.generation += 1;
    local.stage = Stage::Closed;
    local.loading = false;
    local.pages = 0;
    local.rendered = None;
    local.thumbs.clear();
    local.thumbs_changed = true;
    notes::close(st);
}

/// The page width to render at for the window's height and the zoom.
fn width(cx: &Ctx<'_>, zoom: u32) -> u32 {
    let window = cx.window.window();
    let scale = window.scale_factor();
    let logical_height = window.size().to_logical(scale).height;
    let page_height = f64::from((logical_height - CHROME_HEIGHT).max(200.0) * scale);
    // A4 portrait; a landscape page comes out smaller, which `contain` fits.
    let at_100 = page_height * std::f64::consts::FRAC_1_SQRT_2;
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a width of a few thousand pixels, clamped to at least 1"
    )]
    let wanted = (at_100 * f64::from(zoom) / 100.0).ceil().max(1.0) as u32;
    // Round up to a multiple of 16 so nearby window sizes share cached pages.
    wanted.div_ceil(16) * 16
}

/// Turns to `page` (from 1) of the open paper.
pub(super) fn turn(cx: &Ctx<'_>, st: &mut State, page: u32) {
    let local = &mut st.viewer;
    let Some(doc) = local.doc.as_ref().and_then(|id| document(cx, id)) else {
        return;
    };
    let page = if local.pages > 0 {
        page.clamp(1, local.pages)
    } else {
        page.max(1)
    };
    local.page = page;
    if local.stage != Stage::Opened {
        return;
    }
    let Some(renderer) = cx.app.renderer.clone() else {
        return;
    };
    let width = width(cx, local.zoom);
    if local.rendered == Some((page, width)) {
        local.loading = false;
        return;
    }
    local.loading = true;
    let generation = local.generation;
    let send = cx.sender();
    Viewer::new(renderer).turn_to_async(&key(doc), page - 1, width, move |result| {
        let result = result.map(|p| pixels(&p)).map_err(|e| e.to_string());
        send(Msg::Viewer(Done::Page {
            generation,
            page,
            width,
            result,
        }));
    });
}

fn zoom(cx: &Ctx<'_>, st: &mut State, larger: bool) {
    let local = &mut st.viewer;
    let at = ZOOMS.iter().position(|z| *z >= local.zoom).unwrap_or(2);
    let next = if larger {
        (at + 1).min(ZOOMS.len() - 1)
    } else {
        at.saturating_sub(1)
    };
    if ZOOMS[next] != local.zoom {
        local.zoom = ZOOMS[next];
        let page = local.page;
        turn(cx, st, page);
    }
}

/// Straight RGBA from the renderer as a Slint pixel buffer.
fn pixels(page: &RenderedPage) -> SharedPixelBuffer<Rgba8Pixel> {
    SharedPixelBuffer::clone_from_slice(&page.rgba, page.width, page.height)
}

/// The presenter turned to `page` and the seat follows them.
pub(super) fn turn_to(cx: &Ctx<'_>, st: &mut State, page: &PageRef) {
    if !cx.signed_in() {
        return;
    }
    if matches!(cx.page(), Page::Agenda | Page::Viewer) {
        open(cx, st, &page.document, page.page);
    } else {
        load(cx, st, &page.document, page.page);
    }
}

/// The seat follows the presenter again (or not): turn to where they are.
pub(super) fn followed(cx: &Ctx<'_>, st: &mut State, r: Result<Option<PageRef>, SeatError>) {
    match r {
        Ok(Some(page)) => turn_to(cx, st, &page),
        Ok(None) => {}
        Err(e) => tracing::warn!(cause = %e, "cannot change following the presenter"),
    }
}

pub(super) fn done(cx: &Ctx<'_>, st: &mut State, done: Done) {
    let current = st.viewer.generation;
    match done {
        Done::Pages { sha, pages } => {
            st.agenda.pages.insert(sha, pages);
        }
        Done::NotesSaved { ok } => notes::saved(st, ok),
        Done::Source { generation, result } if generation == current => match result {
            Ok(source) => {
                let Some(doc) = st.viewer.doc.as_ref().and_then(|id| document(cx, id)) else {
                    return;
                };
                let Some(renderer) = &cx.app.renderer else {
                    st.viewer.stage = Stage::Closed;
                    tracing::error!("no renderer: papers cannot be shown");
                    return;
                };
                let send = cx.sender();
                renderer.open_async(key(doc), source, move |result| {
                    send(Msg::Viewer(Done::Opened {
                        generation,
                        result: result.map_err(|e| e.to_string()),
                    }));
                });
            }
            Err(e) => {
                tracing::warn!(cause = %e, "cannot read a paper from the cache");
                st.viewer.stage = Stage::Closed;
            }
        },
        Done::Opened { generation, result } if generation == current => match result {
            Ok(info) => opened(cx, st, &info),
            Err(e) => {
                tracing::warn!(cause = %e, "cannot open a paper");
                st.viewer.stage = Stage::Closed;
            }
        },
        Done::Page {
            generation,
            page,
            width,
            result,
        } if generation == current => {
            let local = &mut st.viewer;
            if page != local.page || width != self::width(cx, local.zoom) {
                return;
            }
            local.loading = false;
            match result {
                Ok(image) => {
                    local.rendered = Some((page, width));
                    viewer_adapter::set_page_image(cx.window, image);
                }
                Err(e) => tracing::warn!(cause = %e, page, "cannot render a page"),
            }
        }
        Done::Thumb {
            generation,
            page,
            image,
        } if generation == current => {
            st.viewer.thumbs.insert(page, image);
            st.viewer.thumbs_changed = true;
        }
        // A download ended (the refresh opens the paper if it is ready), or
        // an answer about a paper no longer shown.
        Done::Fetched
        | Done::Source { .. }
        | Done::Opened { .. }
        | Done::Page { .. }
        | Done::Thumb { .. } => {}
    }
}

fn opened(cx: &Ctx<'_>, st: &mut State, info: &DocInfo) {
    let Some(doc) = st.viewer.doc.as_ref().and_then(|id| document(cx, id)) else {
        return;
    };
    let (sha, key) = (doc.sha256, key(doc));
    st.agenda.pages.insert(sha, info.pages);
    let local = &mut st.viewer;
    local.stage = Stage::Opened;
    local.pages = info.pages;
    let page = local.page;
    local.loading = false;
    local.rendered = None;
    turn(cx, st, page);
    let Some(renderer) = &cx.app.renderer else {
        return;
    };
    let generation = st.viewer.generation;
    for p in 0..info.pages {
        let send = cx.sender();
        renderer.thumbnail_async(&key, p, THUMB_WIDTH, move |result| match result {
            Ok(thumb) => send(Msg::Viewer(Done::Thumb {
                generation,
                page: p + 1,
                image: pixels(&thumb),
            })),
            Err(e) => tracing::debug!(cause = %e, page = p + 1, "no thumbnail"),
        });
    }
}

/// Learns the page counts of the cached papers, for the agenda (a
/// classified one is closed again at once).
fn count_pages(cx: &Ctx<'_>, st: &mut State) {
    let (Some(manifest), Some(renderer)) = (cx.manifest(), &cx.app.renderer) else {
        return;
    };
    for doc in &manifest.meeting.documents {
        if st.agenda.pages.contains_key(&doc.sha256)
            || st.viewer.counted.contains(&doc.sha256)
            || cx.app.papers.status(&doc.sha256) != PaperStatus::Ready
        {
            continue;
        }
        st.viewer.counted.insert(doc.sha256);
        let (papers, renderer, doc, send) = (
            cx.app.papers.clone(),
            renderer.clone(),
            doc.clone(),
            cx.sender(),
        );
        cx.app.runtime.spawn_blocking(move || {
            let Ok(source) = papers.open_paper(&doc) else {
                return;
            };
            let (sha, classified) = (doc.sha256, doc.classification.is_classified());
            // A classified paper is decrypted only to count its pages, under
            // a key of its own, and closed (out of memory) at once.
            let key = if classified {
                format!("{}#count", key(&doc))
            } else {
                key(&doc)
            };
            let closer = (renderer.clone(), key.clone());
            renderer.open_async(key, source, move |result| {
                if classified {
                    closer.0.close(&closer.1);
                }
                match result {
                    Ok(info) => send(Msg::Viewer(Done::Pages {
                        sha,
                        pages: info.pages,
                    })),
                    Err(e) => tracing::warn!(cause = %e, "a cached paper does not open"),
                }
            });
        });
    }
}

pub(super) fn refresh(cx: &Ctx<'_>, st: &mut State) {
    count_pages(cx, st);
    if st.viewer.shown.is_none() {
        // Everything is pushed again (a new language): the notes too.
        st.viewer.notes.redraw();
    }
    notes::refresh(cx, st);
    // A paper asked for before it was in the cache: open it now it is.
    if st.viewer.stage == Stage::Waiting
        && let Some(doc) = st
            .viewer
            .doc
            .as_ref()
            .and_then(|id| document(cx, id))
            .cloned()
        && cx.app.papers.status(&doc.sha256) == PaperStatus::Ready
    {
        read(cx, st, &doc);
    }
    if st.viewer.thumbs_changed {
        st.viewer.thumbs_changed = false;
        let thumbs = st
            .viewer
            .thumbs
            .iter()
            .map(|(p, image)| (*p, image.clone()))
            .collect();
        viewer_adapter::set_thumbnails(cx.window, thumbs);
    }
    let local = &st.viewer;
    let Some(doc) = local.doc.as_ref().and_then(|id| document(cx, id)) else {
        return;
    };
    let presenter = cx
        .view
        .state
        .as_ref()
        .and_then(|s| s.presenter.as_ref())
        .filter(|p| p.document == doc.id)
        .map(|p| p.page);
    let meeting = cx.manifest().map(|m| m.meeting.id.clone());
    let notes = meeting
        .and_then(|m| cx.app.handle.store().annotated_pages(&m, &doc.id).ok())
        .map_or(0, |p| u32::try_from(p.len()).unwrap_or(u32::MAX));
    let view = ViewerView {
        title: doc.title.clone(),
        classification: doc.classification,
        page: local.page,
        page_count: local.pages.max(local.page),
        // A paper that failed to download is not "opening": the agenda says it failed.
        loading: local.loading
            || local.stage == Stage::Reading
            || (local.stage == Stage::Waiting
                && !matches!(
                    cx.app.papers.status(&doc.sha256),
                    PaperStatus::Failed { .. }
                )),
        zoom_percent: local.zoom,
        following: cx.view.following,
        presenter_page: presenter,
        watermark: watermark(cx, doc.classification),
        note_count: notes,
    };
    if st.viewer.shown.as_ref() != Some(&view) {
        viewer_adapter::show(cx.window, &view);
        st.viewer.shown = Some(view);
    }
}

/// Who holds this copy, across a classified paper's pages.
fn watermark(cx: &Ctx<'_>, classification: Classification) -> Option<String> {
    let label = match classification {
        Classification::Normal => return None,
        Classification::Confidential => "MẬT",
        Classification::Secret => "TỐI MẬT",
    };
    let who = cx
        .view
        .signed_in
        .as_ref()
        .map_or_else(String::new, |d| d.full_name.clone());
    Some(format!(
        "{label} · {who} · {} {}",
        tr("Ghế", "Seat"),
        cx.app.settings.seat_label
    ))
}
