//! The demo room's services: the central stand-in serving the committed demo
//! bundle, and a real controller (a child process, embedded broker) that
//! pulls the meeting from it over HTTP and runs it.

use std::fmt::Write as _;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use central_standin::StandIn;
use link::mqtt::BrokerUrl;
use protocol::ids::{MeetingId, RoomId};
use tests::demo;
use tokio::sync::oneshot;

/// How long the controller may take to open its ports.
const START_WITHIN: Duration = Duration::from_secs(30);

/// A port nobody listens on now.
pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The stand-in and the controller of the demo room, with their files in
/// `dir`. Dropping it stops both.
#[derive(Debug)]
pub struct DemoRoom {
    pub dir: PathBuf,
    pub room: RoomId,
    pub meeting: MeetingId,
    pub standin: StandIn,
    pub central_addr: SocketAddr,
    pub broker: BrokerUrl,
    pub http_addr: SocketAddr,
    controller_bin: PathBuf,
    controller: Option<Child>,
    standin_stop: Option<oneshot::Sender<()>>,
}

impl Drop for DemoRoom {
    fn drop(&mut self) {
        if let Some(mut c) = self.controller.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        if let Some(stop) = self.standin_stop.take() {
            let _ = stop.send(());
        }
    }
}

impl DemoRoom {
    /// Serves the demo bundle (`assets/demo/bundle`) from a central stand-in
    /// holding the demo central key, and writes the controller's files
    /// (`controller.toml`, its key, the devices of all 25 seats and the
    /// console) into `dir`. Needs a tokio runtime.
    pub async fn new(dir: &Path, controller_bin: PathBuf) -> Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let standin = StandIn::new(demo::central_key());
        standin.trust_controller(demo::controller_key().verifying_key());
        let bundle = demo::workspace_root().join(demo::BUNDLE_DIR);
        let meeting = standin
            .load_bundle(&bundle)
            .with_context(|| format!("cannot load the demo bundle {}", bundle.display()))?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let central_addr = listener.local_addr()?;
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        tokio::spawn(standin.clone().serve(listener, async move {
            let _ = stop_rx.await;
        }));

        let broker = BrokerUrl::local(SocketAddr::from(([127, 0, 0, 1], free_port()?)));
        let http_addr = SocketAddr::from(([127, 0, 0, 1], free_port()?));
        std::fs::write(
            dir.join("controller.key"),
            hex::encode(demo::controller_key().to_bytes()),
        )?;
        std::fs::write(dir.join("devices.toml"), demo::devices_toml())?;
        let mut config = String::new();
        let _ = write!(
            config,
            "# The demo room's controller (written by the demo; DEMO KEYS ONLY).\n\
             room = \"{room}\"\n\
             data_dir = \"data\"\n\
             key_file = \"controller.key\"\n\
             devices_file = \"devices.toml\"\n\n\
             [broker]\n\
             mode = \"embedded\"\n\
             listen = \"127.0.0.1:{broker_port}\"\n\n\
             [http]\n\
             listen = \"{http_addr}\"\n\n\
             [central]\n\
             base_url = \"http://{central_addr}\"\n\
             public_key = \"{central_key}\"\n\
             timeout_secs = 10\n\
             retries = 2\n\
             backoff_ms = 200\n\
             sync_interval_secs = 0\n",
            room = demo::ROOM,
            broker_port = broker.port,
            central_key = demo::CENTRAL_PUBLIC_KEY,
        );
        std::fs::write(dir.join("controller.toml"), config)?;
        Ok(Self {
            dir: dir.to_owned(),
            room: demo::ROOM.parse()?,
            meeting,
            standin,
            central_addr,
            broker,
            http_addr,
            controller_bin,
            controller: None,
            standin_stop: Some(stop_tx),
        })
    }

    /// Runs a controller subcommand (`sync`, `status`, …) to completion and
    /// returns what it printed.
    pub fn controller_cmd(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.controller_bin)
            .arg("--config")
            .arg(self.dir.join("controller.toml"))
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .context("cannot run the controller")?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if !out.status.success() {
            bail!(
                "controller {args:?} failed ({}): {stdout}{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(stdout)
    }

    /// Starts `controller run` (its log goes to `controller.log`) and waits
    /// until its broker and paper server accept connections.
    pub fn start_controller(&mut self) -> Result<()> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("controller.log"))?;
        let child = Command::new(&self.controller_bin)
            .arg("--config")
            .arg(self.dir.join("controller.toml"))
            .arg("run")
            .env("RUST_LOG", "info,rumqttd=warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .context("cannot start the controller")?;
        self.controller = Some(child);
        for addr in [
            self.http_addr,
            SocketAddr::from(([127, 0, 0, 1], self.broker.port)),
        ] {
            self.wait_for_port(addr)?;
        }
        Ok(())
    }

    fn wait_for_port(&mut self, addr: SocketAddr) -> Result<()> {
        let deadline = Instant::now() + START_WITHIN;
        loop {
            if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if let Some(c) = self.controller.as_mut()
                && let Some(status) = c.try_wait()?
            {
                bail!("the controller exited with {status}; log:\n{}", self.log());
            }
            if Instant::now() > deadline {
                bail!(
                    "the controller did not open {addr} within {START_WITHIN:?}; log:\n{}",
                    self.log()
                );
            }
            // The port is polled: nothing announces that a child process listens.
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The controller's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("controller.log")).unwrap_or_default()
    }

    /// Where seats fetch papers.
    pub fn papers_url(&self) -> String {
        format!("http://{}/blobs", self.http_addr)
    }
}
