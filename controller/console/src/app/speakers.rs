//! The speakers queue.

use std::rc::Rc;

use protocol::ids::DelegateId;
use protocol::message::ConsoleCommand;

use crate::ui::speakers_adapter::{self, FloorView, SpeakersView};
use crate::ui::{AppWindow, SpeakerRow};

use super::{Cx, Inner};

pub(super) fn view(cx: &Cx<'_>) -> SpeakersView {
    let Some(s) = cx.view.state.as_ref() else {
        return SpeakersView::default();
    };
    let seat_of = |id: &DelegateId| {
        cx.delegate(id)
            .map_or_else(String::new, |d| d.seat.to_string())
    };
    let unit_of = |id: &DelegateId| {
        cx.delegate(id)
            .map_or_else(String::new, |d| d.unit_name.clone())
    };
    let sample = ConsoleCommand::NextSpeaker;
    let can_run = cx.permits(&sample);
    SpeakersView {
        floor: s.speakers.floor.as_ref().map(|d| FloorView {
            name: cx.name(d),
            unit: unit_of(d),
            seat: seat_of(d),
        }),
        queue: s
            .speakers
            .queue
            .iter()
            .enumerate()
            .map(|(i, d)| SpeakerRow {
                id: d.as_str().into(),
                position: i32::try_from(i + 1).unwrap_or(i32::MAX),
                name: cx.name(d).into(),
                unit: unit_of(d).into(),
                seat: seat_of(d).into(),
            })
            .collect(),
        can_run,
        can_next: can_run && !s.speakers.queue.is_empty(),
        can_end: can_run && s.speakers.floor.is_some(),
        why_not: cx.why_not(&sample),
    }
}

pub(super) fn connect(inner: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(inner);
    speakers_adapter::on_grant(window, move |id| {
        let Some(app) = weak.upgrade() else { return };
        let Ok(delegate) = DelegateId::new(id) else {
            return;
        };
        app.act(|app, _, st| app.send(st, ConsoleCommand::GrantFloor { delegate }));
    });
    let weak = Rc::downgrade(inner);
    speakers_adapter::on_remove(window, move |id| {
        let Some(app) = weak.upgrade() else { return };
        let Ok(delegate) = DelegateId::new(id) else {
            return;
        };
        app.act(|app, _, st| app.send(st, ConsoleCommand::RemoveSpeaker { delegate }));
    });
    let weak = Rc::downgrade(inner);
    speakers_adapter::on_next(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|app, _, st| app.send(st, ConsoleCommand::NextSpeaker));
        }
    });
    let weak = Rc::downgrade(inner);
    speakers_adapter::on_end_floor(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|app, _, st| app.send(st, ConsoleCommand::EndFloor));
        }
    });
}
