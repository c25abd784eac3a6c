//! What each `controller` subcommand does, as library functions so tests can
//! call them: run a room, import a bundle, sync, status, audit, keygen.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use ed25519_dalek::SigningKey;
use protocol::envelope::{Signer, Verifier};
use protocol::ids::{DeviceId, MeetingId};
use protocol::message::status::{CentralLink, SyncCounts};
use protocol::room::{Room, RoomSetup};
use rand::RngCore;
use tokio::sync::{Notify, watch};
use tracing::{error, info, warn};

use crate::blobs::BlobStore;
use crate::central::{CentralClient, CentralConfig, SyncOutcome};
use crate::config::{BrokerMode, Config};
use crate::engine::{Engine, clock, first_sequence_number};
use crate::mqtt::{BrokerUrl, ClientSettings};
use crate::store::{AuditReport, Store};
use crate::{bundle, central, http, mqtt};

pub use crate::report::{Report, Status, report, status};

/// The device id the controller signs as; seats pin its key.
pub const CONTROLLER_DEVICE: &str = "controller";

/// Logs to stderr, `info` unless `RUST_LOG` says otherwise.
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,rumqttd=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn ctrl_c() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The database file under the data directory.
pub fn db_path(cfg: &Config) -> PathBuf {
    cfg.data_dir.join("controller.db")
}

/// Opens the database and the blob store, creating the data directory.
pub fn open_data(cfg: &Config) -> Result<(Store, BlobStore)> {
    std::fs::create_dir_all(&cfg.data_dir)
        .with_context(|| format!("cannot create {}", cfg.data_dir.display()))?;
    let store = Store::open(&db_path(cfg)).context("cannot open the database")?;
    let blobs =
        BlobStore::open(cfg.data_dir.join("blobs")).context("cannot open the blob store")?;
    Ok((store, blobs))
}

/// Writes a new device key (64 hex digits) and returns its public key in hex.
pub fn keygen(path: &Path) -> Result<String> {
    if path.exists() {
        bail!(
            "{} exists; refusing to overwrite a device key",
            path.display()
        );
    }
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    std::fs::write(path, hex::encode(seed))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(hex::encode(
        SigningKey::from_bytes(&seed).verifying_key().as_bytes(),
    ))
}

/// Imports a bundle folder: verifies it, stores its papers and its package.
pub fn import(cfg: &Config, dir: &Path) -> Result<String> {
    let key = cfg
        .central_key()?
        .context("central.public_key must be set to check a bundle's signature")?;
    let (mut store, blobs) = open_data(cfg)?;
    let r = bundle::import_bundle(dir, &key, &blobs)
        .with_context(|| format!("bundle {} refused", dir.display()))?;
    let now = clock();
    store.save_package(&r.package, &r.signed, None, "bundle", now)?;
    if store.current_meeting()?.is_none() {
        store.set_current_meeting(&r.package.id, now)?;
    }
    Ok(format!(
        "imported meeting {} \"{}\": {} papers ({} bytes)",
        r.package.id, r.package.title, r.documents_imported, r.bytes
    ))
}

fn central_client(cfg: &Config) -> Result<Option<CentralClient>> {
    if cfg.central.base_url.is_empty() {
        return Ok(None);
    }
    let key = cfg
        .central_key()?
        .context("central.public_key must be set with central.base_url")?;
    mqtt::install_ring_provider();
    let c = CentralClient::new(CentralConfig {
        base_url: cfg.central.base_url.clone(),
        room: cfg.room_id()?,
        public_key: key,
        timeout: Duration::from_secs(cfg.central.timeout_secs),
        retries: cfg.central.retries,
        backoff: Duration::from_millis(cfg.central.backoff_ms),
    })?;
    Ok(Some(c))
}

/// Pulls the room's meetings now; returns a one-line summary.
pub async fn sync_now(cfg: &Config) -> Result<String> {
    let client = central_client(cfg)?.context("no central system configured (central.base_url)")?;
    let (mut store, blobs) = open_data(cfg)?;
    sync_once(&client, &mut store, &blobs).await
}

/// One sync pass: every meeting of the room, conditionally. A failure keeps
/// the last good package and is recorded in the sync log.
pub async fn sync_once(
    client: &CentralClient,
    store: &mut Store,
    blobs: &BlobStore,
) -> Result<String> {
    let now = clock();
    let meetings = match client.list_meetings().await {
        Ok(m) => m,
        Err(e) => {
            store.record_sync(now, false, &e.to_string(), 0, None)?;
            return Err(e).context("cannot list the room's meetings");
        }
    };
    let (mut updated, mut unchanged, mut bytes) = (0, 0, 0u64);
    let mut failures = Vec::new();
    for m in &meetings {
        let etag = store.package_etag(&m.id)?;
        match central::sync_meeting(client, blobs, &m.id, etag.as_deref()).await {
            Ok(SyncOutcome::Unchanged) => unchanged += 1,
            Ok(SyncOutcome::Updated {
                package,
                signed,
                etag,
                bytes_moved,
            }) => {
                store.save_package(&package, &signed, Some(&etag), "central", clock())?;
                updated += 1;
                bytes += bytes_moved;
            }
            Err(e) => failures.push(format!("{}: {e}", m.id)),
        }
    }
    let summary = format!(
        "{} meetings: {updated} updated, {unchanged} unchanged, {} failed; {bytes} paper bytes moved",
        meetings.len(),
        failures.len()
    );
    let ok = failures.is_empty();
    let detail = if ok {
        summary.clone()
    } else {
        format!("{summary}; {}", failures.join("; "))
    };
    let counts = SyncCounts {
        meetings: u32::try_from(meetings.len()).unwrap_or(u32::MAX),
        updated,
        unchanged,
        failures,
    };
    store.record_sync(clock(), ok, &detail, bytes, Some(&counts))?;
    if ok { Ok(summary) } else { bail!("{detail}") }
}

/// Checks the audit chain.
pub fn audit_verify(cfg: &Config) -> Result<AuditReport> {
    let (store, _) = open_data(cfg)?;
    Ok(store.verify_audit()?)
}

/// Runs the room until `shutdown` completes.
pub async fn run(
    cfg: Config,
    meeting: Option<MeetingId>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    mqtt::install_ring_provider();
    let room_id = cfg.room_id()?;
    let key = cfg.signing_key()?;
    let registry = cfg.registry()?;
    let (mut store, blobs) = open_data(&cfg)?;
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    let stopped = move || {
        let mut rx = stop_rx.clone();
        async move {
            let _ = rx.wait_for(|s| *s).await;
        }
    };

    let url = match cfg.broker.mode {
        BrokerMode::Embedded => {
            mqtt::start_embedded_broker(cfg.broker.listen, 10_000)?;
            let mut addr = cfg.broker.listen;
            if addr.ip().is_unspecified() {
                addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
            }
            wait_for_port(addr).await?;
            info!(%addr, "embedded broker listening");
            BrokerUrl::local(addr)
        }
        BrokerMode::External => BrokerUrl::parse(&cfg.broker.url)?,
    };
    let mut mqtt_settings = ClientSettings::new(format!("phonghop-controller-{room_id}"), url);
    if let Some(ca) = &cfg.broker.ca_file {
        mqtt_settings = mqtt_settings.with_ca_file(ca)?;
    }
    if let (Some(u), Some(p)) = (&cfg.broker.username, &cfg.broker.password) {
        mqtt_settings.credentials = Some((u.clone(), p.clone()));
    }

    let central = central_client(&cfg)?;
    let mut link = if central.is_some() {
        CentralLink::Unknown
    } else {
        CentralLink::NotConfigured
    };
    if let Some(c) = &central {
        let r = sync_once(c, &mut store, &blobs).await;
        if let Err(e) = &r {
            warn!(cause = %format!("{e:#}"), "central sync failed; running on what is stored");
        }
        link = link_after(&r);
    }
    let (link_tx, link_rx) = watch::channel(link);
    let meeting = choose_meeting(&store, meeting)?;
    let package = store
        .package(&meeting)?
        .with_context(|| format!("meeting {meeting} is not stored"))?;
    if package.room != room_id {
        bail!(
            "meeting {meeting} is planned for room {}, not {room_id}",
            package.room
        );
    }
    store.set_current_meeting(&meeting, clock())?;

    let papers = http::Papers::new(blobs.clone(), package.network_zone);
    papers.set_allowed(
        package
            .documents
            .iter()
            .map(|d| (d.sha256, d.classification)),
    );
    let listener = tokio::net::TcpListener::bind(cfg.http.listen)
        .await
        .with_context(|| format!("cannot listen for papers on {}", cfg.http.listen))?;
    info!(addr = %listener.local_addr()?, "paper server listening");
    tokio::spawn(http::serve(
        listener,
        http::router(papers.clone()),
        stopped(),
    ));

    let uploads = Arc::new(Notify::new());
    let syncs = Arc::new(Notify::new());
    if let Some(c) = central.clone() {
        let db = db_path(&cfg);
        tokio::spawn(upload_loop(
            db,
            c.clone(),
            uploads.clone(),
            link_tx.clone(),
            stopped(),
        ));
        let sync = SyncLoop {
            db: db_path(&cfg),
            client: c,
            blobs: blobs.clone(),
            every: (cfg.central.sync_interval_secs > 0)
                .then(|| Duration::from_secs(cfg.central.sync_interval_secs)),
            wake: syncs.clone(),
            link: link_tx,
        };
        tokio::spawn(sync.run(stopped()));
    }

    let facts = store.load_facts(&meeting)?;
    let revision = store.revision(&meeting)?;
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let setup = RoomSetup {
        package,
        signer: Signer::new(
            DeviceId::new(CONTROLLER_DEVICE)?,
            key.clone(),
            first_sequence_number(),
        ),
        verifier: Verifier::new(registry),
        seed,
    };
    let room = Room::restore(setup, &facts, revision).context("the stored package is not valid")?;
    info!(%meeting, facts = facts.len(), revision, "session restored");
    let engine = Engine {
        room,
        meeting,
        store,
        mqtt: mqtt_settings,
        results_key: key,
        uploads,
        syncs,
        central: link_rx,
        blobs,
        papers,
        revision_kept: revision,
    };
    engine.run(stopped()).await
}

fn choose_meeting(store: &Store, asked: Option<MeetingId>) -> Result<MeetingId> {
    if let Some(m) = asked {
        return Ok(m);
    }
    if let Some(m) = store.current_meeting()? {
        return Ok(m);
    }
    store
        .meetings()?
        .into_iter()
        .next()
        .map(|m| m.id)
        .context("no meeting is stored: import a bundle or configure the central system")
}

async fn wait_for_port(addr: std::net::SocketAddr) -> Result<()> {
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    bail!("the embedded broker did not start listening on {addr}")
}

/// The central link after a call that ended with `r`.
fn link_after<T>(r: &Result<T>) -> CentralLink {
    match r {
        Ok(_) => CentralLink::Reachable { at: clock() },
        Err(e) => CentralLink::Unreachable {
            at: clock(),
            error: format!("{e:#}").chars().take(500).collect(),
        },
    }
}

async fn upload_loop(
    db: PathBuf,
    client: CentralClient,
    wake: Arc<Notify>,
    link: watch::Sender<CentralLink>,
    stop: impl Future<Output = ()>,
) {
    tokio::pin!(stop);
    let mut backoff = Duration::from_secs(1);
    loop {
        let mut all_done = true;
        match Store::open(&db) {
            Ok(mut store) => match store.pending_uploads() {
                Ok(rows) => {
                    for row in rows {
                        let posted = client
                            .post_results(&row.meeting, &row.key, row.body.clone())
                            .await;
                        let reached =
                            link_after(&posted.as_ref().map_err(|e| anyhow::anyhow!("{e}")));
                        match posted {
                            Ok(ack) => {
                                info!(key = %row.key, duplicate = ack.duplicate, "results acknowledged by the central system");
                                if let Err(e) = store.upload_acked(&row.key, clock()) {
                                    error!(cause = %e, "cannot note an acknowledged upload");
                                }
                            }
                            Err(e) => {
                                all_done = false;
                                warn!(key = %row.key, cause = %e, "results upload failed; will retry");
                                let _ = store.upload_failed(&row.key, &e.to_string());
                            }
                        }
                        // After the outbox row changed: the engine republishes
                        // the status from the database.
                        link.send_replace(reached);
                    }
                }
                Err(e) => error!(cause = %e, "cannot read the outbox"),
            },
            Err(e) => error!(cause = %e, "cannot open the database for uploads"),
        }
        if all_done {
            backoff = Duration::from_secs(1);
        } else {
            backoff = (backoff * 2).min(Duration::from_mins(5));
        }
        let wait = if all_done {
            Duration::from_hours(1)
        } else {
            backoff
        };
        tokio::select! {
            () = &mut stop => return,
            () = wake.notified() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// The background sync: every `every` (if set) and whenever woken.
struct SyncLoop {
    db: PathBuf,
    client: CentralClient,
    blobs: BlobStore,
    every: Option<Duration>,
    wake: Arc<Notify>,
    link: watch::Sender<CentralLink>,
}

impl SyncLoop {
    async fn run(self, stop: impl Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            let timer = async {
                match self.every {
                    Some(d) => tokio::time::sleep(d).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = &mut stop => return,
                () = timer => {}
                () = self.wake.notified() => info!("sync asked for at the console"),
            }
            match Store::open(&self.db) {
                Ok(mut store) => {
                    let r = sync_once(&self.client, &mut store, &self.blobs).await;
                    if let Err(e) = &r {
                        warn!(cause = %format!("{e:#}"), "background sync failed");
                    }
                    self.link.send_replace(link_after(&r));
                }
                Err(e) => error!(cause = %e, "cannot open the database for sync"),
            }
        }
    }
}
