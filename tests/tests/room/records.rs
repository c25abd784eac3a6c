//! Conclusions and assigned tasks: recorded at the console, shown to seats,
//! uploaded with the results and the minutes.

use anyhow::{Context, Result};
use protocol::ids::{ItemId, Sha256};
use protocol::message::{ConsoleCommand, Date, Phase, TaskSpec, Unit};
use tests::{BrokerKind, TestRoom};

use super::{WAIT, eventually, explained, id, signed_in_seats};

on_both_brokers!(
    conclusions_and_tasks_reach_the_seats_and_the_central_system,
    conclusions_and_tasks
);

async fn conclusions_and_tasks(kind: BrokerKind) -> Result<()> {
    let mut room = TestRoom::new(kind, 2, super::bin()).await?;
    room.start_controller()?;
    let r = record_and_upload(&mut room).await;
    explained(&room, r)
}

async fn record_and_upload(room: &mut TestRoom) -> Result<()> {
    let mut console = room.console().await?;
    let mut seats = signed_in_seats(room).await?;
    console.command(ConsoleCommand::OpenSession).await?;
    let item: ItemId = id("i1");
    console
        .command(ConsoleCommand::AddConclusion {
            item: item.clone(),
            text: "Thống nhất thông qua báo cáo.".into(),
        })
        .await?;
    let task = TaskSpec {
        what: "Hoàn thiện báo cáo, gửi Ban Thường vụ.".into(),
        unit: Unit {
            name: "Văn phòng Đảng ủy".into(),
            code: "000.00.01.H01".into(),
        },
        deadline: Date::new(2026, 12, 31).expect("a date"),
    };
    console
        .command(ConsoleCommand::AssignTask {
            item: item.clone(),
            task: task.clone(),
        })
        .await?;
    let state = seats[1]
        .wait_state(WAIT, |s| {
            s.records.first().is_some_and(|r| !r.tasks.is_empty())
        })
        .await?;
    ensure_eq!(state.records[0].item, item);
    ensure_eq!(
        state.records[0].conclusions[0].text,
        "Thống nhất thông qua báo cáo."
    );
    ensure_eq!(state.records[0].tasks[0].task, task);

    console.command(ConsoleCommand::CloseMeeting).await?;
    seats[0]
        .wait_state(WAIT, |s| s.phase == Phase::Closed)
        .await?;
    let uploads = eventually(WAIT, || {
        let r = room.standin.results();
        (!r.is_empty()).then_some(r)
    })
    .await?;
    ensure_eq!(uploads[0].records, state.records);
    // The minutes came with the signed results, whole and matching their hash.
    let pdf = uploads[0].minutes()?.context("the results carry minutes")?;
    ensure_eq!(uploads[0].minutes_sha256, Some(Sha256::of(&pdf)));
    anyhow::ensure!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let kept = room
        .standin
        .minutes(&uploads[0].meeting)
        .context("the stand-in keeps the minutes")?;
    ensure_eq!(kept.to_vec(), pdf);
    room.stop_controller()?;
    Ok(())
}
