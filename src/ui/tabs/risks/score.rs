//! Setting a score: two small fields (likelihood, consequence) that take
//! 1–5 or a word ("likely", "cat"), and a chip that shows the result and
//! opens a 5×5 picker.

use crate::calc::risks::{
    CONSEQUENCE_WORDS, LIKELIHOOD_WORDS, RatingSource, ScoreKind, band, band_of_score, consequence_word,
    likelihood_word, rate_risk,
};
use crate::model::limits::MAX_LEVEL_CHARS;
use crate::model::value::parse_level;
use crate::model::{Rag, Risk, RiskScore, RiskStatus};
use crate::ui::cells::LineInput;
use crate::ui::heatmap::band_colors;
use crate::ui::widgets;
use egui::text::{CCursor, CCursorRange};
use egui::{Align2, FontId, Id, Response, Sense, Stroke, StrokeKind, TextEdit, Ui, WidgetInfo, vec2};

/// What the score input reports after the frame.
#[derive(Default)]
pub struct ScoreOut {
    /// The user set a new score (None: cleared).
    pub set: Option<Option<RiskScore>>,
    /// A field or the chip was clicked or focused (select the row).
    pub touched: bool,
    /// True when the change came from the picker (a discrete edit) rather
    /// than typing.
    pub picked: bool,
}

/// What the chip says and its RAG: "20 Extreme", "High (word rating)",
/// "Not scored"; a closed risk is grey and says so.
pub fn chip_for(r: &Risk, kind: ScoreKind) -> (String, Rag) {
    let (text, rag) = match kind.of(r) {
        Some(s) => {
            let b = band(&s);
            (format!("{} {}", s.score(), b.word()), b.rag())
        }
        None if kind == ScoreKind::Current => {
            let rating = rate_risk(r);
            match (rating.source, rating.band) {
                (RatingSource::Word, Some(b)) => (format!("{} (word rating)", b.word()), b.rag()),
                _ => ("Not rated".to_string(), Rag::NotRated),
            }
        }
        None => ("Not scored".to_string(), Rag::NotRated),
    };
    if r.status == RiskStatus::Closed && kind == ScoreKind::Current {
        (format!("Closed: {text}"), Rag::NotRated)
    } else if r.status == RiskStatus::Closed {
        (text, Rag::NotRated)
    } else {
        (text, rag)
    }
}

fn select_all_on_focus(ui: &Ui, resp: &Response, text: &str) {
    if resp.gained_focus()
        && let Some(mut state) = TextEdit::load_state(ui.ctx(), resp.id)
    {
        let n = text.chars().count();
        state
            .cursor
            .set_char_range(Some(CCursorRange::two(CCursor::new(0), CCursor::new(n))));
        TextEdit::store_state(ui.ctx(), resp.id, state);
    }
}

/// Typing a digit into a field that already holds one replaces it.
fn keep_last_digit(text: &mut String) {
    let t = text.trim();
    if t.len() > 1 && t.chars().all(|c| c.is_ascii_digit()) {
        let last = t.chars().last().expect("not empty").to_string();
        *text = last;
    }
}

/// Likelihood × consequence fields, then the result chip (a button that
/// opens the picker). `name` prefixes the accessible names: "Risk R1
/// current" gives "Risk R1 current likelihood". `focus` asks for keyboard
/// focus on the likelihood field.
#[allow(clippy::too_many_arguments)]
pub fn score_input(
    ui: &mut Ui,
    id: Id,
    r: &Risk,
    kind: ScoreKind,
    name: &str,
    enabled: bool,
    focus: bool,
    chip_size: f32,
) -> ScoreOut {
    let mut out = ScoreOut::default();
    let value = kind.of(r);
    let l_id = id.with("likelihood");
    let c_id = id.with("consequence");
    let buf_id = id.with("buffers");
    let buffers: Option<(String, String)> = ui.data(|d| d.get_temp(buf_id));
    let (mut lt, mut ct) = buffers.clone().unwrap_or_else(|| match value {
        Some(s) => (s.likelihood.to_string(), s.consequence.to_string()),
        None => (String::new(), String::new()),
    });
    let l_parse = parse_level(&lt, &LIKELIHOOD_WORDS);
    let c_parse = parse_level(&ct, &CONSEQUENCE_WORDS);
    let field_w = (ui.text_style_height(&egui::TextStyle::Body) * 1.6).max(20.0);
    let err = widgets::error_color(ui);

    let field = |ui: &mut Ui, text: &mut String, fid: Id, hint: &str, bad: bool, label: String| {
        let resp = LineInput::new(fid, field_w, MAX_LEVEL_CHARS)
            .hint(hint, None)
            .align(egui::Align2::CENTER_CENTER)
            .color(bad.then_some(err))
            .enabled(enabled)
            .show(ui, text);
        widgets::set_name(ui, &resp, &label);
        resp
    };
    let l_bad = l_parse.is_err();
    let c_bad = c_parse.is_err();
    let l_resp = field(ui, &mut lt, l_id, "L", l_bad, format!("{name} likelihood"));
    if focus {
        l_resp.request_focus();
    }
    ui.label("×");
    let c_resp = field(ui, &mut ct, c_id, "C", c_bad, format!("{name} consequence"));
    for (resp, text) in [(&l_resp, &lt), (&c_resp, &ct)] {
        select_all_on_focus(ui, resp, text);
        if resp.gained_focus() || resp.clicked() {
            out.touched = true;
        }
    }
    if l_resp.changed() || c_resp.changed() {
        keep_last_digit(&mut lt);
        keep_last_digit(&mut ct);
        let l = parse_level(&lt, &LIKELIHOOD_WORDS);
        let c = parse_level(&ct, &CONSEQUENCE_WORDS);
        let new = match (l, c) {
            (Ok(Some(l)), Ok(Some(c))) => Some(Some(RiskScore::new(l, c))),
            (Ok(None), Ok(None)) => Some(None),
            _ => None,
        };
        if let Some(n) = new
            && n != value
        {
            out.set = Some(n);
        }
        ui.data_mut(|d| d.insert_temp(buf_id, (lt.clone(), ct.clone())));
    }
    // keep the typed text only while it says something the score does not
    // (half typed, or not a level)
    let editing = l_resp.has_focus() || c_resp.has_focus();
    let (l_now, c_now) = (
        parse_level(&lt, &LIKELIHOOD_WORDS),
        parse_level(&ct, &CONSEQUENCE_WORDS),
    );
    let agrees = match (value, &l_now, &c_now) {
        (Some(s), Ok(Some(l)), Ok(Some(c))) => s.likelihood == *l && s.consequence == *c,
        (None, Ok(None), Ok(None)) => true,
        _ => false,
    };
    let after_set = out
        .set
        .is_some_and(|n| matches!((n, &l_now, &c_now), (Some(_), Ok(Some(_)), Ok(Some(_)))));
    if !editing && (agrees || after_set) && ui.data(|d| d.get_temp::<(String, String)>(buf_id).is_some()) {
        ui.data_mut(|d| d.remove::<(String, String)>(buf_id));
    }
    // mark what is wrong
    let half = !editing && matches!((&l_now, &c_now), (Ok(Some(_)), Ok(None)) | (Ok(None), Ok(Some(_))));
    for (resp, parse, other_missing, what, words) in [
        (
            &l_resp,
            &l_now,
            matches!(c_now, Ok(None)),
            "likelihood",
            &LIKELIHOOD_WORDS,
        ),
        (
            &c_resp,
            &c_now,
            matches!(l_now, Ok(None)),
            "consequence",
            &CONSEQUENCE_WORDS,
        ),
    ] {
        let problem = match parse {
            Err(e) => Some(format!("Not a {what}: {e}")),
            Ok(None) if half && !other_missing => Some(format!("Type the {what} too (1 to 5)")),
            _ => None,
        };
        match problem {
            Some(p) => {
                ui.painter()
                    .rect_stroke(resp.rect.expand(1.0), 2.0, Stroke::new(2.0, err), StrokeKind::Outside);
                resp.clone().on_hover_text(p);
            }
            None => {
                let words_line: Vec<String> = words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| format!("{} {w}", i + 1))
                    .collect();
                resp.clone()
                    .on_hover_text(format!("{} (1 to 5): {}", capitalise(what), words_line.join(", ")));
            }
        }
    }

    // the chip: score and band, or what stands in for it
    let (text, rag) = chip_for(r, kind);
    let why = match value {
        Some(s) => crate::calc::risks::describe_score(&s),
        None => text.clone(),
    };
    let chip = widgets::rag_chip_ext(ui, rag, &text, false, None, chip_size);
    // a button (it opens the picker) named after the risk and what it says
    let chip_name = format!("{name} score: {text}");
    chip.widget_info(|| WidgetInfo::labeled(egui::Role::Button, enabled, &chip_name));
    let chip = chip.on_hover_text(format!("{why}\nClick to pick on the 5×5 matrix."));
    if chip.clicked() {
        out.touched = true;
    }
    if enabled {
        egui::Popup::from_toggle_button_response(&chip)
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
            .show(|ui| {
                if let Some(picked) = picker(ui, id.with("picker"), value, name) {
                    out.set = Some(picked);
                    out.picked = true;
                    ui.data_mut(|d| d.remove::<(String, String)>(buf_id));
                    egui::Popup::close_all(ui.ctx());
                }
            });
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The 5×5 picker: click a cell to set likelihood and consequence at once.
/// Returns the choice (None: cleared).
fn picker(ui: &mut Ui, id: Id, value: Option<RiskScore>, name: &str) -> Option<Option<RiskScore>> {
    let mut chosen = None;
    ui.label(egui::RichText::new("Pick likelihood × consequence").strong());
    let cell = vec2(44.0, 30.0);
    egui::Grid::new(id).spacing([3.0, 3.0]).show(ui, |ui| {
        for l in (1..=5u8).rev() {
            ui.label(format!("{} {l}", likelihood_word(l)));
            for c in 1..=5u8 {
                let score = l * c;
                let (fill, fg) = band_colors(band_of_score(score));
                let (rect, resp) = ui.allocate_exact_size(cell, Sense::click());
                let label = format!(
                    "Set {name} to likelihood {l} {}, consequence {c} {}",
                    likelihood_word(l).to_lowercase(),
                    consequence_word(c).to_lowercase()
                );
                resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
                let p = ui.painter();
                p.rect_filled(rect, 3.0, fill);
                p.text(
                    rect.center(),
                    Align2::CENTER_CENTER,
                    score.to_string(),
                    FontId::proportional(15.0),
                    fg,
                );
                let is_current = value.is_some_and(|s| s.likelihood == l && s.consequence == c);
                if is_current {
                    p.rect_stroke(
                        rect,
                        3.0,
                        Stroke::new(3.0, ui.visuals().strong_text_color()),
                        StrokeKind::Outside,
                    );
                }
                if resp.hovered() {
                    p.rect_stroke(rect, 3.0, Stroke::new(2.0, fg), StrokeKind::Inside);
                }
                let resp = resp.on_hover_text(format!(
                    "{l} {} × {c} {} = {score}, {}",
                    likelihood_word(l),
                    consequence_word(c),
                    band_of_score(score).word()
                ));
                if resp.clicked() {
                    chosen = Some(Some(RiskScore::new(l, c)));
                }
            }
            ui.end_row();
        }
        ui.label("");
        for c in 1..=5u8 {
            ui.vertical_centered(|ui| {
                ui.label(c.to_string());
            });
        }
        ui.end_row();
    });
    ui.label(
        egui::RichText::new("Rows: likelihood. Columns: consequence 1 Negligible … 5 Catastrophic.")
            .weak()
            .small(),
    );
    if value.is_some() && ui.button("Clear score").clicked() {
        chosen = Some(None);
    }
    chosen
}
