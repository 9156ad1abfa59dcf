//! Output that is inert: text from a plan, or from a file being imported,
//! is shown, never obeyed. One function per kind of output:
//!
//! - spreadsheets (CSV, the clipboard, Excel), every text cell, headings
//!   included: [`neutralise`] (a leading `'` before text a spreadsheet would
//!   run as a formula); [`unneutralise`] removes exactly what it added;
//! - terminals (`check`, `diff`, `summary`, import messages):
//!   [`terminal_text`] shows control characters (C0, DEL, C1, so escape
//!   sequences such as `ESC ] 0;… BEL`) and bidirectional overrides and
//!   isolates (U+202A–U+202E, U+2066–U+2069) as escapes (`\u{1b}`);
//! - the HTML report: [`html_text`] escapes markup and marks each such
//!   character visibly (`[U+202E]`, highlighted), never raw;
//! - JSON on a terminal: [`json_text`] writes the characters JSON leaves
//!   raw (DEL, C1, bidi controls) as `\uXXXX` escapes, which read back as
//!   the same string.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// True when a spreadsheet would read `text` as a formula once any
/// leading `'` are taken off (so "'=x" is marked too, and comes back
/// exact).
fn needs_mark(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// Makes text safe for a spreadsheet cell: text starting with `=`, `+`,
/// `-`, `@`, a tab or a line break (after any leading `'`) gets a leading
/// `'`, so it is shown as text and never run as a formula. Other text is
/// unchanged.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if needs_mark(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Undoes [`neutralise`], exactly: the `'` it added is removed, any other
/// text is unchanged.
pub fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if needs_mark(rest) => rest,
        _ => text,
    }
}

/// True for a character that changes how a terminal or a page shows the
/// text around it rather than showing itself: C0 controls, DEL, C1
/// controls, and the bidirectional embeddings, overrides and isolates.
pub fn is_hidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One line for a terminal: every hidden character ([`is_hidden`]),
/// line breaks and tabs included, written as an escape (`\n`, `\t`,
/// `\u{1b}`, `\u{202e}`), so plan text can neither move the cursor, set
/// the window title nor reorder what is printed around it.
pub fn terminal_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Prints one line on stdout through [`terminal_text`].
pub fn print_line(line: &str) {
    println!("{}", terminal_text(line));
}

/// Prints one line on stderr through [`terminal_text`].
pub fn eprint_line(line: &str) {
    eprintln!("{}", terminal_text(line));
}

/// Text for HTML element content: markup escaped, and every hidden
/// character ([`is_hidden`]; line breaks and tabs excepted, which HTML
/// shows as spaces) replaced by a visible, highlighted mark
/// (`[U+202E]`) that says what it was.
pub fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' | '\t' => out.push(c),
            c if is_hidden(c) => {
                let code = format!("U+{:04X}", c as u32);
                out.push_str(&format!(
                    "<mark class=\"hidden-char\" title=\"A hidden control character ({code}) in the plan text, shown here instead of being obeyed\">[{code}]</mark>"
                ));
            }
            c => out.push(c),
        }
    }
    out
}

/// JSON text for a terminal: the hidden characters JSON writers leave raw
/// (DEL, C1, bidi controls; C0 is always escaped) written as `\uXXXX`.
/// They can only occur inside strings, so the JSON reads back the same.
pub fn json_text(json: &str) -> Cow<'_, str> {
    // C0 outside strings is the layout's own line breaks and indents
    let raw = |c: char| c > '\u{1f}' && is_hidden(c);
    if !json.chars().any(raw) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if raw(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formula_text_only_and_comes_back_exact() {
        for s in [
            "=1+1", "+44 1234", "-5 days", "@SUM(A1)", "\tx", "\rx", "\n=1", "'=1", "''+x",
        ] {
            let n = neutralise(s);
            assert!(n.starts_with('\''), "{s:?}");
            assert_eq!(unneutralise(&n), s, "{s:?}");
        }
        for s in ["Carers Break", "", "3,432", "'quoted", "'", "''"] {
            assert_eq!(neutralise(s), s);
            assert_eq!(unneutralise(s), s);
        }
        // a text that starts with ' before a formula character is marked
        // too, so the import's unneutralise gives it back as typed
        assert_eq!(neutralise("'=x"), "''=x");
        assert_eq!(unneutralise("''=x"), "'=x");
    }

    #[test]
    fn terminal_text_escapes_controls_and_bidi() {
        assert_eq!(terminal_text("Carers Break £3,432"), "Carers Break £3,432");
        assert_eq!(terminal_text("a\u{1b}]0;owned\u{7}b"), "a\\u{1b}]0;owned\\u{7}b");
        assert_eq!(terminal_text("x\u{202e}cba"), "x\\u{202e}cba");
        assert_eq!(
            terminal_text("\u{2066}\u{2069}\u{9b}\u{7f}"),
            "\\u{2066}\\u{2069}\\u{9b}\\u{7f}"
        );
        assert_eq!(terminal_text("two\nlines\r\tx"), "two\\nlines\\r\\tx");
        // ordinary non-ASCII text is untouched
        assert_eq!(terminal_text("“Café” – 2015/16"), "“Café” – 2015/16");
    }

    #[test]
    fn html_text_escapes_markup_and_marks_hidden_characters() {
        assert_eq!(
            html_text("<script>alert(\"1\")</script> & 'x'"),
            "&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; &#39;x&#39;"
        );
        let h = html_text("a\u{202e}b\u{1b}[31m");
        assert!(!h.contains('\u{202e}') && !h.contains('\u{1b}'), "{h}");
        assert!(h.contains(">[U+202E]</mark>") && h.contains(">[U+001B]</mark>"), "{h}");
        assert_eq!(html_text("line\nbreak"), "line\nbreak");
    }

    #[test]
    fn json_text_reads_back_the_same() {
        let v = serde_json::json!({"name": "a\u{202e}b\u{9b}c\u{7f}\u{1b}"});
        let raw = serde_json::to_string_pretty(&v).unwrap();
        let safe = json_text(&raw);
        assert!(!safe.chars().any(|c| c > '\u{1f}' && is_hidden(c)), "{safe}");
        assert!(safe.contains("\\u202e") && safe.contains("\\u001b"), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, v);
    }
}
