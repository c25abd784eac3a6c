//! Samples, percentiles, the process's memory, and the tables the bench prints.

use std::fmt::Write as _;
use std::time::Duration;

use anyhow::{Context, Result};

/// Latencies of one case, in milliseconds.
#[derive(Debug, Default)]
pub(crate) struct Samples {
    ms: Vec<f64>,
}

impl Samples {
    pub(crate) fn push(&mut self, elapsed: Duration) {
        self.ms.push(elapsed.as_secs_f64() * 1000.0);
    }

    pub(crate) fn len(&self) -> usize {
        self.ms.len()
    }

    /// The nearest-rank percentile `p` (1..=100).
    pub(crate) fn percentile(&self, p: usize) -> Option<f64> {
        let mut sorted = self.ms.clone();
        sorted.sort_by(f64::total_cmp);
        let rank = (p * sorted.len()).div_ceil(100).max(1);
        sorted.get(rank - 1).copied()
    }

    pub(crate) fn first(&self) -> Option<f64> {
        self.ms.first().copied()
    }
}

/// A design §6 target on a case's p95, in milliseconds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target {
    pub(crate) p95_ms: f64,
}

/// One row of the latency table.
#[derive(Debug)]
pub(crate) struct Row<'a> {
    pub(crate) case: &'a str,
    pub(crate) samples: &'a Samples,
    pub(crate) target: Option<Target>,
}

/// `case | n | p50 | p95 | p99 | max | target`, fixed-width.
pub(crate) fn latency_table(rows: &[Row<'_>]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<30} {:>5} {:>9} {:>9} {:>9} {:>9}  target (design §6)",
        "case", "n", "p50_ms", "p95_ms", "p99_ms", "max_ms"
    );
    for row in rows {
        let cell = |p| ms(row.samples.percentile(p));
        let target = row.target.map_or_else(String::new, |t| {
            let verdict = match row.samples.percentile(95) {
                Some(p95) if p95 <= t.p95_ms => "met",
                Some(_) => "MISSED",
                None => "-",
            };
            format!("p95 <= {:.0}: {verdict}", t.p95_ms)
        });
        let _ = writeln!(
            out,
            "{:<30} {:>5} {:>9} {:>9} {:>9} {:>9}  {target}",
            row.case,
            row.samples.len(),
            cell(50),
            cell(95),
            cell(99),
            cell(100),
        );
    }
    out
}

/// Milliseconds with three significant-ish digits.
pub(crate) fn ms(value: Option<f64>) -> String {
    match value {
        None => "-".to_owned(),
        Some(v) if v < 1.0 => format!("{v:.3}"),
        Some(v) => format!("{v:.1}"),
    }
}

/// This process's resident set now (VmRSS) and at its peak (VmHWM), in KiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Memory {
    pub(crate) rss_kib: u64,
    pub(crate) peak_kib: u64,
}

impl Memory {
    pub(crate) fn now() -> Result<Self> {
        let status = std::fs::read_to_string("/proc/self/status")
            .context("cannot read /proc/self/status")?;
        let field = |name: &str| -> Result<u64> {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .with_context(|| format!("no {name} in /proc/self/status"))
        };
        Ok(Self {
            rss_kib: field("VmRSS:")?,
            peak_kib: field("VmHWM:")?,
        })
    }
}

/// KiB as MiB with one decimal.
pub(crate) fn mib(kib: u64) -> String {
    format!("{:.1}", kib_f64(kib) / 1024.0)
}

/// KiB as MB (10^6 bytes, as design §6 counts) with one decimal.
pub(crate) fn mb(kib: u64) -> String {
    format!("{:.1}", kib_f64(kib) * 1024.0 / 1e6)
}

#[allow(
    clippy::cast_precision_loss,
    reason = "memory sizes in KiB are far below 2^52"
)]
fn kib_f64(kib: u64) -> f64 {
    kib as f64
}
