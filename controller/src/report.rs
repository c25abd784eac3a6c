//! `controller status` and `controller report`: what IT and the weekly
//! usage report need, read from the database (the controller may be running).

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};

use anyhow::{Context, Result, bail};
use protocol::ids::{DelegateId, Timestamp};
use protocol::room::Fact;
use serde::Serialize;

use crate::app::open_data;
use crate::config::Config;
use crate::store::{MeetingRow, OutboxRow, Store, SyncRow};

/// What `controller status` shows.
#[derive(Debug, Serialize)]
pub struct Status {
    pub room: String,
    pub meetings: Vec<MeetingRow>,
    pub session: Option<SessionSummary>,
    pub recent_syncs: Vec<SyncRow>,
    pub outbox: Vec<OutboxRow>,
}

/// A meeting's session, summarised from its facts.
#[derive(Debug, Clone, Serialize)]
pub struct SessionSummary {
    pub meeting: String,
    pub title: String,
    pub opened_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub members: u32,
    /// Delegates who signed in at a seat or were marked present.
    pub attended: u32,
    /// Seats with a delegate signed in now.
    pub seats_signed_in: u32,
    pub ballots_held: u32,
    pub votes_recorded: u32,
    pub comments: u32,
    pub facts: u64,
}

fn summarise(store: &Store, meeting: &protocol::ids::MeetingId) -> Result<Option<SessionSummary>> {
    let Some(package) = store.package(meeting)? else {
        return Ok(None);
    };
    let facts = store.facts_with_time(meeting)?;
    let mut s = SessionSummary {
        meeting: meeting.to_string(),
        title: package.title.clone(),
        opened_at: None,
        closed_at: None,
        members: package.member_count(),
        attended: 0,
        seats_signed_in: 0,
        ballots_held: 0,
        votes_recorded: 0,
        comments: 0,
        facts: u64::try_from(facts.len()).unwrap_or(u64::MAX),
    };
    let mut attended: BTreeSet<&DelegateId> = BTreeSet::new();
    let mut signed_in: BTreeSet<&DelegateId> = BTreeSet::new();
    for (at, f) in &facts {
        match f {
            Fact::SessionOpened { .. } => s.opened_at = s.opened_at.or(Some(*at)),
            Fact::MeetingClosed { .. } => s.closed_at = Some(*at),
            Fact::SignedIn { delegate, .. } => {
                attended.insert(delegate);
                signed_in.insert(delegate);
            }
            Fact::SignedOut { delegate, .. } => {
                signed_in.remove(delegate);
            }
            Fact::MarkedPresent {
                delegate,
                present: true,
            } => {
                attended.insert(delegate);
            }
            Fact::BallotClosed { .. } => s.ballots_held += 1,
            Fact::VoteRecorded { .. } => s.votes_recorded += 1,
            Fact::CommentRecorded { .. } => s.comments += 1,
            _ => {}
        }
    }
    s.attended = u32::try_from(attended.len()).unwrap_or(u32::MAX);
    s.seats_signed_in = u32::try_from(signed_in.len()).unwrap_or(u32::MAX);
    Ok(Some(s))
}

/// Reads the status from the database.
pub fn status(cfg: &Config) -> Result<Status> {
    let (store, _) = open_data(cfg)?;
    let session = match store.current_meeting()? {
        Some(m) => summarise(&store, &m)?,
        None => None,
    };
    Ok(Status {
        room: cfg.room.clone(),
        meetings: store.meetings()?,
        session,
        recent_syncs: store.recent_syncs(5)?,
        outbox: store.all_uploads()?,
    })
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "room {}", self.room)?;
        writeln!(f, "meetings: {}", self.meetings.len())?;
        for m in &self.meetings {
            let mark = if m.current { "*" } else { " " };
            writeln!(
                f,
                " {mark} {} \"{}\" starts {} ({} papers, {} delegates, from {})",
                m.id, m.title, m.starts_at, m.documents, m.delegates, m.source
            )?;
        }
        match &self.session {
            Some(s) => writeln!(
                f,
                "session {}: {}; attended {}/{} members, {} seats signed in, {} ballots, {} votes, {} comments",
                s.meeting,
                match (s.opened_at, s.closed_at) {
                    (_, Some(_)) => "closed",
                    (Some(_), None) => "in session",
                    (None, None) => "not opened",
                },
                s.attended,
                s.members,
                s.seats_signed_in,
                s.ballots_held,
                s.votes_recorded,
                s.comments
            )?,
            None => writeln!(f, "session: no current meeting")?,
        }
        match self.recent_syncs.first() {
            Some(s) => writeln!(
                f,
                "last sync: {} at {} ms: {}",
                if s.ok { "ok" } else { "FAILED" },
                s.at.0,
                s.detail
            )?,
            None => writeln!(f, "last sync: never")?,
        }
        let pending = self.outbox.iter().filter(|r| r.acked_at.is_none()).count();
        writeln!(
            f,
            "outbox: {} uploads, {pending} waiting",
            self.outbox.len()
        )?;
        for r in self.outbox.iter().filter(|r| r.acked_at.is_none()) {
            writeln!(
                f,
                "  {} ({} attempts){}",
                r.key,
                r.attempts,
                r.last_error
                    .as_ref()
                    .map_or_else(String::new, |e| format!(": {e}"))
            )?;
        }
        Ok(())
    }
}

/// The usage report for a period.
#[derive(Debug, Serialize)]
pub struct Report {
    pub room: String,
    pub from: String,
    pub to: String,
    pub meetings: Vec<SessionSummary>,
    pub syncs_ok: u32,
    pub syncs_failed: u32,
    pub paper_bytes_synced: u64,
    pub uploads_acked: u32,
    pub uploads_waiting: u32,
}

impl Report {
    /// One CSV row per meeting, then the totals as comment-free rows.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "meeting,title,opened_at,closed_at,members,attended,ballots_held,votes_recorded,comments\n",
        );
        for m in &self.meetings {
            let _ = writeln!(
                out,
                "{},\"{}\",{},{},{},{},{},{},{}",
                m.meeting,
                m.title.replace('"', "\"\""),
                m.opened_at.map_or(String::new(), |t| t.0.to_string()),
                m.closed_at.map_or(String::new(), |t| t.0.to_string()),
                m.members,
                m.attended,
                m.ballots_held,
                m.votes_recorded,
                m.comments
            );
        }
        let _ = writeln!(
            out,
            "\ntotal,syncs_ok,syncs_failed,paper_bytes_synced,uploads_acked,uploads_waiting\n{},{},{},{},{},{}",
            self.meetings.len(),
            self.syncs_ok,
            self.syncs_failed,
            self.paper_bytes_synced,
            self.uploads_acked,
            self.uploads_waiting
        );
        out
    }
}

/// Milliseconds at 00:00 UTC of a `YYYY-MM-DD` day.
pub fn day_start(day: &str) -> Result<Timestamp> {
    let parts: Vec<&str> = day.split('-').collect();
    let [y, m, d] = parts[..] else {
        bail!("{day:?} is not YYYY-MM-DD")
    };
    let (y, m, d): (i64, i64, i64) = (
        y.parse().with_context(|| format!("bad year in {day:?}"))?,
        m.parse().with_context(|| format!("bad month in {day:?}"))?,
        d.parse().with_context(|| format!("bad day in {day:?}"))?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        bail!("{day:?} is not a date");
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Ok(Timestamp(days * 86_400_000))
}

/// Builds the usage report for meetings opened in `[from, to)`.
pub fn report(cfg: &Config, from: &str, to: &str) -> Result<Report> {
    let (start, end) = (day_start(from)?, day_start(to)?);
    if end <= start {
        bail!("--to must be after --from");
    }
    let (store, _) = open_data(cfg)?;
    let mut meetings = Vec::new();
    for m in store.meetings()? {
        if let Some(s) = summarise(&store, &m.id)?
            && s.opened_at.is_some_and(|t| t >= start && t < end)
        {
            meetings.push(s);
        }
    }
    let syncs = store.syncs_between(start, end, None)?;
    let uploads = store.all_uploads()?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(Report {
        room: cfg.room.clone(),
        from: from.to_owned(),
        to: to.to_owned(),
        meetings,
        syncs_ok: count(syncs.iter().filter(|s| s.ok).count()),
        syncs_failed: count(syncs.iter().filter(|s| !s.ok).count()),
        paper_bytes_synced: syncs.iter().map(|s| s.bytes).sum(),
        uploads_acked: count(uploads.iter().filter(|u| u.acked_at.is_some()).count()),
        uploads_waiting: count(uploads.iter().filter(|u| u.acked_at.is_none()).count()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_convert_to_utc_midnight_milliseconds() {
        assert_eq!(day_start("1970-01-01").expect("date"), Timestamp(0));
        assert_eq!(
            day_start("2026-11-22").expect("date"),
            Timestamp(1_795_305_600_000)
        );
        assert_eq!(
            day_start("2024-02-29").expect("date"),
            Timestamp(1_709_164_800_000)
        );
        assert!(day_start("2026-13-01").is_err());
        assert!(day_start("yesterday").is_err());
    }
}
