//! Vietnamese spelling: which letter strings are a written syllable or can
//! still grow into one, and which vowel carries the tone mark.
//!
//! A syllable is an initial consonant (maybe none), a rhyme (vowels, then
//! maybe one final consonant), and a tone. The tables list every rhyme of
//! standard spelling plus the few loanword ones in common use ("xoong",
//! "soóc"); they are lenient rather than strict, because rejecting a real word
//! is worse than letting an English word through.

use super::ToneStyle;
use super::letters::{Tone, can_become, is_modified, is_vowel};

/// Initial consonants, and none (""). Every one is tried, so the order does
/// not matter.
const INITIALS: [&str; 28] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

/// Rhymes without a final consonant (the last vowel may be a glide).
const OPEN_RHYMES: [&str; 45] = [
    "a", "ai", "ao", "au", "ay", "âu", "ây", "e", "eo", "ê", "êu", "i", "ia", "iu", "iêu", "o",
    "oa", "oai", "oao", "oay", "oe", "oeo", "oi", "ô", "ôi", "ơ", "ơi", "u", "ua", "uây", "uê",
    "ui", "uôi", "uơ", "uy", "uya", "uyu", "ư", "ưa", "ưi", "ươi", "ươu", "ưu", "y", "yêu",
];

/// Vowel groups that take a final consonant, with the finals each takes.
const CLOSED_RHYMES: [(&str, &[&str]); 23] = [
    ("a", &["c", "ch", "m", "n", "ng", "nh", "p", "t"]),
    ("ă", &["c", "m", "n", "ng", "p", "t"]),
    ("â", &["c", "m", "n", "ng", "p", "t"]),
    ("e", &["c", "m", "n", "ng", "p", "t"]),
    ("ê", &["ch", "m", "n", "nh", "p", "t"]),
    ("i", &["ch", "m", "n", "nh", "p", "t"]),
    ("o", &["c", "m", "n", "ng", "p", "t"]),
    ("oo", &["c", "ng"]),
    ("ô", &["c", "m", "n", "ng", "p", "t"]),
    ("ơ", &["m", "n", "p", "t"]),
    ("u", &["c", "m", "n", "ng", "p", "t"]),
    ("ư", &["c", "m", "n", "ng", "t"]),
    ("iê", &["c", "m", "n", "ng", "p", "t"]),
    ("yê", &["m", "n", "ng", "t"]),
    ("oa", &["c", "ch", "m", "n", "ng", "nh", "p", "t"]),
    ("oă", &["c", "m", "n", "ng", "p", "t"]),
    ("oe", &["n", "ng", "t"]),
    ("uâ", &["n", "ng", "t"]),
    ("uê", &["ch", "n", "nh", "t"]),
    ("uô", &["c", "m", "n", "ng", "t"]),
    ("ươ", &["c", "m", "n", "ng", "p", "t"]),
    ("uy", &["ch", "n", "nh", "p", "t"]),
    ("uyê", &["n", "t"]),
];

/// Every rhyme as (vowels, final consonant or "").
fn rhymes() -> impl Iterator<Item = (&'static str, &'static str)> {
    OPEN_RHYMES.iter().map(|&vowels| (vowels, "")).chain(
        CLOSED_RHYMES
            .iter()
            .flat_map(|&(vowels, finals)| finals.iter().map(move |&last| (vowels, last))),
    )
}

/// Spelling rules that tie the initial to the first vowel: `k gh ngh`
/// before `e ê i (y)`, `c g ng` elsewhere; `qu` and `gi` already hold their
/// glide (`g` before `i` is the `gi` of "gì", "gìn").
fn initial_fits(initial: &str, vowels: &str) -> bool {
    let first = vowels.chars().next().unwrap_or('a');
    let front = matches!(first, 'e' | 'ê' | 'i');
    match initial {
        "c" => !front && first != 'y',
        "k" => front || first == 'y',
        "gh" | "ngh" => front,
        "g" => !matches!(first, 'e' | 'ê'),
        "ng" => !front,
        "qu" => !matches!(first, 'u' | 'ư'),
        "gi" => first != 'i',
        _ => true,
    }
}

/// How typed letters must match a rhyme.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Match {
    /// The beginning of it, a plain vowel standing for any vowel it can
    /// still become.
    Start,
    /// All of it, letter for letter.
    Whole,
}

/// Whether `typed` matches `wanted` as `how` asks.
fn matches_rhyme(typed: &[char], wanted: impl Iterator<Item = char>, how: Match) -> bool {
    let mut wanted = wanted;
    let fit = typed.iter().all(|&t| {
        wanted.next().is_some_and(|w| {
            if how == Match::Start {
                can_become(t, w)
            } else {
                t == w
            }
        })
    });
    fit && (how == Match::Start || wanted.next().is_none())
}

/// Whether `letters` (lower case, toneless) with `tone` is the beginning of
/// some Vietnamese syllable, counting plain vowels as able to take a
/// modifier later (so "nguoi" passes: "w" will make it "ngươi").
pub(super) fn is_syllable_start(letters: &[char], tone: Tone) -> bool {
    letters.is_empty() || letters == ['q'] || fits(letters, tone, Match::Start)
}

/// Whether `letters` with `tone` is a whole Vietnamese syllable ("tôi",
/// not "tô" + "i" still to come, nor "tă").
pub(super) fn is_syllable(letters: &[char], tone: Tone) -> bool {
    fits(letters, tone, Match::Whole)
}

fn fits(letters: &[char], tone: Tone, how: Match) -> bool {
    INITIALS.iter().any(|&initial| {
        let Some(rest) = strip(letters, initial) else {
            return false;
        };
        (rest.is_empty() && how == Match::Start)
            || rhymes().any(|(vowels, last)| {
                // After "qu" a rhyme's own "u" glide is already written:
                // "quýt", "quỳnh" are qu + (u)ýt, qu + (u)ỳnh.
                let vowels = match vowels.strip_prefix('u') {
                    Some(tail) if initial == "qu" && !tail.is_empty() => tail,
                    _ => vowels,
                };
                let stop = matches!(last, "c" | "ch" | "p" | "t");
                initial_fits(initial, vowels)
                    && (!stop || tone.fits_a_stop())
                    && matches_rhyme(rest, vowels.chars().chain(last.chars()), how)
            })
    })
}

fn strip<'a>(letters: &'a [char], initial: &str) -> Option<&'a [char]> {
    let mut rest = letters;
    for c in initial.chars() {
        let (&first, tail) = rest.split_first()?;
        if first != c {
            return None;
        }
        rest = tail;
    }
    Some(rest)
}

/// The vowels of a word: the first run of vowel letters, without the `u` of
/// `qu` and without the `i` of `gi` when another vowel follows it ("gia",
/// "giường"; but the `i` of "gì", "gìn" is the vowel).
pub(super) fn nucleus(letters: &[char]) -> std::ops::Range<usize> {
    let Some(start) = letters.iter().position(|&c| is_vowel(c)) else {
        return letters.len()..letters.len();
    };
    let end = letters[start..]
        .iter()
        .position(|&c| !is_vowel(c))
        .map_or(letters.len(), |n| start + n);
    let before = start.checked_sub(1).map(|i| letters[i]);
    let glide = match (before, letters[start]) {
        (Some('q'), 'u') => true,
        (Some('g'), 'i') => end - start > 1,
        _ => false,
    };
    if glide { start + 1..end } else { start..end }
}

/// Which letter carries the tone mark, by the rules of modern spelling:
///
/// - a vowel with a modifier (`ă â ê ô ơ ư`) carries it; of `ươ` the `ơ`
///   ("người", "được");
/// - else a lone vowel carries it;
/// - else, with a final consonant, the last vowel ("hoàn", "toán");
/// - else, of three vowels, the middle one ("khoái", "khuỷu");
/// - else, of two, the first ("mía", "múa", "cài"), except `oa oe uy`,
///   where [`ToneStyle`] decides ("hòa" or "hoà").
///
/// `qu` and `gi` are consonants here ("quý", "giá"). `None` when the word
/// has no vowel.
pub(super) fn tone_position(letters: &[char], style: ToneStyle) -> Option<usize> {
    let vowels = nucleus(letters);
    if vowels.is_empty() {
        // "qu" or "gi" alone: the glide is the only vowel so far ("qú" waits
        // for the "a" of "quá").
        return letters.iter().rposition(|&c| is_vowel(c));
    }
    let group = &letters[vowels.clone()];
    if let Some(i) = group.iter().rposition(|&c| is_modified(c)) {
        return Some(vowels.start + i);
    }
    let closed = vowels.end < letters.len();
    let offset = match group {
        [_, _] if closed => 1,
        ['o', 'a' | 'e'] | ['u', 'y'] if style == ToneStyle::New => 1,
        [_] | [_, _] => 0,
        _ => 1,
    };
    Some(vowels.start + offset)
}

/// Every whole syllable of the tables, each with one tone that fits it (the
/// tones taken in turn), as (lower-case toneless letters, tone).
#[cfg(test)]
pub(super) fn syllables() -> Vec<(String, Tone)> {
    const TONES: [Tone; 6] = [
        Tone::Level,
        Tone::Acute,
        Tone::Grave,
        Tone::Hook,
        Tone::Tilde,
        Tone::Dot,
    ];
    let mut all = Vec::new();
    for initial in INITIALS {
        for (vowels, last) in rhymes() {
            let word = format!("{initial}{vowels}{last}");
            let letters: Vec<char> = word.chars().collect();
            let fitting = (0..TONES.len())
                .map(|n| TONES[(all.len() + n) % TONES.len()])
                .find(|&tone| is_syllable(&letters, tone));
            if let Some(tone) = fitting {
                all.push((word, tone));
            }
        }
    }
    all
}
