//! `cargo xtask demo [--headless]`: sets up what is missing, builds the
//! controller, console, kiosk and the `demo` program, and runs the demo room
//! (the `demo` package).
//!
//! `cargo xtask demo-bundle [--check] [--out DIR]`: writes the demo meeting
//! bundle into `assets/demo/bundle` (or DIR) with the `make-demo-bundle`
//! binary of the `tests` package, or checks that the committed one is what
//! the generator makes.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::{run_cargo, setup, target_dir, workspace_root};

#[derive(Debug, clap::Args)]
pub(crate) struct DemoArgs {
    /// No windows: simulated seats and a scripted meeting from roll call to
    /// uploaded minutes, with screenshots in target/screenshots/demo.
    #[arg(long)]
    headless: bool,
    /// With --headless: seats in the room (3 to 25).
    #[arg(long, default_value_t = 25)]
    seats: u32,
}

pub(crate) fn run(args: &DemoArgs) -> Result<()> {
    setup::run(&setup::Args::default())?;
    run_cargo(
        &[
            "build",
            "--package",
            "controller",
            "--package",
            "console",
            "--package",
            "kiosk",
            "--package",
            "demo",
            "--bins",
        ],
        std::iter::empty::<(&str, &str)>(),
    )?;
    let demo = target_dir()?.join("debug").join("demo");
    let mut command = std::process::Command::new(&demo);
    command.current_dir(workspace_root());
    if args.headless {
        command.args(["--headless", "--seats", &args.seats.to_string()]);
    }
    let status = command
        .status()
        .with_context(|| format!("cannot start {}", demo.display()))?;
    anyhow::ensure!(status.success(), "the demo failed: {status}");
    Ok(())
}

#[derive(Debug, clap::Args)]
pub(crate) struct BundleArgs {
    /// Write nothing; fail if the bundle differs from a fresh generation.
    #[arg(long)]
    check: bool,
    /// The bundle folder (default: assets/demo/bundle).
    #[arg(long)]
    out: Option<PathBuf>,
}

pub(crate) fn bundle(args: &BundleArgs) -> Result<()> {
    let mut cargo_args = vec![
        "run".to_owned(),
        "--quiet".to_owned(),
        "--package".to_owned(),
        "tests".to_owned(),
        "--bin".to_owned(),
        "make-demo-bundle".to_owned(),
        "--".to_owned(),
    ];
    if args.check {
        cargo_args.push("--check".to_owned());
    }
    if let Some(out) = &args.out {
        let out = std::path::absolute(out)
            .with_context(|| format!("cannot resolve {}", out.display()))?;
        cargo_args.push("--out".to_owned());
        cargo_args.push(
            out.to_str()
                .context("the bundle folder must be a UTF-8 path")?
                .to_owned(),
        );
    }
    run_cargo(&cargo_args, std::iter::empty::<(&str, &str)>())
}
