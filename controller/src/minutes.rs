//! The minutes (biên bản) of a closed meeting as a PDF, in Vietnamese: the
//! meeting, its agenda and papers, who attended, every ballot with the rule
//! that decided it and its numbers, the conclusions and assigned tasks of
//! each item, the notices, the comments received, and a closing block naming the key that signs them and the package they
//! record.
//!
//! The minutes are made from what the room kept (the package, the session
//! and the facts with their times), by [`render`], the same bytes for the
//! same inputs. They travel inside the results upload, which the controller
//! signs (ký số), so the signature covers them; the PDF says so and names
//! the controller's public key.

mod ballots;
mod words;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use ed25519_dalek::VerifyingKey;
use protocol::ballot::BallotSpec;
use protocol::ids::{BallotId, DelegateId, Sha256, Timestamp};
use protocol::meeting::{Delegate, DelegateRole, MeetingPackage};
use protocol::message::Notice;
use protocol::room::{Fact, Room};
use typeset::{Align, Face, Flow, Margins, Style};

use words::{classification_vi, clock_time, date_long, date_time, deadline_vi};

/// Body text.
const BODY: Style = Style::new(Face::Regular, 12.0)
    .leading(17.0)
    .align(Align::Justify)
    .space_after(3.0);
/// A numbered entry: the number hangs left of the text.
const ENTRY: Style = BODY.indent(22.0, -22.0);
/// A line under an entry, indented with its text.
const DETAIL: Style = BODY.indent(22.0, 0.0);
/// A section heading ("I. CHƯƠNG TRÌNH").
const SECTION: Style = Style::new(Face::Bold, 12.5).leading(18.0).space_after(4.0);
/// An entry's title in bold (a ballot).
const ENTRY_TITLE: Style = Style::new(Face::Bold, 12.0)
    .leading(17.0)
    .align(Align::Justify)
    .indent(22.0, -22.0)
    .space_after(2.0);
/// Table cells.
const CELL: Style = Style::new(Face::Regular, 11.0)
    .leading(15.0)
    .space_after(2.0);
const CELL_HEAD: Style = Style::new(Face::Bold, 11.0).leading(15.0);
/// Room kept for a section heading and the first lines of its section
/// (the heading, an entry's title and its first four lines: a section
/// never ends a page with its heading alone).
const KEEP_WITH_HEADING: f32 = 18.0 + 4.0 + 17.0 + 4.0 * 17.0 + 12.0;

/// The minutes of the closed meeting in `room` as a PDF.
///
/// - `facts`: every fact of the meeting with the time it was recorded, in
///   order, as the store keeps them (`Store::facts_with_time`); they give
///   the times (opened, closed, each ballot), who signed in, the ballots'
///   quorum rules, cancelled ballots and notices.
/// - `controller_key`: the public half of the key that signs the results
///   document carrying these minutes; printed in hex.
/// - `package_sha256`: the SHA-256 of the meeting package as the room
///   received it signed (the central system's bytes), printed so the
///   minutes name exactly which package they record.
///
/// Times are Vietnam's (UTC+7, no daylight saving). A meeting that is not
/// closed yet gives minutes as far as it went ("chưa bế mạc").
pub fn render(
    room: &Room,
    facts: &[(Timestamp, Fact)],
    controller_key: &VerifyingKey,
    package_sha256: &Sha256,
) -> Vec<u8> {
    let record = Record::read(room, facts);
    let mut flow = Flow::new(Margins::ADMINISTRATIVE);
    header(&mut flow, &record);
    general(&mut flow, &record);
    agenda(&mut flow, &record);
    attendance(&mut flow, &record);
    ballots::ballots(&mut flow, &record);
    conclusions_and_tasks(&mut flow, &record);
    notices_and_comments(&mut flow, &record);
    closing(&mut flow, &record, controller_key, package_sha256);
    flow.finish()
}

/// What the minutes say, gathered from the room and its facts.
struct Record<'a> {
    room: &'a Room,
    package: &'a MeetingPackage,
    opened_at: Option<Timestamp>,
    closed_at: Option<Timestamp>,
    /// Each ballot opened: its specification and when it opened.
    opened: BTreeMap<&'a BallotId, (&'a BallotSpec, Timestamp)>,
    ballot_closed: BTreeMap<&'a BallotId, Timestamp>,
    cancelled: Vec<(&'a BallotId, Timestamp)>,
    /// Signed in at some time, or marked present when the meeting ended (as
    /// the results upload counts them).
    present: BTreeSet<&'a DelegateId>,
    notices: Vec<&'a Notice>,
    comments: usize,
}

impl<'a> Record<'a> {
    fn read(room: &'a Room, facts: &'a [(Timestamp, Fact)]) -> Self {
        let mut record = Self {
            room,
            package: room.package(),
            opened_at: None,
            closed_at: None,
            opened: BTreeMap::new(),
            ballot_closed: BTreeMap::new(),
            cancelled: Vec::new(),
            present: BTreeSet::new(),
            notices: Vec::new(),
            comments: 0,
        };
        let mut marked: BTreeMap<&DelegateId, bool> = BTreeMap::new();
        for (_, fact) in facts {
            match fact {
                Fact::SessionOpened { at } => {
                    record.opened_at.get_or_insert(*at);
                }
                Fact::MeetingClosed { at } => record.closed_at = Some(*at),
                Fact::SignedIn { delegate, .. } => {
                    record.present.insert(delegate);
                }
                Fact::MarkedPresent { delegate, present } => {
                    marked.insert(delegate, *present);
                }
                Fact::BallotOpened { spec, at, .. } => {
                    record.opened.insert(&spec.id, (spec, *at));
                }
                Fact::BallotClosed { result, at } => {
                    record.ballot_closed.insert(&result.ballot, *at);
                }
                Fact::BallotCancelled { ballot, at } => record.cancelled.push((ballot, *at)),
                Fact::NoticeSent { notice } => record.notices.push(notice),
                Fact::CommentRecorded { .. } => record.comments += 1,
                _ => {}
            }
        }
        record
            .present
            .extend(marked.into_iter().filter(|(_, p)| *p).map(|(d, _)| d));
        record
    }

    fn is_present(&self, delegate: &Delegate) -> bool {
        self.present.contains(&delegate.id)
    }

    /// The body holding the meeting. The package names none, so the
    /// chair's unit stands for it (else the first delegate's).
    fn organisation(&self) -> &str {
        let delegates = &self.package.delegates;
        delegates
            .iter()
            .find(|d| d.role == DelegateRole::Chair)
            .or(delegates.first())
            .map_or("", |d| d.unit_name.as_str())
    }

    /// The ballot's specification: as opened, else as prepared.
    fn spec(&self, ballot: &BallotId) -> Option<&'a BallotSpec> {
        self.opened
            .get(ballot)
            .map(|(spec, _)| *spec)
            .or_else(|| self.package.ballots.iter().find(|b| &b.id == ballot))
    }

    fn item_title(&self, spec: &BallotSpec) -> Option<&'a str> {
        let item = spec.item.as_ref()?;
        self.package
            .agenda
            .iter()
            .find(|i| &i.id == item)
            .map(|i| i.title.as_str())
    }
}

fn section(flow: &mut Flow, title: &str) {
    flow.space(8.0);
    flow.keep(KEEP_WITH_HEADING);
    flow.paragraph(&SECTION, title);
}

/// The organisation and the place and date, side by side, then the title.
fn header(flow: &mut Flow, record: &Record<'_>) {
    let width = flow.text_width();
    let organisation = Style::new(Face::Bold, 12.0)
        .leading(16.0)
        .align(Align::Center);
    let place = Style::new(Face::Regular, 12.0)
        .leading(16.0)
        .align(Align::Center);
    let day = record
        .opened_at
        .map_or_else(|| record.package.starts_at.clone(), date_long);
    let left = record.organisation().to_uppercase();
    let mut letters = day.chars();
    let right: String = letters
        .next()
        .map(|first| first.to_uppercase().chain(letters).collect())
        .unwrap_or_default();
    flow.row(&[
        (width * 0.45, &organisation, &left),
        (width * 0.55, &place, &right),
    ]);
    flow.rule(
        width * 0.45 / 2.0 - 30.0,
        width * 0.45 / 2.0 + 30.0,
        0.6,
        8.0,
    );
    flow.space(14.0);
    let title = Style::new(Face::Bold, 16.0)
        .leading(22.0)
        .align(Align::Center);
    let subtitle = Style::new(Face::Bold, 13.0)
        .leading(18.0)
        .align(Align::Center)
        .space_after(12.0);
    flow.paragraph(&title, "BIÊN BẢN");
    flow.paragraph(&subtitle, &record.package.title);
}

/// Time and place.
fn general(flow: &mut Flow, record: &Record<'_>) {
    let package = record.package;
    section(flow, "I. THỜI GIAN, ĐỊA ĐIỂM");
    flow.paragraph(&DETAIL, &format!("Hội nghị: {}.", package.title));
    flow.paragraph(
        &DETAIL,
        &format!(
            "Địa điểm: phòng họp {} (mã cuộc họp {}).",
            package.room, package.id
        ),
    );
    let opened = record
        .opened_at
        .map_or_else(|| "chưa khai mạc".to_owned(), date_time);
    let closed = record
        .closed_at
        .map_or_else(|| "chưa bế mạc".to_owned(), date_time);
    flow.paragraph(&DETAIL, &format!("Khai mạc: {opened}."));
    flow.paragraph(&DETAIL, &format!("Bế mạc: {closed}."));
}

/// The agenda, each item with its presenter and papers.
fn agenda(flow: &mut Flow, record: &Record<'_>) {
    let package = record.package;
    section(flow, "II. CHƯƠNG TRÌNH");
    for (n, item) in package.agenda.iter().enumerate() {
        flow.keep(2.0 * BODY.leading);
        flow.paragraph(&ENTRY, &format!("{}.\u{a0}{}", n + 1, item.title));
        if let Some(presenter) = &item.presenter {
            flow.paragraph(&DETAIL, &format!("Trình bày: {presenter}."));
        }
        let papers: Vec<String> = package
            .documents
            .iter()
            .filter(|d| d.item.as_ref() == Some(&item.id))
            .map(|d| match classification_vi(d.classification) {
                Some(mark) => format!("{} ({mark})", d.title),
                None => d.title.clone(),
            })
            .collect();
        if !papers.is_empty() {
            flow.paragraph(&DETAIL, &format!("Tài liệu: {}.", papers.join("; ")));
        }
    }
    let general: Vec<&str> = package
        .documents
        .iter()
        .filter(|d| d.item.is_none())
        .map(|d| d.title.as_str())
        .collect();
    if !general.is_empty() {
        flow.paragraph(&DETAIL, &format!("Tài liệu chung: {}.", general.join("; ")));
    }
}

/// Members present and absent by name and unit, then observers.
fn attendance(flow: &mut Flow, record: &Record<'_>) {
    let delegates = &record.package.delegates;
    let members: Vec<&Delegate> = delegates.iter().filter(|d| d.role.is_member()).collect();
    let observers: Vec<&Delegate> = delegates.iter().filter(|d| !d.role.is_member()).collect();
    let present = members.iter().filter(|d| record.is_present(d)).count();
    section(flow, "III. THÀNH PHẦN THAM DỰ");
    flow.paragraph(
        &DETAIL,
        &format!(
            "Tổng số thành viên: {}; có mặt: {present}; vắng mặt: {}.",
            members.len(),
            members.len() - present
        ),
    );
    if let Some(chair) = delegates.iter().find(|d| d.role == DelegateRole::Chair) {
        flow.paragraph(
            &DETAIL,
            &format!(
                "Chủ trì: đồng chí {}, {}.",
                chair.full_name, chair.unit_name
            ),
        );
    }
    flow.space(4.0);
    people(flow, "Thành viên", &members, record);
    if !observers.is_empty() {
        flow.space(8.0);
        people(flow, "Khách mời (không biểu quyết)", &observers, record);
    }
}

/// A table of people: number, name, unit, present or absent.
fn people(flow: &mut Flow, heading: &str, people: &[&Delegate], record: &Record<'_>) {
    let width = flow.text_width();
    let columns = [32.0, 175.0, width - 32.0 - 175.0 - 70.0, 70.0];
    flow.keep(CELL_HEAD.leading + 2.0 * CELL.leading + 8.0);
    flow.row(&[
        (columns[0], &CELL_HEAD, "STT"),
        (columns[1], &CELL_HEAD, heading),
        (columns[2], &CELL_HEAD, "Đơn vị"),
        (columns[3], &CELL_HEAD, "Tham dự"),
    ]);
    flow.rule(0.0, width, 0.5, 4.0);
    for (n, person) in people.iter().enumerate() {
        let number = (n + 1).to_string();
        let name = if person.role == DelegateRole::Chair {
            format!("{} (chủ trì)", person.full_name)
        } else {
            person.full_name.clone()
        };
        let here = if record.is_present(person) {
            "Có mặt"
        } else {
            "Vắng mặt"
        };
        flow.row(&[
            (columns[0], &CELL, &number),
            (columns[1], &CELL, &name),
            (columns[2], &CELL, &person.unit_name),
            (columns[3], &CELL, here),
        ]);
    }
    flow.rule(0.0, width, 0.5, 4.0);
}

/// What the meeting concluded and the tasks it gave, item by item in
/// agenda order.
fn conclusions_and_tasks(flow: &mut Flow, record: &Record<'_>) {
    let records = record.room.records();
    section(flow, "V. KẾT LUẬN VÀ NHIỆM VỤ");
    if records.is_empty() {
        flow.paragraph(&DETAIL, "Hội nghị không ghi kết luận, nhiệm vụ.");
    }
    let width = flow.text_width();
    let columns = [32.0, width - 32.0 - 150.0 - 75.0, 150.0, 75.0];
    for item_record in &records {
        let agenda = &record.package.agenda;
        let Some(n) = agenda.iter().position(|i| i.id == item_record.item) else {
            continue;
        };
        flow.keep(ENTRY_TITLE.leading + 3.0 * BODY.leading);
        flow.paragraph(
            &ENTRY_TITLE,
            &format!("{}.\u{a0}{}", n + 1, agenda[n].title),
        );
        for conclusion in &item_record.conclusions {
            flow.paragraph(
                &DETAIL,
                &format!("Kết luận số {}: {}", conclusion.number, conclusion.text),
            );
        }
        if item_record.tasks.is_empty() {
            continue;
        }
        flow.space(2.0);
        flow.keep(CELL_HEAD.leading + 2.0 * CELL.leading + 8.0);
        flow.row(&[
            (columns[0], &CELL_HEAD, "Số"),
            (columns[1], &CELL_HEAD, "Nhiệm vụ được giao"),
            (columns[2], &CELL_HEAD, "Đơn vị thực hiện"),
            (columns[3], &CELL_HEAD, "Thời hạn"),
        ]);
        flow.rule(0.0, width, 0.5, 4.0);
        for task in &item_record.tasks {
            let unit = format!("{} ({})", task.task.unit.name, task.task.unit.code);
            let deadline = deadline_vi(task.task.deadline);
            flow.row(&[
                (columns[0], &CELL, &task.number.to_string()),
                (columns[1], &CELL, &task.task.what),
                (columns[2], &CELL, &unit),
                (columns[3], &CELL, &deadline),
            ]);
        }
        flow.rule(0.0, width, 0.5, 4.0);
        flow.space(4.0);
    }
}

fn notices_and_comments(flow: &mut Flow, record: &Record<'_>) {
    section(flow, "VI. THÔNG BÁO VÀ Ý KIẾN");
    if record.notices.is_empty() {
        flow.paragraph(&DETAIL, "Không có thông báo.");
    }
    for notice in &record.notices {
        flow.paragraph(
            &DETAIL,
            &format!(
                "Thông báo số {} ({}): {}",
                notice.number,
                clock_time(notice.at),
                notice.text
            ),
        );
    }
    flow.paragraph(
        &DETAIL,
        &format!(
            "Số ý kiến đại biểu gửi từ thiết bị tại chỗ ngồi: {}.",
            record.comments
        ),
    );
}

/// When the meeting ended, and who signs what.
fn closing(
    flow: &mut Flow,
    record: &Record<'_>,
    controller_key: &VerifyingKey,
    package_sha256: &Sha256,
) {
    flow.space(8.0);
    let end = match record.closed_at {
        Some(at) => format!("Hội nghị bế mạc lúc {}.", date_time(at)),
        None => "Hội nghị chưa bế mạc; biên bản ghi đến thời điểm lập.".to_owned(),
    };
    flow.paragraph(&BODY.indent(0.0, 22.0), &end);
    let note = Style::new(Face::Regular, 10.5)
        .leading(14.5)
        .align(Align::Justify)
        .space_after(3.0);
    let heading = Style::new(Face::Bold, 11.0).leading(16.0);
    flow.space(12.0);
    flow.keep(heading.leading + 6.0 * note.leading + 8.0);
    let width = flow.text_width();
    flow.rule(0.0, width, 0.6, 8.0);
    flow.paragraph(&heading, "XÁC THỰC");
    flow.paragraph(
        &note,
        &format!(
            "Biên bản do bộ điều khiển phòng họp {} lập tự động từ nhật ký phiên họp. \
             Ký số bởi bộ điều khiển phòng họp {}: chữ ký Ed25519 trên tài liệu kết quả \
             cuộc họp gửi hệ thống trung tâm, tài liệu mang kèm biên bản này.",
            record.package.room, record.package.room
        ),
    );
    flow.paragraph(
        &note,
        &format!(
            "Khóa công khai của bộ điều khiển (hex):\n{}",
            hex::encode(controller_key.as_bytes())
        ),
    );
    flow.paragraph(
        &note,
        &format!(
            "Gói dữ liệu cuộc họp {} (SHA-256):\n{package_sha256}",
            record.package.id
        ),
    );
}
