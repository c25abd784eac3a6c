//! Conclusions (kết luận) and assigned tasks (giao nhiệm vụ) per agenda item.
//!
//! The page lists what the controller's state holds for the chosen item and
//! sends `AddConclusion`, `AssignTask` and, after a confirmation, the
//! removals. A task's unit is picked from the units of the package's
//! delegates; its deadline is typed day first ("15/12/2026").

use std::rc::Rc;

use protocol::ids::ItemId;
use protocol::message::record::{
    Date, ItemRecord, MAX_CONCLUSION_CHARS, MAX_TASK_CHARS, TaskSpec, Unit,
};
use protocol::message::{ConsoleCommand, Phase};

use crate::session::CommandError;
use crate::text;
use crate::ui::records_adapter::{self, Entry, RecordsView};
use crate::ui::{AppWindow, ConclusionRow, RecordItem, TaskRow, UnitChoice, int};

use super::{Cx, Inner, State};

/// The forms as filled in, and what came of the last sends.
#[derive(Default)]
pub(super) struct Local {
    /// The item picked; none: the one under discussion.
    item: Option<ItemId>,
    conclusion: String,
    conclusion_sending: bool,
    conclusion_error: Option<(ConsoleCommand, CommandError)>,
    task: String,
    /// The unit picked, by code.
    unit: Option<String>,
    deadline: String,
    task_sending: bool,
    task_error: Option<(ConsoleCommand, CommandError)>,
    confirm: Option<(Entry, u32)>,
}

/// The item chosen: the one picked, or the one under discussion, or the first.
fn chosen(cx: &Cx<'_>, local: &Local) -> Option<ItemId> {
    let agenda = &cx.manifest()?.meeting.agenda;
    let known = |id: &ItemId| agenda.iter().any(|i| &i.id == id);
    local
        .item
        .clone()
        .filter(known)
        .or_else(|| cx.view.state.as_ref()?.current_item.clone().filter(known))
        .or_else(|| agenda.first().map(|i| i.id.clone()))
}

/// The units of the package's delegates, each once, in the package's order.
fn units(cx: &Cx<'_>) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for d in cx
        .manifest()
        .map_or(&[][..], |m| m.meeting.delegates.as_slice())
    {
        let (name, code) = (d.unit_name.trim(), d.unit_code.trim());
        if !name.is_empty() && !code.is_empty() && !out.iter().any(|u| u.code == code) {
            out.push(Unit {
                name: name.to_owned(),
                code: code.to_owned(),
            });
        }
    }
    out
}

fn record<'a>(cx: &'a Cx<'_>, item: &ItemId) -> Option<&'a ItemRecord> {
    cx.view
        .state
        .as_ref()?
        .records
        .iter()
        .find(|r| &r.item == item)
}

/// "2 kết luận · 1 nhiệm vụ"; empty when nothing is recorded.
fn counts(r: Option<&ItemRecord>, vi: bool) -> String {
    let (c, t) = r.map_or((0, 0), |r| (r.conclusions.len(), r.tasks.len()));
    let mut parts = Vec::new();
    if c > 0 {
        parts.push(match (vi, c) {
            (true, _) => format!("{c} kết luận"),
            (false, 1) => "1 conclusion".to_owned(),
            (false, _) => format!("{c} conclusions"),
        });
    }
    if t > 0 {
        parts.push(match (vi, t) {
            (true, _) => format!("{t} nhiệm vụ"),
            (false, 1) => "1 task".to_owned(),
            (false, _) => format!("{t} tasks"),
        });
    }
    parts.join(" · ")
}

/// The deadline as typed: the date, or why it is not one to accept.
fn deadline(cx: &Cx<'_>, typed: &str) -> Result<Option<Date>, String> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    let vi = cx.vi();
    let Some(d) = text::parse_date(typed) else {
        return Err(if vi {
            "Không phải ngày hợp lệ: ghi ngày/tháng/năm, ví dụ 31/12/2026".to_owned()
        } else {
            "Not a valid date: write day/month/year, e.g. 31/12/2026".to_owned()
        });
    };
    match text::local_date(cx.now, cx.settings.utc_offset_minutes) {
        Some(today) if d < today => Err(if vi {
            format!("Hạn đã qua: hôm nay là {}", text::date(today))
        } else {
            format!("That day has passed: today is {}", text::date(today))
        }),
        _ => Ok(Some(d)),
    }
}

/// Why the record may not be edited now; empty when it may.
fn why_not(cx: &Cx<'_>, sample: &ConsoleCommand) -> String {
    let role = cx.why_not(sample);
    if !role.is_empty() {
        return role;
    }
    let vi = cx.vi();
    match cx.view.state.as_ref().map(|s| s.phase) {
        Some(Phase::InSession) => String::new(),
        Some(Phase::Waiting) => if vi {
            "Phiên họp chưa khai mạc: kết luận và nhiệm vụ được ghi khi đang họp."
        } else {
            "The session has not been opened: conclusions and tasks are recorded in session."
        }
        .to_owned(),
        Some(Phase::Closed) => if vi {
            "Cuộc họp đã bế mạc: kết luận và nhiệm vụ đã vào biên bản."
        } else {
            "The meeting is closed: its conclusions and tasks are in the minutes."
        }
        .to_owned(),
        None => if vi {
            "Chờ trạng thái từ bộ điều khiển."
        } else {
            "Waiting for the controller's state."
        }
        .to_owned(),
    }
}

fn chars(s: &str) -> usize {
    s.trim().chars().count()
}

pub(super) fn view(cx: &Cx<'_>, local: &Local) -> RecordsView {
    let (Some(manifest), Some(item)) = (cx.manifest(), chosen(cx, local)) else {
        return RecordsView::default();
    };
    let vi = cx.vi();
    let offset = cx.settings.utc_offset_minutes;
    let agenda = &manifest.meeting.agenda;
    let current = cx.view.state.as_ref().and_then(|s| s.current_item.as_ref());
    let items = agenda
        .iter()
        .enumerate()
        .map(|(n, i)| RecordItem {
            id: i.id.as_str().into(),
            number: i32::try_from(n + 1).unwrap_or(i32::MAX),
            title: i.title.as_str().into(),
            counts: counts(record(cx, &i.id), vi).into(),
            current: current == Some(&i.id),
            selected: i.id == item,
        })
        .collect();
    let item_title = agenda
        .iter()
        .position(|i| i.id == item)
        .map_or_else(String::new, |n| {
            format!(
                "{} {}. {}",
                if vi { "Mục" } else { "Item" },
                n + 1,
                agenda[n].title
            )
        });
    let kept = record(cx, &item);
    let conclusions = kept.map_or_else(Vec::new, |r| {
        r.conclusions
            .iter()
            .map(|c| ConclusionRow {
                number: int(c.number),
                text: c.text.as_str().into(),
                at: text::clock(c.at, offset).into(),
            })
            .collect()
    });
    let tasks = kept.map_or_else(Vec::new, |r| {
        r.tasks
            .iter()
            .map(|t| TaskRow {
                number: int(t.number),
                what: t.task.what.as_str().into(),
                unit: t.task.unit.name.as_str().into(),
                code: t.task.unit.code.as_str().into(),
                deadline: text::date(t.task.deadline).into(),
                at: text::clock(t.at, offset).into(),
            })
            .collect()
    });
    let all_units = units(cx);
    let unit = local
        .unit
        .as_ref()
        .filter(|c| all_units.iter().any(|u| &u.code == *c));
    let unit_rows = all_units
        .iter()
        .map(|u| UnitChoice {
            code: u.code.as_str().into(),
            name: u.name.as_str().into(),
            selected: unit == Some(&u.code),
        })
        .collect();
    let sample = ConsoleCommand::AddConclusion {
        item,
        text: String::new(),
    };
    let why_not = why_not(cx, &sample);
    let can_edit = cx.permits(&sample) && why_not.is_empty();
    let c = chars(&local.conclusion);
    let t = chars(&local.task);
    let (deadline_note, deadline_bad, date) = match deadline(cx, &local.deadline) {
        Ok(None) => (
            if vi {
                "Ví dụ: 31/12/2026"
            } else {
                "For example 31/12/2026"
            }
            .to_owned(),
            false,
            None,
        ),
        Ok(Some(d)) => (text::date_long(d, cx.language), false, Some(d)),
        Err(why) => (why, true, None),
    };
    let error = |e: &Option<(ConsoleCommand, CommandError)>| {
        e.as_ref().map_or_else(String::new, |(c, e)| {
            text::command_result(c, &Err(e.clone()), cx.language)
        })
    };
    RecordsView {
        items,
        item_title,
        conclusions,
        tasks,
        units: unit_rows,
        can_edit,
        why_not,
        conclusion_count: if vi {
            format!("{c}/{MAX_CONCLUSION_CHARS} ký tự")
        } else {
            format!("{c}/{MAX_CONCLUSION_CHARS} characters")
        },
        conclusion_ok: (1..=MAX_CONCLUSION_CHARS).contains(&c),
        conclusion_sending: local.conclusion_sending,
        conclusion_error: error(&local.conclusion_error),
        deadline_note,
        deadline_bad,
        task_ok: (1..=MAX_TASK_CHARS).contains(&t) && unit.is_some() && date.is_some(),
        task_sending: local.task_sending,
        task_error: error(&local.task_error),
        confirm: local.confirm,
    }
}

/// A command of this page was answered: a done one empties its form; a
/// refused one says why beside the form (and on the message strip).
pub(super) fn answered(
    window: &AppWindow,
    st: &mut State,
    command: &ConsoleCommand,
    result: &Result<(), CommandError>,
) {
    let local = &mut st.records;
    match command {
        ConsoleCommand::AddConclusion { .. } => {
            local.conclusion_sending = false;
            local.conclusion_error = result.clone().err().map(|e| (command.clone(), e));
            if result.is_ok() {
                local.conclusion.clear();
                records_adapter::set_conclusion_draft(window, "");
            }
        }
        ConsoleCommand::AssignTask { .. } => {
            local.task_sending = false;
            local.task_error = result.clone().err().map(|e| (command.clone(), e));
            if result.is_ok() {
                local.task.clear();
                local.deadline.clear();
                local.unit = None;
                records_adapter::clear_task_draft(window);
            }
        }
        ConsoleCommand::RemoveConclusion { .. } | ConsoleCommand::RemoveTask { .. } => {
            local.confirm = None;
        }
        _ => {}
    }
}

/// What the forms would send now, if they are complete.
fn task_spec(inner: &Inner, local: &Local) -> Option<TaskSpec> {
    let view = inner.handle.view();
    let cx = app_cx(&view, inner);
    let what = local.task.trim();
    let unit = units(&cx)
        .into_iter()
        .find(|u| Some(&u.code) == local.unit.as_ref())?;
    let deadline = deadline(&cx, &local.deadline).ok()??;
    (!what.is_empty()).then(|| TaskSpec {
        what: what.to_owned(),
        unit,
        deadline,
    })
}

fn chosen_now(inner: &Inner, local: &Local) -> Option<ItemId> {
    let view = inner.handle.view();
    chosen(&app_cx(&view, inner), local)
}

pub(super) fn connect(inner: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(inner);
    records_adapter::on_select_item(window, move |id| {
        let Some(app) = weak.upgrade() else { return };
        let Ok(item) = ItemId::new(id) else { return };
        app.act(|_, _, st| {
            if st.records.item.as_ref() != Some(&item) {
                st.records.confirm = None;
            }
            st.records.item = Some(item);
        });
    });
    let weak = Rc::downgrade(inner);
    records_adapter::on_conclusion_edited(window, move |text| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, _, st| st.records.conclusion = text);
        }
    });
    let weak = Rc::downgrade(inner);
    records_adapter::on_add_conclusion(window, move || {
        let Some(app) = weak.upgrade() else { return };
        app.act(|app, _, st| {
            let text = st.records.conclusion.trim().to_owned();
            if st.records.conclusion_sending || text.is_empty() {
                return;
            }
            let Some(item) = chosen_now(app, &st.records) else {
                return;
            };
            st.records.conclusion_error = None;
            st.records.conclusion_sending =
                app.try_send(st, ConsoleCommand::AddConclusion { item, text });
        });
    });
    let weak = Rc::downgrade(inner);
    records_adapter::on_task_edited(window, move |text| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, _, st| st.records.task = text);
        }
    });
    let weak = Rc::downgrade(inner);
    records_adapter::on_select_unit(window, move |code| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, _, st| st.records.unit = Some(code));
        }
    });
    let weak = Rc::downgrade(inner);
    records_adapter::on_deadline_edited(window, move |text| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, _, st| st.records.deadline = text);
        }
    });
    let weak = Rc::downgrade(inner);
    records_adapter::on_assign_task(window, move || {
        let Some(app) = weak.upgrade() else { return };
        app.act(|app, _, st| {
            if st.records.task_sending {
                return;
            }
            let (Some(item), Some(task)) =
                (chosen_now(app, &st.records), task_spec(app, &st.records))
            else {
                return;
            };
            st.records.task_error = None;
            st.records.task_sending = app.try_send(st, ConsoleCommand::AssignTask { item, task });
        });
    });
    let weak = Rc::downgrade(inner);
    records_adapter::on_ask_remove(window, move |entry, number| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, _, st| st.records.confirm = Some((entry, number)));
        }
    });
    let weak = Rc::downgrade(inner);
    records_adapter::on_confirm_remove(window, move || {
        let Some(app) = weak.upgrade() else { return };
        app.act(|app, _, st| {
            let (Some((entry, number)), Some(item)) =
                (st.records.confirm, chosen_now(app, &st.records))
            else {
                return;
            };
            let command = match entry {
                Entry::Conclusion => ConsoleCommand::RemoveConclusion {
                    item,
                    conclusion: number,
                },
                Entry::Task => ConsoleCommand::RemoveTask { item, task: number },
            };
            if !app.try_send(st, command) {
                st.records.confirm = None;
            }
        });
    });
    let weak = Rc::downgrade(inner);
    records_adapter::on_cancel_remove(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|_, _, st| st.records.confirm = None);
        }
    });
}

/// A context for reading the view outside a render (the language and the
/// clock of now; no operator needed).
fn app_cx<'a>(view: &'a crate::session::ConsoleView, inner: &'a Inner) -> Cx<'a> {
    Cx {
        view,
        operator: None,
        settings: &inner.settings,
        language: crate::ui::language(),
        now: link::clock(),
    }
}
