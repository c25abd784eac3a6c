//! Vote burst benchmark of a whole room (design §6: "2,000 seats vote within
//! 1 s: every vote durable and acked, tally on every seat, p99 ≤ 200 ms after
//! the last vote").
//!
//! Starts the controller (its own process) on the embedded broker or a real
//! Mosquitto, connects N simulated seats and signs them all in, opens the
//! motion m1, then lets every seat cast at once and measures: cast → "vote
//! recorded" per seat, last vote sent → a state with `voted == N` on every
//! seat, close → the result on every seat. Prints a table on stdout (a header
//! line, one row, then a legend; `cargo xtask bench` combines rows) and
//! progress on stderr. Exits non-zero if a vote was not recorded.
//!
//! Run it through `cargo xtask bench vote --seats N`: numbers from a debug
//! build are not the benchmark.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::future::Future;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use clap::{Parser, ValueEnum};
use controller::mqtt::ClientSettings;
use protocol::ballot::{Choice, MotionChoice};
use protocol::ids::{BallotId, VoteId};
use protocol::message::{
    BallotRef, ConsoleCommand, Credential, SeatReply, SeatRequest, StateSnapshot,
};
use rumqttc::{Event, Packet, QoS};
use tests::{BrokerKind, Heard, SimSeat, TestRoom, fixture};
use tokio::sync::{Barrier, Semaphore};
use tokio::task::JoinSet;

/// The prepared open motion of the fixture meeting.
const BALLOT: &str = "m1";

#[derive(Debug, Parser)]
#[command(name = "vote-bench", about = "vote burst benchmark of a whole room")]
struct Args {
    /// How many seats (delegates) vote.
    #[arg(long, default_value_t = 100)]
    seats: u32,
    /// Which broker the room uses.
    #[arg(long, value_enum, default_value_t = Broker::Embedded)]
    broker: Broker,
    /// How many seats connect at the same time.
    #[arg(long, default_value_t = 100)]
    connect_parallel: usize,
    /// Deadline of each phase (connect, sign in, ballot open, burst, close), in seconds.
    #[arg(long, default_value_t = 120)]
    timeout_secs: u64,
    /// Resend an unanswered vote (same vote id) after this many milliseconds,
    /// as a kiosk does; 0: never, so a lost "vote recorded" reply shows as a failure.
    #[arg(long, default_value_t = 0)]
    retry_ms: u64,
    /// Diagnostics: also count, on a client of its own, the replies the broker
    /// delivers on `seat/+/down` during the burst.
    #[arg(long)]
    observe: bool,
    /// Diagnostics: copy the controller's log to this file at the end.
    #[arg(long)]
    keep_log: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Broker {
    Embedded,
    Mosquitto,
}

impl Broker {
    fn kind(self) -> BrokerKind {
        match self {
            Self::Embedded => BrokerKind::Embedded,
            Self::Mosquitto => BrokerKind::Mosquitto,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Embedded => "embedded",
            Self::Mosquitto => "mosquitto",
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("vote-bench: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(bench(&args));
    // Ends the seats' tasks (and with them the last handle on the room, which
    // stops the controller and the broker) before the process exits.
    drop(runtime);
    match outcome {
        Ok(report) => {
            print!("{}", report.table());
            if report.recorded == args.seats {
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "vote-bench: only {} of {} votes were recorded",
                    report.recorded, args.seats
                );
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("vote-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// What one run measured.
#[derive(Debug)]
struct Report {
    seats: u32,
    broker: Broker,
    recorded: u32,
    /// Cast → "vote recorded" reply, per seat that got one.
    recorded_ms: Vec<f64>,
    /// Last vote sent → a state with `voted == N`, per seat that saw one.
    tally_ms: Vec<f64>,
    /// Last vote sent → a plain subscriber first hears a state with `voted == N`.
    tally_first_ms: Option<f64>,
    /// Close command sent → the result in the state, per seat that saw it.
    result_ms: Vec<f64>,
    /// First vote cast → last "vote recorded" reply.
    burst_ms: Option<f64>,
    /// Votes sent again for want of an answer (with `--retry-ms`).
    resent: u32,
    /// The controller process's peak resident set (VmHWM), in KiB.
    controller_hwm_kib: Option<u64>,
}

impl Report {
    fn table(&self) -> String {
        let header = [
            "seats",
            "broker",
            "recorded",
            "rec_p50",
            "rec_p95",
            "rec_p99",
            "rec_max",
            "tally_p50",
            "tally_p95",
            "tally_p99",
            "tally_max",
            "tally_1st",
            "result_p50",
            "result_p99",
            "burst_ms",
            "resent",
            "ctrl_rss_mb",
        ];
        let mut row = vec![
            self.seats.to_string(),
            self.broker.name().to_owned(),
            format!("{}/{}", self.recorded, self.seats),
        ];
        let percentiles = |samples: &[f64], ps: &[usize]| {
            let mut sorted = samples.to_vec();
            sorted.sort_by(f64::total_cmp);
            ps.iter()
                .map(|&p| ms(percentile(&sorted, p)))
                .collect::<Vec<_>>()
        };
        row.extend(percentiles(&self.recorded_ms, &[50, 95, 99, 100]));
        row.extend(percentiles(&self.tally_ms, &[50, 95, 99, 100]));
        row.push(ms(self.tally_first_ms));
        row.extend(percentiles(&self.result_ms, &[50, 99]));
        row.push(ms(self.burst_ms));
        row.push(self.resent.to_string());
        row.push(self.controller_hwm_kib.map_or_else(
            || "-".to_owned(),
            |k| {
                format!(
                    "{:.1}",
                    f64::from(u32::try_from(k).unwrap_or(u32::MAX)) / 1024.0
                )
            },
        ));
        let mut out = String::new();
        let _ = writeln!(out, "{}", columns(&header.map(str::to_owned)));
        let _ = writeln!(out, "{}", columns(&row));
        out.push_str(LEGEND);
        out
    }
}

/// What the columns mean (printed under the table).
const LEGEND: &str = "\
# rec_*      cast (sign + hand to MQTT) -> \"vote recorded\" reply, ms, over every seat
# tally_*    last vote sent -> a state with voted == seats, ms, on every seat
# tally_1st  last vote sent -> one plain subscriber (no signature check) first hears it: controller + broker share
# result_*   close command sent -> the ballot's result in the state, ms, on every seat
# burst_ms   first vote cast -> last \"vote recorded\" reply
# resent     votes sent again, same vote id, for want of an answer (--retry-ms; off by default)
# ctrl_rss_mb  the controller process's peak RSS (VmHWM); - where a sample is missing
";

/// Fixed-width columns, one space apart.
fn columns(cells: &[String]) -> String {
    const WIDTHS: [usize; 17] = [6, 9, 11, 8, 8, 8, 8, 9, 9, 9, 9, 9, 10, 10, 9, 6, 11];
    cells
        .iter()
        .zip(WIDTHS)
        .map(|(c, w)| format!("{c:>w$}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"))
}

/// The nearest-rank percentile `p` (1..=100) of sorted samples.
fn percentile(sorted: &[f64], p: usize) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Progress on stderr, with the time since the bench started.
fn progress(start: Instant, what: &str) {
    eprintln!("[{:>7.1}s] {what}", start.elapsed().as_secs_f64());
}

async fn bench(args: &Args) -> Result<Report> {
    ensure!(args.seats >= 1, "--seats must be at least 1");
    check_open_files(args.seats)?;
    let start = Instant::now();
    let within = Duration::from_secs(args.timeout_secs);
    let n = args.seats;
    if let Some(load) = load_average() {
        progress(start, &format!("load average before the run: {load}"));
        if load
            .split_whitespace()
            .next()
            .and_then(|l| l.parse::<f64>().ok())
            > Some(1.0)
        {
            eprintln!("vote-bench: warning: the machine is busy: these numbers will be noisy");
        }
    }

    let mut room = TestRoom::new(args.broker.kind(), n, tests::harness::sibling_controller()?)
        .await
        .context("cannot set up the room")?;
    tokio::task::block_in_place(|| room.start_controller())?;
    let room = Arc::new(room);
    let controller_pid = controller_pid(&room);
    progress(
        start,
        &format!(
            "controller running on the {} broker (pid {})",
            args.broker.name(),
            controller_pid.map_or_else(|| "unknown".to_owned(), |p| p.to_string())
        ),
    );

    let result = run_meeting(&room, args, start, within).await;
    let hwm = controller_pid.and_then(|pid| vm_hwm_kib(pid).ok());
    if let Some(path) = &args.keep_log {
        std::fs::write(path, strip_ansi(&room.log()))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    match result {
        Ok(mut report) => {
            report.controller_hwm_kib = hwm;
            Ok(report)
        }
        Err(e) => Err(e.context(format!("controller log (tail):\n{}", tail(&room.log(), 30)))),
    }
}

async fn run_meeting(
    room: &Arc<TestRoom>,
    args: &Args,
    start: Instant,
    within: Duration,
) -> Result<Report> {
    let n = args.seats;
    let mut console = room.console().await.context("the console cannot connect")?;

    let seats = connect_seats(room, n, args.connect_parallel.max(1), within).await?;
    progress(start, &format!("{n} seats connected"));
    let observer = if args.observe {
        Some(Observer::start(room, within).await?)
    } else {
        None
    };

    let signed_in = on_every_seat(seats, "sign in", within, |i, mut seat| async move {
        let reply = match sign_in(&mut seat, i, within).await {
            Ok(r) => r,
            Err(e) => {
                let heard = heard_summary(&mut seat).await;
                bail!("seat {i}: {e:#} (heard meanwhile: {heard})");
            }
        };
        ensure!(
            matches!(reply, SeatReply::SignedIn { .. }),
            "seat {i} could not sign in: {reply:?}"
        );
        Ok((seat, ()))
    })
    .await;
    if let Some(o) = &observer {
        o.report(start, "sign-in");
    }
    let seats = signed_in?;
    progress(
        start,
        &format!(
            "{n} seats signed in ({} sign-ins asked again after 2 s without an answer; \
             {} replies refused by the seats)",
            SIGN_IN_RETRIES.load(Ordering::Relaxed),
            REPLIES_REFUSED.swap(0, Ordering::Relaxed)
        ),
    );

    console.command(ConsoleCommand::OpenSession).await?;
    console
        .command(ConsoleCommand::OpenBallot {
            ballot: BallotRef::Prepared(BALLOT.parse()?),
        })
        .await?;
    let seats = on_every_seat(
        seats,
        "see the open ballot",
        within,
        move |_, mut seat| async move {
            seat.wait_state(within, ballot_open).await?;
            // Late answers to sign-ins asked twice: not the vote's answer.
            while seat
                .wait_for(Duration::from_millis(1), |h| {
                    matches!(h, Heard::Reply(_)).then_some(())
                })
                .await
                .is_ok()
            {}
            Ok((seat, ()))
        },
    )
    .await?;
    progress(start, &format!("ballot {BALLOT} open on all {n} seats"));

    let watch = TallyWatch::start(room, n, within).await?;
    let cpu = CpuMeter::start(room);
    let retry = (args.retry_ms > 0).then(|| Duration::from_millis(args.retry_ms));
    let (seats, burst) = burst(seats, n, within, retry).await?;
    let resent: u32 = burst.iter().map(|b| b.resent).sum();
    progress(
        start,
        &format!(
            "burst (ballot open → every seat answered and tallied): {}",
            cpu.report()
        ),
    );
    let recorded = count(burst.iter().filter(|b| b.recorded.is_some()));
    let tallied = count(burst.iter().filter(|b| b.tallied.is_some()));
    let reconnects: u32 = burst.iter().map(|b| b.reconnects).sum();
    if let Some(o) = &observer {
        o.report(start, "the burst");
    }
    let refused = REPLIES_REFUSED.load(Ordering::Relaxed);
    if refused > 0 {
        eprintln!(
            "vote-bench: {refused} replies were refused by the seats in the burst \
             (a seat that never got its answer names the reason in its error below)"
        );
    }
    if tallied < n || reconnects > 0 {
        eprintln!(
            "vote-bench: {tallied} of {n} seats saw the full tally; seats reconnected {reconnects} times"
        );
    }
    let first_cast = burst.iter().map(|b| b.cast).min();
    let last_sent = burst.iter().filter_map(|b| b.sent).max();
    let last_recorded = burst.iter().filter_map(|b| b.recorded).max();
    if let (Some(first), Some(last)) = (first_cast, last_sent) {
        progress(
            start,
            &format!(
                "burst: {n} votes handed to MQTT within {:.1} ms, {recorded} recorded",
                millis(last - first)
            ),
        );
    }
    let failures: Vec<&str> = burst.iter().filter_map(|b| b.error.as_deref()).collect();
    if !failures.is_empty() {
        let failed: Vec<u32> = burst
            .iter()
            .filter(|b| b.error.is_some())
            .map(|b| b.seat)
            .collect();
        eprintln!(
            "vote-bench: {} seats failed in the burst (seats {}); first: {}",
            failures.len(),
            ranges(&failed),
            failures
                .iter()
                .take(5)
                .copied()
                .collect::<Vec<_>>()
                .join("; ")
        );
        eprintln!(
            "vote-bench: controller log, warnings and errors (tail):\n{}",
            tail(
                &strip_ansi(&room.log())
                    .lines()
                    .filter(|l| l.contains(" WARN ") || l.contains(" ERROR "))
                    .collect::<Vec<_>>()
                    .join("\n"),
                30
            )
        );
    }
    let recorded_ms = burst
        .iter()
        .filter_map(|b| b.recorded.map(|r| millis(r - b.cast)))
        .collect();
    let tally_ms = last_sent.map_or_else(Vec::new, |last| {
        burst
            .iter()
            .filter_map(|b| b.tallied.map(|t| millis(t.saturating_duration_since(last))))
            .collect()
    });
    if let Some(first) = first_cast {
        progress(
            start,
            &format!(
                "states a plain subscriber heard (ms after the first vote: voted): {}",
                watch.timeline(first)
            ),
        );
    }
    let manifest = watch.manifest_bytes.load(Ordering::Relaxed);
    if usize::try_from(manifest).unwrap_or(usize::MAX) > protocol::envelope::MAX_ENVELOPE_BYTES {
        eprintln!(
            "vote-bench: warning: the manifest is {manifest} bytes, over the {} a seat accepts: \
             no seat can verify it",
            protocol::envelope::MAX_ENVELOPE_BYTES
        );
    } else {
        progress(start, &format!("manifest: {manifest} bytes"));
    }
    let tally_first_ms = last_sent
        .zip(watch.first())
        .map(|(last, first)| millis(first.saturating_duration_since(last)));
    let burst_ms = first_cast
        .zip(last_recorded)
        .map(|(first, last)| millis(last - first));

    let result_ms = if recorded == n {
        close_and_wait(&mut console, seats, n, within, start).await?
    } else {
        Vec::new()
    };
    warn_of_refused(&mut console, "the console").await;

    Ok(Report {
        seats: n,
        broker: args.broker,
        recorded,
        recorded_ms,
        tally_ms,
        result_ms,
        tally_first_ms,
        burst_ms,
        resent,
        controller_hwm_kib: None,
    })
}

/// Signs delegate `i` in at seat `i`, asking again every 2 s without an answer
/// (sign-in is idempotent; this is setup, not measured).
async fn sign_in(seat: &mut SimSeat, i: u32, within: Duration) -> Result<SeatReply> {
    let request = SeatRequest::SignIn {
        credential: Credential::Card {
            card_hash: protocol::meeting::card_hash(&fixture::card_uid(i)),
        },
    };
    let deadline = Instant::now() + within;
    loop {
        seat.send(&request).await?;
        let wait = deadline
            .saturating_duration_since(Instant::now())
            .min(Duration::from_secs(2));
        let until = Instant::now() + wait;
        loop {
            match seat
                .wait_for(
                    until.saturating_duration_since(Instant::now()),
                    |h| match h {
                        Heard::Reply(r) => Some(Some(r.clone())),
                        Heard::Refused(why) if why.contains("/down:") => Some(None),
                        _ => None,
                    },
                )
                .await
            {
                // A late answer to an earlier ask may follow; the burst ignores it.
                Ok(Some(reply)) => return Ok(reply),
                Ok(None) => {
                    REPLIES_REFUSED.fetch_add(1, Ordering::Relaxed);
                }
                Err(e) if Instant::now() >= deadline => return Err(e),
                Err(_) => {
                    SIGN_IN_RETRIES.fetch_add(1, Ordering::Relaxed);
                    break;
                }
            }
        }
    }
}

/// Replies the seats refused (replayed, or otherwise failing verification).
static REPLIES_REFUSED: AtomicU32 = AtomicU32::new(0);

/// Sign-ins asked again (their answer was lost or late).
static SIGN_IN_RETRIES: AtomicU32 = AtomicU32::new(0);

/// Connects seats 1..=n, `parallel` at a time, in seat order.
async fn connect_seats(
    room: &Arc<TestRoom>,
    n: u32,
    parallel: usize,
    within: Duration,
) -> Result<Vec<(u32, SimSeat)>> {
    let gate = Arc::new(Semaphore::new(parallel));
    let mut set = JoinSet::new();
    for i in 1..=n {
        let room = Arc::clone(room);
        let gate = Arc::clone(&gate);
        set.spawn(async move {
            let _permit = gate.acquire_owned().await?;
            let seat = room
                .seat(i)
                .await
                .with_context(|| format!("seat {i} cannot connect"))?;
            Ok((i, seat))
        });
    }
    collect(set, n, "connect", within).await
}

/// Runs `f` on every seat at once, each in its own task, and gives the seats back in order.
async fn on_every_seat<T, F, Fut>(
    seats: Vec<(u32, SimSeat)>,
    what: &str,
    within: Duration,
    f: F,
) -> Result<Vec<(u32, SimSeat)>>
where
    F: Fn(u32, SimSeat) -> Fut,
    Fut: Future<Output = Result<(SimSeat, T)>> + Send + 'static,
    T: Send + 'static,
{
    let n = count(seats.iter());
    let mut set = JoinSet::new();
    for (i, seat) in seats {
        let task = f(i, seat);
        set.spawn(async move { task.await.map(|(seat, _)| (i, seat)) });
    }
    collect(set, n, what, within).await
}

/// Waits for every task with a deadline; fails naming how many did not make it and why.
async fn collect(
    mut set: JoinSet<Result<(u32, SimSeat)>>,
    n: u32,
    what: &str,
    within: Duration,
) -> Result<Vec<(u32, SimSeat)>> {
    // The tasks carry deadlines of their own; this one catches a task that hangs anyway.
    let deadline = tokio::time::Instant::now() + within + Duration::from_secs(10);
    let mut done = Vec::new();
    let mut errors = Vec::new();
    loop {
        match tokio::time::timeout_at(deadline, set.join_next()).await {
            Ok(Some(Ok(Ok(seat)))) => done.push(seat),
            Ok(Some(Ok(Err(e)))) => errors.push(format!("{e:#}")),
            Ok(Some(Err(e))) => errors.push(format!("a task failed: {e}")),
            Ok(None) => break,
            Err(_) => {
                errors.push(format!("{} seats were still waiting", set.len()));
                break;
            }
        }
    }
    if !errors.is_empty() {
        bail!(
            "{} of {n} seats failed to {what} within {within:?}; first errors: {}",
            n - count(done.iter()),
            errors
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    done.sort_by_key(|(i, _)| *i);
    Ok(done)
}

/// One seat's burst.
#[derive(Debug)]
struct SeatRun {
    seat: u32,
    cast: Instant,
    /// When the vote was handed to the MQTT client.
    sent: Option<Instant>,
    recorded: Option<Instant>,
    /// When the seat first saw a state with `voted == N`.
    tallied: Option<Instant>,
    error: Option<String>,
    /// How often the vote was sent again for want of an answer.
    resent: u32,
    /// How often the seat's connection came back (subscribed again) by the end of the burst.
    reconnects: u32,
}

/// Every seat casts at once, then waits for its "recorded" reply and for the full tally.
async fn burst(
    seats: Vec<(u32, SimSeat)>,
    n: u32,
    within: Duration,
    retry: Option<Duration>,
) -> Result<(Vec<(u32, SimSeat)>, Vec<SeatRun>)> {
    let ballot: BallotId = BALLOT.parse()?;
    let choices = [
        MotionChoice::For,
        MotionChoice::Against,
        MotionChoice::Abstain,
    ];
    let start = Arc::new(Barrier::new(seats.len()));
    let mut set = JoinSet::new();
    for (i, mut seat) in seats {
        let vote_id: VoteId = format!("{BALLOT}-bench-{i}").parse()?;
        let choice = Choice::Motion(choices[usize::try_from(i).unwrap_or(0) % choices.len()]);
        let request = seat.vote_request(&ballot, &vote_id, &choice)?;
        let start = Arc::clone(&start);
        set.spawn(async move {
            start.wait().await;
            let cast = Instant::now();
            let mut run = SeatRun {
                seat: i,
                cast,
                sent: None,
                recorded: None,
                tallied: None,
                error: None,
                resent: 0,
                reconnects: 0,
            };
            if let Err(e) =
                cast_and_wait(&mut seat, &request, &vote_id, n, within, retry, &mut run).await
            {
                let heard = heard_summary(&mut seat).await;
                run.error = Some(format!("seat {i}: {e:#} (heard meanwhile: {heard})"));
            }
            // The first subscription was taken when the seat connected: any other is a reconnect.
            while seat
                .wait_for(Duration::from_millis(1), |h| {
                    matches!(h, Heard::Connected).then_some(())
                })
                .await
                .is_ok()
            {
                run.reconnects += 1;
            }
            (i, seat, run)
        });
    }
    let deadline = tokio::time::Instant::now() + within + Duration::from_secs(10);
    let mut seats = Vec::new();
    let mut runs = Vec::new();
    while let Some(joined) = tokio::time::timeout_at(deadline, set.join_next())
        .await
        .map_err(|_| anyhow::anyhow!("{} seats hung in the burst", set.len()))?
    {
        let (i, seat, run) = joined.context("a seat's task failed")?;
        seats.push((i, seat));
        runs.push(run);
    }
    seats.sort_by_key(|(i, _)| *i);
    Ok((seats, runs))
}

async fn cast_and_wait(
    seat: &mut SimSeat,
    request: &SeatRequest,
    id: &VoteId,
    n: u32,
    within: Duration,
    retry: Option<Duration>,
    run: &mut SeatRun,
) -> Result<()> {
    seat.send(request).await?;
    let mut last_send = Instant::now();
    run.sent = Some(last_send);
    let deadline = last_send + within;
    while run.recorded.is_none() || run.tallied.is_none() {
        let resend_at = retry
            .filter(|_| run.recorded.is_none())
            .map_or(deadline, |r| (last_send + r).min(deadline));
        let heard = match seat
            .wait_for(
                resend_at.saturating_duration_since(Instant::now()),
                |h| match h {
                    Heard::Reply(_) | Heard::State(_) => Some(h.clone()),
                    Heard::Refused(why) if why.contains("/down:") => Some(h.clone()),
                    _ => None,
                },
            )
            .await
        {
            Ok(h) => h,
            Err(_) if Instant::now() < deadline && run.recorded.is_none() => {
                // The same vote id again: the controller answers without counting it twice.
                seat.send(request).await?;
                last_send = Instant::now();
                run.resent += 1;
                continue;
            }
            Err(e) => {
                return Err(e).context(if run.recorded.is_none() {
                    "no \"vote recorded\" reply"
                } else {
                    "never saw a state with every vote counted"
                });
            }
        };
        let now = Instant::now();
        match heard {
            Heard::Reply(SeatReply::VoteRecorded { vote_id, .. }) if vote_id == *id => {
                run.recorded.get_or_insert(now);
            }
            Heard::Reply(r @ SeatReply::Rejected { .. }) => {
                bail!("the vote was answered with {r:?}")
            }
            Heard::Refused(_) => {
                REPLIES_REFUSED.fetch_add(1, Ordering::Relaxed);
            }
            Heard::State(s) if voted(&s) == Some(n) => {
                run.tallied.get_or_insert(now);
            }
            _ => {}
        }
    }
    Ok(())
}

/// A plain MQTT client on the `state` topic that notes when it first hears a
/// state with every vote counted: the controller's and broker's share of the
/// tally latency, without the cost of verifying on 2,000 simulated seats.
#[derive(Debug)]
struct TallyWatch {
    /// Every state heard: when, and how many had voted.
    heard: Arc<Mutex<Vec<(Instant, u64)>>>,
    task: tokio::task::JoinHandle<()>,
    n: u32,
    /// The size of the retained manifest as the broker delivered it.
    manifest_bytes: Arc<AtomicU32>,
}

impl TallyWatch {
    async fn start(room: &TestRoom, n: u32, within: Duration) -> Result<Self> {
        let settings = ClientSettings::new(
            format!("bench-tally-watch-{}", std::process::id()),
            room.broker.clone(),
        );
        let (client, mut eventloop) = settings.client()?;
        let topic = format!("phonghop/v1/{}/state", room.room);
        let manifest_topic = format!("phonghop/v1/{}/manifest", room.room);
        let manifest_bytes = Arc::new(AtomicU32::new(0));
        let manifest_seen = Arc::clone(&manifest_bytes);
        let heard = Arc::new(Mutex::new(Vec::new()));
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        let mut ready_tx = Some(ready_tx);
        let seen = Arc::clone(&heard);
        let task = tokio::spawn(async move {
            loop {
                match eventloop.poll().await {
                    Ok(Event::Incoming(Packet::ConnAck(_))) => {
                        let filters = [&topic, &manifest_topic]
                            .map(|t| rumqttc::SubscribeFilter::new(t.clone(), QoS::AtLeastOnce));
                        if client.subscribe_many(filters).await.is_err() {
                            return;
                        }
                    }
                    Ok(Event::Incoming(Packet::SubAck(_))) => {
                        if let Some(tx) = ready_tx.take() {
                            let _ = tx.send(());
                        }
                    }
                    Ok(Event::Incoming(Packet::Publish(p))) if p.topic == manifest_topic => {
                        let len = u32::try_from(p.payload.len()).unwrap_or(u32::MAX);
                        manifest_seen.store(len, Ordering::Relaxed);
                    }
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        let now = Instant::now();
                        // The envelope's body, unverified: this client only times.
                        let voted = serde_json::from_slice::<serde_json::Value>(&p.payload)
                            .ok()
                            .and_then(|v| v.pointer("/body/ballot/voted")?.as_u64());
                        if let (Some(voted), Ok(mut h)) = (voted, seen.lock()) {
                            h.push((now, voted));
                        }
                    }
                    Ok(_) => {}
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            }
        });
        tokio::time::timeout(within, ready_rx)
            .await
            .context("the tally watch never subscribed")?
            .context("the tally watch stopped")?;
        Ok(Self {
            heard,
            task,
            n,
            manifest_bytes,
        })
    }

    /// When a state with every vote counted was first heard.
    fn first(&self) -> Option<Instant> {
        let n = u64::from(self.n);
        self.heard
            .lock()
            .ok()?
            .iter()
            .find(|(_, voted)| *voted == n)
            .map(|(at, _)| *at)
    }

    /// The states heard after `since`: "ms after since: voted" pairs.
    fn timeline(&self, since: Instant) -> String {
        self.heard.lock().map_or_else(
            |_| String::new(),
            |h| {
                h.iter()
                    .filter(|(at, _)| *at >= since)
                    .map(|(at, voted)| format!("{:.0}:{voted}", millis(*at - since)))
                    .collect::<Vec<_>>()
                    .join(" ")
            },
        )
    }
}

impl Drop for TallyWatch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A plain MQTT client that counts the replies the broker delivers to seats.
#[derive(Debug)]
struct Observer {
    seen: Arc<Mutex<(u32, HashSet<String>)>>,
    task: tokio::task::JoinHandle<()>,
}

impl Observer {
    async fn start(room: &TestRoom, within: Duration) -> Result<Self> {
        let settings = ClientSettings::new(
            format!("bench-observer-{}", std::process::id()),
            room.broker.clone(),
        );
        let (client, mut eventloop) = settings.client()?;
        let filter = format!("phonghop/v1/{}/seat/+/down", room.room);
        let seen = Arc::new(Mutex::new((0, HashSet::new())));
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        let mut ready_tx = Some(ready_tx);
        let counts = Arc::clone(&seen);
        let task = tokio::spawn(async move {
            loop {
                match eventloop.poll().await {
                    Ok(Event::Incoming(Packet::ConnAck(_))) => {
                        if client.subscribe(&filter, QoS::AtLeastOnce).await.is_err() {
                            return;
                        }
                    }
                    Ok(Event::Incoming(Packet::SubAck(_))) => {
                        if let Some(tx) = ready_tx.take() {
                            let _ = tx.send(());
                        }
                    }
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        if let Ok(mut c) = counts.lock() {
                            c.0 += 1;
                            c.1.insert(p.topic);
                        }
                    }
                    Ok(_) => {}
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            }
        });
        tokio::time::timeout(within, ready_rx)
            .await
            .context("the observer never subscribed")?
            .context("the observer stopped")?;
        Ok(Self { seen, task })
    }

    /// Says how many replies were delivered, and to how many distinct seats, since the last report.
    fn report(&self, start: Instant, phase: &str) {
        if let Ok(mut c) = self.seen.lock() {
            progress(
                start,
                &format!(
                    "observer: since the last report, by the end of {phase}, the broker delivered {} replies on seat/+/down, to {} distinct seats",
                    c.0,
                    count(c.1.iter())
                ),
            );
            *c = (0, HashSet::new());
        }
    }
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Closes the ballot and measures until every seat has its result in the state.
async fn close_and_wait(
    console: &mut SimSeat,
    seats: Vec<(u32, SimSeat)>,
    n: u32,
    within: Duration,
    start: Instant,
) -> Result<Vec<f64>> {
    let ballot: BallotId = BALLOT.parse()?;
    let mut set = JoinSet::new();
    for (i, mut seat) in seats {
        let ballot = ballot.clone();
        set.spawn(async move {
            let r = seat
                .wait_state(within, |s| s.results.iter().any(|r| r.ballot == ballot))
                .await
                .map(|s| (Instant::now(), s))
                .with_context(|| format!("seat {i} never saw the result"));
            (i, seat, r)
        });
    }
    let closed = Instant::now();
    console
        .command(ConsoleCommand::CloseBallot {
            ballot: ballot.clone(),
        })
        .await?;
    let deadline = tokio::time::Instant::now() + within + Duration::from_secs(10);
    let mut samples = Vec::new();
    let mut errors = Vec::new();
    let mut first_seat = None;
    while let Some(joined) = tokio::time::timeout_at(deadline, set.join_next())
        .await
        .map_err(|_| anyhow::anyhow!("{} seats hung waiting for the result", set.len()))?
    {
        let (i, seat, r) = joined.context("a seat's task failed")?;
        match r {
            Ok((at, state)) => {
                samples.push(millis(at.saturating_duration_since(closed)));
                if i == 1 {
                    check_result(&state, n)?;
                }
            }
            Err(e) => errors.push(format!("{e:#}")),
        }
        if i == 1 {
            first_seat = Some(seat);
        }
    }
    ensure!(
        errors.is_empty(),
        "{} of {n} seats did not see the result: {}",
        errors.len(),
        errors
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ")
    );
    progress(start, &format!("result on all {n} seats"));
    if let Some(mut seat) = first_seat {
        warn_of_refused(&mut seat, "seat 1").await;
    }
    Ok(samples)
}

/// The result counts what the seats cast: seat i chose For, Against, Abstain by i mod 3.
fn check_result(state: &StateSnapshot, n: u32) -> Result<()> {
    let result = state
        .results
        .iter()
        .find(|r| r.ballot.as_str() == BALLOT)
        .context("no result")?;
    let votes: Vec<u32> = result.options.iter().map(|o| o.votes).collect();
    let expected = [n / 3, n.div_ceil(3), (n + 1) / 3];
    ensure!(
        votes == expected && result.cast == n,
        "the result counts {votes:?} of {} cast, not {expected:?} of {n}",
        result.cast
    );
    Ok(())
}

/// What a seat heard and nobody took yet, by kind (for error messages).
async fn heard_summary(seat: &mut SimSeat) -> String {
    let mut kinds = std::collections::BTreeMap::<String, u32>::new();
    while let Ok(kind) = seat
        .wait_for(Duration::from_millis(1), |h| {
            Some(match h {
                Heard::Connected => "subscribed again".to_owned(),
                Heard::Manifest(_) => "manifest".to_owned(),
                Heard::State(_) => "state".to_owned(),
                Heard::Event(_) => "event".to_owned(),
                Heard::Reply(_) => "reply".to_owned(),
                Heard::Console(_) => "console reply".to_owned(),
                Heard::Status(_) => "controller status".to_owned(),
                Heard::Refused(why) => format!("refused ({why})"),
            })
        })
        .await
    {
        *kinds.entry(kind).or_default() += 1;
    }
    if kinds.is_empty() {
        return "nothing".to_owned();
    }
    kinds
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Says on stderr if a client refused messages (bad signature, too large, …).
async fn warn_of_refused(seat: &mut SimSeat, who: &str) {
    let mut refused = Vec::new();
    while let Ok(r) = seat
        .wait_for(Duration::from_millis(1), |h| match h {
            Heard::Refused(r) if !r.is_empty() => Some(r.clone()),
            _ => None,
        })
        .await
    {
        refused.push(r);
    }
    if !refused.is_empty() {
        eprintln!(
            "vote-bench: warning: {who} refused {} messages; first: {}",
            refused.len(),
            refused[0]
        );
    }
}

fn ballot_open(s: &StateSnapshot) -> bool {
    s.ballot
        .as_ref()
        .is_some_and(|b| b.spec.id.as_str() == BALLOT)
}

fn voted(s: &StateSnapshot) -> Option<u32> {
    s.ballot
        .as_ref()
        .filter(|b| b.spec.id.as_str() == BALLOT)
        .map(|b| b.voted)
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

/// Seat numbers as ranges: `3, 7-9, 12`.
fn ranges(sorted_or_not: &[u32]) -> String {
    let mut v = sorted_or_not.to_vec();
    v.sort_unstable();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1] == v[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            v[i].to_string()
        } else {
            format!("{}-{}", v[i], v[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

/// The log without terminal colours.
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ … final byte in @..~
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) && c != '[' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn tail(log: &str, lines: usize) -> String {
    let all: Vec<&str> = log.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Fails clearly if this process may not open a socket per seat (and the room's own).
fn check_open_files(seats: u32) -> Result<()> {
    let need = u64::from(seats) * 2 + 100;
    let limits =
        std::fs::read_to_string("/proc/self/limits").context("cannot read /proc/self/limits")?;
    let soft = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .context("no \"Max open files\" in /proc/self/limits")?;
    if soft == "unlimited" {
        return Ok(());
    }
    let soft: u64 = soft.parse().context("bad open files limit")?;
    ensure!(
        soft >= need,
        "{seats} seats need at least {need} open files but the limit is {soft}: \
         raise it (`ulimit -n {need}`) or run through `cargo xtask bench`, which does"
    );
    Ok(())
}

/// The pid of the room's controller: a child of this process started with the room's config.
fn controller_pid(room: &TestRoom) -> Option<u32> {
    let config = room.config.to_string_lossy().into_owned();
    child_pid(|_, cmdline| {
        cmdline
            .split(|&b| b == 0)
            .any(|arg| arg == config.as_bytes())
    })
}

/// The pid of the room's Mosquitto, if it runs one.
fn mosquitto_pid() -> Option<u32> {
    child_pid(|comm, _| comm == "mosquitto")
}

/// A child of this process whose name (`comm`) and command line `pick` accepts.
fn child_pid(pick: impl Fn(&str, &[u8]) -> bool) -> Option<u32> {
    let me = std::process::id();
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
        // pid (comm) state ppid …; comm may hold spaces and parentheses.
        let (head, rest) = stat.rsplit_once(')')?;
        let comm = head.split_once('(')?.1;
        let ppid: u32 = rest.split_whitespace().nth(1)?.parse().ok()?;
        let cmdline = std::fs::read(e.path().join("cmdline")).ok()?;
        (ppid == me && pick(comm, &cmdline)).then_some(pid)
    })
}

/// CPU time (user + system) a process has used so far.
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    // After the comm: state is field 3 of stat(5), utime 14 and stime 15.
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    // /proc reports clock ticks of USER_HZ, which is 100 on Linux.
    Some(Duration::from_millis((utime + stime) * 10))
}

/// CPU time used by the room's processes, to say which one a run kept busy.
#[derive(Debug)]
struct CpuMeter {
    procs: Vec<(&'static str, u32, Duration)>,
    wall: Instant,
}

impl CpuMeter {
    fn start(room: &TestRoom) -> Self {
        let procs = [
            ("controller", controller_pid(room)),
            ("mosquitto", mosquitto_pid()),
            ("bench (seats)", Some(std::process::id())),
        ]
        .into_iter()
        .filter_map(|(name, pid)| {
            let pid = pid?;
            Some((name, pid, cpu_time(pid)?))
        })
        .collect();
        Self {
            procs,
            wall: Instant::now(),
        }
    }

    /// CPU seconds each process used since the start, and the wall time.
    fn report(&self) -> String {
        let used: Vec<String> = self
            .procs
            .iter()
            .filter_map(|(name, pid, before)| {
                let d = cpu_time(*pid)?.saturating_sub(*before);
                Some(format!("{name} {:.2} s", d.as_secs_f64()))
            })
            .collect();
        format!(
            "{} of CPU in {:.2} s wall (2 cores: {:.2} s at most)",
            used.join(", "),
            self.wall.elapsed().as_secs_f64(),
            self.wall.elapsed().as_secs_f64() * 2.0
        )
    }
}

/// The 1, 5 and 15 minute load averages.
fn load_average() -> Option<String> {
    let s = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}

/// A process's peak resident set (VmHWM), in KiB.
fn vm_hwm_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .context("no VmHWM")?
        .parse()
        .context("bad VmHWM")
}
