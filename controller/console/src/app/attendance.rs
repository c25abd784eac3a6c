//! Roll call and quorum.

use std::rc::Rc;

use protocol::ballot::QuorumRule;
use protocol::ids::DelegateId;
use protocol::message::ConsoleCommand;

use crate::text;
use crate::ui::attendance_adapter::{self, AttendanceView};
use crate::ui::{AppWindow, DelegateRow, Presence, QuorumLine, int};

use super::{Cx, Inner};

pub(super) fn view(cx: &Cx<'_>) -> AttendanceView {
    let Some(m) = cx.manifest() else {
        return AttendanceView::default();
    };
    let attendance = cx
        .view
        .state
        .as_ref()
        .map(|s| s.attendance)
        .unwrap_or_default();
    let members = if attendance.members == 0 {
        m.meeting.member_count()
    } else {
        attendance.members
    };
    let quorum = [
        QuorumRule::MoreThanHalfOfMembers,
        QuorumRule::TwoThirdsOfMembers,
    ]
    .into_iter()
    .filter_map(|rule| {
        Some(QuorumLine {
            rule: text::quorum(rule, cx.language)?.into(),
            needed: int(rule.required(members)),
            met: rule.is_met(attendance.present, members),
        })
    })
    .collect();
    let map = cx.view.seat_map.as_deref();
    let sample = ConsoleCommand::MarkPresent {
        delegate: m.meeting.delegates.first().map_or_else(
            || DelegateId::new("d").expect("a valid id"),
            |d| d.id.clone(),
        ),
        present: true,
    };
    let delegates = m
        .meeting
        .delegates
        .iter()
        .map(|d| {
            let row = map.and_then(|m| m.seats.iter().find(|r| r.delegate == d.id));
            let presence = match row {
                None => Presence::Unknown,
                Some(r) if r.signed_in => Presence::AtSeat,
                Some(r) if r.present => Presence::Marked,
                Some(_) => Presence::Absent,
            };
            DelegateRow {
                id: d.id.as_str().into(),
                name: d.full_name.as_str().into(),
                unit: d.unit_name.as_str().into(),
                unit_code: d.unit_code.as_str().into(),
                role: text::delegate_role(d.role, cx.language).into(),
                seat: d.seat.as_str().into(),
                presence,
                mark_present: presence == Presence::Absent,
                can_mark: matches!(presence, Presence::Absent | Presence::Marked),
            }
        })
        .collect();
    AttendanceView {
        members,
        present: attendance.present,
        signed_in: attendance.signed_in,
        quorum,
        delegates,
        can_mark: cx.permits(&sample),
        why_not: cx.why_not(&sample),
    }
}

pub(super) fn connect(inner: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(inner);
    attendance_adapter::on_mark(window, move |id, present| {
        let Some(app) = weak.upgrade() else { return };
        let Ok(delegate) = DelegateId::new(id) else {
            return;
        };
        app.act(|app, _, st| app.send(st, ConsoleCommand::MarkPresent { delegate, present }));
    });
}
