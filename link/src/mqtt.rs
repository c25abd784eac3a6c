//! MQTT client settings shared by the controller, the kiosk and the tests:
//! broker URLs, rumqttc options with TCP_NODELAY on (rumqttc leaves it off,
//! and small messages then wait ~40 ms for delayed ACKs), rustls on ring.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rumqttc::{MqttOptions, NetworkOptions, TlsConfiguration, Transport};

/// Where a client connects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerUrl {
    pub host: String,
    pub port: u16,
    pub tls: bool,
}

impl BrokerUrl {
    /// Parses `mqtt://host[:port]` or `mqtts://host[:port]`.
    pub fn parse(url: &str) -> Result<Self> {
        let (tls, rest) = if let Some(r) = url.strip_prefix("mqtts://") {
            (true, r)
        } else if let Some(r) = url.strip_prefix("mqtt://") {
            (false, r)
        } else {
            bail!("broker url {url:?} must start with mqtt:// or mqtts://");
        };
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (
                h.to_owned(),
                p.parse()
                    .with_context(|| format!("bad port in broker url {url:?}"))?,
            ),
            _ => (rest.to_owned(), if tls { 8883 } else { 1883 }),
        };
        if host.is_empty() {
            bail!("broker url {url:?} has no host");
        }
        Ok(Self {
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned(),
            port,
            tls,
        })
    }

    /// The URL of a broker on a local socket address.
    pub fn local(addr: SocketAddr) -> Self {
        Self {
            host: addr.ip().to_string(),
            port: addr.port(),
            tls: false,
        }
    }
}

/// Client settings shared by the controller and the simulated seats.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    pub client_id: String,
    pub url: BrokerUrl,
    pub ca_pem: Option<Vec<u8>>,
    pub credentials: Option<(String, String)>,
    pub keep_alive: Duration,
    /// Requests the client may queue before `publish` waits.
    pub queue: usize,
}

impl ClientSettings {
    /// Settings with defaults for `client_id` at `url`.
    pub fn new(client_id: impl Into<String>, url: BrokerUrl) -> Self {
        Self {
            client_id: client_id.into(),
            url,
            ca_pem: None,
            credentials: None,
            keep_alive: Duration::from_secs(15),
            queue: 10_000,
        }
    }

    /// Reads the CA certificate for an mqtts broker.
    pub fn with_ca_file(mut self, path: &Path) -> Result<Self> {
        self.ca_pem = Some(
            std::fs::read(path)
                .with_context(|| format!("cannot read broker CA {}", path.display()))?,
        );
        Ok(self)
    }

    /// rumqttc options, and network options with TCP_NODELAY on.
    pub fn options(&self) -> Result<(MqttOptions, NetworkOptions)> {
        let mut o = MqttOptions::new(&self.client_id, &self.url.host, self.url.port);
        o.set_keep_alive(self.keep_alive);
        o.set_clean_session(true);
        o.set_request_channel_capacity(self.queue);
        o.set_inflight(1000);
        o.set_max_packet_size(
            protocol::envelope::MAX_ENVELOPE_BYTES * 4,
            protocol::envelope::MAX_ENVELOPE_BYTES * 4,
        );
        if let Some((u, p)) = &self.credentials {
            o.set_credentials(u, p);
        }
        if self.url.tls {
            install_ring_provider();
            let Some(ca) = self.ca_pem.clone() else {
                bail!("an mqtts broker needs the CA certificate that signed it (broker.ca_file)");
            };
            o.set_transport(Transport::Tls(TlsConfiguration::Simple {
                ca,
                alpn: None,
                client_auth: None,
            }));
        }
        let mut n = NetworkOptions::new();
        n.set_tcp_nodelay(true);
        n.set_connection_timeout(10);
        Ok((o, n))
    }

    /// A connected-on-poll client and its event loop.
    pub fn client(&self) -> Result<(rumqttc::AsyncClient, rumqttc::EventLoop)> {
        let (o, n) = self.options()?;
        let (client, mut eventloop) = rumqttc::AsyncClient::new(o, self.queue);
        eventloop.set_network_options(n);
        Ok((client, eventloop))
    }
}

/// Uses ring for every rustls config in the process (no aws-lc, no OpenSSL).
pub fn install_ring_provider() {
    // Fails only if a provider is installed already, which is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broker_urls_parse_with_default_ports() {
        let cases = [
            ("mqtt://127.0.0.1:1884", ("127.0.0.1", 1884, false)),
            ("mqtt://broker.local", ("broker.local", 1883, false)),
            ("mqtts://broker.local", ("broker.local", 8883, true)),
            ("mqtts://broker.local:9000/", ("broker.local", 9000, true)),
        ];
        for (url, (host, port, tls)) in cases {
            let u = BrokerUrl::parse(url).expect(url);
            assert_eq!((u.host.as_str(), u.port, u.tls), (host, port, tls), "{url}");
        }
    }

    #[test]
    fn broker_urls_of_other_schemes_or_without_host_are_refused() {
        for url in ["http://x", "mqtt://", "mqtt://x:notaport", "x:1883"] {
            assert!(BrokerUrl::parse(url).is_err(), "{url}");
        }
    }

    #[test]
    fn an_mqtts_broker_without_a_ca_is_a_clear_error() {
        let s = ClientSettings::new("c", BrokerUrl::parse("mqtts://b").expect("parses"));
        let err = s
            .options()
            .err()
            .expect("an mqtts broker needs a CA")
            .to_string();
        assert!(err.contains("CA"), "{err}");
    }
}
