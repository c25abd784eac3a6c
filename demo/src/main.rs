//! `demo`: the demo room on this machine. Run it with `cargo xtask demo
//! [--headless]`, which builds the controller, console and kiosk beside it.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Parser;
use demo::bins::Bins;
use demo::script::{self, Options};

#[derive(Debug, Parser)]
#[command(about = "The phonghop demo room: the demo meeting, in windows or headless")]
struct Args {
    /// No windows: simulated seats and a scripted meeting from roll call to
    /// uploaded minutes; exits non-zero if any step fails.
    #[arg(long)]
    headless: bool,
    /// With --headless: seats in the room (3 to 25).
    #[arg(long, default_value_t = 25)]
    seats: u32,
    /// The room's files (emptied first).
    #[arg(long, default_value = "target/demo")]
    dir: PathBuf,
    /// With --headless: where the screenshots go.
    #[arg(long, default_value = "target/screenshots/demo")]
    screenshots: PathBuf,
}

fn main() -> Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let bins = Bins::beside_me()?;
    if args.dir.exists() {
        std::fs::remove_dir_all(&args.dir)
            .with_context(|| format!("cannot empty {}", args.dir.display()))?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    if args.headless {
        if args.screenshots.exists() {
            std::fs::remove_dir_all(&args.screenshots)
                .with_context(|| format!("cannot empty {}", args.screenshots.display()))?;
        }
        let summary = runtime.block_on(script::run(&Options {
            seats: args.seats,
            dir: std::path::absolute(&args.dir)?,
            screenshots: std::path::absolute(&args.screenshots)?,
            bins,
        }))?;
        println!(
            "\ndemo done: {} of {} members present, {} ballots decided, minutes {}",
            summary.present,
            summary.members,
            summary.results.len(),
            summary
                .minutes
                .as_ref()
                .map_or_else(|| "not made".to_owned(), |m| format!("{} bytes", m.len()))
        );
        Ok(())
    } else {
        runtime.block_on(demo::windows::run(&std::path::absolute(&args.dir)?, &bins))
    }
}
