//! `central-standin`: serves a meeting bundle as the central system would.
//!
//! ```text
//! central-standin --listen 127.0.0.1:8090 --bundle DIR [--bundle DIR…] --key-file PATH
//! ```
//!
//! The key file holds the Ed25519 signing key of the stand-in as 64 hex
//! digits (the 32-byte seed) or as 32 raw bytes; each bundle's `meeting.json`
//! must be signed by it.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use central_standin::StandIn;
use ed25519_dalek::SigningKey;

const USAGE: &str =
    "usage: central-standin --listen ADDR:PORT --bundle DIR [--bundle DIR…] --key-file PATH";

#[derive(Debug)]
struct Args {
    listen: SocketAddr,
    bundles: Vec<PathBuf>,
    key_file: PathBuf,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> anyhow::Result<Args> {
    let (mut listen, mut bundles, mut key_file) = (None, Vec::new(), None);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .with_context(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--listen" => listen = Some(value()?.parse().context("--listen wants ADDR:PORT")?),
            "--bundle" => bundles.push(PathBuf::from(value()?)),
            "--key-file" => key_file = Some(PathBuf::from(value()?)),
            "-h" | "--help" => bail!("{USAGE}"),
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    Ok(Args {
        listen: listen.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8090))),
        bundles,
        key_file: key_file.with_context(|| format!("--key-file is required\n{USAGE}"))?,
    })
}

fn read_key(path: &std::path::Path) -> anyhow::Result<SigningKey> {
    let raw =
        std::fs::read(path).with_context(|| format!("cannot read key file {}", path.display()))?;
    let seed: [u8; 32] = match std::str::from_utf8(&raw).map(str::trim) {
        Ok(text) if text.len() == 64 => {
            let mut seed = [0; 32];
            hex::decode_to_slice(text, &mut seed).context("the key file is not 64 hex digits")?;
            seed
        }
        _ => raw
            .as_slice()
            .try_into()
            .context("the key file holds neither 64 hex digits nor 32 bytes")?,
    };
    Ok(SigningKey::from_bytes(&seed))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = parse_args(std::env::args().skip(1))?;
    let standin = StandIn::new(read_key(&args.key_file)?);
    for dir in &args.bundles {
        let id = standin
            .load_bundle(dir)
            .with_context(|| format!("cannot load bundle {}", dir.display()))?;
        tracing::info!(meeting = %id, bundle = %dir.display(), "bundle loaded");
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    tracing::info!(
        addr = %listener.local_addr()?,
        key = %hex::encode(standin.verifying_key().as_bytes()),
        "central stand-in serving"
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    standin
        .serve(listener, shutdown)
        .await
        .context("server failed")
}
