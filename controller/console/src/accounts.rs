//! Operator accounts of the console: who may sign in, as what.
//!
//! A local SQLite file (`accounts.db`) holds one row per account: its name
//! (an [`AccountId`], which the console puts into every command it signs),
//! an optional full name, its role ([`OperatorRole`]: secretary, chair, IT),
//! an argon2id password hash (a PHC string with its own random salt), and:
//!
//! - `must_change_password`, set for a new account and after a reset by IT:
//!   the first login then leads to a change of password before anything else;
//! - a failure counter: after [`Policy::max_failures`] wrong passwords in a
//!   row the account is locked for [`Policy::lockout`] (15 minutes by
//!   default), during which even the right password is refused.
//!
//! New accounts and resets get a one-time password, printed once by
//! `console accounts add` / `reset` and never stored in clear. An unknown
//! name and a wrong password get the same answer (and take the same time),
//! so names cannot be probed from the login screen.
//!
//! What a role may do is not decided here but by `OperatorRole::permits`.
//! Time is an argument ([`Timestamp`]), so the lockout is tested without
//! waiting.

mod password;

#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use protocol::ids::{AccountId, Timestamp};
use protocol::message::OperatorRole;
use rusqlite::{Connection, OptionalExtension, params};

pub use password::{OneTimePassword, PasswordRule, check_new_password};

/// Rules for passwords and failed logins.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The fewest characters a chosen password may have.
    pub min_length: usize,
    /// The most characters a password may have.
    pub max_length: usize,
    /// Wrong passwords in a row before the account is locked.
    pub max_failures: u32,
    /// How long a locked account stays locked.
    pub lockout: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            min_length: 10,
            max_length: 128,
            max_failures: 5,
            lockout: Duration::from_mins(15),
        }
    }
}

/// An account as listed (no hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    pub name: AccountId,
    pub full_name: String,
    pub role: OperatorRole,
    pub must_change_password: bool,
    /// Locked until then, if locked now.
    pub locked_until: Option<Timestamp>,
}

/// Someone who signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub account: AccountId,
    pub full_name: String,
    pub role: OperatorRole,
    /// The password is a one-time one: it must be changed before anything else.
    pub must_change_password: bool,
}

/// Why a login failed.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Unknown account or wrong password (the same answer for both).
    #[error("wrong account name or password")]
    BadCredentials,
    #[error("the account is locked until {until:?} after too many wrong passwords")]
    Locked { until: Timestamp },
    #[error(transparent)]
    Store(#[from] AccountsError),
}

/// Why a change of password was refused.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// The current password given is wrong (it counts as a failed login).
    #[error("the current password is wrong")]
    WrongCurrent,
    #[error("the account is locked until {until:?} after too many wrong passwords")]
    Locked { until: Timestamp },
    #[error("the new password does not fit the rules: {0}")]
    Rule(PasswordRule),
    #[error(transparent)]
    Store(#[from] AccountsError),
}

/// A failure of the accounts file itself.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error("accounts database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("cannot create {path}: {cause}")]
    Folder { path: String, cause: std::io::Error },
    #[error("there is no account {0}")]
    NoSuchAccount(String),
    #[error("there is already an account {0}")]
    Exists(String),
    #[error("the stored role {0:?} is not a role")]
    BadRole(String),
    #[error("password hashing failed: {0}")]
    Hash(String),
}

const SCHEMA: &[&str] = &["CREATE TABLE accounts (
        name TEXT PRIMARY KEY,
        full_name TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        must_change_password INTEGER NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        created_at INTEGER NOT NULL,
        password_changed_at INTEGER NOT NULL
    )"];

/// The accounts file. Cheap to clone; usable from any thread (hashing is
/// slow on purpose: call it off the UI thread).
#[derive(Clone)]
pub struct Accounts {
    conn: Arc<Mutex<Connection>>,
    policy: Policy,
}

impl std::fmt::Debug for Accounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Accounts")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// A role as the accounts file and the command line spell it.
pub fn role_code(role: OperatorRole) -> &'static str {
    match role {
        OperatorRole::Secretary => "secretary",
        OperatorRole::Chair => "chair",
        OperatorRole::It => "it",
    }
}

/// The role spelled `code` (`secretary`, `chair`, `it`).
pub fn parse_role(code: &str) -> Option<OperatorRole> {
    match code {
        "secretary" => Some(OperatorRole::Secretary),
        "chair" => Some(OperatorRole::Chair),
        "it" => Some(OperatorRole::It),
        _ => None,
    }
}

impl Accounts {
    /// Opens (or creates) the accounts file at `path`.
    pub fn open(path: &Path, policy: Policy) -> Result<Self, AccountsError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|cause| AccountsError::Folder {
                path: dir.display().to_string(),
                cause,
            })?;
        }
        Self::with(Connection::open(path)?, policy)
    }

    /// Accounts in memory only (tests, screenshots).
    pub fn in_memory(policy: Policy) -> Result<Self, AccountsError> {
        Self::with(Connection::open_in_memory()?, policy)
    }

    fn with(conn: Connection, policy: Policy) -> Result<Self, AccountsError> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let done = usize::try_from(version).unwrap_or(0);
        for (i, sql) in (1_i64..).zip(SCHEMA).skip(done) {
            conn.execute_batch(sql)?;
            conn.pragma_update(None, "user_version", i)?;
        }
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            policy,
        })
    }

    /// The rules in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (each
        // change is one statement or transaction), so the data is still good.
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds an account with a one-time password, which must be changed at
    /// the first login. Returns the password to hand over (shown once).
    pub fn add(
        &self,
        name: &AccountId,
        full_name: &str,
        role: OperatorRole,
        now: Timestamp,
    ) -> Result<OneTimePassword, AccountsError> {
        let otp = OneTimePassword::generate();
        let hash = password::hash(otp.as_str())?;
        let added = self.db().execute(
            "INSERT INTO accounts (name, full_name, role, password_hash, must_change_password,
                 created_at, password_changed_at)
             VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)
             ON CONFLICT (name) DO NOTHING",
            params![name.as_str(), full_name, role_code(role), hash, now.0],
        )?;
        if added == 0 {
            return Err(AccountsError::Exists(name.to_string()));
        }
        Ok(otp)
    }

    /// Gives an account a new one-time password (it must be changed at the
    /// next login) and unlocks it.
    pub fn reset(
        &self,
        name: &AccountId,
        now: Timestamp,
    ) -> Result<OneTimePassword, AccountsError> {
        let otp = OneTimePassword::generate();
        let hash = password::hash(otp.as_str())?;
        let changed = self.db().execute(
            "UPDATE accounts SET password_hash = ?2, must_change_password = 1, failures = 0,
                 locked_until = NULL, password_changed_at = ?3
             WHERE name = ?1",
            params![name.as_str(), hash, now.0],
        )?;
        if changed == 0 {
            return Err(AccountsError::NoSuchAccount(name.to_string()));
        }
        Ok(otp)
    }

    /// Removes an account.
    pub fn remove(&self, name: &AccountId) -> Result<(), AccountsError> {
        let removed = self
            .db()
            .execute("DELETE FROM accounts WHERE name = ?1", [name.as_str()])?;
        if removed == 0 {
            return Err(AccountsError::NoSuchAccount(name.to_string()));
        }
        Ok(())
    }

    /// Every account, by name.
    pub fn list(&self, now: Timestamp) -> Result<Vec<AccountInfo>, AccountsError> {
        let db = self.db();
        let mut stmt = db.prepare(
            "SELECT name, full_name, role, must_change_password, locked_until
             FROM accounts ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (name, full_name, role, must_change_password, locked) = row?;
            out.push(AccountInfo {
                name: stored_name(&name)?,
                full_name,
                role: parse_role(&role).ok_or(AccountsError::BadRole(role))?,
                must_change_password,
                locked_until: locked.map(Timestamp).filter(|t| *t > now),
            });
        }
        Ok(out)
    }

    /// Whether there is no account yet (first run: IT must add one).
    pub fn is_empty(&self) -> Result<bool, AccountsError> {
        let n: i64 = self
            .db()
            .query_row("SELECT COUNT(*) FROM accounts", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// Checks a name and password at `now`.
    pub fn login(
        &self,
        name: &str,
        password: &str,
        now: Timestamp,
    ) -> Result<SignedIn, LoginError> {
        let Some(row) = self.row(name)? else {
            // Take as long as a real check, so names cannot be probed by time.
            password::burn(password);
            return Err(LoginError::BadCredentials);
        };
        if let Some(until) = row.locked_until.filter(|t| *t > now) {
            return Err(LoginError::Locked { until });
        }
        if !password::verify(password, &row.hash) {
            return Err(match self.failed(&row, now)? {
                Some(until) => LoginError::Locked { until },
                None => LoginError::BadCredentials,
            });
        }
        self.db()
            .execute(
                "UPDATE accounts SET failures = 0, locked_until = NULL WHERE name = ?1",
                [name],
            )
            .map_err(AccountsError::from)?;
        Ok(SignedIn {
            account: row.name,
            full_name: row.full_name,
            role: row.role,
            must_change_password: row.must_change,
        })
    }

    /// Changes a password: the current one must be right, and the new one
    /// must fit the rules ([`check_new_password`]); `repeat` must match it.
    pub fn change_password(
        &self,
        name: &AccountId,
        current: &str,
        new: &str,
        repeat: &str,
        now: Timestamp,
    ) -> Result<(), ChangeError> {
        let row = self
            .row(name.as_str())?
            .ok_or_else(|| AccountsError::NoSuchAccount(name.to_string()))?;
        if let Some(until) = row.locked_until.filter(|t| *t > now) {
            return Err(ChangeError::Locked { until });
        }
        if !password::verify(current, &row.hash) {
            return Err(match self.failed(&row, now)? {
                Some(until) => ChangeError::Locked { until },
                None => ChangeError::WrongCurrent,
            });
        }
        check_new_password(&self.policy, name, current, new, repeat).map_err(ChangeError::Rule)?;
        let hash = password::hash(new)?;
        self.db()
            .execute(
                "UPDATE accounts SET password_hash = ?2, must_change_password = 0, failures = 0,
                     locked_until = NULL, password_changed_at = ?3
                 WHERE name = ?1",
                params![name.as_str(), hash, now.0],
            )
            .map_err(AccountsError::from)?;
        Ok(())
    }

    /// Counts a wrong password; returns the lock's end if this one locks the account.
    fn failed(&self, row: &Row, now: Timestamp) -> Result<Option<Timestamp>, AccountsError> {
        let failures = row.failures + 1;
        if failures >= self.policy.max_failures {
            let ms = i64::try_from(self.policy.lockout.as_millis()).unwrap_or(i64::MAX);
            let until = now.plus_millis(ms);
            self.db().execute(
                "UPDATE accounts SET failures = 0, locked_until = ?2 WHERE name = ?1",
                params![row.name.as_str(), until.0],
            )?;
            tracing::warn!(account = %row.name, "account locked after repeated wrong passwords");
            Ok(Some(until))
        } else {
            self.db().execute(
                "UPDATE accounts SET failures = ?2 WHERE name = ?1",
                params![row.name.as_str(), failures],
            )?;
            Ok(None)
        }
    }

    fn row(&self, name: &str) -> Result<Option<Row>, AccountsError> {
        let found = self
            .db()
            .query_row(
                "SELECT name, full_name, role, password_hash, must_change_password, failures,
                     locked_until
                 FROM accounts WHERE name = ?1",
                [name],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, bool>(4)?,
                        r.get::<_, u32>(5)?,
                        r.get::<_, Option<i64>>(6)?,
                    ))
                },
            )
            .optional()?;
        let Some((name, full_name, role, hash, must_change, failures, locked)) = found else {
            return Ok(None);
        };
        Ok(Some(Row {
            name: stored_name(&name)?,
            full_name,
            role: parse_role(&role).ok_or(AccountsError::BadRole(role))?,
            hash,
            must_change,
            failures,
            locked_until: locked.map(Timestamp),
        }))
    }
}

struct Row {
    name: AccountId,
    full_name: String,
    role: OperatorRole,
    hash: String,
    must_change: bool,
    failures: u32,
    locked_until: Option<Timestamp>,
}

fn stored_name(name: &str) -> Result<AccountId, AccountsError> {
    AccountId::new(name).map_err(|_| AccountsError::NoSuchAccount(name.to_owned()))
}
