//! `console`: the secretary console of a meeting room.
//!
//! ```text
//! console [--config console.toml]                    the console's window
//! console --config console.toml accounts add --role it [--name "Họ tên"] NAME
//! console --config console.toml accounts list | reset NAME | remove NAME
//! ```
//!
//! The Slint event loop owns the main thread; the session with the
//! controller and the password checks run on a small tokio runtime.
//! `accounts add` and `accounts reset` print a one-time password, once: the
//! account must change it at its first login.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use console::accounts::{self, Accounts, Policy};
use console::app::{App, Parts, Settings};
use console::config::Config;
use console::session;
use console::ui::{self, AppWindow};
use protocol::ids::AccountId;
use slint::ComponentHandle;

#[derive(Debug, Parser)]
#[command(version, about = "phonghop secretary console")]
struct Args {
    /// The console's configuration file.
    #[arg(long, default_value = "console.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Operator accounts (secretaries, chairs, IT).
    #[command(subcommand)]
    Accounts(AccountsCommand),
}

#[derive(Debug, Subcommand)]
enum AccountsCommand {
    /// Adds an account and prints its one-time password.
    Add {
        /// secretary, chair or it.
        #[arg(long)]
        role: String,
        /// The operator's full name, as the console shows it.
        #[arg(long, default_value = "")]
        name: String,
        /// The account name (letters, digits, '.', '_', '-').
        account: String,
    },
    /// Lists the accounts.
    List,
    /// Gives an account a new one-time password and unlocks it.
    Reset { account: String },
    /// Removes an account.
    Remove { account: String },
}

fn main() -> Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,rumqttc=warn".into()),
        )
        // The log is stderr (journald, or the demo's log files); stdout
        // carries what the command prints.
        .with_writer(std::io::stderr)
        .init();
    let config = Config::load(&args.config)?;
    match args.command {
        Some(Command::Accounts(cmd)) => accounts_command(&config, cmd),
        None => run(&config),
    }
}

fn open_accounts(config: &Config) -> Result<Accounts> {
    Accounts::open(&config.accounts_db, Policy::default())
        .with_context(|| format!("cannot open {}", config.accounts_db.display()))
}

fn account_name(name: &str) -> Result<AccountId> {
    AccountId::new(name).with_context(|| {
        format!("{name:?} is not an account name: use letters, digits, '.', '_' and '-'")
    })
}

fn accounts_command(config: &Config, cmd: AccountsCommand) -> Result<()> {
    let accounts = open_accounts(config)?;
    let now = link::clock();
    match cmd {
        AccountsCommand::Add {
            role,
            name,
            account,
        } => {
            let Some(role) = accounts::parse_role(&role) else {
                bail!("--role {role:?}: the role is secretary, chair or it");
            };
            let id = account_name(&account)?;
            let otp = accounts.add(&id, &name, role, now)?;
            println!("account {id} ({}) added", accounts::role_code(role));
            println!("one-time password: {}", otp.as_str());
            println!("it must be changed at the first login; it is not shown again");
        }
        AccountsCommand::List => {
            for a in accounts.list(now)? {
                let mut notes = Vec::new();
                if a.must_change_password {
                    notes.push("one-time password".to_owned());
                }
                if let Some(until) = a.locked_until {
                    notes.push(format!(
                        "locked until {} UTC",
                        console::text::clock(until, 0)
                    ));
                }
                println!(
                    "{}\t{}\t{}\t{}",
                    a.name,
                    accounts::role_code(a.role),
                    a.full_name,
                    notes.join(", ")
                );
            }
        }
        AccountsCommand::Reset { account } => {
            let id = account_name(&account)?;
            let otp = accounts.reset(&id, now)?;
            println!("account {id} reset and unlocked");
            println!("one-time password: {}", otp.as_str());
            println!("it must be changed at the next login; it is not shown again");
        }
        AccountsCommand::Remove { account } => {
            let id = account_name(&account)?;
            accounts.remove(&id)?;
            println!("account {id} removed");
        }
    }
    Ok(())
}

/// The console's window until it closes or the service is stopped.
fn run(config: &Config) -> Result<()> {
    let session_config = config.session()?;
    let accounts = open_accounts(config)?;
    if accounts.is_empty()? {
        eprintln!(
            "no operator account yet: add one with\n  console --config {} accounts add --role it NAME",
            config
                .file
                .as_ref()
                .map_or_else(|| "console.toml".to_owned(), |p| p.display().to_string())
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("console-io")
        .enable_all()
        .build()
        .context("cannot start the console's runtime")?;
    let handle = {
        let _in = runtime.enter();
        session::start(session_config.clone())?
    };
    tracing::info!(room = %session_config.room, device = %session_config.device, "secretary console starting");
    let window = AppWindow::new().context("cannot create the console window")?;
    ui::set_language(&window, config.language.language()).context("cannot select the language")?;
    if config.display.fullscreen {
        window.window().set_fullscreen(true);
    } else {
        window.window().set_size(slint::PhysicalSize::new(
            config.display.width,
            config.display.height,
        ));
    }
    let _app = App::new(
        &window,
        Parts {
            handle: handle.clone(),
            accounts,
            runtime: runtime.handle().clone(),
            settings: Settings {
                room_name: config.room_label().to_owned(),
                utc_offset_minutes: config.utc_offset_minutes,
            },
        },
    );
    runtime.spawn(async {
        stop_signal().await;
        let _ = slint::invoke_from_event_loop(|| {
            let _ = slint::quit_event_loop();
        });
    });
    let ran = window.run().context("the console's event loop failed");
    runtime.block_on(async {
        if tokio::time::timeout(Duration::from_secs(3), handle.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("the console's session did not stop in time");
        }
    });
    ran
}

async fn stop_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}
