//! The accounts file: hashes, logins, the forced change, lockout.

use std::time::Duration;

use protocol::ids::{AccountId, Timestamp};
use protocol::message::OperatorRole;

use super::*;

const T0: Timestamp = Timestamp(1_764_000_000_000);

fn accounts() -> Accounts {
    Accounts::in_memory(Policy::default()).expect("an in-memory accounts file")
}

fn name(s: &str) -> AccountId {
    s.parse().expect("a valid account name")
}

/// A secretary who has chosen the password "mật khẩu mới 2026".
fn secretary(a: &Accounts) -> AccountId {
    let n = name("thuky");
    let otp = a
        .add(&n, "Nguyễn Thị Hoa", OperatorRole::Secretary, T0)
        .expect("added");
    a.change_password(
        &n,
        otp.as_str(),
        "mật khẩu mới 2026",
        "mật khẩu mới 2026",
        T0,
    )
    .expect("changed");
    n
}

#[test]
fn a_password_hash_round_trips_and_is_salted() {
    let h1 = password::hash("Tổ quốc ghi công 1945").expect("hashed");
    let h2 = password::hash("Tổ quốc ghi công 1945").expect("hashed");
    assert!(h1.starts_with("$argon2id$"), "{h1}");
    assert_ne!(h1, h2, "each hash has its own salt");
    assert!(password::verify("Tổ quốc ghi công 1945", &h1));
    assert!(password::verify("Tổ quốc ghi công 1945", &h2));
    assert!(!password::verify("To quoc ghi cong 1945", &h1));
    assert!(!password::verify("anything", "not a hash"));
}

#[test]
fn a_new_account_signs_in_with_its_one_time_password_and_must_change_it() {
    let a = accounts();
    let otp = a
        .add(&name("it1"), "Trần Văn Kỹ", OperatorRole::It, T0)
        .expect("added");
    assert_eq!(otp.as_str().len(), 14, "three groups of four: {otp:?}");
    let signed = a.login("it1", otp.as_str(), T0).expect("signs in");
    assert_eq!(signed.role, OperatorRole::It);
    assert!(signed.must_change_password);
    assert_eq!(signed.full_name, "Trần Văn Kỹ");

    a.change_password(
        &name("it1"),
        otp.as_str(),
        "kỹ thuật viên 01",
        "kỹ thuật viên 01",
        T0,
    )
    .expect("changed");
    let again = a.login("it1", "kỹ thuật viên 01", T0).expect("signs in");
    assert!(!again.must_change_password, "changed once is enough");
    assert!(matches!(
        a.login("it1", otp.as_str(), T0),
        Err(LoginError::BadCredentials)
    ));
}

#[test]
fn a_wrong_password_and_an_unknown_name_get_the_same_answer() {
    let a = accounts();
    secretary(&a);
    assert!(matches!(
        a.login("thuky", "mật khẩu cũ 2025", T0),
        Err(LoginError::BadCredentials)
    ));
    assert!(matches!(
        a.login("khongco", "mật khẩu mới 2026", T0),
        Err(LoginError::BadCredentials)
    ));
    assert!(a.login("thuky", "mật khẩu mới 2026", T0).is_ok());
}

#[test]
fn a_new_password_must_fit_the_rules() {
    let a = accounts();
    let n = name("chutoa");
    let otp = a.add(&n, "", OperatorRole::Chair, T0).expect("added");
    let current = otp.as_str();
    let cases: [(&str, &str, PasswordRule); 4] = [
        ("ngắn", "ngắn", PasswordRule::TooShort(10)),
        ("đủ dài rồi đấy", "đủ dài rồi đây", PasswordRule::Mismatch),
        (current, current, PasswordRule::SameAsBefore),
        ("CHUTOA", "CHUTOA", PasswordRule::TooShort(10)),
    ];
    for (new, repeat, rule) in cases {
        match a.change_password(&n, current, new, repeat, T0) {
            Err(ChangeError::Rule(r)) => assert_eq!(r, rule, "{new:?}"),
            other => panic!("{new:?}: {other:?}"),
        }
    }
    let long_name = name("truongphongtonghop");
    assert_eq!(
        check_new_password(
            a.policy(),
            &long_name,
            "x",
            "TruongPhongTongHop",
            "TruongPhongTongHop"
        ),
        Err(PasswordRule::SameAsName)
    );
    // Still a one-time password: nothing was changed.
    assert!(
        a.login("chutoa", current, T0)
            .expect("signs in")
            .must_change_password
    );
}

#[test]
fn the_current_password_must_be_right_to_change_it() {
    let a = accounts();
    let n = secretary(&a);
    assert!(matches!(
        a.change_password(
            &n,
            "đoán bừa thôi",
            "mật khẩu khác 1",
            "mật khẩu khác 1",
            T0
        ),
        Err(ChangeError::WrongCurrent)
    ));
}

#[test]
fn five_wrong_passwords_lock_the_account_for_fifteen_minutes() {
    let a = accounts();
    secretary(&a);
    for _ in 0..4 {
        assert!(matches!(
            a.login("thuky", "sai mật khẩu", T0),
            Err(LoginError::BadCredentials)
        ));
    }
    let Err(LoginError::Locked { until }) = a.login("thuky", "sai mật khẩu", T0) else {
        panic!("the fifth wrong password locks the account");
    };
    assert_eq!(until, T0.plus_millis(15 * 60 * 1000));
    // Locked: even the right password is refused, and the list says so.
    let later = T0.plus_millis(14 * 60 * 1000);
    assert!(matches!(
        a.login("thuky", "mật khẩu mới 2026", later),
        Err(LoginError::Locked { .. })
    ));
    assert_eq!(a.list(later).expect("listed")[0].locked_until, Some(until));
    // After the lockout the right password works again, and the count starts over.
    let after = until.plus_millis(1);
    assert!(a.login("thuky", "mật khẩu mới 2026", after).is_ok());
    assert!(matches!(
        a.login("thuky", "sai mật khẩu", after),
        Err(LoginError::BadCredentials)
    ));
}

#[test]
fn a_right_password_resets_the_count_of_wrong_ones() {
    let a = accounts();
    secretary(&a);
    for _ in 0..4 {
        let _ = a.login("thuky", "sai mật khẩu", T0);
    }
    assert!(a.login("thuky", "mật khẩu mới 2026", T0).is_ok());
    for _ in 0..4 {
        assert!(matches!(
            a.login("thuky", "sai mật khẩu", T0),
            Err(LoginError::BadCredentials)
        ));
    }
}

#[test]
fn a_reset_unlocks_the_account_and_forces_a_change_again() {
    let a = Accounts::in_memory(Policy {
        max_failures: 2,
        lockout: Duration::from_mins(1),
        ..Policy::default()
    })
    .expect("accounts");
    let n = secretary(&a);
    let _ = a.login("thuky", "sai", T0);
    assert!(matches!(
        a.login("thuky", "sai", T0),
        Err(LoginError::Locked { .. })
    ));
    let otp = a.reset(&n, T0).expect("reset");
    let signed = a
        .login("thuky", otp.as_str(), T0)
        .expect("signs in after reset");
    assert!(signed.must_change_password);
    assert!(matches!(
        a.login("thuky", "mật khẩu mới 2026", T0),
        Err(LoginError::BadCredentials)
    ));
}

#[test]
fn accounts_are_kept_on_disk_and_names_are_unique() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("sub/accounts.db");
    {
        let a = Accounts::open(&path, Policy::default()).expect("opened");
        assert!(a.is_empty().expect("counted"));
        secretary(&a);
        assert!(matches!(
            a.add(&name("thuky"), "", OperatorRole::It, T0),
            Err(AccountsError::Exists(_))
        ));
    }
    let a = Accounts::open(&path, Policy::default()).expect("reopened");
    let list = a.list(T0).expect("listed");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].role, OperatorRole::Secretary);
    assert!(!list[0].must_change_password);
    assert!(a.login("thuky", "mật khẩu mới 2026", T0).is_ok());
    a.remove(&name("thuky")).expect("removed");
    assert!(a.is_empty().expect("counted"));
}

#[test]
fn roles_are_spelled_as_on_the_command_line() {
    for role in [
        OperatorRole::Secretary,
        OperatorRole::Chair,
        OperatorRole::It,
    ] {
        assert_eq!(parse_role(role_code(role)), Some(role));
    }
    assert_eq!(parse_role("admin"), None);
}
