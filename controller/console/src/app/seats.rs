//! The seat map: the seat plan of the manifest joined with the controller's
//! seat map (online, signed in, papers, voted).

use protocol::message::SeatRow;

use crate::ui::seats_adapter::SeatsView;
use crate::ui::{SeatTile, VoteMark};

use super::Cx;

pub(super) fn view(cx: &Cx<'_>) -> SeatsView {
    let vi = cx.vi();
    let Some(m) = cx.manifest() else {
        return SeatsView::default();
    };
    let map = cx.view.seat_map.as_deref();
    let state = cx.view.state.as_ref();
    let ballot_open = state.is_some_and(|s| s.ballot.is_some());
    let row = |d: &protocol::meeting::Delegate| -> Option<&SeatRow> {
        map?.seats.iter().find(|r| r.seat == d.seat)
    };
    let tiles: Vec<SeatTile> = m
        .meeting
        .delegates
        .iter()
        .map(|d| {
            let r = row(d);
            let (cached, total) = r.map_or((0, 0), |r| (r.papers_cached, r.papers_total));
            let vote = match r {
                Some(r) if ballot_open && d.role.is_member() && r.voted => VoteMark::Voted,
                Some(r) if ballot_open && d.role.is_member() && r.present => VoteMark::Waiting,
                _ => VoteMark::None,
            };
            SeatTile {
                seat: d.seat.as_str().into(),
                name: d.full_name.as_str().into(),
                unit: d.unit_name.as_str().into(),
                online: r.is_some_and(|r| r.online),
                signed_in: r.is_some_and(|r| r.signed_in),
                papers: if r.is_some() {
                    format!("{cached}/{total}")
                } else {
                    "–".to_owned()
                }
                .into(),
                papers_complete: total > 0 && cached >= total,
                vote,
                observer: !d.role.is_member(),
            }
        })
        .collect();
    let online = tiles.iter().filter(|t| t.online).count();
    let signed = tiles.iter().filter(|t| t.signed_in).count();
    let n = tiles.len();
    let summary = if vi {
        format!("{online}/{n} ghế trực tuyến · {signed} đại biểu đã đăng nhập")
    } else {
        format!("{online}/{n} seats online · {signed} delegates signed in")
    };
    let ballot = match state.and_then(|s| s.ballot.as_ref().map(|b| (b, s.attendance))) {
        Some((b, a)) if vi => format!(
            "Biểu quyết đang mở: {}/{} thành viên có mặt đã bỏ phiếu",
            b.voted, a.present
        ),
        Some((b, a)) => format!(
            "Ballot open: {} of {} members present have voted",
            b.voted, a.present
        ),
        None => String::new(),
    };
    SeatsView {
        known: map.is_some(),
        summary,
        ballot,
        tiles,
    }
}
