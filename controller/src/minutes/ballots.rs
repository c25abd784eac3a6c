//! The minutes' ballots: each closed one with its kind, times, quorum
//! rule, majority rule and numbers, and its result; then the cancelled ones.

use protocol::ballot::{BallotKind, Base, Candidate};
use protocol::ids::CandidateId;
use protocol::tally::{BallotResult, OptionResult, Outcome};
use typeset::{Face, Flow, Style};

use super::words::{clock_time, percent, quorum_vi};
use super::{BODY, DETAIL, ENTRY_TITLE, Record, section};

/// A ballot's result, in bold, with room below it.
const VERDICT: Style = Style {
    face: Face::Bold,
    space_after: 8.0,
    ..DETAIL
};

/// Every ballot closed, in the order it closed, then the cancelled ones.
pub(super) fn ballots(flow: &mut Flow, record: &Record<'_>) {
    let results = &record.room.session().results;
    section(flow, "IV. BIỂU QUYẾT VÀ BẦU CỬ");
    if results.is_empty() && record.cancelled.is_empty() {
        flow.paragraph(&DETAIL, "Hội nghị không tiến hành biểu quyết.");
    }
    for (n, result) in results.iter().enumerate() {
        ballot(flow, record, n + 1, result);
    }
    for (ballot, at) in &record.cancelled {
        let title = record.spec(ballot).map_or("", |s| s.title.as_str());
        flow.paragraph(
            &DETAIL,
            &format!(
                "Phiếu \u{201c}{title}\u{201d} ({ballot}) đã hủy lúc {}, không kiểm phiếu.",
                clock_time(*at)
            ),
        );
    }
}

fn ballot(flow: &mut Flow, record: &Record<'_>, n: usize, result: &BallotResult) {
    let spec = record.spec(&result.ballot);
    flow.keep(ENTRY_TITLE.leading + 4.0 * BODY.leading);
    flow.paragraph(&ENTRY_TITLE, &format!("{n}.\u{a0}{}", result.title));
    if let Some(item) = spec.and_then(|s| record.item_title(s)) {
        flow.paragraph(&DETAIL, &format!("Nội dung chương trình: {item}."));
    }
    let election = spec.and_then(|s| match &s.kind {
        BallotKind::Election {
            candidates,
            max_choices,
        } => Some((candidates.as_slice(), *max_choices)),
        BallotKind::Motion => None,
    });
    let secrecy = if result.secret {
        "bỏ phiếu kín"
    } else {
        "biểu quyết công khai"
    };
    let kind = match (election, &result.outcome) {
        (Some((candidates, seats)), _) => format!(
            "Hình thức: bầu cử, {secrecy}; bầu {seats} trong số {} người ứng cử.",
            candidates.len()
        ),
        (None, Outcome::Election { .. }) => format!("Hình thức: bầu cử, {secrecy}."),
        (None, Outcome::Motion { .. }) => format!("Hình thức: {secrecy}."),
    };
    flow.paragraph(&DETAIL, &kind);
    let opened = record.opened.get(&result.ballot).map(|(_, at)| *at);
    let closed = record.ballot_closed.get(&result.ballot).copied();
    if let (Some(opened), Some(closed)) = (opened, closed) {
        flow.paragraph(
            &DETAIL,
            &format!(
                "Thời gian: mở lúc {}, đóng lúc {}.",
                clock_time(opened),
                clock_time(closed)
            ),
        );
    }
    if let Some(spec) = spec {
        flow.paragraph(
            &DETAIL,
            &format!(
                "Điều kiện tiến hành: {}.",
                quorum_vi(spec.quorum, result.members)
            ),
        );
    }
    flow.paragraph(
        &DETAIL,
        &format!(
            "Tổng số thành viên: {}; có mặt: {}; số phiếu {}: {}.",
            result.members,
            result.present,
            if election.is_some() {
                "bầu"
            } else {
                "biểu quyết"
            },
            result.cast
        ),
    );
    let base = base_vi(result);
    flow.paragraph(
        &DETAIL,
        &format!(
            "Nguyên tắc quyết định: {}, tức ít nhất {} trên {} {base}.",
            result.majority.describe_vi(),
            result.threshold,
            result.base,
        ),
    );
    match &result.outcome {
        Outcome::Motion { passed } => {
            for option in &result.options {
                flow.paragraph(
                    &DETAIL,
                    &format!(
                        "{}: {} phiếu, {} {base}.",
                        option.label,
                        option.votes,
                        share(result, option)
                    ),
                );
            }
            let verdict = if *passed {
                "THÔNG QUA"
            } else {
                "KHÔNG THÔNG QUA"
            };
            let votes = result.options.first().map_or(0, |o| o.votes);
            flow.paragraph(
                &VERDICT,
                &format!(
                    "Kết quả: {verdict} ({votes} phiếu tán thành; cần ít nhất {} trên {} {base}).",
                    result.threshold, result.base
                ),
            );
        }
        Outcome::Election { elected, tied } => {
            let candidates = election.map_or(&[][..], |(c, _)| c);
            for option in &result.options {
                let unit = candidates
                    .iter()
                    .find(|c| c.id.as_str() == option.key)
                    .map(|c: &Candidate| format!(" ({})", c.unit_name))
                    .unwrap_or_default();
                let status = if elected.iter().any(|id| id.as_str() == option.key) {
                    "trúng cử"
                } else if tied.iter().any(|id| id.as_str() == option.key) {
                    "bằng phiếu ở vị trí cuối, chưa trúng cử"
                } else {
                    "không trúng cử"
                };
                flow.paragraph(
                    &DETAIL,
                    &format!(
                        "{}{unit}: {} phiếu, {} {base}: {status}.",
                        option.label,
                        option.votes,
                        share(result, option)
                    ),
                );
            }
            let names = |ids: &[CandidateId]| {
                ids.iter()
                    .filter_map(|id| result.options.iter().find(|o| o.key == id.as_str()))
                    .map(|o| o.label.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let verdict = if elected.is_empty() {
                "Kết quả: không có người trúng cử".to_owned()
            } else {
                format!("Kết quả: trúng cử: {}", names(elected))
            };
            let ties = if tied.is_empty() {
                String::new()
            } else {
                format!("; bằng phiếu, chủ trì quyết định bầu tiếp: {}", names(tied))
            };
            flow.paragraph(
                &VERDICT,
                &format!(
                    "{verdict}{ties} (cần ít nhất {} trên {} {base}).",
                    result.threshold, result.base
                ),
            );
        }
    }
}

/// What the rule of `result` counts against, in words.
fn base_vi(result: &BallotResult) -> &'static str {
    match result.majority.base() {
        Base::Members => "tổng số thành viên",
        Base::Present => "số thành viên có mặt",
        Base::Cast => "số phiếu",
    }
}

/// An option's share of the count the rule measures against.
fn share(result: &BallotResult, option: &OptionResult) -> String {
    let points = match result.majority.base() {
        Base::Members => option.of_members,
        Base::Present => option.of_present,
        Base::Cast => option.of_cast,
    };
    format!("bằng {} so với", percent(points))
}
