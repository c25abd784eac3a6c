//! Conclusions (kết luận) and assigned tasks (giao nhiệm vụ) per agenda item.

use super::*;
use crate::envelope::MAX_ENVELOPE_BYTES;
use crate::message::record::{MAX_CONCLUSION_CHARS, MAX_TASK_CHARS, MAX_UNIT_CODE_CHARS};
use crate::message::{Date, ItemRecord, TaskSpec, Unit};

fn task(what: &str) -> TaskSpec {
    TaskSpec {
        what: what.into(),
        unit: Unit {
            name: "Văn phòng Đảng ủy".into(),
            code: "000.00.01.H01".into(),
        },
        deadline: Date::new(2026, 12, 31).expect("a date"),
    }
}

fn conclude(h: &mut Harness, item: &str, text: &str) -> Step {
    h.command(ConsoleCommand::AddConclusion {
        item: id(item),
        text: text.into(),
    })
}

fn assign(h: &mut Harness, item: &str, what: &str) -> Step {
    h.command(ConsoleCommand::AssignTask {
        item: id(item),
        task: task(what),
    })
}

fn records_in(step: &Step) -> Vec<ItemRecord> {
    states(step)
        .last()
        .expect("a state at once")
        .records
        .clone()
}

#[test]
fn conclusions_and_tasks_are_numbered_and_shown_in_agenda_order_in_the_state() {
    let mut h = Harness::in_session(5);
    let _ = conclude(&mut h, "i2", "Thống nhất giới thiệu nhân sự");
    let _ = conclude(&mut h, "i1", "Thông qua báo cáo");
    let _ = assign(&mut h, "i1", "Hoàn thiện báo cáo");
    let step = assign(&mut h, "i2", "Chuẩn bị hồ sơ nhân sự");

    let records = records_in(&step);
    let items: Vec<&str> = records.iter().map(|r| r.item.as_str()).collect();
    assert_eq!(items, ["i1", "i2"]);
    assert_eq!(records[0].conclusions[0].number, 2);
    assert_eq!(records[0].conclusions[0].text, "Thông qua báo cáo");
    assert_eq!(records[1].conclusions[0].number, 1);
    assert_eq!(records[0].tasks[0].number, 1);
    assert_eq!(records[1].tasks[0].number, 2);
    assert_eq!(records[1].tasks[0].task, task("Chuẩn bị hồ sơ nhân sự"));
    assert_eq!(records[1].tasks[0].at, h.now);
}

#[test]
fn a_removed_entry_leaves_the_state_and_its_number_is_not_reused() {
    let mut h = Harness::in_session(5);
    let _ = conclude(&mut h, "i1", "Một");
    let _ = assign(&mut h, "i1", "Hai");
    let _ = h.command(ConsoleCommand::RemoveConclusion {
        item: id("i1"),
        conclusion: 1,
    });
    let step = h.command(ConsoleCommand::RemoveTask {
        item: id("i1"),
        task: 1,
    });
    assert!(
        records_in(&step).is_empty(),
        "an item with nothing is left out"
    );
    assert_eq!(h.room.session().record_bytes, 0);

    let step = conclude(&mut h, "i1", "Ba");
    assert_eq!(records_in(&step)[0].conclusions[0].number, 2);
    // Removing twice, or from another item, names no entry.
    for (item, n) in [("i1", 1), ("i2", 2)] {
        let refused = h.command_as(
            OperatorRole::Secretary,
            ConsoleCommand::RemoveConclusion {
                item: id(item),
                conclusion: n,
            },
        );
        assert_eq!(refused.err().map(|e| e.0), Some(Rejection::UnknownEntry));
    }
}

#[test]
fn conclusions_and_tasks_come_back_after_a_restart() {
    let mut h = Harness::new();
    let mut facts = Vec::new();
    for n in 1..=5 {
        facts.extend(h.sign_in(n).facts);
    }
    facts.extend(h.command(ConsoleCommand::OpenSession).facts);
    facts.extend(conclude(&mut h, "i1", "Thông qua").facts);
    facts.extend(assign(&mut h, "i1", "Triển khai").facts);
    facts.extend(conclude(&mut h, "i1", "Bỏ").facts);
    facts.extend(
        h.command(ConsoleCommand::RemoveConclusion {
            item: id("i1"),
            conclusion: 2,
        })
        .facts,
    );

    let restored = Room::restore(setup(), &facts, h.room.revision()).expect("restores");
    assert_eq!(restored.snapshot(), h.room.snapshot());
    assert_eq!(
        restored.session().record_bytes,
        h.room.session().record_bytes
    );
    let mut r = Harness::with_room(restored);
    r.console = std::mem::replace(
        &mut h.console,
        Signer::new(id("console-1"), SigningKey::from_bytes(&[100; 32]), 1),
    );
    let step = conclude(&mut r, "i1", "Sau khởi động lại");
    assert_eq!(records_in(&step)[0].conclusions[1].number, 3);
}

#[test]
fn the_secretary_and_the_chair_record_conclusions_and_it_may_not() {
    let add = ConsoleCommand::AddConclusion {
        item: id("i1"),
        text: "Thông qua".into(),
    };
    let assign = ConsoleCommand::AssignTask {
        item: id("i1"),
        task: task("Triển khai"),
    };
    for cmd in [&add, &assign] {
        assert!(OperatorRole::Secretary.permits(cmd));
        assert!(OperatorRole::Chair.permits(cmd));
        assert!(!OperatorRole::It.permits(cmd));
    }
    let mut h = Harness::in_session(5);
    assert!(h.command_as(OperatorRole::Chair, add.clone()).is_ok());
    let refused = h.command_as(OperatorRole::It, add);
    assert_eq!(refused.err().map(|e| e.0), Some(Rejection::NotPermitted));
}

#[test]
fn blank_or_too_long_texts_and_unknown_items_are_refused() {
    let long = |n: usize| "ơ".repeat(n + 1);
    let with_unit = |name: &str, code: &str| TaskSpec {
        unit: Unit {
            name: name.into(),
            code: code.into(),
        },
        ..task("Triển khai")
    };
    let cases: Vec<(ConsoleCommand, Rejection)> = vec![
        (
            ConsoleCommand::AddConclusion {
                item: id("i1"),
                text: " \n ".into(),
            },
            Rejection::BadText,
        ),
        (
            ConsoleCommand::AddConclusion {
                item: id("i1"),
                text: long(MAX_CONCLUSION_CHARS),
            },
            Rejection::BadText,
        ),
        (
            ConsoleCommand::AddConclusion {
                item: id("i9"),
                text: "Thông qua".into(),
            },
            Rejection::UnknownItem,
        ),
        (
            ConsoleCommand::AssignTask {
                item: id("i1"),
                task: task(&long(MAX_TASK_CHARS)),
            },
            Rejection::BadText,
        ),
        (
            ConsoleCommand::AssignTask {
                item: id("i1"),
                task: with_unit("", "000.00.01.H01"),
            },
            Rejection::BadText,
        ),
        (
            ConsoleCommand::AssignTask {
                item: id("i1"),
                task: with_unit("Văn phòng", &long(MAX_UNIT_CODE_CHARS)),
            },
            Rejection::BadText,
        ),
        (
            ConsoleCommand::AssignTask {
                item: id("i9"),
                task: task("Triển khai"),
            },
            Rejection::UnknownItem,
        ),
    ];
    let mut h = Harness::in_session(5);
    for (cmd, want) in cases {
        let shown = format!("{cmd:?}");
        let got = h
            .command_as(OperatorRole::Secretary, cmd)
            .err()
            .map(|e| e.0);
        assert_eq!(got, Some(want), "{shown}");
    }
}

#[test]
fn conclusions_wait_for_the_opening_and_stop_at_the_close() {
    let mut h = Harness::new();
    let add = ConsoleCommand::AddConclusion {
        item: id("i1"),
        text: "Thông qua".into(),
    };
    let refused = h.command_as(OperatorRole::Secretary, add.clone());
    assert_eq!(refused.err().map(|e| e.0), Some(Rejection::NotInSession));
    let mut h = Harness::in_session(5);
    let _ = h.command(ConsoleCommand::CloseMeeting);
    let refused = h.command_as(OperatorRole::Secretary, add);
    assert_eq!(refused.err().map(|e| e.0), Some(Rejection::MeetingClosed));
}

#[test]
fn a_state_full_of_conclusions_and_tasks_still_fits_in_an_envelope() {
    let mut h = Harness::in_session(5);
    // The worst case per byte: quotes and control characters that JSON escapes.
    let text = "\"\u{1}".repeat(MAX_TASK_CHARS / 2);
    let mut last = None;
    for n in 0.. {
        let cmd = if n % 2 == 0 {
            ConsoleCommand::AssignTask {
                item: id("i1"),
                task: task(&text),
            }
        } else {
            ConsoleCommand::AddConclusion {
                item: id("i2"),
                text: text.clone(),
            }
        };
        match h.command_as(OperatorRole::Secretary, cmd) {
            Ok(step) => last = Some(step),
            Err((r, _)) => {
                assert_eq!(r, Rejection::RecordFull);
                assert!(n > 20, "only {n} entries fit");
                break;
            }
        }
    }
    let step = last.expect("some fit");
    let state = step
        .publish
        .iter()
        .find(|p| matches!(p.message, Outgoing::State(_)))
        .expect("a state");
    assert!(
        state.payload.len() < MAX_ENVELOPE_BYTES / 2,
        "{} bytes",
        state.payload.len()
    );
}
