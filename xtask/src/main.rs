//! Project automation for phonghop, run as `cargo xtask <command>`.
//!
//! One file per subcommand: `setup.rs` installs what tests need (PDFium,
//! Debian packages), `tidy.rs` checks architecture invariants, `ci.rs` runs
//! everything CI runs, in order, `bench.rs` runs whole-system benchmarks.

mod bench;
mod ci;
mod demo;
mod screenshots;
mod setup;
mod tidy;

use std::env;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "phonghop project automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Install what builds and tests need: PDFium and Debian packages.
    Setup(setup::Args),
    /// Check architecture invariants (protocol stays sans-IO, licenses).
    Tidy,
    /// Run everything CI runs: setup, fmt, clippy, tidy, tests.
    Ci(ci::Args),
    /// Run a whole-system benchmark (release build): `bench vote --seats 100,500,2000`,
    /// `bench kiosk`.
    Bench(bench::Args),
    /// Render every kiosk screen to target/screenshots/kiosk-*.png.
    Screenshots,
    /// Run the demo room: controller, console and two seats in windows, or
    /// `--headless` with simulated seats and a scripted meeting.
    Demo(demo::DemoArgs),
    /// Write the demo meeting bundle (assets/demo/bundle), or `--check` it is up to date.
    DemoBundle(demo::BundleArgs),
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Setup(args) => setup::run(&args),
        Command::Tidy => tidy::run(),
        Command::Ci(args) => ci::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Screenshots => screenshots::run(),
        Command::Demo(args) => demo::run(&args),
        Command::DemoBundle(args) => demo::bundle(&args),
    }
}

/// The workspace root: the parent of this crate's manifest directory.
///
/// `cargo run` and `cargo test` set `CARGO_MANIFEST_DIR` at run time too; it
/// wins over the compile-time value, which goes stale when two checkouts
/// share one `CARGO_TARGET_DIR` and cargo reuses the other's binary.
fn workspace_root() -> PathBuf {
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Cargo's target directory: `CARGO_TARGET_DIR` if set, else `<root>/target`.
fn target_dir() -> Result<PathBuf> {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => std::path::absolute(PathBuf::from(dir))
            .context("cannot resolve CARGO_TARGET_DIR to an absolute path"),
        _ => Ok(workspace_root().join("target")),
    }
}

/// Runs `cargo ARGS` in the workspace root with extra environment, failing
/// with the command line if it fails.
fn run_cargo<A: AsRef<str>, S: AsRef<std::ffi::OsStr>>(
    args: &[A],
    env: impl IntoIterator<Item = (S, S)>,
) -> Result<()> {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    let shown = args.join(" ");
    let status = std::process::Command::new(cargo())
        .args(&args)
        .envs(env)
        .current_dir(workspace_root())
        .status()
        .with_context(|| format!("cannot start `cargo {shown}`"))?;
    anyhow::ensure!(status.success(), "`cargo {shown}` failed: {status}");
    Ok(())
}

/// The cargo binary that started us (`CARGO`), else `cargo` from `PATH`.
fn cargo() -> PathBuf {
    env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from)
}
