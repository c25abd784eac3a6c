//! `cargo xtask bench`: whole-system benchmarks (design §6), release builds.
//!
//! `cargo xtask bench vote --seats 100,500,2000 [--broker embedded,mosquitto]
//! [--runs R]` builds the `vote-bench` binary of the `tests` package, runs it
//! once per seat count, broker and run, and prints one table of all runs.
//!
//! `cargo xtask bench kiosk [--width 554,1788]` builds the `kiosk-bench`
//! binary of `kiosk-core` and runs it once per page width: page-turn latency
//! (cold first page, cold turn, prefetched turn, warm) on a 300-page paper,
//! and the seat's memory with that paper open and 20 papers cached.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail, ensure};
use clap::{Subcommand, ValueEnum};

use crate::{run_cargo, setup, target_dir, workspace_root};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    bench: Bench,
}

#[derive(Debug, Subcommand)]
enum Bench {
    /// Vote burst: N seats cast at once; vote → "recorded", last vote → tally
    /// on every seat, close → result on every seat, controller peak RSS.
    Vote(VoteArgs),
    /// Paper renderer: page turn (input → page image ready) cold, prefetched
    /// and warm on a 300-page paper; peak RSS with it open and 20 papers cached.
    Kiosk(KioskArgs),
}

#[derive(Debug, clap::Args)]
struct KioskArgs {
    /// Page bitmap widths in pixels, one run each (`kiosk-bench` defaults
    /// to 554: an A4 page fit to the viewer on a 1920×1080 seat at 100 %).
    #[arg(long, value_delimiter = ',')]
    width: Vec<u32>,
    /// Build and run the debug binary: to check the bench quickly; its
    /// numbers are not the benchmark.
    #[arg(long)]
    debug: bool,
    /// Run the binary built last instead of building first.
    #[arg(long)]
    no_build: bool,
    /// More arguments for `kiosk-bench`, after `--` (see `kiosk-bench --help`).
    #[arg(last = true)]
    extra: Vec<String>,
}

#[derive(Debug, clap::Args)]
struct VoteArgs {
    /// Seat counts, one run each: `--seats 2000` or `--seats 100,500,2000`.
    #[arg(long, value_delimiter = ',', required = true)]
    seats: Vec<u32>,
    /// Brokers, one run each: `embedded`, `mosquitto`, or both.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "embedded")]
    broker: Vec<Broker>,
    /// How many times to run each seat count on each broker.
    #[arg(long, default_value_t = 1)]
    runs: u32,
    /// Resend an unanswered vote after this many milliseconds, as a kiosk
    /// does (off by default: a lost reply then shows as a failure).
    #[arg(long)]
    retry_ms: Option<u64>,
    /// Build and run the debug binary: to check the bench quickly; its
    /// numbers are not the benchmark.
    #[arg(long)]
    debug: bool,
    /// Run the binary built last instead of building first.
    #[arg(long)]
    no_build: bool,
    /// More arguments for `vote-bench`, after `--` (see `vote-bench --help`).
    #[arg(last = true)]
    extra: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Broker {
    Embedded,
    Mosquitto,
}

impl Broker {
    fn name(self) -> &'static str {
        match self {
            Self::Embedded => "embedded",
            Self::Mosquitto => "mosquitto",
        }
    }
}

pub(crate) fn run(args: &Args) -> Result<()> {
    match &args.bench {
        Bench::Vote(vote) => run_vote(vote),
        Bench::Kiosk(kiosk) => run_kiosk(kiosk),
    }
}

fn run_kiosk(args: &KioskArgs) -> Result<()> {
    ensure!(
        args.width.iter().all(|&w| w > 0),
        "--width takes widths above 0"
    );
    let pdfium = setup::pdfium_dir()?;
    ensure!(
        pdfium.join("libpdfium.so").is_file(),
        "no PDFium in {}: run `cargo xtask setup` first",
        pdfium.display()
    );
    let profile = if args.debug { "debug" } else { "release" };
    if !args.no_build {
        build(args.debug, &KIOSK_BENCH)?;
    }
    let bin = bench_bin(profile, KIOSK_BENCH.bin)?;
    ensure!(
        bin.exists(),
        "{} is not built: run without --no-build",
        bin.display()
    );
    if args.debug {
        println!("note: debug build: these numbers check the bench, they are not the benchmark");
    }
    // No width given: one run at the bench's own default.
    let widths: Vec<Option<u32>> = if args.width.is_empty() {
        vec![None]
    } else {
        args.width.iter().copied().map(Some).collect()
    };
    let mut failed = Vec::new();
    for (index, width) in widths.iter().enumerate() {
        let mut bench_args = Vec::new();
        if let Some(w) = width {
            bench_args.extend(["--width".to_owned(), w.to_string()]);
        }
        bench_args.extend(args.extra.iter().cloned());
        println!(
            "\n==> bench kiosk [{}/{}] ({profile} build): kiosk-bench {}",
            index + 1,
            widths.len(),
            bench_args.join(" ")
        );
        let status = Command::new(&bin)
            .args(&bench_args)
            .env("PDFIUM_LIB_DIR", &pdfium)
            .current_dir(workspace_root())
            .stdin(Stdio::null())
            .status()
            .with_context(|| format!("cannot run {}", bin.display()))?;
        if !status.success() {
            failed.push(width.map_or_else(|| "default width".to_owned(), |w| format!("{w} px")));
        }
    }
    if !failed.is_empty() {
        bail!("kiosk-bench failed for: {}", failed.join("; "));
    }
    Ok(())
}

fn run_vote(args: &VoteArgs) -> Result<()> {
    ensure!(
        args.seats.iter().all(|&n| n > 0),
        "--seats takes counts above 0"
    );
    ensure!(args.runs > 0, "--runs must be at least 1");
    let most = args.seats.iter().copied().max().unwrap_or(0);
    let open_files = open_files_for(most)?;

    let profile = if args.debug { "debug" } else { "release" };
    if !args.no_build {
        build(args.debug, &VOTE_BENCH)?;
    }
    let bin = bench_bin(profile, VOTE_BENCH.bin)?;
    ensure!(
        bin.exists(),
        "{} is not built: run without --no-build",
        bin.display()
    );
    if args.debug {
        println!("note: debug build: these numbers check the bench, they are not the benchmark");
    }

    let total = args.broker.len() * args.seats.len() * args.runs as usize;
    let mut header = None;
    let mut legend = Vec::new();
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    let mut index = 0;
    for &broker in &args.broker {
        for &seats in &args.seats {
            for run in 1..=args.runs {
                index += 1;
                println!(
                    "\n==> bench vote [{index}/{total}]: {seats} seats, {} broker, run {run}/{}",
                    broker.name(),
                    args.runs
                );
                let mut bench_args = vec![
                    "--seats".to_owned(),
                    seats.to_string(),
                    "--broker".to_owned(),
                    broker.name().to_owned(),
                ];
                if let Some(ms) = args.retry_ms {
                    bench_args.extend(["--retry-ms".to_owned(), ms.to_string()]);
                }
                bench_args.extend(args.extra.iter().cloned());
                let out = run_bench(&bin, &bench_args, open_files)?;
                print!("{}", out.stdout);
                let mut lines = out.stdout.lines();
                match (lines.next(), lines.next()) {
                    (Some(h), Some(r)) if !h.starts_with('#') && !r.starts_with('#') => {
                        header.get_or_insert_with(|| h.to_owned());
                        rows.push(r.to_owned());
                        if legend.is_empty() {
                            legend = lines
                                .filter(|l| l.starts_with('#'))
                                .map(str::to_owned)
                                .collect();
                        }
                    }
                    _ => {}
                }
                if !out.success {
                    failed.push(format!("{seats} seats on {}, run {run}", broker.name()));
                }
            }
        }
    }

    println!("\n==> bench vote: all runs ({profile} build)");
    if let Some(h) = header {
        println!("{h}");
        for r in &rows {
            println!("{r}");
        }
        for l in &legend {
            println!("{l}");
        }
    } else {
        println!("(no run printed a table)");
    }
    if !failed.is_empty() {
        bail!("vote-bench failed for: {}", failed.join("; "));
    }
    Ok(())
}

/// Which cargo target a bench runs.
struct BenchTarget {
    package: &'static str,
    /// The binary to run.
    bin: &'static str,
    /// What to build: `--bins` when the bench starts other binaries of its package.
    build: &'static [&'static str],
}

/// `vote-bench` starts `room-controller`, so every binary of `tests` is built.
const VOTE_BENCH: BenchTarget = BenchTarget {
    package: "tests",
    bin: "vote-bench",
    build: &["--bins"],
};

const KIOSK_BENCH: BenchTarget = BenchTarget {
    package: "kiosk-core",
    bin: "kiosk-bench",
    build: &["--bin", "kiosk-bench"],
};

fn build(debug: bool, target: &BenchTarget) -> Result<()> {
    let mut args = vec!["build", "-p", target.package];
    args.extend(target.build);
    if debug {
        println!("==> cargo {}", args.join(" "));
    } else {
        args.insert(1, "--release");
        println!(
            "==> cargo {}\n    \
             (benchmarks are release builds; a cold release build takes 20+ minutes on a 2-core machine)",
            args.join(" ")
        );
    }
    run_cargo(&args, std::iter::empty::<(&str, &str)>())
}

/// What one run printed on stdout, and whether it exited with 0.
#[derive(Debug)]
struct BenchOutput {
    stdout: String,
    success: bool,
}

/// Runs the bench binary with its progress on our stderr, raising the soft
/// open-files limit to `open_files` first when it is needed.
fn run_bench(bin: &Path, args: &[String], open_files: Option<u64>) -> Result<BenchOutput> {
    let mut cmd = match open_files {
        Some(n) => {
            // A process may raise its soft limit up to the hard one; sh does it for the child.
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg("ulimit -S -n \"$1\" && shift && exec \"$@\"")
                .arg("sh")
                .arg(n.to_string())
                .arg(bin);
            c
        }
        None => Command::new(bin),
    };
    let out = cmd
        .args(args)
        .current_dir(workspace_root())
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run {}", bin.display()))?;
    Ok(BenchOutput {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        success: out.status.success(),
    })
}

/// The open-files limit `seats` need (a socket per seat in the bench, one per
/// seat in the broker, and some for the room), checked against this
/// process's limits: `None` if the soft limit suffices, `Some(need)` if the
/// child must raise it, an error if even the hard limit is too low.
fn open_files_for(seats: u32) -> Result<Option<u64>> {
    let need = u64::from(seats) * 2 + 100;
    let limits = std::fs::read_to_string("/proc/self/limits")
        .context("cannot read /proc/self/limits to check the open files limit")?;
    let (soft, hard) =
        parse_open_files(&limits).context("no \"Max open files\" line in /proc/self/limits")?;
    if soft.is_none_or(|s| s >= need) {
        return Ok(None);
    }
    if hard.is_none_or(|h| h >= need) {
        println!(
            "note: {seats} seats need {need} open files; raising the soft limit from {} for the bench",
            soft.unwrap_or(0)
        );
        return Ok(Some(need));
    }
    bail!(
        "{seats} seats need at least {need} open files, but the limit is {} and the hard limit {}: \
         raise the hard limit (as root: `ulimit -Hn {need}`, LimitNOFILE= in a systemd unit, \
         or nofile in /etc/security/limits.conf) or bench fewer seats",
        soft.unwrap_or(0),
        hard.unwrap_or(0)
    )
}

/// The soft and hard "Max open files" of a `/proc/<pid>/limits` text; `None` is unlimited.
fn parse_open_files(limits: &str) -> Option<(Option<u64>, Option<u64>)> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let mut fields = line["Max open files".len()..].split_whitespace();
    let value = |v: &str| -> Option<Option<u64>> {
        if v == "unlimited" {
            Some(None)
        } else {
            v.parse().ok().map(Some)
        }
    };
    let soft = value(fields.next()?)?;
    let hard = value(fields.next()?)?;
    Some((soft, hard))
}

/// Where cargo puts the bench binary `bin` of `profile`.
fn bench_bin(profile: &str, bin: &str) -> Result<PathBuf> {
    Ok(target_dir()?.join(profile).join(bin))
}

#[cfg(test)]
mod tests {
    use super::parse_open_files;

    #[test]
    fn open_files_limits_are_read_from_proc_limits() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units     \n\
                      Max processes             unlimited            unlimited            processes \n\
                      Max open files            20000                524288               files     \n";
        assert_eq!(
            parse_open_files(limits),
            Some((Some(20_000), Some(524_288)))
        );
        let unlimited =
            "Max open files            1024                 unlimited            files     \n";
        assert_eq!(parse_open_files(unlimited), Some((Some(1024), None)));
        assert_eq!(parse_open_files("Max processes 1 1 processes"), None);
    }
}
