//! Examples, one behaviour per test; `coverage` sweeps tables and inputs.

mod coverage;

use super::{TelexBuffer, ToneStyle, telex};

/// Types `keys` into a fresh buffer (`<` is a backspace) and returns the
/// text shown, the last word still being composed.
fn shown(keys: &str, style: ToneStyle) -> String {
    let mut buffer = TelexBuffer::with_style(style);
    for key in keys.chars() {
        if key == '<' {
            buffer.backspace();
        } else {
            buffer.push(key);
        }
    }
    buffer.text()
}

/// Checks every `(keys, expected)` pair, the word finished (as after a
/// space), and reports all mismatches at once.
fn check_style(style: ToneStyle, cases: &[(&str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|&(keys, expected)| {
            let mut buffer = TelexBuffer::with_style(style);
            buffer.push_str(keys);
            let got = buffer.take();
            (got != expected).then(|| format!("{keys:?}: expected {expected:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check(cases: &[(&str, &str)]) {
    check_style(ToneStyle::Old, cases);
}

/// Like [`check`], but `<` in the keys is a backspace and the text is read
/// while the last word is still being composed.
fn check_shown(cases: &[(&str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|&(keys, expected)| {
            let got = shown(keys, ToneStyle::Old);
            (got != expected).then(|| format!("{keys:?}: expected {expected:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn vieetj_nam_types_viet_nam() {
    assert_eq!(telex("Vieetj Nam"), "Việt Nam");
}

#[test]
fn every_vowel_takes_every_tone() {
    // Keys for the vowel, then the six forms: ngang, s, f, r, x, j.
    let rows = [
        ("a", "aáàảãạ"),
        ("aw", "ăắằẳẵặ"),
        ("aa", "âấầẩẫậ"),
        ("e", "eéèẻẽẹ"),
        ("ee", "êếềểễệ"),
        ("i", "iíìỉĩị"),
        ("o", "oóòỏõọ"),
        ("oo", "ôốồổỗộ"),
        ("ow", "ơớờởỡợ"),
        ("u", "uúùủũụ"),
        ("uw", "ưứừửữự"),
        ("w", "ưứừửữự"),
        ("y", "yýỳỷỹỵ"),
        ("AW", "ĂẮẰẲẴẶ"),
        ("EE", "ÊẾỀỂỄỆ"),
        ("OW", "ƠỚỜỞỠỢ"),
        ("UW", "ƯỨỪỬỮỰ"),
        ("Y", "YÝỲỶỸỴ"),
    ];
    let mut cases = Vec::new();
    for (vowel, forms) in rows {
        for (tone, form) in ["", "s", "f", "r", "x", "j"].iter().zip(forms.chars()) {
            cases.push((format!("dd{vowel}{tone}"), format!("đ{form}")));
        }
    }
    let cases: Vec<(&str, &str)> = cases
        .iter()
        .map(|(k, e)| (k.as_str(), e.as_str()))
        .collect();
    // Read while composing: "đă" is no whole word, and would end as typed.
    check_shown(&cases);
}

#[test]
fn common_words_compose() {
    check(&[
        ("dduwowcj", "được"),
        ("dduocwj", "được"),
        ("nguowif", "người"),
        ("nguoiwf", "người"),
        ("tooi", "tôi"),
        ("Hooji nghij", "Hội nghị"),
        ("thuwowngf", "thường"),
        ("quaan", "quân"),
        ("giaos", "giáo"),
        ("khuyeens", "khuyến"),
        ("vieetj", "việt"),
        ("vietej", "việt"),
        ("vieejt", "việt"),
        ("tieengs", "tiếng"),
        ("hoawcj", "hoặc"),
        ("muwa", "mưa"),
        ("muaw", "mưa"),
        ("ruowuj", "rượu"),
        ("tuwowi", "tươi"),
        ("quoocs", "quốc"),
        ("quys", "quý"),
        ("gif", "gì"),
        ("gifn", "gìn"),
        ("giuwax", "giữa"),
        ("giwx", "giữ"),
        ("gieengs", "giếng"),
        ("giuwowngf", "giường"),
        ("nhwxng", "những"),
        ("khoais", "khoái"),
        ("khuyru", "khuỷu"),
        ("yeeu", "yêu"),
        ("thuowr", "thuở"),
        ("ddoongf", "đồng"),
        ("bieeur quyeets", "biểu quyết"),
        ("chuowng trinhf", "chương trình"),
        ("Quoocs hooij", "Quốc hội"),
        ("xooong", "xoong"),
        ("sooocs", "soóc"),
    ]);
}

#[test]
fn old_style_marks_the_first_vowel_of_open_oa_oe_uy() {
    check(&[
        ("hoaf", "hòa"),
        ("khoer", "khỏe"),
        ("thuys", "thúy"),
        ("Coongj hoaf", "Cộng hòa"),
        // With a final consonant or a third vowel both styles agree.
        ("hoafn", "hoàn"),
        ("toans", "toán"),
        ("thuyeets", "thuyết"),
        ("khoais", "khoái"),
    ]);
}

#[test]
fn new_style_marks_the_second_vowel_of_open_oa_oe_uy() {
    check_style(
        ToneStyle::New,
        &[
            ("hoaf", "hoà"),
            ("khoer", "khoẻ"),
            ("thuys", "thuý"),
            ("hoafn", "hoàn"),
            ("muas", "múa"),
            ("quys", "quý"),
        ],
    );
}

#[test]
fn tone_moves_as_letters_arrive() {
    let progressions = [
        (
            "hoafng",
            ["h", "ho", "hoa", "hòa", "hoàn", "hoàng"].as_slice(),
        ),
        ("nguoif", &["n", "ng", "ngu", "nguo", "nguoi", "nguòi"]),
        (
            "nguoifw",
            &["n", "ng", "ngu", "nguo", "nguoi", "nguòi", "người"],
        ),
        ("qusa", &["q", "qu", "qú", "quá"]),
        ("gisa", &["g", "gi", "gí", "giá"]),
        ("muaf", &["m", "mu", "mua", "mùa"]),
        (
            "dduwowcj",
            &["d", "đ", "đu", "đư", "đưo", "đươ", "đươc", "được"],
        ),
    ];
    for (keys, steps) in progressions {
        let mut buffer = TelexBuffer::new();
        let seen: Vec<String> = keys
            .chars()
            .map(|key| {
                buffer.push(key);
                buffer.text()
            })
            .collect();
        assert_eq!(seen, steps, "typing {keys:?}");
    }
}

#[test]
fn doubled_tone_key_undoes_the_tone_and_types_the_letter() {
    check(&[
        ("ass", "as"),
        ("ASS", "AS"),
        ("aff", "af"),
        ("ajj", "aj"),
        ("tieengss", "tiêngs"),
        ("passs", "pass"),
    ]);
}

#[test]
fn another_tone_key_replaces_the_tone() {
    check(&[("asf", "à"), ("vieetsj", "việt"), ("hoafs", "hóa")]);
}

#[test]
fn z_removes_the_tone() {
    check(&[
        ("asz", "a"),
        ("vieetjz", "viêt"),
        ("nguowifz", "ngươi"),
        ("z", "z"),
        ("az", "az"),
    ]);
}

#[test]
fn doubled_mark_key_undoes_the_mark() {
    check(&[
        ("aaa", "aa"),
        ("eee", "ee"),
        ("ddd", "dd"),
        ("aww", "aw"),
        ("uww", "uw"),
        ("ww", "w"),
        ("WW", "W"),
        ("tww", "tw"),
    ]);
}

#[test]
fn backspace_deletes_the_last_visible_character() {
    check_shown(&[
        ("<", ""),
        ("a<", ""),
        ("as<", ""),
        ("dd<", ""),
        ("dda<", "đ"),
        ("Vieetj<", "Việ"),
        ("Vieetj<<", "Vi"),
        ("Vieetj<t", "Việt"),
        ("Vieetj<<eej", "Việ"),
        ("nguowif<", "ngườ"),
        ("tieengs<", "tiến"),
        ("ass<", "a"),
        ("ass<s", "á"),
        // The tone mark goes back where the rules put it.
        ("hoafn<", "hòa"),
        ("Windows<", "Window"),
        // A lone "w" is still a "w" when the word falls back to its keys.
        ("wi<e", "we"),
        ("Tooi <", "Tôi"),
        ("Tooi <<", "Tô"),
        ("Vieet <j", "Việt"),
        ("Vieetj Nam<<<<", "Việt"),
        ("Vieetj Nam<<<<<", "Việ"),
    ]);
}

#[test]
fn case_is_kept_letter_by_letter() {
    check(&[
        ("VIEETJ", "VIỆT"),
        ("Vieetj", "Việt"),
        ("VIEETj", "VIỆT"),
        ("HOOJI NGHIJ", "HỘI NGHỊ"),
        ("DDUWOWCJ", "ĐƯỢC"),
        ("Dduwowcj", "Được"),
        ("dDuwowcj", "được"),
        ("NGUOWIF", "NGƯỜI"),
        ("Wa", "Ưa"),
    ]);
}

#[test]
fn non_letters_end_the_word() {
    check(&[
        ("Vieetj,Nam.", "Việt,Nam."),
        ("ddieeuf 5", "điều 5"),
        ("Hooji nghij 2025:", "Hội nghị 2025:"),
        ("a1s", "a1s"),
        ("vieet1j", "viêt1j"),
        ("(quaan)", "(quân)"),
        ("ddoongf-ys", "đồng-ý"),
        ("tooi\nbaj", "tôi\nbạ"),
    ]);
}

#[test]
fn english_words_pass_through() {
    check(&[
        ("email", "email"),
        ("Windows", "Windows"),
        ("web", "web"),
        ("PDF", "PDF"),
        ("Excel", "Excel"),
        ("Google", "Google"),
        ("meeting", "meeting"),
        ("Zoom", "Zoom"),
        ("file", "file"),
        ("video", "video"),
        ("online", "online"),
        ("laptop", "laptop"),
        ("USB", "USB"),
        ("HDMI", "HDMI"),
        ("OK", "OK"),
        ("Word", "Word"),
        ("Facebook", "Facebook"),
        ("Microsoft", "Microsoft"),
        ("tapf", "tapf"),
        ("gui laptop qua email", "gui laptop qua email"),
    ]);
}

#[test]
fn a_word_that_ends_half_made_goes_back_to_its_keys() {
    check(&[
        ("use", "use"),
        ("two", "two"),
        ("ddaw", "ddaw"),
        ("Vieej", "Vieej"),
        // A word without a vowel keeps its đ: "100.000 đ".
        ("100.000 dd", "100.000 đ"),
        ("DD/c", "Đ/c"),
    ]);
    check_shown(&[("use", "úe"), ("two", "tưo"), ("Vieej", "Việ")]);
}

#[test]
fn abbreviations_keep_their_capital_dd() {
    check(&[
        ("HDDND", "HĐND"),
        ("DDBQH", "ĐBQH"),
        ("UBND", "UBND"),
        ("NDD-CP", "NĐ-CP"),
        ("QDD-TTg", "QĐ-TTg"),
        ("UBTVQH", "UBTVQH"),
        ("BGDDDDT", "BGDĐT"),
        // Lower case "dd" in a word that is not Vietnamese stays: "address".
        ("address", "address"),
    ]);
}

#[test]
fn english_words_that_are_also_telex_get_converted() {
    // The documented limit of the heuristic, pinned so a change is seen.
    check(&[
        ("as", "á"),
        ("is", "í"),
        ("this", "thí"),
        ("now", "nơ"),
        ("test", "tét"),
        ("data", "dât"),
        ("did", "đi"),
        ("pass", "pas"),
    ]);
}

#[test]
fn a_sentence_typed_in_telex() {
    check(&[
        ("Tooi ddoongf ys vowis duwj thaor", "Tôi đồng ý với dự thảo"),
        (
            "Tooi khoong ddoongf ys vowis ddieeuf 3 cuar duwj thaor nghij quyeets.",
            "Tôi không đồng ý với điều 3 của dự thảo nghị quyết.",
        ),
    ]);
}

#[test]
fn vietnamese_letters_from_a_long_press_join_the_word() {
    check(&[
        ("ês", "ế"),
        ("tôi", "tôi"),
        ("đươcj", "được"),
        ("Vi\u{1ec7}t", "Việt"),
    ]);
}

#[test]
fn telex_off_types_keys_as_they_are() {
    let mut buffer = TelexBuffer::new();
    buffer.set_vietnamese(false);
    buffer.push_str("Vieetj ");
    buffer.backspace();
    buffer.push('j');
    assert_eq!(buffer.take(), "Vieetjj");
}

#[test]
fn composing_is_the_last_word_only() {
    let mut buffer = TelexBuffer::new();
    buffer.push_str("Vieetj Nam");
    assert_eq!(buffer.composing(), "Nam");
    buffer.push(' ');
    assert_eq!(buffer.composing(), "");
    assert_eq!(buffer.text(), "Việt Nam ");
}

#[test]
fn set_text_continues_after_the_draft() {
    let mut buffer = TelexBuffer::new();
    buffer.set_text("Kính gửi: ");
    buffer.push_str("Quoocs hooij");
    assert_eq!(buffer.take(), "Kính gửi: Quốc hội");
    assert!(buffer.is_empty());
}
