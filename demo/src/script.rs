//! The headless demo: the demo meeting from roll call to uploaded minutes,
//! with a real controller, simulated seats (kiosk cores), the secretary's
//! console session, and one real kiosk app on the software renderer.
//! Every step waits for what the room shows, and fails with the reason if
//! it does not come.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use base64::Engine as _;
use console::accounts::{Accounts, Policy};
use console::session::{ConsoleConfig, ConsoleHandle, ConsoleView};
use console::ui::Page;
use kiosk_core::seat::{self, CommentTarget, SeatConfig, SeatHandle, SeatView};
use protocol::ballot::{BallotKind, Choice, MotionChoice};
use protocol::client::{VoteAbility, VoteState};
use protocol::ids::{AccountId, BallotId, CandidateId, DelegateId, Timestamp};
use protocol::meeting::DelegateRole;
use protocol::message::{
    BallotRef, ConsoleCommand, Date, Manifest, Operator, OperatorRole, PageRef, Phase,
    StateSnapshot, TaskSpec, Unit,
};
use protocol::tally::{BallotResult, Outcome};
use tests::demo;

use crate::bins::Bins;
use crate::kiosk_app::KioskApp;
use crate::room::DemoRoom;
use crate::shots::ConsoleShots;

/// The longest wait for any one step.
const STEP: Duration = Duration::from_mins(1);
/// The password the demo's secretary chooses at first login.
const SECRETARY_PASSWORD: &str = "Hội nghị lần thứ 12";

/// What the headless demo runs with.
#[derive(Debug, Clone)]
pub struct Options {
    /// Seats in the room, 3 to 25 (the demo meeting has 25 delegates).
    pub seats: u32,
    /// The room's files (controller data, seat caches, logs).
    pub dir: PathBuf,
    /// Where the screenshots go (`console/` and `seat-2/` inside).
    pub screenshots: PathBuf,
    pub bins: Bins,
}

/// What the demo saw happen, for a caller that checks it.
#[derive(Debug, Clone)]
pub struct Summary {
    pub present: u32,
    pub members: u32,
    pub results: Vec<BallotResult>,
    /// The minutes PDF the central stand-in received, if the upload carried one.
    pub minutes: Option<Vec<u8>>,
    pub console_shots: Vec<PathBuf>,
    pub seat_shots: Vec<PathBuf>,
}

/// Prints each step with the time since the start.
struct Narrator {
    start: Instant,
}

impl Narrator {
    fn say(&self, what: impl std::fmt::Display) {
        println!("[{:6.1} s] {what}", self.start.elapsed().as_secs_f64());
    }
}

/// A simulated seat: a kiosk core with nobody at the screen.
struct Seat {
    n: u32,
    delegate: DelegateId,
    handle: SeatHandle,
}

/// Runs the scripted meeting. Needs a multi-threaded tokio runtime.
pub async fn run(opts: &Options) -> Result<Summary> {
    ensure!(
        (3..=demo::DELEGATES).contains(&opts.seats),
        "the demo room has 3 to {} seats, not {}",
        demo::DELEGATES,
        opts.seats
    );
    let say = Narrator {
        start: Instant::now(),
    };
    let mut room = DemoRoom::new(&opts.dir, opts.bins.controller.clone()).await?;
    say.say(format!(
        "central stand-in at http://{} serves meeting {} (the demo bundle, signed with the DEMO central key)",
        room.central_addr, room.meeting
    ));
    let synced = room.controller_cmd(&["sync"])?;
    say.say(format!("controller sync: {}", synced.trim()));
    room.start_controller()?;
    say.say(format!(
        "controller running: broker mqtt://{}:{}, papers {}",
        room.broker.host,
        room.broker.port,
        room.papers_url()
    ));

    // The secretary signs in at the console for the first time.
    let accounts = Accounts::in_memory(Policy::default())?;
    let account: AccountId = "thuky".parse()?;
    let otp = accounts.add(&account, "Nguyễn Thị Hoa", OperatorRole::Secretary, now())?;
    let first = accounts.login(account.as_str(), otp.as_str(), now())?;
    ensure!(
        first.must_change_password,
        "a one-time password must be changed at first login"
    );
    accounts.change_password(
        &account,
        otp.as_str(),
        SECRETARY_PASSWORD,
        SECRETARY_PASSWORD,
        now(),
    )?;
    let secretary = accounts.login(account.as_str(), SECRETARY_PASSWORD, now())?;
    say.say("secretary thuky signed in at the console (first login: one-time password changed)");
    let console = console::session::start(ConsoleConfig {
        room: room.room.clone(),
        device: demo::CONSOLE_DEVICE.parse()?,
        key: demo::console_key(),
        controller_key: demo::controller_key().verifying_key(),
        broker: room.broker.clone(),
        broker_ca: None,
        reply_within: Duration::from_secs(10),
    })?;
    let secretary_op = Operator {
        account: secretary.account.clone(),
        role: secretary.role,
    };
    let view = console
        .wait_until(STEP, |v| v.manifest.is_some() && v.state.is_some())
        .await
        .map_err(anyhow::Error::msg)
        .context("the console never saw the meeting")?;
    let manifest = view.manifest.clone().context("the manifest")?;
    say.say(format!(
        "console online: \"{}\", {} agenda items, {} papers, {} delegates",
        manifest.meeting.title,
        manifest.meeting.agenda.len(),
        manifest.meeting.documents.len(),
        manifest.meeting.delegates.len()
    ));
    let shots = ConsoleShots::start(
        &opts.screenshots.join("console"),
        secretary.clone(),
        "Phòng họp 1 — Tỉnh ủy Phú Lâm".into(),
    )?;
    let mut console_shots = Vec::new();

    // One real kiosk app (seat 2) on the software renderer, the rest simulated.
    let app_seat = 2;
    let mut kiosk_app = match &opts.bins.kiosk {
        Some(bin) => Some(KioskApp::start(bin, &room, opts, app_seat)?),
        None => None,
    };
    if kiosk_app.is_some() {
        say.say(format!(
            "seat {app_seat}: the kiosk app, headless, writing its screens to {}",
            opts.screenshots.join(format!("seat-{app_seat}")).display()
        ));
    }
    let mut seats = Vec::new();
    for n in (1..=opts.seats).filter(|&n| kiosk_app.is_none() || n != app_seat) {
        let data = opts.dir.join(format!("seat-{n}"));
        let handle = {
            let config = seat_config(&room, n, data);
            seat::start(config).with_context(|| format!("seat {n} does not start"))?
        };
        seats.push(Seat {
            n,
            delegate: demo::delegate_id(n),
            handle,
        });
    }
    let total_papers = manifest.meeting.documents.len();
    for s in &seats {
        s.handle
            .wait_until(Duration::from_mins(2), |v| {
                v.is_online() && v.papers.total == total_papers && v.papers.ready == total_papers
            })
            .await
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("seat {} did not cache the meeting's papers", s.n))?;
    }
    let bytes: u64 = manifest.meeting.documents.iter().map(|d| d.size).sum();
    say.say(format!(
        "{} simulated seats online, each with all {total_papers} papers cached ({:.1} MB, hashes checked)",
        seats.len(),
        mb(bytes)
    ));
    let view = console
        .wait_until(STEP, |v| {
            v.seat_map
                .as_ref()
                .is_some_and(|m| m.seats.iter().filter(|r| r.online).count() >= seats.len())
        })
        .await
        .map_err(anyhow::Error::msg)
        .context("the console's seat map never showed the seats online")?;
    console_shots.push(shots.take(view, Page::Seats, "01-seats-before-roll-call")?);

    // Roll call: everyone taps their card but two members who sent apologies.
    let absent: BTreeSet<u32> = (1..=opts.seats)
        .rev()
        .filter(|&n| n != app_seat && role(&manifest, n) == Some(DelegateRole::Member))
        .take(2)
        .collect();
    for s in seats.iter().filter(|s| !absent.contains(&s.n)) {
        s.handle
            .sign_in_card(&demo::card_uid(s.n))
            .await
            .with_context(|| format!("seat {} cannot sign in", s.n))?;
    }
    if let Some(app) = &mut kiosk_app {
        app.wait_signed_in(&console).await?;
    }
    let signed_in = u32::try_from(seats.len() - absent.len())? + u32::from(kiosk_app.is_some());
    let view = console
        .wait_until(STEP, |v| {
            v.state
                .as_ref()
                .is_some_and(|s| s.attendance.signed_in == signed_in)
        })
        .await
        .map_err(anyhow::Error::msg)
        .context("the console never counted everyone signed in")?;
    let attendance = state(&view)?.attendance;
    let quorum = attendance.members * 2 / 3 + u32::from(attendance.members * 2 % 3 != 0);
    say.say(format!(
        "roll call: {} of {} members present ({} signed in, observers included); absent: {}; quorum of two-thirds ({quorum}) {}",
        attendance.present,
        attendance.members,
        attendance.signed_in,
        names(&manifest, &absent),
        if attendance.present >= quorum { "met" } else { "NOT met" }
    ));
    console_shots.push(shots.take(view.clone(), Page::Attendance, "02-attendance")?);

    let command = |cmd: ConsoleCommand| {
        let console = console.clone();
        let op = secretary_op.clone();
        async move {
            let what = format!("{cmd:?}");
            console
                .command(op, cmd)
                .await
                .with_context(|| format!("the console's command {what} failed"))
        }
    };

    // Opening, first item, a page shown to everyone, a notice.
    command(ConsoleCommand::OpenSession).await?;
    let items: Vec<_> = manifest
        .meeting
        .agenda
        .iter()
        .map(|i| i.id.clone())
        .collect();
    command(ConsoleCommand::SetItem {
        item: items[0].clone(),
    })
    .await?;
    let report = manifest
        .meeting
        .documents
        .iter()
        .find(|d| d.item.as_ref() == Some(&items[0]))
        .context("the first item has a paper")?;
    let page = PageRef {
        document: report.id.clone(),
        page: 3,
    };
    command(ConsoleCommand::ShowPage {
        document: page.document.clone(),
        page: page.page,
    })
    .await?;
    for s in &seats {
        wait_seat(s, "follow the presenter", |v| {
            v.state.as_ref().and_then(|st| st.presenter.as_ref()) == Some(&page)
        })
        .await?;
    }
    say.say(format!(
        "session opened; item 1; \"{}\" page 3 shown to everyone: every seat turned to it",
        report.title
    ));

    // Speakers: two ask for the floor, the secretary grants it in turn.
    // Each request travels on its seat's own connection: the second is made
    // once the first is queued, so the queue's order is the script's.
    let (first_speaker, second_speaker) = (&seats[2], &seats[5]);
    for (speaker, queued) in [(first_speaker, 1), (second_speaker, 2)] {
        speaker.handle.request_floor().await?;
        console
            .wait_until(STEP, |v| {
                v.state
                    .as_ref()
                    .is_some_and(|s| s.speakers.queue.len() == queued)
            })
            .await
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("the console never saw {queued} speakers queued"))?;
    }
    command(ConsoleCommand::NextSpeaker).await?;
    wait_seat(first_speaker, "get the floor", |v| {
        v.floor == seat::Floor::Speaking
    })
    .await?;
    let view = console.view();
    console_shots.push(shots.take(view, Page::Speakers, "03-speakers")?);
    command(ConsoleCommand::NextSpeaker).await?;
    wait_seat(second_speaker, "get the floor", |v| {
        v.floor == seat::Floor::Speaking
    })
    .await?;
    command(ConsoleCommand::EndFloor).await?;
    say.say(format!(
        "speakers: {} then {} had the floor",
        name(&manifest, first_speaker.n),
        name(&manifest, second_speaker.n)
    ));

    // A comment on the draft resolution, then the motion on it.
    command(ConsoleCommand::SetItem {
        item: items[1].clone(),
    })
    .await?;
    let draft = manifest
        .meeting
        .documents
        .iter()
        .find(|d| d.item.as_ref() == Some(&items[1]))
        .context("the second item has a paper")?;
    let commenter = &seats[6];
    commenter
        .handle
        .comment(
            CommentTarget {
                item: Some(items[1].clone()),
                document: Some(draft.id.clone()),
                page: Some(2),
            },
            "Đề nghị bổ sung chỉ tiêu về chuyển đổi số vào mục 2.",
        )
        .await?;
    wait_seat(commenter, "have its comment recorded", |v| v.outbox == 0).await?;
    say.say(format!(
        "{} commented on \"{}\" page 2",
        name(&manifest, commenter.n),
        draft.title
    ));

    let signed_in_seats: Vec<&Seat> = seats.iter().filter(|s| !absent.contains(&s.n)).collect();
    let mut results = Vec::new();
    for (ballot, item) in [
        (demo::MOTION, 1usize),
        (demo::ELECTION, 2),
        (demo::PROGRAMME_MOTION, 3),
    ] {
        let ballot: BallotId = ballot.parse()?;
        if items.len() > item {
            command(ConsoleCommand::SetItem {
                item: items[item].clone(),
            })
            .await?;
        }
        let result = hold_ballot(
            &say,
            &console,
            &command,
            &shots,
            &mut console_shots,
            &manifest,
            &signed_in_seats,
            kiosk_app.as_ref(),
            &ballot,
        )
        .await?;
        results.push(result);
    }

    // What the meeting concluded and the tasks it assigned, per item.
    let decided = &results[0];
    let conclusion = format!(
        "Hội nghị thông qua Nghị quyết về phương hướng, nhiệm vụ năm 2027 với {} trên {} đồng chí Ủy viên Ban Chấp hành tán thành.",
        decided.options.first().map_or(0, |o| o.votes),
        decided.members
    );
    command(ConsoleCommand::AddConclusion {
        item: items[1].clone(),
        text: conclusion,
    })
    .await?;
    let task_unit = manifest
        .meeting
        .delegates
        .iter()
        .find(|d| d.unit_name.contains("Văn phòng"))
        .or_else(|| manifest.meeting.delegates.first())
        .context("the meeting has delegates")?;
    command(ConsoleCommand::AssignTask {
        item: items[1].clone(),
        task: TaskSpec {
            what: "Hoàn chỉnh và ban hành Nghị quyết; gửi các đảng bộ trực thuộc để quán triệt."
                .to_owned(),
            unit: Unit {
                name: task_unit.unit_name.clone(),
                code: task_unit.unit_code.clone(),
            },
            deadline: Date::new(2026, 12, 20).context("a real date")?,
        },
    })
    .await?;
    let view = console
        .wait_until(STEP, |v| {
            v.state.as_ref().is_some_and(|s| {
                s.records
                    .iter()
                    .any(|r| !r.conclusions.is_empty() && !r.tasks.is_empty())
            })
        })
        .await
        .map_err(anyhow::Error::msg)
        .context("the console never saw the conclusion and the task")?;
    let n = console_shots.len() + 1;
    console_shots.push(shots.take(
        view,
        Page::Agenda,
        &format!("{n:02}-agenda-with-conclusions"),
    )?);
    say.say(format!(
        "conclusion and task recorded for item 2 (task to {}, due 20/12/2026)",
        task_unit.unit_name
    ));

    let notice = "Hội nghị nghỉ giải lao 15 phút; 10 giờ 15 phút bế mạc hội nghị.";
    command(ConsoleCommand::Notice {
        text: notice.to_owned(),
    })
    .await?;
    for s in &seats {
        wait_seat(s, "receive the notice", |v| {
            v.notices.iter().any(|n| n.text == notice)
        })
        .await?;
    }
    say.say("notice sent and shown on every seat");

    // Closing: the controller writes the results (and minutes) and uploads them.
    command(ConsoleCommand::CloseMeeting).await?;
    let view = console
        .wait_until(STEP, |v| {
            v.state.as_ref().is_some_and(|s| s.phase == Phase::Closed)
        })
        .await
        .map_err(anyhow::Error::msg)
        .context("the meeting never closed")?;
    let n = console_shots.len() + 1;
    console_shots.push(shots.take(view, Page::Meeting, &format!("{n:02}-meeting-closed"))?);
    say.say("meeting closed (bế mạc)");
    let uploaded = wait_for_upload(&room).await?;
    ensure!(
        uploaded.ballots == results,
        "the uploaded results differ from what the room announced"
    );
    let present = uploaded.attendance.iter().filter(|a| a.present).count();
    let minutes = match &uploaded.minutes_pdf {
        Some(b64) => Some(
            base64::engine::general_purpose::STANDARD
                .decode(b64)
                .context("the uploaded minutes are not base64")?,
        ),
        None => None,
    };
    say.say(format!(
        "central stand-in received the results, signature verified: {} ballots, {present} attended, {} comments, {} conclusions and tasks{}",
        uploaded.ballots.len(),
        uploaded.comments.len(),
        uploaded
            .records
            .iter()
            .map(|r| r.conclusions.len() + r.tasks.len())
            .sum::<usize>(),
        match &minutes {
            Some(pdf) => format!(", minutes PDF of {} KB", pdf.len() / 1024),
            None => ", no minutes".to_owned(),
        }
    ));

    if let Some(pdf) = &minutes {
        let path = opts.screenshots.join("bien-ban.pdf");
        std::fs::write(&path, pdf).with_context(|| format!("cannot write {}", path.display()))?;
        say.say(format!(
            "the minutes (biên bản) as uploaded: {}",
            path.display()
        ));
    }
    console.shutdown().await;
    for s in &seats {
        s.handle.shutdown().await;
    }
    let seat_shots = match kiosk_app.take() {
        Some(app) => app.stop()?,
        None => Vec::new(),
    };
    drop(shots);
    say.say(format!(
        "screenshots: {} of the console, {} of seat {app_seat}'s kiosk",
        console_shots.len(),
        seat_shots.len()
    ));
    Ok(Summary {
        present: attendance.present,
        members: attendance.members,
        results,
        minutes,
        console_shots,
        seat_shots,
    })
}

/// Opens `ballot`, has every signed-in member vote (by a fixed pattern),
/// closes it, and checks the published result against the votes cast. The
/// kiosk app's delegate votes on motions with the desk keys (a press to
/// choose, a second to confirm), once the vote-open LED is lit; elections
/// are marked on a screen, which this script does not touch.
#[allow(clippy::too_many_arguments)]
async fn hold_ballot<F, Fut>(
    say: &Narrator,
    console: &ConsoleHandle,
    command: &F,
    shots: &ConsoleShots,
    console_shots: &mut Vec<PathBuf>,
    manifest: &Manifest,
    seats: &[&Seat],
    app: Option<&KioskApp>,
    ballot: &BallotId,
) -> Result<BallotResult>
where
    F: Fn(ConsoleCommand) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let spec = manifest
        .meeting
        .ballots
        .iter()
        .find(|b| &b.id == ballot)
        .with_context(|| format!("the demo meeting prepares ballot {ballot}"))?
        .clone();
    command(ConsoleCommand::OpenBallot {
        ballot: BallotRef::Prepared(ballot.clone()),
    })
    .await?;
    let voters: Vec<&Seat> = seats
        .iter()
        .copied()
        .filter(|s| role(manifest, s.n) != Some(DelegateRole::Observer))
        .collect();
    let mut expected: BTreeMap<String, u32> = BTreeMap::new();
    for s in &voters {
        wait_seat(
            s,
            "see the ballot open",
            |v| matches!(&v.ability, VoteAbility::May { ballot: b, .. } if b.id == *ballot),
        )
        .await?;
        let choice = pattern_choice(&spec.kind, s.n);
        match &choice {
            Choice::Motion(m) => *expected.entry(motion_key(*m).to_owned()).or_default() += 1,
            Choice::Election(kept) => {
                for c in kept {
                    *expected.entry(c.to_string()).or_default() += 1;
                }
            }
        }
        s.handle.cast(choice).await?;
    }
    let keyed = match app {
        Some(app)
            if matches!(spec.kind, BallotKind::Motion)
                && role(manifest, app.n) == Some(DelegateRole::Member) =>
        {
            let Choice::Motion(answer) = pattern_choice(&spec.kind, app.n) else {
                bail!("a motion's pattern choice is a motion answer");
            };
            app.wait_led("vote_open", "see the ballot open").await?;
            let key = desk_key(answer);
            app.desk(&format!("key {key}")).await?;
            app.desk(&format!("key {key}")).await?;
            *expected.entry(motion_key(answer).to_owned()).or_default() += 1;
            say.say(format!(
                "seat {}: the kiosk app's delegate pressed \"{key}\" on the desk twice (choose, confirm)",
                app.n
            ));
            Some(app)
        }
        _ => None,
    };
    for s in &voters {
        wait_seat(s, "have its vote recorded", |v| {
            matches!(v.vote(ballot), Some(VoteState::Recorded { .. }))
        })
        .await?;
    }
    if let Some(app) = keyed {
        app.wait_led("voted", "have its keyed vote recorded")
            .await?;
    }
    let voted = u32::try_from(voters.len())? + u32::from(keyed.is_some());
    let view = console
        .wait_until(STEP, |v| {
            v.state
                .as_ref()
                .and_then(|s| s.ballot.as_ref())
                .is_some_and(|b| b.voted == voted)
        })
        .await
        .map_err(anyhow::Error::msg)
        .context("the console's live count never reached every vote")?;
    let n = console_shots.len() + 1;
    console_shots.push(shots.take(view, Page::Ballots, &format!("{n:02}-ballot-{ballot}-open"))?);
    command(ConsoleCommand::CloseBallot {
        ballot: ballot.clone(),
    })
    .await?;
    let view = console
        .wait_until(STEP, |v| {
            v.state
                .as_ref()
                .is_some_and(|s| s.results.iter().any(|r| &r.ballot == ballot))
        })
        .await
        .map_err(anyhow::Error::msg)
        .context("the ballot's result never came")?;
    let n = console_shots.len() + 1;
    console_shots.push(shots.take(
        view.clone(),
        Page::Ballots,
        &format!("{n:02}-ballot-{ballot}-result"),
    )?);
    let result = state(&view)?
        .results
        .iter()
        .find(|r| &r.ballot == ballot)
        .context("the result")?
        .clone();
    ensure!(
        result.cast == voted,
        "{ballot}: {} ballots counted, {voted} cast",
        result.cast
    );
    for option in &result.options {
        let want = expected.get(&option.key).copied().unwrap_or(0);
        ensure!(
            option.votes == want,
            "{ballot}: {} has {} votes, {want} were cast for it",
            option.label,
            option.votes
        );
    }
    say.say(format!(
        "ballot \"{}\"{}: {voted} voted; {}; {}",
        spec.title,
        if spec.secret { " (secret)" } else { "" },
        result
            .options
            .iter()
            .map(|o| format!("{} {}", o.label, o.votes))
            .collect::<Vec<_>>()
            .join(", "),
        outcome_text(manifest, &result)
    ));
    Ok(result)
}

/// The desk key that stands for a motion answer, as the seat unit's socket names it.
fn desk_key(answer: MotionChoice) -> &'static str {
    match answer {
        MotionChoice::For => "yes",
        MotionChoice::Against => "no",
        MotionChoice::Abstain => "abstain",
    }
}

/// The choice seat `n` makes: mostly for, some against or abstaining; in
/// an election, pairs of names that elect the first two candidates.
fn pattern_choice(kind: &BallotKind, n: u32) -> Choice {
    match kind {
        BallotKind::Motion => Choice::Motion(match n % 10 {
            3 => MotionChoice::Against,
            7 => MotionChoice::Abstain,
            _ => MotionChoice::For,
        }),
        BallotKind::Election {
            candidates,
            max_choices,
        } => {
            let ids: Vec<CandidateId> = candidates.iter().map(|c| c.id.clone()).collect();
            let picks: &[usize] = match n % 6 {
                0 => &[0, 2],
                1 => &[1, 3],
                2 => &[0],
                _ => &[0, 1],
            };
            Choice::Election(
                picks
                    .iter()
                    .filter_map(|&i| ids.get(i).cloned())
                    .take(usize::try_from(*max_choices).unwrap_or(usize::MAX))
                    .collect(),
            )
        }
    }
}

fn motion_key(m: MotionChoice) -> &'static str {
    match m {
        MotionChoice::For => "for",
        MotionChoice::Against => "against",
        MotionChoice::Abstain => "abstain",
    }
}

fn outcome_text(manifest: &Manifest, result: &BallotResult) -> String {
    match &result.outcome {
        Outcome::Motion { passed } => format!(
            "{} ({} of {} needed)",
            if *passed { "PASSED" } else { "NOT PASSED" },
            result.threshold,
            result.base
        ),
        Outcome::Election { elected, tied } => {
            let label = |id: &CandidateId| {
                manifest
                    .meeting
                    .ballots
                    .iter()
                    .find_map(|b| match &b.kind {
                        BallotKind::Election { candidates, .. } => candidates
                            .iter()
                            .find(|c| &c.id == id)
                            .map(|c| c.full_name.clone()),
                        BallotKind::Motion => None,
                    })
                    .unwrap_or_else(|| id.to_string())
            };
            let mut text = format!(
                "elected: {} ({} of {} needed)",
                elected.iter().map(label).collect::<Vec<_>>().join(", "),
                result.threshold,
                result.base
            );
            if !tied.is_empty() {
                text.push_str("; tied: ");
                text.push_str(&tied.iter().map(label).collect::<Vec<_>>().join(", "));
            }
            text
        }
    }
}

async fn wait_seat(
    s: &Seat,
    what: &str,
    cond: impl FnMut(&SeatView) -> bool,
) -> Result<Arc<SeatView>> {
    s.handle
        .wait_until(STEP, cond)
        .await
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("seat {} ({}) did not {what}", s.n, s.delegate))
}

/// Waits for the results at the central stand-in (the controller's upload
/// loop pushes them after the close).
async fn wait_for_upload(room: &DemoRoom) -> Result<protocol::central::ResultsUpload> {
    let deadline = Instant::now() + STEP;
    loop {
        if let Some(r) = room
            .standin
            .results()
            .into_iter()
            .find(|r| r.meeting == room.meeting)
        {
            return Ok(r);
        }
        if Instant::now() > deadline {
            bail!(
                "the central stand-in has no results {STEP:?} after the close; controller log:\n{}",
                room.log()
            );
        }
        // The stand-in has no way to announce an upload: look again shortly.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn state(view: &ConsoleView) -> Result<&StateSnapshot> {
    view.state.as_ref().context("the console has no state")
}

fn role(manifest: &Manifest, n: u32) -> Option<DelegateRole> {
    let id = demo::delegate_id(n);
    manifest
        .meeting
        .delegates
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.role)
}

fn name(manifest: &Manifest, n: u32) -> String {
    let id = demo::delegate_id(n);
    manifest
        .meeting
        .delegates
        .iter()
        .find(|d| d.id == id)
        .map_or_else(|| id.to_string(), |d| d.full_name.clone())
}

fn names(manifest: &Manifest, seats: &BTreeSet<u32>) -> String {
    seats
        .iter()
        .map(|&n| name(manifest, n))
        .collect::<Vec<_>>()
        .join(", ")
}

fn mb(bytes: u64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let b = bytes as f64;
    b / 1e6
}

fn now() -> Timestamp {
    link::clock()
}

/// The configuration of simulated seat `n`.
pub fn seat_config(room: &DemoRoom, n: u32, data_dir: PathBuf) -> SeatConfig {
    SeatConfig {
        room: room.room.clone(),
        seat: demo::seat_id(n),
        device: demo::seat_device(n)
            .parse()
            .expect("demo device ids are valid"),
        key: demo::seat_key(n),
        controller_key: demo::controller_key().verifying_key(),
        broker: room.broker.clone(),
        broker_ca: None,
        papers_url: Some(room.papers_url()),
        data_dir,
        version: "demo".to_owned(),
    }
}
