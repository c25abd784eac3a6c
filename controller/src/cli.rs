//! The `controller` command line, as a library function so other binaries
//! (the end-to-end tests' copy of the controller) run exactly the same code.

use std::path::PathBuf;

use crate::app;
use crate::config::Config;
use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use protocol::ids::MeetingId;

#[derive(Debug, Parser)]
#[command(name = "controller", version, about = "phonghop room controller")]
struct Cli {
    /// The configuration file.
    #[arg(long, short, global = true, default_value = "controller.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the room: broker, paper server, central sync, session, uploads.
    Run {
        /// The meeting to run; default: the current one, or the next planned.
        #[arg(long)]
        meeting: Option<MeetingId>,
    },
    /// Import a meeting bundle folder (meeting.json + documents/) from removable media.
    Import { bundle: PathBuf },
    /// Pull meetings and papers from the central system now.
    Sync,
    /// Show meetings, sync health, the session and the outbox.
    Status {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Usage report for a period: meetings, attendance, ballots, sync and upload health.
    Report {
        /// First day, YYYY-MM-DD (UTC).
        #[arg(long)]
        from: String,
        /// Day after the last, YYYY-MM-DD (UTC).
        #[arg(long)]
        to: String,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Make a new Ed25519 device key file and print its public key.
    Keygen { path: PathBuf },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Check the whole hash chain; fails if a row was changed or removed.
    Verify,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
}

/// Parses the command line and runs the subcommand.
pub fn main() -> Result<()> {
    let cli = Cli::parse();
    app::init_tracing();
    if let Command::Keygen { path } = &cli.command {
        println!("{}", app::keygen(path)?);
        return Ok(());
    }
    let cfg = Config::load(&cli.config)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    match cli.command {
        Command::Run { meeting } => rt.block_on(app::run(cfg, meeting, app::ctrl_c())),
        Command::Import { bundle } => {
            let s = app::import(&cfg, &bundle)?;
            println!("{s}");
            Ok(())
        }
        Command::Sync => {
            let s = rt.block_on(app::sync_now(&cfg))?;
            println!("{s}");
            Ok(())
        }
        Command::Status { format } => {
            let s = app::status(&cfg)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&s)?),
                Format::Text | Format::Csv => print!("{s}"),
            }
            Ok(())
        }
        Command::Report { from, to, format } => {
            let r = app::report(&cfg, &from, &to)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&r)?),
                Format::Csv | Format::Text => print!("{}", r.to_csv()),
            }
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let r = app::audit_verify(&cfg)?;
            println!("audit log intact: {} rows, head {}", r.rows, r.head);
            Ok(())
        }
        Command::Keygen { .. } => unreachable!("handled above"),
    }
}
