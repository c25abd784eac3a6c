//! Private notes in the viewer: a text note per page, typed on the on-screen
//! keyboard through Telex ([`TelexBuffer`]), and ink strokes drawn over the
//! page. Notes never leave the seat: they live in the seat's store
//! (`seat.db`) only.
//!
//! Every change is saved as it happens, so nothing typed or drawn is lost.
//! The store syncs to disk, so the writes run off the UI thread, in order,
//! through one queue ([`Saver`]); what the screens show comes from memory
//! (loaded from the store once per page), so a page turned to again before
//! its write landed still shows the latest note.

use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};

use kiosk_core::seat::{SeatStore, Stroke};
use kiosk_core::telex::TelexBuffer;
use protocol::ids::{DocumentId, MeetingId};

use super::text::tr;
use super::viewer::Done;
use super::{Ctx, Inner, Msg, State};
use crate::ui::AppWindow;
use crate::ui::comments_adapter::Key;
use crate::ui::notes_adapter::{self, InkView, NotesView};

/// A note is a few lines, not a paper.
const MAX_NOTE_CHARS: usize = 4000;
/// The pen: dark blue ink, a little thicker than a ballpoint.
const PEN_COLOR: [u8; 3] = [0x1f, 0x4e, 0xb4];
const PEN_WIDTH: f32 = 0.006;
/// Moves shorter than this (a share of the page) add no point.
const MIN_STEP: f32 = 0.002;

/// A page of a paper of a meeting: where a note belongs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PageKey {
    meeting: MeetingId,
    document: DocumentId,
    page: u32,
}

/// What a page carries, as this session knows it.
#[derive(Debug, Clone, Default)]
struct PageNotes {
    text: String,
    strokes: Vec<Stroke>,
}

/// A write to the store.
#[derive(Debug)]
enum Op {
    Note {
        at: PageKey,
        text: String,
        now_ms: i64,
    },
    Stroke {
        at: PageKey,
        stroke: Stroke,
    },
    Undo {
        at: PageKey,
    },
    Clear {
        at: PageKey,
    },
}

/// Writes to the store off the UI thread, one batch at a time and in the
/// order they were asked for.
#[derive(Debug, Clone, Default)]
struct Saver {
    queue: Arc<Mutex<VecDeque<Op>>>,
    /// Held while a batch is written, so batches do not overtake each other.
    writing: Arc<Mutex<()>>,
}

impl Saver {
    fn push(&self, cx: &Ctx<'_>, op: Op) {
        {
            let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
            // A newer text of the same page replaces one not written yet.
            if let (Op::Note { at, .. }, Some(Op::Note { at: last, .. })) = (&op, queue.back())
                && at == last
            {
                queue.pop_back();
            }
            queue.push_back(op);
        }
        let (saver, store, send) = (self.clone(), cx.app.handle.store().clone(), cx.sender());
        cx.app.runtime.spawn_blocking(move || {
            let ok = saver.write(&store);
            send(Msg::Viewer(Done::NotesSaved { ok }));
        });
    }

    /// Writes what is queued; false if a write failed.
    fn write(&self, store: &SeatStore) -> bool {
        let _writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        let ops: Vec<Op> = self
            .queue
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .drain(..)
            .collect();
        let mut ok = true;
        for op in ops {
            let result = match &op {
                Op::Note { at, text, now_ms } => {
                    store.set_note(&at.meeting, &at.document, at.page, text, *now_ms)
                }
                Op::Stroke { at, stroke } => {
                    store.add_stroke(&at.meeting, &at.document, at.page, stroke)
                }
                Op::Undo { at } => store
                    .undo_stroke(&at.meeting, &at.document, at.page)
                    .map(|_| ()),
                Op::Clear { at } => store.clear_ink(&at.meeting, &at.document, at.page),
            };
            if let Err(e) = result {
                tracing::error!(cause = %e, "cannot save a private note");
                ok = false;
            }
        }
        ok
    }
}

/// Whether the last writes landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Saved {
    Yes,
    Failed,
}

/// The notes' own state (kept in the viewer's).
#[derive(Debug)]
pub(crate) struct Local {
    open: bool,
    pen: bool,
    /// The page showing, once known.
    at: Option<PageKey>,
    telex: TelexBuffer,
    /// The pages this session loaded or changed: memory is ahead of the store.
    known: HashMap<PageKey, PageNotes>,
    /// The stroke being drawn.
    live: Option<Stroke>,
    saver: Saver,
    saved: Option<Saved>,
    shown: Option<NotesView>,
    shown_text: Option<String>,
    /// The strokes need pushing again.
    ink_changed: bool,
}

impl Default for Local {
    fn default() -> Self {
        Self {
            open: false,
            pen: false,
            at: None,
            telex: TelexBuffer::new(),
            known: HashMap::new(),
            live: None,
            saver: Saver::default(),
            saved: None,
            shown: None,
            shown_text: None,
            ink_changed: true,
        }
    }
}

impl Local {
    fn page(&mut self) -> Option<(&PageKey, &mut PageNotes)> {
        let at = self.at.as_ref()?;
        Some((at, self.known.entry(at.clone()).or_default()))
    }

    /// Forgets what was pushed to the screens.
    pub(super) fn redraw(&mut self) {
        self.shown = None;
        self.shown_text = None;
        self.ink_changed = true;
    }
}

pub(super) fn connect(app: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(app);
    notes_adapter::on_key_pressed(window, move |key| {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| self::key(cx, st, &key));
        }
    });
    let weak = Rc::downgrade(app);
    notes_adapter::on_text_replaced(window, move |text| {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| {
                st.viewer.notes.telex.set_text(&text);
                typed(cx, st);
            });
        }
    });
    let weak = Rc::downgrade(app);
    notes_adapter::on_pen_toggled(window, move |on| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, st| {
                let local = &mut st.viewer.notes;
                local.pen = on && local.open;
                local.live = None;
            });
        }
    });
    let weak = Rc::downgrade(app);
    notes_adapter::on_pen_down(window, move |x, y| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, st| pen_down(st, x, y));
        }
    });
    let weak = Rc::downgrade(app);
    notes_adapter::on_pen_moved(window, move |x, y| {
        // Many a second: only the live stroke is pushed, not every screen.
        if let Some(app) = weak.upgrade()
            && let Some(window) = app.window.upgrade()
            && let Ok(mut st) = app.state.try_borrow_mut()
        {
            pen_moved(&window, &mut st, x, y);
        }
    });
    let weak = Rc::downgrade(app);
    notes_adapter::on_pen_up(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(pen_up);
        }
    });
    let weak = Rc::downgrade(app);
    notes_adapter::on_undo(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(undo);
        }
    });
    let weak = Rc::downgrade(app);
    notes_adapter::on_clear_ink(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(clear_ink);
        }
    });
    let weak = Rc::downgrade(app);
    notes_adapter::on_save(window, move |_shown| {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| {
                // The buffer holds what was shown, composed to the end.
                st.viewer.notes.telex.commit();
                typed(cx, st);
                let local = &mut st.viewer.notes;
                local.open = false;
                local.pen = false;
                local.live = None;
            });
        }
    });
}

/// "Ghi chú" in the viewer: opens the panel, or closes it.
pub(super) fn toggle(_cx: &Ctx<'_>, st: &mut State) {
    let local = &mut st.viewer.notes;
    local.open = !local.open && st.viewer.doc.is_some();
    local.pen = false;
    local.live = None;
    local.telex.commit();
}

fn key(cx: &Ctx<'_>, st: &mut State, key: &Key) {
    let telex = &mut st.viewer.notes.telex;
    match key {
        Key::Text(keys) => {
            for c in keys.chars() {
                if telex.text().chars().count() >= MAX_NOTE_CHARS {
                    break;
                }
                telex.push(c);
            }
        }
        Key::Backspace => telex.backspace(),
        Key::Enter => telex.push('\n'),
    }
    typed(cx, st);
}

/// The text changed: keep it and save it.
fn typed(cx: &Ctx<'_>, st: &mut State) {
    let local = &mut st.viewer.notes;
    let text = local.telex.text();
    let Some((at, page)) = local.page() else {
        return;
    };
    if page.text == text {
        return;
    }
    page.text.clone_from(&text);
    let op = Op::Note {
        at: at.clone(),
        text,
        now_ms: cx.now.0,
    };
    local.saver.push(cx, op);
}

fn pen_down(st: &mut State, x: f32, y: f32) {
    let local = &mut st.viewer.notes;
    if !local.pen || local.at.is_none() {
        return;
    }
    local.live = Some(Stroke {
        points: vec![(x, y)],
        width: PEN_WIDTH,
        color: PEN_COLOR,
    });
    local.ink_changed = true;
}

fn pen_moved(window: &AppWindow, st: &mut State, x: f32, y: f32) {
    let Some(live) = st.viewer.notes.live.as_mut() else {
        return;
    };
    let far = live
        .points
        .last()
        .is_none_or(|(lx, ly)| (x - lx).hypot(y - ly) >= MIN_STEP);
    if far {
        live.points.push((x, y));
        notes_adapter::set_live(window, Some(&ink(live)));
    }
}

fn pen_up(cx: &Ctx<'_>, st: &mut State) {
    let local = &mut st.viewer.notes;
    let Some(mut stroke) = local.live.take() else {
        return;
    };
    if let [(x, y)] = stroke.points[..] {
        // A tap is a dot.
        stroke.points.push((x + MIN_STEP / 2.0, y));
    }
    let Some((at, page)) = local.page() else {
        return;
    };
    page.strokes.push(stroke.clone());
    let op = Op::Stroke {
        at: at.clone(),
        stroke,
    };
    local.ink_changed = true;
    local.saver.push(cx, op);
}

fn undo(cx: &Ctx<'_>, st: &mut State) {
    let local = &mut st.viewer.notes;
    let Some((at, page)) = local.page() else {
        return;
    };
    if page.strokes.pop().is_some() {
        let op = Op::Undo { at: at.clone() };
        local.ink_changed = true;
        local.saver.push(cx, op);
    }
}

fn clear_ink(cx: &Ctx<'_>, st: &mut State) {
    let local = &mut st.viewer.notes;
    let Some((at, page)) = local.page() else {
        return;
    };
    if !page.strokes.is_empty() {
        page.strokes.clear();
        let op = Op::Clear { at: at.clone() };
        local.ink_changed = true;
        local.saver.push(cx, op);
    }
}

/// The writes asked for so far landed (or one failed).
pub(super) fn saved(st: &mut State, ok: bool) {
    st.viewer.notes.saved = Some(if ok { Saved::Yes } else { Saved::Failed });
}

/// The paper closed (another opened, or the delegate signed out): what the
/// session knew of notes goes; the store keeps them.
pub(super) fn close(st: &mut State) {
    let local = &mut st.viewer.notes;
    let saver = local.saver.clone();
    *local = Local {
        saver,
        ..Local::default()
    };
}

/// A stroke as path commands in a 1000 × 1000 box.
fn ink(stroke: &Stroke) -> InkView {
    let commands = stroke
        .points
        .iter()
        .enumerate()
        .map(|(i, (x, y))| {
            let verb = if i == 0 { 'M' } else { 'L' };
            format!("{verb} {:.1} {:.1}", x * 1000.0, y * 1000.0)
        })
        .collect::<Vec<_>>()
        .join(" ");
    InkView {
        commands,
        width: stroke.width,
        color: stroke.color,
    }
}

/// The page showing, loaded when it changed.
fn follow_page(cx: &Ctx<'_>, st: &mut State) {
    let at = cx
        .manifest()
        .map(|m| m.meeting.id.clone())
        .zip(st.viewer.doc.clone())
        .map(|(meeting, document)| PageKey {
            meeting,
            document,
            page: st.viewer.page,
        });
    let local = &mut st.viewer.notes;
    if local.at == at {
        return;
    }
    local.telex.commit();
    local.live = None;
    local.ink_changed = true;
    local.at = at;
    let Some(at) = local.at.clone() else {
        local.telex.clear();
        return;
    };
    if !local.known.contains_key(&at) {
        let store = cx.app.handle.store();
        let text = store
            .note(&at.meeting, &at.document, at.page)
            .unwrap_or_else(|e| {
                tracing::error!(cause = %e, "cannot read a private note");
                String::new()
            });
        let strokes = store
            .strokes(&at.meeting, &at.document, at.page)
            .unwrap_or_else(|e| {
                tracing::error!(cause = %e, "cannot read the ink of a page");
                Vec::new()
            });
        local.known.insert(at.clone(), PageNotes { text, strokes });
    }
    let text = local
        .known
        .get(&at)
        .map(|p| p.text.clone())
        .unwrap_or_default();
    local.telex.set_text(&text);
}

pub(super) fn refresh(cx: &Ctx<'_>, st: &mut State) {
    follow_page(cx, st);
    let local = &mut st.viewer.notes;
    let view = NotesView {
        open: local.open,
        page_label: match &local.at {
            Some(at) => format!("{} {}", tr("Trang", "Page"), at.page),
            None => String::new(),
        },
        pen: local.pen,
        status: match local.saved {
            Some(Saved::Yes) => tr(
                "Đã lưu trên máy này — ghi chú không gửi đi.",
                "Saved on this seat — notes are never sent.",
            ),
            Some(Saved::Failed) => tr(
                "Chưa lưu được ghi chú trên máy này.",
                "The note could not be saved on this seat.",
            ),
            None => String::new(),
        },
    };
    if local.shown.as_ref() != Some(&view) {
        notes_adapter::show(cx.window, &view);
        local.shown = Some(view);
    }
    let text = local.telex.text();
    if local.shown_text.as_ref() != Some(&text) {
        notes_adapter::set_text(cx.window, &text);
        local.shown_text = Some(text);
    }
    if local.ink_changed {
        local.ink_changed = false;
        let strokes: Vec<InkView> = local
            .at
            .as_ref()
            .and_then(|at| local.known.get(at))
            .map(|p| p.strokes.iter().map(ink).collect())
            .unwrap_or_default();
        notes_adapter::set_strokes(cx.window, &strokes);
        notes_adapter::set_live(cx.window, local.live.as_ref().map(ink).as_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stroke_becomes_path_commands_in_a_thousand_box() {
        let stroke = Stroke {
            points: vec![(0.1, 0.2), (0.5, 0.25)],
            width: 0.004,
            color: PEN_COLOR,
        };
        let view = ink(&stroke);
        assert_eq!(view.commands, "M 100.0 200.0 L 500.0 250.0");
        assert_eq!(view.color, PEN_COLOR);
    }
}
