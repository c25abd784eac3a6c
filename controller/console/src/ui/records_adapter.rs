//! Conclusions and assigned tasks per agenda item (`RecordsAdapter`).

use slint::ComponentHandle;

use super::{AppWindow, ConclusionRow, RecordItem, RecordsAdapter, TaskRow, UnitChoice, model};

/// What the conclusions and tasks page shows (the drafts stay as typed).
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent states of two forms, each shown on its own"
)]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordsView {
    pub items: Vec<RecordItem>,
    /// The chosen item as a heading: "Mục 3. …".
    pub item_title: String,
    pub conclusions: Vec<ConclusionRow>,
    pub tasks: Vec<TaskRow>,
    pub units: Vec<UnitChoice>,
    /// The role may record and the session is in progress.
    pub can_edit: bool,
    /// Why not; empty when it may.
    pub why_not: String,
    /// "12/2000 ký tự".
    pub conclusion_count: String,
    pub conclusion_ok: bool,
    pub conclusion_sending: bool,
    pub conclusion_error: String,
    /// What the deadline reads as, or why it does not.
    pub deadline_note: String,
    pub deadline_bad: bool,
    pub task_ok: bool,
    pub task_sending: bool,
    pub task_error: String,
    /// The entry whose removal waits for a confirmation.
    pub confirm: Option<(Entry, u32)>,
}

/// A kind of entry of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Conclusion,
    Task,
}

impl Entry {
    fn code(self) -> &'static str {
        match self {
            Self::Conclusion => "conclusion",
            Self::Task => "task",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        match code {
            "conclusion" => Some(Self::Conclusion),
            "task" => Some(Self::Task),
            _ => None,
        }
    }
}

/// Pushes the view.
pub fn show(window: &AppWindow, v: &RecordsView) {
    let a = window.global::<RecordsAdapter>();
    a.set_items(model(v.items.clone()));
    a.set_item_title(v.item_title.as_str().into());
    a.set_conclusions(model(v.conclusions.clone()));
    a.set_tasks(model(v.tasks.clone()));
    a.set_units(model(v.units.clone()));
    a.set_can_edit(v.can_edit);
    a.set_why_not(v.why_not.as_str().into());
    a.set_conclusion_count(v.conclusion_count.as_str().into());
    a.set_conclusion_ok(v.conclusion_ok);
    a.set_conclusion_sending(v.conclusion_sending);
    a.set_conclusion_error(v.conclusion_error.as_str().into());
    a.set_deadline_note(v.deadline_note.as_str().into());
    a.set_deadline_bad(v.deadline_bad);
    a.set_task_ok(v.task_ok);
    a.set_task_sending(v.task_sending);
    a.set_task_error(v.task_error.as_str().into());
    let (kind, number) = v
        .confirm
        .map_or(("", 0), |(e, n)| (e.code(), super::int(n)));
    a.set_confirm_kind(kind.into());
    a.set_confirm_number(number);
}

/// Replaces the drafts of the two forms (they are emptied once sent).
pub fn set_conclusion_draft(window: &AppWindow, text: &str) {
    window
        .global::<RecordsAdapter>()
        .set_conclusion_draft(text.into());
}

/// Empties the task form.
pub fn clear_task_draft(window: &AppWindow) {
    let a = window.global::<RecordsAdapter>();
    a.set_task_draft("".into());
    a.set_deadline_draft("".into());
}

/// An agenda item was chosen, by id.
pub fn on_select_item(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<RecordsAdapter>()
        .on_select_item(move |id| f(id.to_string()));
}

/// The conclusion's draft changed.
pub fn on_conclusion_edited(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<RecordsAdapter>()
        .on_conclusion_edited(move |t| f(t.to_string()));
}

/// "Ghi kết luận".
pub fn on_add_conclusion(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<RecordsAdapter>().on_add_conclusion(f);
}

/// The task's description changed.
pub fn on_task_edited(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<RecordsAdapter>()
        .on_task_edited(move |t| f(t.to_string()));
}

/// A unit was chosen, by its code.
pub fn on_select_unit(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<RecordsAdapter>()
        .on_select_unit(move |c| f(c.to_string()));
}

/// The deadline as typed changed.
pub fn on_deadline_edited(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<RecordsAdapter>()
        .on_deadline_edited(move |t| f(t.to_string()));
}

/// "Giao nhiệm vụ".
pub fn on_assign_task(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<RecordsAdapter>().on_assign_task(f);
}

/// "Xóa" on an entry: asks for a confirmation.
pub fn on_ask_remove(window: &AppWindow, f: impl Fn(Entry, u32) + 'static) {
    window
        .global::<RecordsAdapter>()
        .on_ask_remove(move |kind, number| {
            if let (Some(entry), Ok(number)) = (Entry::from_code(&kind), u32::try_from(number)) {
                f(entry, number);
            }
        });
}

/// "Xóa hẳn": the removal asked for is confirmed.
pub fn on_confirm_remove(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<RecordsAdapter>().on_confirm_remove(f);
}

/// "Giữ lại": the removal asked for is called off.
pub fn on_cancel_remove(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<RecordsAdapter>().on_cancel_remove(f);
}
