//! A TCP proxy between a seat and the broker that a test can break: cut
//! every connection (the network drops), refuse new ones until restored,
//! or silently drop what flows back to the seat (its replies are lost).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::Result;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

/// A breakable TCP proxy to one target.
#[derive(Debug)]
pub struct Proxy {
    /// Where clients connect.
    pub addr: SocketAddr,
    state: Arc<State>,
    accept: AbortHandle,
}

#[derive(Debug, Default)]
struct State {
    refusing: AtomicBool,
    muted: AtomicBool,
    links: Mutex<Vec<AbortHandle>>,
}

impl State {
    fn links(&self) -> std::sync::MutexGuard<'_, Vec<AbortHandle>> {
        self.links
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept.abort();
        for l in self.state.links().drain(..) {
            l.abort();
        }
    }
}

impl Proxy {
    /// Starts a proxy on 127.0.0.1 to `target`.
    pub async fn start(target: SocketAddr) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::default());
        let s = state.clone();
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if s.refusing.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(target).await else {
                    continue;
                };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                let link = tokio::spawn(forward(client, server, s.clone()));
                s.links().push(link.abort_handle());
            }
        })
        .abort_handle();
        Ok(Self {
            addr,
            state,
            accept,
        })
    }

    /// The network drops: every connection is cut and new ones are refused
    /// until [`Proxy::restore`].
    pub fn cut(&self) {
        self.state.refusing.store(true, Ordering::SeqCst);
        for l in self.state.links().drain(..) {
            l.abort();
        }
    }

    /// The network is back.
    pub fn restore(&self) {
        self.state.muted.store(false, Ordering::SeqCst);
        self.state.refusing.store(false, Ordering::SeqCst);
    }

    /// From now on, what the server sends is dropped (the seat's messages
    /// still arrive; the answers are lost), until [`Proxy::restore`].
    pub fn mute_replies(&self) {
        self.state.muted.store(true, Ordering::SeqCst);
    }
}

async fn forward(client: TcpStream, server: TcpStream, state: Arc<State>) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let up = async {
        let _ = tokio::io::copy(&mut cr, &mut sw).await;
    };
    let down = async {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match sr.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            if state.muted.load(Ordering::SeqCst) {
                continue;
            }
            if cw.write_all(&buf[..n]).await.is_err() {
                return;
            }
        }
    };
    tokio::select! {
        () = up => {}
        () = down => {}
    }
}
