//! The real kiosk app in the demo room: its `kiosk.toml` (with a simulated
//! seat unit), and the headless app the script runs for one seat, driven
//! through the seat unit's socket as a delegate at a real desk would: the
//! card on the reader, the vote keys, the LEDs.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use console::session::ConsoleHandle;
use tests::demo;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;

use crate::room::DemoRoom;
use crate::script::Options;

/// The simulated seat unit's socket of seat `n`, beside its config.
pub(crate) fn desk_socket_name(n: u32) -> String {
    format!("seat-{n}.sock")
}

/// `kiosk.toml` for seat `n` of the demo room.
pub fn kiosk_toml(room: &DemoRoom, n: u32, fullscreen: bool) -> String {
    format!(
        "# Seat {n} of the demo room (written by the demo; DEMO KEYS ONLY).\n\
         room = \"{room_id}\"\n\
         room_name = \"Phòng họp 1 — Tỉnh ủy Phú Lâm\"\n\
         organisation = \"TỈNH ỦY PHÚ LÂM\"\n\
         seat = \"s{n}\"\n\
         seat_label = \"{n}\"\n\
         device_id = \"{device}\"\n\
         key_file = \"kiosk-s{n}.key\"\n\
         controller_key = \"{controller}\"\n\
         papers_url = \"{papers}\"\n\
         data_dir = \"seat-{n}\"\n\
         language = \"vi\"\n\
         utc_offset_minutes = 420\n\n\
         [broker]\n\
         url = \"mqtt://{host}:{port}\"\n\n\
         [display]\n\
         fullscreen = {fullscreen}\n\
         width = 1280\n\
         height = 800\n\n\
         # A simulated seat unit: F1 Tán thành, F2 Không tán thành,\n\
         # F3 Không biểu quyết, F4 micro; lines on its socket lay a card\n\
         # or press a key (\"card 04…\", \"key yes\", \"leds\").\n\
         [hardware]\n\
         backend = \"sim\"\n\n\
         [hardware.sim]\n\
         socket = \"{socket}\"\n",
        socket = desk_socket_name(n),
        room_id = demo::ROOM,
        device = demo::seat_device(n),
        controller = demo::CONTROLLER_PUBLIC_KEY,
        papers = room.papers_url(),
        host = room.broker.host,
        port = room.broker.port,
    )
}

/// Writes seat `n`'s kiosk config and key into the room's folder; returns
/// the config's path.
pub fn write_kiosk_files(room: &DemoRoom, n: u32, fullscreen: bool) -> Result<PathBuf> {
    std::fs::write(
        room.dir.join(format!("kiosk-s{n}.key")),
        hex::encode(demo::seat_key(n).to_bytes()),
    )?;
    let path = room.dir.join(format!("kiosk-s{n}.toml"));
    std::fs::write(&path, kiosk_toml(room, n, fullscreen))?;
    Ok(path)
}

/// The real kiosk app for one seat, headless, writing a PNG whenever its
/// screen changes.
pub(crate) struct KioskApp {
    pub(crate) n: u32,
    child: Child,
    shots: PathBuf,
    /// The simulated seat unit's socket.
    desk: PathBuf,
}

/// A script that fails part-way must not leave the app running (it would
/// run on for its `--seconds`, an hour).
impl Drop for KioskApp {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl KioskApp {
    pub(crate) fn start(
        bin: &std::path::Path,
        room: &DemoRoom,
        opts: &Options,
        n: u32,
    ) -> Result<Self> {
        let config = write_kiosk_files(room, n, false)?;
        let shots = opts.screenshots.join(format!("seat-{n}"));
        std::fs::create_dir_all(&shots)?;
        let log = std::fs::File::create(room.dir.join(format!("kiosk-s{n}.log")))?;
        let child = Command::new(bin)
            .arg("--config")
            .arg(&config)
            .arg("--headless")
            .arg("--screenshot-dir")
            .arg(&shots)
            .arg("--card")
            .arg(hex::encode(demo::card_uid(n)))
            .arg("--seconds")
            .arg("3600")
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("cannot start the kiosk app {}", bin.display()))?;
        Ok(Self {
            n,
            child,
            shots,
            desk: room.dir.join(desk_socket_name(n)),
        })
    }

    /// Waits until the console's seat map shows this seat signed in (the app
    /// lays its card on the simulated reader once the room is reachable).
    pub(crate) async fn wait_signed_in(&mut self, console: &ConsoleHandle) -> Result<()> {
        let seat = demo::seat_id(self.n);
        let waited = console
            .wait_until(Duration::from_mins(2), |v| {
                v.seat_map
                    .as_ref()
                    .is_some_and(|m| m.seats.iter().any(|r| r.seat == seat && r.signed_in))
            })
            .await;
        if let Some(status) = self.child.try_wait()? {
            bail!("the kiosk app of seat {} exited with {status}", self.n);
        }
        waited
            .map(drop)
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("the kiosk app of seat {} never signed in", self.n))
    }

    /// Says `line` to the seat unit's socket; its answer after "ok".
    pub(crate) async fn desk(&self, line: &str) -> Result<String> {
        let stream = UnixStream::connect(&self.desk)
            .await
            .with_context(|| format!("seat {}: no seat unit at {}", self.n, self.desk.display()))?;
        let (read, mut write) = stream.into_split();
        write.write_all(format!("{line}\n").as_bytes()).await?;
        let answer = BufReader::new(read)
            .lines()
            .next_line()
            .await?
            .with_context(|| format!("seat {}: the seat unit did not answer {line:?}", self.n))?;
        match answer.strip_prefix("ok") {
            Some(rest) => Ok(rest.trim().to_owned()),
            None => bail!("seat {}: {line:?} was answered {answer:?}", self.n),
        }
    }

    /// Waits until the seat unit's LEDs, as the kiosk lit them, include `led`.
    pub(crate) async fn wait_led(&self, led: &str, what: &str) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut tick = tokio::time::interval(Duration::from_millis(50));
        loop {
            tick.tick().await;
            let lit = self.desk("leds").await?;
            if lit.split_whitespace().any(|l| l == led) {
                return Ok(());
            }
            ensure!(
                Instant::now() < deadline,
                "seat {}: {what}: the {led} LED never lit (lit: {lit:?})",
                self.n
            );
        }
    }

    /// Stops the app and lists the screenshots it wrote.
    pub(crate) fn stop(mut self) -> Result<Vec<PathBuf>> {
        if let Some(status) = self.child.try_wait()? {
            bail!(
                "the kiosk app of seat {} exited early with {status}",
                self.n
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut shots: Vec<PathBuf> = std::fs::read_dir(&self.shots)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
            .collect();
        shots.sort();
        Ok(shots)
    }
}
