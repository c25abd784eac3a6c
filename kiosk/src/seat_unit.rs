//! The seat unit beside the screen: the backend `[hardware]` names, polled
//! on a thread of its own, its key and card events handed to the app, its
//! LEDs kept showing the seat's state, and its light level applied to the
//! screen's backlight.
//!
//! The thread, not the UI or the tokio runtime, does the bus I/O: an I2C or
//! SPI transfer blocks, and a seat unit is polled every
//! [`hardware::seat_unit::KEY_POLL_MS`] milliseconds. What a key means is the
//! app's business (`app::seat_unit`), on the UI thread, so a vote key goes
//! through the same confirm step as a touch; the LEDs follow the seat's
//! view (`kiosk_core::desk::leds`).

use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use hardware::config::{Backend, HardwareConfig};
use hardware::linux::LinuxSeatUnit;
use hardware::screen::SysfsBacklight;
use hardware::seat_unit::KEY_POLL_MS;
use hardware::sim::{SimHandle, SimSeatUnit};
use hardware::{Leds, Millis, SeatEvent, SeatUnitError};
use kiosk_core::seat::SeatHandle;

use crate::app::App;
use crate::ui::{self, AppWindow};

/// The running seat unit. Dropping it stops the thread and puts the LEDs out.
#[derive(Debug)]
pub struct SeatUnitTask {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    sim: Option<SimHandle>,
    socket: Option<PathBuf>,
}

impl SeatUnitTask {
    /// Opens the unit `config` names and starts polling it: `events` gets
    /// every key and card event (from the unit's thread), the LEDs follow
    /// `seat`'s view. `Ok(None)` when the seat has no hardware.
    pub fn start(
        config: &HardwareConfig,
        seat: SeatHandle,
        events: impl Fn(SeatEvent) + Send + 'static,
    ) -> Result<Option<Self>> {
        let (unit, sim, socket) = match config.backend {
            Backend::None => return Ok(None),
            Backend::Linux => {
                let unit = hardware::linux::open(config).context("cannot open the seat unit")?;
                (Unit::Linux(Box::new(unit)), None, None)
            }
            Backend::Sim => {
                let unit = SimSeatUnit::new(config.unit());
                let handle = unit.handle();
                let socket = match &config.sim.socket {
                    Some(path) => Some(serve_sim(path, handle.clone())?),
                    None => None,
                };
                (Unit::Sim(Box::new(unit)), Some(handle), socket)
            }
        };
        let backlight = config
            .screen
            .backlight
            .as_deref()
            .and_then(|dir| match SysfsBacklight::open(dir) {
                Ok(b) => Some(b),
                Err(e) => {
                    tracing::warn!(cause = %e, "no backlight control: the light level is only logged");
                    None
                }
            });
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::thread::Builder::new()
            .name("seat-unit".into())
            .spawn({
                let stop = stop.clone();
                move || run(unit, &seat, backlight.as_ref(), &events, &stop)
            })
            .context("cannot start the seat unit's thread")?;
        tracing::info!(backend = ?config.backend, "seat unit started");
        Ok(Some(Self {
            stop,
            thread: Some(thread),
            sim,
            socket,
        }))
    }

    /// The simulated unit's handle (keys from the window's keyboard, a card
    /// from the command line); `None` for real hardware.
    pub fn sim(&self) -> Option<&SimHandle> {
        self.sim.as_ref()
    }
}

impl Drop for SeatUnitTask {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the seat unit's thread panicked");
        }
        if let Some(path) = &self.socket {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Starts the seat unit `config` names, wired to `app` and its window: key
/// and card events go to the app, the confirm step mentions the keys, and a
/// simulated unit's keys are the window's F1–F4. Without a unit, or if it
/// cannot be opened (said in the log), the touchscreen is all there is.
pub fn attach(config: &HardwareConfig, app: &App, window: &AppWindow) -> Option<SeatUnitTask> {
    let unit = match SeatUnitTask::start(config, app.handle().clone(), app.desk_events()) {
        Ok(unit) => unit?,
        Err(e) => {
            tracing::error!(
                cause = format!("{e:#}"),
                "no seat unit: only the touchscreen works"
            );
            return None;
        }
    };
    ui::voting_adapter::set_desk_keys(window, true);
    if let Some(sim) = unit.sim().cloned() {
        ui::desk_keys_adapter::simulate(window, move |key, down| {
            tracing::debug!(?key, down, "desk key from the window's keyboard");
            if down {
                sim.press(key);
            } else {
                // A keyboard tap can be shorter than the debounce time.
                sim.let_up(key);
            }
        });
    }
    Some(unit)
}

/// Listens on `path` for the simulation's command lines (a stale socket
/// file left by a previous run is replaced).
fn serve_sim(path: &Path, handle: SimHandle) -> Result<PathBuf> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| {
            format!("cannot create {} for the seat unit's socket", dir.display())
        })?;
    }
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot replace {}", path.display())),
    }
    let listener =
        UnixListener::bind(path).with_context(|| format!("cannot listen on {}", path.display()))?;
    std::thread::Builder::new()
        .name("seat-sim".into())
        .spawn(move || {
            // Blocking accept: the thread ends with the process.
            if let Err(e) = hardware::sim::serve(&listener, &handle) {
                tracing::warn!(cause = %e, "the simulated seat unit's socket stopped");
            }
        })
        .context("cannot start the simulated seat unit's socket")?;
    tracing::info!(socket = %path.display(), "simulated seat unit listening");
    Ok(path.to_path_buf())
}

/// The unit behind the task.
enum Unit {
    Sim(Box<SimSeatUnit>),
    Linux(Box<LinuxSeatUnit>),
}

/// Which part of the unit failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Panel,
    Card,
    Light,
}

impl Unit {
    fn poll(&mut self, now: Millis, event: impl FnMut(SeatEvent)) -> Result<(), (Part, String)> {
        match self {
            Unit::Sim(u) => {
                u.poll(now, event);
                Ok(())
            }
            Unit::Linux(u) => u.poll(now, event).map_err(|e| match e {
                SeatUnitError::Panel(e) => (Part::Panel, e.to_string()),
                SeatUnitError::Card(e) => (Part::Card, e.to_string()),
                SeatUnitError::Light(e) => (Part::Light, e.to_string()),
            }),
        }
    }

    fn set_leds(&mut self, leds: Leds) -> Result<(), String> {
        match self {
            Unit::Sim(u) => {
                u.set_leds(leds);
                Ok(())
            }
            Unit::Linux(u) => u.set_leds(leds).map_err(|e| e.to_string()),
        }
    }
}

/// A part that keeps failing is logged when it starts, every minute while
/// it lasts, and when it recovers: not at every poll.
#[derive(Debug, Default)]
struct Trouble {
    since: Option<Instant>,
    said: Option<Instant>,
    times: u64,
}

impl Trouble {
    const REPEAT: Duration = Duration::from_mins(1);
    /// A card taken away mid-read fails a poll or two; a reader failing
    /// this many polls in a row is a fault.
    const CARD_FAULT: u64 = 10;

    fn failed(&mut self, part: Part, error: &str) {
        let now = Instant::now();
        self.times += 1;
        self.since.get_or_insert(now);
        if part == Part::Card && self.times < Self::CARD_FAULT {
            tracing::debug!(cause = error, "card read failed");
            return;
        }
        if self
            .said
            .is_none_or(|t| now.duration_since(t) >= Self::REPEAT)
        {
            self.said = Some(now);
            tracing::warn!(
                ?part,
                cause = error,
                failures = self.times,
                "seat unit failing"
            );
        }
    }

    fn worked(&mut self, part: Part) {
        if let Some(since) = self.since.take() {
            if self.said.is_some() {
                tracing::info!(?part, after = ?since.elapsed(), failures = self.times, "seat unit working again");
            }
            self.said = None;
            self.times = 0;
        }
    }
}

/// The unit's thread: polls, hands events on, keeps the LEDs and the backlight.
fn run(
    mut unit: Unit,
    seat: &SeatHandle,
    backlight: Option<&SysfsBacklight>,
    events: &dyn Fn(SeatEvent),
    stop: &AtomicBool,
) {
    let start = Instant::now();
    let mut trouble = [Trouble::default(), Trouble::default(), Trouble::default()];
    let mut shown: Option<Leds> = None;
    let mut led_trouble = Trouble::default();
    while !stop.load(Ordering::Acquire) {
        let now = Millis(u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX));
        let polled = unit.poll(now, |event| match event {
            SeatEvent::LightLevel(percent) => set_backlight(backlight, percent),
            other => events(other),
        });
        match polled {
            Ok(()) => {
                for (part, t) in [Part::Panel, Part::Card, Part::Light]
                    .iter()
                    .zip(&mut trouble)
                {
                    t.worked(*part);
                }
            }
            Err((part, error)) => trouble[part as usize].failed(part, &error),
        }
        let leds = kiosk_core::desk::leds(&seat.view());
        if shown != Some(leds) {
            match unit.set_leds(leds) {
                Ok(()) => {
                    shown = Some(leds);
                    led_trouble.worked(Part::Panel);
                }
                Err(e) => led_trouble.failed(Part::Panel, &e),
            }
        }
        // The poll interval of the keys (a period, not a wait for a condition).
        std::thread::sleep(Duration::from_millis(KEY_POLL_MS));
    }
    if let Err(e) = unit.set_leds(Leds::default()) {
        tracing::warn!(cause = e, "cannot put the seat's LEDs out");
    }
}

fn set_backlight(backlight: Option<&SysfsBacklight>, percent: u8) {
    let Some(b) = backlight else {
        tracing::debug!(percent, "ambient light: backlight level");
        return;
    };
    if let Err(e) = b.set_percent(percent) {
        tracing::warn!(cause = %e, "cannot set the backlight");
    }
}
