//! `kiosk`: the seat kiosk, one per seat, full screen on its touchscreen.
//!
//! ```text
//! kiosk [--config kiosk.toml] [--card HEX]
//! kiosk --config kiosk.toml --headless --screenshot-dir DIR [--card HEX] [--seconds N]
//! ```
//!
//! The Slint event loop owns the main thread; the seat's session and paper
//! downloads run on a small tokio runtime, and PDFium on the renderer's
//! own thread. `--headless` runs the same wired app on the software
//! renderer without a display and writes a PNG of the screen whenever what
//! it shows changes (a way to check the wiring by looking).
//!
//! The seat unit (`[hardware]`: keys, LEDs, card reader, light sensor) runs
//! on a thread of its own (`kiosk::seat_unit`). With the simulated unit, the
//! window's F1–F4 keys press its keys, and `--card` lays a card (its UID in
//! hex, as a reader prints it: `04504C00000007`) on its reader once the room
//! is reachable; headless without a unit, `--card` taps the card straight
//! into the sign-in.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Parser;
use hardware::Uid;
use hardware::sim::SimHandle;
use kiosk::app::{App, Papers, Parts, Settings, Wake};
use kiosk::config::Config;
use kiosk::ui::headless::Headless;
use kiosk::ui::{self, AppWindow, Page};
use kiosk_core::render::{DEFAULT_BUDGET_BYTES, Renderer};
use kiosk_core::seat::{self, SeatHandle};
use slint::ComponentHandle;

#[derive(Debug, Parser)]
#[command(version, about = "phonghop seat kiosk")]
struct Args {
    /// The kiosk's configuration file.
    #[arg(long, default_value = "kiosk.toml")]
    config: PathBuf,
    /// Run without a display, on the software renderer.
    #[arg(long)]
    headless: bool,
    /// With --headless: write a PNG here whenever the screen changes.
    #[arg(long, requires = "headless")]
    screenshot_dir: Option<PathBuf>,
    /// Tap this card (its UID in hex) once the room is reachable: on the
    /// simulated seat unit's reader, or (headless, without a unit) straight
    /// into the sign-in.
    #[arg(long, value_parser = parse_uid)]
    card: Option<CardUid>,
    /// With --headless: stop after this many seconds.
    #[arg(long, default_value_t = 60, requires = "headless")]
    seconds: u64,
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
    let seat_config = config.seat_config(env!("CARGO_PKG_VERSION"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("kiosk-io")
        .enable_all()
        .build()
        .context("cannot start the kiosk's runtime")?;
    let renderer = match Renderer::start(config.pdfium.clone(), DEFAULT_BUDGET_BYTES) {
        Ok(r) => Some(r),
        Err(e) => {
            tracing::error!(cause = %e, "no PDF renderer: papers cannot be shown");
            None
        }
    };
    let handle = {
        let _in = runtime.enter();
        seat::start(seat_config.clone()).context("cannot start the seat's session")?
    };
    let papers = Papers::of_seat(
        &handle,
        seat_config.papers_url.as_deref(),
        runtime.handle().clone(),
    );
    tracing::info!(room = %seat_config.room, seat = %seat_config.seat, "seat kiosk starting");
    let parts = Parts {
        handle: handle.clone(),
        runtime: runtime.handle().clone(),
        renderer,
        papers,
        settings: Settings {
            seat: seat_config.seat.clone(),
            seat_label: config.seat_label().to_owned(),
            room_name: config.room_name.clone(),
            organisation: config.organisation.clone(),
            utc_offset_minutes: config.utc_offset_minutes,
        },
    };
    let ran = if args.headless {
        headless(&args, &config, parts)
    } else {
        windowed(&args, &config, parts, &runtime)
    };
    // Say "offline" to the room and disconnect, whatever ended the run.
    runtime.block_on(async {
        if tokio::time::timeout(Duration::from_secs(3), handle.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("the seat's session did not stop in time");
        }
    });
    ran
}

/// The kiosk on its screen until the window closes or the service is stopped.
fn windowed(
    args: &Args,
    config: &Config,
    parts: Parts,
    runtime: &tokio::runtime::Runtime,
) -> Result<()> {
    let window = AppWindow::new().context("cannot create the kiosk window")?;
    ui::set_language(&window, config.language.language()).context("cannot select the language")?;
    if config.display.fullscreen {
        window.window().set_fullscreen(true);
    } else {
        window.window().set_size(slint::PhysicalSize::new(
            config.display.width,
            config.display.height,
        ));
    }
    let app = App::new(&window, parts);
    let unit = kiosk::seat_unit::attach(&config.hardware, &app, &window);
    if let Some(card) = &args.card {
        let sim = unit
            .as_ref()
            .and_then(|u| u.sim().cloned())
            .context("--card lays the card on the simulated seat unit: set `[hardware] backend = \"sim\"` or PHONGHOP_KIOSK_HARDWARE=sim")?;
        runtime.spawn(lay_card_when_reachable(
            app.handle().clone(),
            sim,
            card.0.clone(),
        ));
    }
    // SIGTERM (systemd) or Ctrl-C ends the event loop, so the seat says goodbye.
    runtime.spawn(async {
        stop_signal().await;
        let _ = slint::invoke_from_event_loop(|| {
            let _ = slint::quit_event_loop();
        });
    });
    window.run().context("the kiosk's event loop failed")
}

/// Lays `uid` on the simulated reader once the room is reachable.
async fn lay_card_when_reachable(handle: SeatHandle, sim: SimHandle, uid: Vec<u8>) {
    let Some(card) = Uid::new(&uid) else {
        tracing::error!("--card: not a card UID");
        return;
    };
    let reachable = handle
        .wait_until(Duration::from_hours(24), |v| {
            v.is_online() && v.manifest.is_some()
        })
        .await;
    if reachable.is_ok() {
        tracing::info!(%card, "laying the card given on the command line on the reader");
        sim.present_card(card);
    }
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

/// The wired app without a display: pumps it as things arrive and writes a
/// PNG whenever the screen changes.
fn headless(args: &Args, config: &Config, parts: Parts) -> Result<()> {
    let shots = Headless::install(config.display.width, config.display.height)?;
    let window = AppWindow::new().context("cannot create the kiosk window")?;
    window.show().context("cannot show the kiosk window")?;
    ui::set_language(&window, config.language.language()).context("cannot select the language")?;
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let wake: Wake = Arc::new(move || {
        let _ = tx.send(());
    });
    let handle: SeatHandle = parts.handle.clone();
    let app = App::with_wake(&window, parts, wake);
    let unit = kiosk::seat_unit::attach(&config.hardware, &app, &window);
    let sim = unit.as_ref().and_then(|u| u.sim().cloned());
    if let Some(dir) = &args.screenshot_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut card = args.card.clone();
    let mut last = String::new();
    let mut taken = 0u32;
    let end = Instant::now() + Duration::from_secs(args.seconds);
    while Instant::now() < end {
        // Woken by the app, or every half second for the clocks.
        let _ = rx.recv_timeout(Duration::from_millis(500));
        while rx.try_recv().is_ok() {}
        app.pump();
        let view = handle.view();
        if view.is_online()
            && view.manifest.is_some()
            && let Some(uid) = card.take()
        {
            tracing::info!("tapping the card given on the command line");
            match (&sim, Uid::new(&uid.0)) {
                (Some(sim), Some(uid)) => sim.present_card(uid),
                _ => app.card_tapped(&uid.0),
            }
        }
        let now = screen(&window);
        if now != last {
            last = now;
            if let Some(dir) = &args.screenshot_dir {
                taken += 1;
                let page = format!("{:?}", ui::current_page(&window)).to_lowercase();
                let path = dir.join(format!("{taken:03}-{page}.png"));
                shots.save_png(&path)?;
                println!("{}", path.display());
            }
        }
    }
    Ok(())
}

/// What the screen shows, in brief: a new screenshot when this changes.
fn screen(window: &AppWindow) -> String {
    let status = window.global::<ui::StatusAdapter>();
    let voting = window.global::<ui::VotingAdapter>();
    let viewer = window.global::<ui::ViewerAdapter>();
    let notice = window.global::<ui::NoticeAdapter>();
    let page = ui::current_page(window);
    let detail = match page {
        Page::Voting => format!("{:?} {}", voting.get_step(), voting.get_receipt()),
        Page::Viewer => format!(
            "{} {} {}",
            viewer.get_page(),
            viewer.get_loading(),
            viewer.get_zoom_percent()
        ),
        _ => String::new(),
    };
    format!(
        "{page:?} {:?} {} {} {detail}",
        status.get_connection(),
        status.get_signed_in(),
        notice.get_visible()
    )
}

/// A card's UID, as the reader reports it.
#[derive(Debug, Clone)]
struct CardUid(Vec<u8>);

/// A card UID given in hex (`04504C00000007`), 4 to 10 bytes as ISO 14443 has them.
fn parse_uid(text: &str) -> Result<CardUid, String> {
    let uid = hex::decode(text.trim()).map_err(|e| format!("not hex: {e}"))?;
    if (4..=10).contains(&uid.len()) {
        Ok(CardUid(uid))
    } else {
        Err(format!("a card UID has 4 to 10 bytes, not {}", uid.len()))
    }
}
