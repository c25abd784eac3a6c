//! Page-turn latency and memory of the seat's paper renderer (design §6:
//! "next page on screen p95 ≤ 50 ms (pre-rendered neighbours), cold open of
//! page 1 ≤ 150 ms"; "≤ 120 MB RSS with a 300-page paper open and 20 papers
//! cached").
//!
//! Stores a realistic 300-page Vietnamese draft resolution and 20 more
//! papers (3 to 128 pages) in a seat's paper cache (`PaperCache`, in a
//! temporary directory), then measures, with PDFium already bound, at the
//! page width a 1920×1080 seat shows:
//!
//! - cold first page: a fresh renderer takes the paper from the cache
//!   (`source`), opens it and renders page 1;
//! - cold page turn: the paper is open, the page was never rendered, no
//!   prefetch (pages in random order);
//! - prefetched turn: `Viewer::turn_to(p)`, wait until its neighbours are
//!   rendered, then turn to p+1: reading the paper front to back;
//! - warm: the page is in the LRU cache;
//!
//! and, in a fresh child process of its own so its peak is the scenario's,
//! the resident set of a seat's cache and renderer that open the 20 papers
//! (page 1 each), then read the 300-page paper through with prefetch and
//! thumbnails.
//!
//! Tables on stdout, progress on stderr. Timings are measured, not asserted.
//! Run it through `cargo xtask bench kiosk`: a debug build's numbers are not
//! the benchmark (PDFium itself is a release build either way).

#[path = "kiosk_bench/paper.rs"]
mod paper;
#[path = "kiosk_bench/report.rs"]
mod report;
#[path = "kiosk_bench/scenario.rs"]
mod scenario;
#[path = "kiosk_bench/text.rs"]
mod text;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use kiosk_core::render::DEFAULT_BUDGET_BYTES;

/// The page bitmap's width on a 1920×1080 seat screen at zoom 100 %. The
/// viewer (`kiosk/ui/pages/viewer.slint`) fits an A4 page to the height of
/// its page area: 1080 px less the status bar (64), the toolbar (76) and the
/// thumbnail strip (132) is 808 px, less 24 px of margin is a 784 px page,
/// 784 / √2 = 554 px wide.
const SEAT_PAGE_WIDTH: u32 = 554;

/// Sizes of the 20 other papers in the cache, in pages.
const OTHER_PAPERS: [u32; 20] = [
    3, 4, 6, 8, 10, 12, 16, 20, 24, 28, 32, 40, 48, 56, 64, 72, 84, 96, 110, 128,
];

const USAGE: &str = "\
usage: kiosk-bench [--quick] [--width PX] [--budget-mib MIB] [--pages N]
                   [--cold-opens N] [--cold-turns N] [--read N] [--warm N] [--pdfium PATH]
                   [--save-pages DIR]

  --quick          few samples, to check the bench (not the benchmark)
  --width PX       page bitmap width (default 554: A4 fit to the viewer at 1920x1080)
  --budget-mib MIB page cache budget (default: the renderer's DEFAULT_BUDGET_BYTES)
  --pages N        pages of the big paper (default 300)
  --cold-opens N   cold first-page samples, a fresh renderer each (default 30)
  --cold-turns N   cold page-turn samples (default 100)
  --read N         pages read front to back with prefetch (default: the whole paper)
  --warm N         warm (cached page) samples (default 300)
  --pdfium PATH    libpdfium.so or its directory (default: found as the kiosk finds it)
  --save-pages DIR also write a few of the big paper's pages there as PPM images";

/// What to measure, from the command line.
#[derive(Debug, Clone)]
pub(crate) struct Args {
    pub(crate) width: u32,
    pub(crate) budget: usize,
    pub(crate) pages: u32,
    pub(crate) cold_opens: usize,
    pub(crate) cold_turns: usize,
    pub(crate) read: u32,
    pub(crate) warm: usize,
    pub(crate) pdfium: Option<PathBuf>,
    /// Write a few rendered pages here as PPM images, to look at.
    pub(crate) save_pages: Option<PathBuf>,
    /// Internal: run the memory scenario on the papers in this directory.
    memory_child: Option<PathBuf>,
}

impl Args {
    fn parse(mut argv: impl Iterator<Item = String>) -> Result<Self> {
        let mut args = Self {
            width: SEAT_PAGE_WIDTH,
            budget: DEFAULT_BUDGET_BYTES,
            pages: 300,
            cold_opens: 30,
            cold_turns: 100,
            read: u32::MAX,
            warm: 300,
            pdfium: None,
            save_pages: None,
            memory_child: None,
        };
        while let Some(arg) = argv.next() {
            let mut value =
                |name: &str| argv.next().with_context(|| format!("{name} needs a value"));
            match arg.as_str() {
                "--quick" => {
                    args.cold_opens = 5;
                    args.cold_turns = 20;
                    args.read = 30;
                    args.warm = 50;
                }
                "--width" => args.width = number(&value("--width")?)?,
                "--budget-mib" => {
                    args.budget = number::<usize>(&value("--budget-mib")?)? * 1024 * 1024;
                }
                "--budget-bytes" => args.budget = number(&value("--budget-bytes")?)?,
                "--pages" => args.pages = number(&value("--pages")?)?,
                "--cold-opens" => args.cold_opens = number(&value("--cold-opens")?)?,
                "--cold-turns" => args.cold_turns = number(&value("--cold-turns")?)?,
                "--read" => args.read = number(&value("--read")?)?,
                "--warm" => args.warm = number(&value("--warm")?)?,
                "--pdfium" => args.pdfium = Some(value("--pdfium")?.into()),
                "--save-pages" => args.save_pages = Some(value("--save-pages")?.into()),
                "--memory-child" => args.memory_child = Some(value("--memory-child")?.into()),
                "-h" | "--help" => {
                    println!("{USAGE}");
                    std::process::exit(0);
                }
                other => bail!("unknown argument {other:?}\n{USAGE}"),
            }
        }
        if args.width == 0 || args.pages < 2 || args.cold_opens == 0 {
            bail!("--width, --cold-opens must be above 0 and --pages above 1");
        }
        args.read = args.read.min(args.pages - 1);
        Ok(args)
    }
}

fn number<T: std::str::FromStr>(text: &str) -> Result<T> {
    text.parse()
        .ok()
        .with_context(|| format!("{text:?} is not a number"))
}

fn main() -> ExitCode {
    let outcome = Args::parse(std::env::args().skip(1)).and_then(|args| match &args.memory_child {
        Some(dir) => scenario::memory_child(&args, dir),
        None => run(&args),
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kiosk-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<()> {
    let start = Instant::now();
    if let Some(load) = load_average() {
        progress(start, &format!("load average before the run: {load}"));
        if load
            .split_whitespace()
            .next()
            .and_then(|l| l.parse::<f64>().ok())
            > Some(1.0)
        {
            eprintln!("kiosk-bench: warning: the machine is busy: these numbers will be noisy");
        }
    }
    let dir = TempDir::new()?;
    let papers = scenario::write_papers(args, &dir.0)?;
    progress(
        start,
        &format!(
            "paper cache filled in {}: the {}-page paper ({:.1} MB) and {} more ({:.1} MB)",
            dir.0.display(),
            args.pages,
            megabytes(papers.big_bytes),
            OTHER_PAPERS.len(),
            megabytes(papers.other_bytes),
        ),
    );

    if let Some(out) = &args.save_pages {
        scenario::save_pages(args, &papers, out)?;
        progress(start, &format!("pages saved to {}", out.display()));
    }

    progress(start, "memory: a fresh process reads the paper through");
    let memory = scenario::memory_in_child(args, &dir.0)?;

    let latency = scenario::latency(args, &papers, |what| progress(start, what))?;

    println!(
        "kiosk-bench: page {} px wide, cache budget {} MiB, a {}-page paper ({:.1} MB) \
         from the paper cache, PDFium {}",
        args.width,
        args.budget / (1024 * 1024),
        args.pages,
        megabytes(papers.big_bytes),
        latency.library.display(),
    );
    println!();
    print!("{}", latency.table());
    println!();
    print!("{}", memory.table(args));
    Ok(())
}

/// A directory under the system's temporary directory, removed on drop.
#[derive(Debug)]
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<Self> {
        let dir = std::env::temp_dir().join(format!("kiosk-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Self(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[allow(clippy::cast_precision_loss, reason = "file sizes are far below 2^52")]
fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn load_average() -> Option<String> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}

/// Progress on stderr, with the time since the bench started.
fn progress(start: Instant, what: &str) {
    eprintln!("[{:>7.1}s] {what}", start.elapsed().as_secs_f64());
}
