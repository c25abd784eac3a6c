//! A whole room for a test: the central stand-in serving the fixture meeting,
//! a broker (the controller's embedded one, or a real Mosquitto), the
//! controller in its own process, and simulated seats and a console.

use std::fmt::Write as _;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use central_standin::StandIn;
use controller::mqtt::BrokerUrl;
use ed25519_dalek::SigningKey;
use protocol::ids::RoomId;
use tokio::sync::oneshot;

use crate::fixture;
use crate::seat::{Party, SimSeat};

/// Which broker the room uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokerKind {
    /// rumqttd inside the controller process.
    Embedded,
    /// A real Mosquitto started by the harness.
    Mosquitto,
}

/// A free TCP port on loopback (bound, then released for the child to take).
pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A Mosquitto broker process, stopped when dropped.
#[derive(Debug)]
pub struct Mosquitto {
    child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Mosquitto {
    /// Starts Mosquitto on a free loopback port and waits until it accepts connections.
    pub fn start() -> Result<Self> {
        let bin = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .context(
                "mosquitto is not installed: run `cargo xtask setup` (as root it installs it)",
            )?;
        let dir = tempfile::tempdir()?;
        let port = free_port()?;
        let conf = dir.path().join("mosquitto.conf");
        std::fs::write(
            &conf,
            format!(
                "listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_inflight_messages 0\nmax_queued_messages 100000\nset_tcp_nodelay true\n"
            ),
        )?;
        let child = Command::new(bin)
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start mosquitto")?;
        let m = Self {
            child,
            port,
            _dir: dir,
        };
        wait_for_port(SocketAddr::from(([127, 0, 0, 1], port)))?;
        Ok(m)
    }
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for_port(addr: SocketAddr) -> Result<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::time::Instant::now() < deadline {
        if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    bail!("nothing listens on {addr}")
}

/// The `room-controller` binary beside the running executable (for bench
/// binaries of this package, which cargo builds together with it).
pub fn sibling_controller() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let dir = exe.parent().context("the executable has a folder")?;
    [dir.join("room-controller"), dir.join("../room-controller")]
        .into_iter()
        .find(|p| p.exists())
        .context("room-controller is not built beside this binary")
}

/// A room under test.
#[derive(Debug)]
pub struct TestRoom {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub seats: u32,
    pub room: RoomId,
    pub standin: StandIn,
    pub central_addr: SocketAddr,
    pub broker: BrokerUrl,
    pub http_addr: SocketAddr,
    pub kind: BrokerKind,
    /// The controller binary to run.
    pub controller_bin: PathBuf,
    controller: Option<Child>,
    _mosquitto: Option<Mosquitto>,
    standin_stop: Option<oneshot::Sender<()>>,
}

impl Drop for TestRoom {
    fn drop(&mut self) {
        if let Some(mut c) = self.controller.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        if let Some(s) = self.standin_stop.take() {
            let _ = s.send(());
        }
    }
}

impl TestRoom {
    /// Sets up a room of `seats` delegates on `kind` of broker; the controller is not started yet.
    /// `controller_bin` is `env!("CARGO_BIN_EXE_room-controller")` in an
    /// integration test, or [`sibling_controller`] in a bench binary.
    pub async fn new(kind: BrokerKind, seats: u32, controller_bin: PathBuf) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let standin = StandIn::new(fixture::central_key());
        standin.trust_controller(fixture::controller_key().verifying_key());
        standin.add_meeting(
            fixture::package(seats),
            fixture::papers().into_iter().map(|(_, b)| b).collect(),
        )?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let central_addr = listener.local_addr()?;
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        tokio::spawn(standin.clone().serve(listener, async move {
            let _ = stop_rx.await;
        }));

        let mosquitto = match kind {
            BrokerKind::Mosquitto => Some(Mosquitto::start()?),
            BrokerKind::Embedded => None,
        };
        let broker_port = match &mosquitto {
            Some(m) => m.port,
            None => free_port()?,
        };
        let broker = BrokerUrl::local(SocketAddr::from(([127, 0, 0, 1], broker_port)));
        let http_addr = SocketAddr::from(([127, 0, 0, 1], free_port()?));

        std::fs::write(
            dir.path().join("controller.key"),
            hex::encode(fixture::controller_key().to_bytes()),
        )?;
        let broker_section = match kind {
            BrokerKind::Embedded => {
                format!("mode = \"embedded\"\nlisten = \"127.0.0.1:{broker_port}\"\n")
            }
            BrokerKind::Mosquitto => {
                format!("mode = \"external\"\nurl = \"mqtt://127.0.0.1:{broker_port}\"\n")
            }
        };
        let mut devices = String::new();
        for n in 1..=seats {
            let _ = write!(
                devices,
                "[[device]]\nid = \"kiosk-s{n}\"\nseat = \"s{n}\"\npublic_key = \"{}\"\n\n",
                hex::encode(fixture::seat_key(n).verifying_key().as_bytes())
            );
        }
        let _ = write!(
            devices,
            "[[device]]\nid = \"console-1\"\nconsole = true\npublic_key = \"{}\"\n",
            hex::encode(fixture::console_key().verifying_key().as_bytes())
        );
        std::fs::write(dir.path().join("devices.toml"), devices)?;
        let config = dir.path().join("controller.toml");
        std::fs::write(
            &config,
            format!(
                "room = \"{room}\"\ndata_dir = \"data\"\nkey_file = \"controller.key\"\ndevices_file = \"devices.toml\"\n\n[broker]\n{broker_section}\n[http]\nlisten = \"{http_addr}\"\n\n[central]\nbase_url = \"http://{central_addr}\"\npublic_key = \"{key}\"\ntimeout_secs = 5\nretries = 2\nbackoff_ms = 50\nsync_interval_secs = 0\n",
                room = fixture::ROOM,
                key = hex::encode(fixture::central_key().verifying_key().as_bytes()),
            ),
        )?;
        Ok(Self {
            dir,
            config,
            seats,
            room: fixture::ROOM.parse()?,
            standin,
            central_addr,
            broker,
            http_addr,
            kind,
            controller_bin,
            controller: None,
            _mosquitto: mosquitto,
            standin_stop: Some(stop_tx),
        })
    }

    /// Runs a controller subcommand to completion and returns its stdout.
    pub fn controller_cmd(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.controller_bin)
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .context("cannot run the controller")?;
        if !out.status.success() {
            bail!(
                "controller {args:?} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8(out.stdout)?)
    }

    /// Starts `controller run` and waits until its paper server and broker answer.
    pub fn start_controller(&mut self) -> Result<()> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("controller.log"))?;
        let child = Command::new(&self.controller_bin)
            .arg("--config")
            .arg(&self.config)
            .arg("run")
            .env("RUST_LOG", "info,rumqttd=warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .context("cannot start the controller")?;
        self.controller = Some(child);
        wait_for_port(self.http_addr)
            .with_context(|| format!("the controller did not start; log:\n{}", self.log()))?;
        wait_for_port(SocketAddr::from(([127, 0, 0, 1], self.broker.port)))?;
        Ok(())
    }

    /// Kills the controller with SIGKILL, as a power cut would.
    pub fn kill_controller(&mut self) -> Result<()> {
        let mut c = self
            .controller
            .take()
            .context("the controller is not running")?;
        c.kill()?;
        c.wait()?;
        Ok(())
    }

    /// Stops the controller with SIGTERM and waits for it to exit.
    pub fn stop_controller(&mut self) -> Result<()> {
        let c = self
            .controller
            .take()
            .context("the controller is not running")?;
        let pid = c.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let out = c.wait_with_output()?;
        if !out.status.success() {
            bail!(
                "the controller exited with {}; log:\n{}",
                out.status,
                self.log()
            );
        }
        Ok(())
    }

    /// The controller's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("controller.log")).unwrap_or_default()
    }

    /// The data directory.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Connects seat `n`.
    pub async fn seat(&self, n: u32) -> Result<SimSeat> {
        self.seat_with_key(n, fixture::seat_key(n)).await
    }

    /// Connects seat `n` signing with `key` (a forger uses a key of its own).
    pub async fn seat_with_key(&self, n: u32, key: SigningKey) -> Result<SimSeat> {
        let party = Party::Seat {
            seat: fixture::seat_id(n),
            delegate: fixture::delegate_id(n),
        };
        SimSeat::connect(
            &self.broker,
            &self.room,
            party,
            &format!("kiosk-s{n}"),
            key,
            &fixture::controller_key().verifying_key(),
        )
        .await
    }

    /// Connects the secretary's console.
    pub async fn console(&self) -> Result<SimSeat> {
        SimSeat::connect(
            &self.broker,
            &self.room,
            Party::Console,
            "console-1",
            fixture::console_key(),
            &fixture::controller_key().verifying_key(),
        )
        .await
    }
}
