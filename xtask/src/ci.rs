//! `cargo xtask ci`: everything CI runs, in order, stopping at the first
//! failing step: setup, fmt, clippy, tidy, no_std, test.

use std::ffi::OsString;

use std::time::{Duration, Instant};

use anyhow::Result;

use crate::{run_cargo, setup, tidy};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Extra arguments appended to `cargo test --workspace`, given after `--`;
    /// e.g. `cargo xtask ci -- -p protocol -- --nocapture`.
    #[arg(last = true)]
    test_args: Vec<String>,
}

#[derive(Debug)]
enum Action {
    /// Another xtask subcommand, run in this process.
    Xtask(fn() -> Result<()>),
    /// A cargo command with its arguments and extra environment.
    Cargo {
        args: Vec<String>,
        env: Vec<(&'static str, OsString)>,
    },
}

#[derive(Debug)]
struct Step {
    name: &'static str,
    action: Action,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let pdfium_dir = setup::pdfium_dir()?;
    let mut test_args = vec!["test".to_owned(), "--workspace".to_owned()];
    test_args.extend(args.test_args.iter().cloned());

    let steps = [
        Step {
            name: "setup",
            action: Action::Xtask(|| setup::run(&setup::Args::default())),
        },
        cargo_step("fmt", &["fmt", "--all", "--", "--check"]),
        cargo_step(
            "clippy",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        Step {
            name: "tidy",
            action: Action::Xtask(tidy::run),
        },
        Step {
            name: "no_std",
            action: Action::Xtask(no_std_drivers),
        },
        Step {
            name: "test",
            action: Action::Cargo {
                args: test_args,
                env: vec![
                    ("PDFIUM_LIB_DIR", pdfium_dir.into_os_string()),
                    // The workspace run builds room-controller with the tests.
                    ("PHONGHOP_WORKSPACE_TEST", "1".into()),
                ],
            },
        },
    ];

    let mut timings = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        println!(
            "\n==> ci [{}/{}] {}: {}",
            index + 1,
            steps.len(),
            step.name,
            describe(&step.action)
        );
        let start = Instant::now();
        let result = run_step(&step.action);
        timings.push((step.name, start.elapsed()));
        if let Err(err) = result {
            print_timings(&timings);
            return Err(err.context(format!("ci step `{}` failed", step.name)));
        }
    }
    print_timings(&timings);
    println!("ci: all {} steps passed", steps.len());
    Ok(())
}

/// The bare-metal target the seat unit's drivers are built for.
const NO_STD_TARGET: &str = "thumbv7em-none-eabihf";

/// The `hardware` drivers without `std`, for a bare-metal target, so a
/// dependency or a line of ours that needs `std` fails CI. The target is
/// added with rustup if it is missing; where rustup cannot fetch it (no
/// network to the Rust dist server), the drivers are built without `std`
/// for the host instead, which still checks that our code needs only
/// `core`, and the log says that the dependencies went unchecked.
fn no_std_drivers() -> Result<()> {
    let installed = rustup(&["target", "list", "--installed"])
        .is_some_and(|list| list.lines().any(|l| l.trim() == NO_STD_TARGET));
    let available = installed || rustup(&["target", "add", NO_STD_TARGET]).is_some();
    if available {
        run_cargo(
            &[
                "build",
                "-p",
                "hardware",
                "--no-default-features",
                "--target",
                NO_STD_TARGET,
            ],
            std::iter::empty::<(&str, &str)>(),
        )
    } else {
        println!(
            "ci: the {NO_STD_TARGET} target cannot be added here; building the drivers \
             without std for the host instead (our code is checked, the dependencies are not)"
        );
        run_cargo(
            &["build", "-p", "hardware", "--no-default-features"],
            std::iter::empty::<(&str, &str)>(),
        )
    }
}

/// Runs rustup; its output if it succeeded.
fn rustup(args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("rustup")
        .args(args)
        .output()
        .ok()?;
    if out.status.success() {
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        println!(
            "ci: `rustup {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
        None
    }
}

fn cargo_step(name: &'static str, args: &[&str]) -> Step {
    Step {
        name,
        action: Action::Cargo {
            args: args.iter().map(|&arg| arg.to_owned()).collect(),
            env: Vec::new(),
        },
    }
}

fn describe(action: &Action) -> String {
    match action {
        Action::Xtask(_) => "in process".to_owned(),
        Action::Cargo { args, .. } => format!("cargo {}", args.join(" ")),
    }
}

fn run_step(action: &Action) -> Result<()> {
    match action {
        Action::Xtask(run) => run(),
        Action::Cargo { args, env } => run_cargo(
            args,
            env.iter()
                .map(|(key, value)| (std::ffi::OsStr::new(key), value.as_os_str())),
        ),
    }
}

fn print_timings(timings: &[(&str, Duration)]) {
    println!("\nstep      seconds");
    for (name, elapsed) in timings {
        println!("{name:<8} {:>8.1}", elapsed.as_secs_f64());
    }
    let total: Duration = timings.iter().map(|(_, elapsed)| *elapsed).sum();
    println!("{:<8} {:>8.1}", "total", total.as_secs_f64());
}
