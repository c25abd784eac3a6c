//! The embedded broker (rumqttd). Client settings live in `link::mqtt`.

use std::collections::HashMap;
use std::net::SocketAddr;

use anyhow::{Context, Result};

pub use link::mqtt::{BrokerUrl, ClientSettings, install_ring_provider};

/// Starts the embedded broker on its own threads; it runs until the process ends.
pub fn start_embedded_broker(listen: SocketAddr, max_connections: usize) -> Result<()> {
    let config = broker_config(listen, max_connections);
    let mut broker = rumqttd::Broker::new(config);
    std::thread::Builder::new()
        .name("mqtt-broker".into())
        .spawn(move || {
            if let Err(e) = broker.start() {
                tracing::error!(cause = %e, "embedded broker stopped");
            }
        })
        .context("cannot start the embedded broker thread")?;
    Ok(())
}

fn broker_config(listen: SocketAddr, max_connections: usize) -> rumqttd::Config {
    let connections = rumqttd::ConnectionSettings {
        connection_timeout_ms: 60_000,
        max_payload_size: protocol::envelope::MAX_ENVELOPE_BYTES * 4,
        max_inflight_count: 1000,
        auth: None,
        external_auth: None,
        dynamic_filters: true,
    };
    let server = rumqttd::ServerSettings {
        name: "phonghop".into(),
        listen,
        tls: None,
        next_connection_delay_ms: 0,
        connections,
    };
    rumqttd::Config {
        id: 0,
        router: rumqttd::RouterConfig {
            max_connections,
            max_outgoing_packet_count: 10_000,
            max_segment_size: 100 * 1024 * 1024,
            max_segment_count: 10,
            custom_segment: None,
            initialized_filters: None,
            shared_subscriptions_strategy: rumqttd::Strategy::default(),
        },
        v4: Some(HashMap::from([("1".to_owned(), server)])),
        v5: None,
        ws: None,
        cluster: None,
        console: None,
        bridge: None,
        prometheus: None,
        metrics: None,
    }
}
