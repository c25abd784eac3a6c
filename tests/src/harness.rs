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
use controller::engine::first_sequence_number;
use controller::mqtt::{BrokerUrl, ClientSettings};
use ed25519_dalek::SigningKey;
use kiosk_core::seat::SeatConfig;
use protocol::ids::RoomId;
use protocol::topic::Topic;
use rumqttc::{Event, Packet, QoS};
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

/// The program `name` beside the running executable, or in its parent folder
/// (a test binary runs from `target/debug/deps`).
pub fn sibling(name: &str) -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let dir = exe.parent().context("the executable has a folder")?;
    [dir.join(name), dir.join("..").join(name)]
        .into_iter()
        .find(|p| p.is_file())
        .with_context(|| format!("{name} is not built beside this binary"))
}

/// The `room-controller` binary beside the running executable (for bench
/// binaries of this package, which cargo builds together with it).
pub fn sibling_controller() -> Result<PathBuf> {
    sibling("room-controller")
}

/// Set by `cargo xtask ci` for its `cargo test --workspace`, which builds
/// every binary of the workspace's tested packages together with the tests.
pub const WORKSPACE_TEST_ENV: &str = "PHONGHOP_WORKSPACE_TEST";

/// The binary `bin` of workspace package `package`, for the tests of other
/// packages (the kiosk app and the console need the controller, the demo
/// needs the kiosk).
///
/// Under `cargo xtask ci` the workspace test run has built it already. Run
/// alone (`cargo test -p kiosk`), the test builds it now; that build is not
/// done under the workspace run because its features differ from the
/// workspace's and would compile a second copy of shared crates.
///
/// # Panics
/// If cargo cannot build it.
pub fn workspace_bin(package: &str, bin: &str) -> PathBuf {
    if std::env::var_os(WORKSPACE_TEST_ENV).is_none() {
        let release = std::env::current_exe()
            .ok()
            .is_some_and(|exe| exe.components().any(|c| c.as_os_str() == "release"));
        let mut cargo = std::process::Command::new(env!("CARGO"));
        cargo.args(["build", "--quiet", "-p", package, "--bin", bin]);
        if release {
            cargo.arg("--release");
        }
        let built = cargo.status().expect("cargo runs");
        assert!(built.success(), "cannot build {bin}");
    }
    sibling(bin).unwrap_or_else(|e| panic!("{e}"))
}

/// The `room-controller` binary ([`workspace_bin`]), built at most once per
/// test process.
pub fn room_controller() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| workspace_bin("tests", "room-controller"))
        .clone()
}

/// What an [`AnnounceProbe`] saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProbeEvent {
    Subscribed,
    Announced,
}

/// Listens for the controller's manifest on a thread of its own, so the
/// harness can wait for it from sync code running inside a test's runtime.
#[derive(Debug)]
struct AnnounceProbe {
    events: std::sync::mpsc::Receiver<ProbeEvent>,
}

impl AnnounceProbe {
    /// The longest wait for the broker or the controller.
    const WAIT: Duration = Duration::from_secs(30);

    /// Subscribes to the room's manifest at `url`. With `live_only`, a
    /// retained manifest (from an earlier controller) does not count.
    fn start(url: &BrokerUrl, room: &RoomId, live_only: bool) -> Result<Self> {
        let settings =
            ClientSettings::new(format!("probe-{}", first_sequence_number()), url.clone());
        let topic = Topic::Manifest(room.clone()).to_string();
        let (tx, events) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("announce-probe".into())
            .spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async move {
                    let Ok((client, mut eventloop)) = settings.client() else {
                        return;
                    };
                    let deadline = tokio::time::Instant::now() + Self::WAIT;
                    while let Ok(event) = tokio::time::timeout_at(deadline, eventloop.poll()).await
                    {
                        match event {
                            Ok(Event::Incoming(Packet::ConnAck(_))) => {
                                if client.subscribe(&topic, QoS::AtLeastOnce).await.is_err() {
                                    return;
                                }
                            }
                            Ok(Event::Incoming(Packet::SubAck(_))) => {
                                let _ = tx.send(ProbeEvent::Subscribed);
                            }
                            Ok(Event::Incoming(Packet::Publish(p)))
                                if p.topic == topic && !(live_only && p.retain) =>
                            {
                                let _ = tx.send(ProbeEvent::Announced);
                                let _ = client.disconnect().await;
                                return;
                            }
                            Ok(_) => {}
                            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                        }
                    }
                });
            })?;
        Ok(Self { events })
    }

    /// Waits until the probe saw `event`.
    fn wait(&self, event: ProbeEvent) -> Result<()> {
        let deadline = std::time::Instant::now() + Self::WAIT;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.events.recv_timeout(left) {
                Ok(e) if e == event => return Ok(()),
                Ok(_) => {}
                Err(_) => bail!(
                    "{event:?} was not seen on the broker within {:?}",
                    Self::WAIT
                ),
            }
        }
    }
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
    central_url: String,
    central_timeout_secs: u64,
}

/// How a controller command ended.
#[derive(Debug, Clone)]
pub struct CmdOutput {
    /// The exit code (`None`: killed by a signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl CmdOutput {
    /// Whether the command exited with 0.
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
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
        let room = Self {
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
            central_url: format!("http://{central_addr}"),
            central_timeout_secs: 5,
        };
        room.write_config()?;
        Ok(room)
    }

    /// Writes `controller.toml` from the room's settings; a controller
    /// command or start reads it afresh.
    fn write_config(&self) -> Result<()> {
        let broker_port = self.broker.port;
        let broker_section = match self.kind {
            BrokerKind::Embedded => {
                format!("mode = \"embedded\"\nlisten = \"127.0.0.1:{broker_port}\"\n")
            }
            BrokerKind::Mosquitto => {
                format!("mode = \"external\"\nurl = \"mqtt://127.0.0.1:{broker_port}\"\n")
            }
        };
        std::fs::write(
            &self.config,
            format!(
                "room = \"{room}\"\ndata_dir = \"data\"\nkey_file = \"controller.key\"\ndevices_file = \"devices.toml\"\n\n[broker]\n{broker_section}\n[http]\nlisten = \"{http_addr}\"\n\n[central]\nbase_url = \"{url}\"\npublic_key = \"{key}\"\ntimeout_secs = {timeout}\nretries = 2\nbackoff_ms = 50\nsync_interval_secs = 0\n",
                room = fixture::ROOM,
                http_addr = self.http_addr,
                url = self.central_url,
                key = hex::encode(fixture::central_key().verifying_key().as_bytes()),
                timeout = self.central_timeout_secs,
            ),
        )?;
        Ok(())
    }

    /// Sets how long the controller waits for the central system
    /// (`central.timeout_secs`, 5 by default) from the next command or start on.
    pub fn set_central_timeout(&mut self, secs: u64) -> Result<()> {
        self.central_timeout_secs = secs;
        self.write_config()
    }

    /// Points the controller at another central system (`central.base_url`;
    /// the stand-in's by default) from the next command or start on.
    pub fn set_central_url(&mut self, url: &str) -> Result<()> {
        url.clone_into(&mut self.central_url);
        self.write_config()
    }

    /// Runs a controller subcommand to completion and returns its stdout.
    pub fn controller_cmd(&self, args: &[&str]) -> Result<String> {
        let out = self.controller_output(args)?;
        if out.code != Some(0) {
            bail!("controller {args:?} failed: {}{}", out.stdout, out.stderr);
        }
        Ok(out.stdout)
    }

    /// Runs a controller subcommand to completion, whatever its exit status.
    pub fn controller_output(&self, args: &[&str]) -> Result<CmdOutput> {
        let out = Command::new(&self.controller_bin)
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .context("cannot run the controller")?;
        Ok(CmdOutput {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }

    /// Runs a controller subcommand that must fail (exit non-zero) and
    /// returns what it said, stdout then stderr.
    pub fn controller_fails(&self, args: &[&str]) -> Result<String> {
        let out = self.controller_output(args)?;
        if out.success() {
            bail!(
                "controller {args:?} succeeded but should have failed: {}{}",
                out.stdout,
                out.stderr
            );
        }
        Ok(format!("{}{}", out.stdout, out.stderr))
    }

    /// Starts `controller run` and waits until its paper server and broker
    /// answer and it has announced the room (it subscribes before it
    /// announces, so from then on no request to it is lost).
    pub fn start_controller(&mut self) -> Result<()> {
        // On a broker that outlives the controller the old manifest is
        // retained: listen before the start, and wait for a live one.
        let probe = match self.kind {
            BrokerKind::Mosquitto => {
                let p = AnnounceProbe::start(&self.broker, &self.room, true)?;
                p.wait(ProbeEvent::Subscribed)?;
                Some(p)
            }
            BrokerKind::Embedded => None,
        };
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
        let probe = match probe {
            Some(p) => p,
            None => AnnounceProbe::start(&self.broker, &self.room, false)?,
        };
        probe.wait(ProbeEvent::Announced).with_context(|| {
            format!(
                "the controller never announced itself; log:\n{}",
                self.log()
            )
        })
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

    /// The controller's database (stop the controller before writing to it).
    pub fn db_path(&self) -> PathBuf {
        self.data_dir().join("controller.db")
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

    /// A real kiosk core for seat `n` (its device key, the controller's
    /// pinned key, papers from the controller), connecting to `broker`: the
    /// room's own, or a [`crate::Proxy`] in front of it. Its files go to `data_dir`.
    pub fn kiosk_config(&self, n: u32, broker: BrokerUrl, data_dir: PathBuf) -> SeatConfig {
        SeatConfig {
            room: self.room.clone(),
            seat: fixture::seat_id(n),
            device: format!("kiosk-s{n}").parse().expect("a valid device id"),
            key: fixture::seat_key(n),
            controller_key: fixture::controller_key().verifying_key(),
            broker,
            broker_ca: None,
            papers_url: Some(format!("http://{}/blobs", self.http_addr)),
            data_dir,
            version: "test".to_owned(),
        }
    }

    /// The room's broker as a socket address (to put a proxy in front of it).
    pub fn broker_addr(&self) -> Result<SocketAddr> {
        Ok(format!("{}:{}", self.broker.host, self.broker.port).parse()?)
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
