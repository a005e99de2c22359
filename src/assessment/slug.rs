//! Safe ids from the names people type: "Supplier invoice processing" -> `supplier-invoice-processing`.

use crate::questionnaire::validate::is_safe_id;

/// The longest id we derive; ids are file and folder names.
const MAX_LEN: usize = 64;

/// A safe id (`^[a-z][a-z0-9_-]*$`) derived from `name`, or `None` when the name holds no
/// letter or digit to build one from. Letters of any script are transliterated to Latin ones
/// ("Zoë" -> `zoe`, "李雷" -> `li-lei`, "Дмитрий" -> `dmitrii`); other characters become `-`.
/// A name starting with a digit gets the prefix `p-`.
pub fn slug(name: &str) -> Option<String> {
    // The crate keeps ASCII as it is and spells every other letter in Latin; symbols it has no
    // spelling for come back as `[?]`, which the loop below drops like any punctuation.
    let latin = deunicode::deunicode(name);
    let mut out = String::new();
    for c in latin.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        return None;
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "p-");
    }
    if out.len() > MAX_LEN {
        out.truncate(MAX_LEN);
        out = out.trim_end_matches('-').to_string();
    }
    is_safe_id(&out).then_some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot set itself up should panic
mod tests {
    use super::*;

    #[test]
    fn names_become_safe_ids() {
        assert_eq!(
            slug("Invoice processing").as_deref(),
            Some("invoice-processing")
        );
        assert_eq!(slug("  Priya Raman ").as_deref(), Some("priya-raman"));
        assert_eq!(
            slug("Zoë Müller-Lüdenscheidt").as_deref(),
            Some("zoe-muller-ludenscheidt")
        );
        assert_eq!(
            slug("2nd-line support").as_deref(),
            Some("p-2nd-line-support")
        );
        assert_eq!(slug("AP / AR (shared)").as_deref(), Some("ap-ar-shared"));
        assert_eq!(slug("李雷").as_deref(), Some("li-lei"));
        assert_eq!(slug("Дмитрий Иванов").as_deref(), Some("dmitrii-ivanov"));
        assert_eq!(slug("Αθηνά").as_deref(), Some("athena"));
        assert_eq!(slug("Œdipe Straße").as_deref(), Some("oedipe-strasse"));
        assert_eq!(
            slug("invoice-processing").as_deref(),
            Some("invoice-processing")
        );
    }

    #[test]
    fn nothing_to_build_from() {
        assert_eq!(slug(""), None);
        assert_eq!(slug(" -- "), None);
        assert_eq!(slug("?!"), None);
    }

    #[test]
    fn long_names_are_cut() {
        let id = slug(&"word ".repeat(40)).unwrap();
        assert!(id.len() <= MAX_LEN && is_safe_id(&id), "{id}");
    }
}
