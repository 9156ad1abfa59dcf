//! Risk scoring on the NHS 5×5 matrix: likelihood × consequence = 1–25,
//! banded Low 1–3, Moderate 4–6, High 8–12, Extreme 15–25, and the one
//! table that maps a band to a RAG.

use crate::model::date::format_date;
use crate::model::{DateField, Plan, Rag, RecordId, Risk, RiskScore, RiskStatus};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RiskBand {
    Low,
    Moderate,
    High,
    Extreme,
}

impl RiskBand {
    pub const ALL: [RiskBand; 4] = [RiskBand::Low, RiskBand::Moderate, RiskBand::High, RiskBand::Extreme];
    pub fn word(self) -> &'static str {
        match self {
            RiskBand::Low => "Low",
            RiskBand::Moderate => "Moderate",
            RiskBand::High => "High",
            RiskBand::Extreme => "Extreme",
        }
    }
    /// The score range of the band, for legends.
    pub fn range(self) -> &'static str {
        match self {
            RiskBand::Low => "1–3",
            RiskBand::Moderate => "4–6",
            RiskBand::High => "8–12",
            RiskBand::Extreme => "15–25",
        }
    }
    /// The lowest score in the band (a word rating sorts as this score).
    pub fn min_score(self) -> u8 {
        match self {
            RiskBand::Low => 1,
            RiskBand::Moderate => 4,
            RiskBand::High => 8,
            RiskBand::Extreme => 15,
        }
    }
    pub fn rag(self) -> Rag {
        BAND_RAG
            .iter()
            .find(|(b, _)| *b == self)
            .map(|(_, r)| *r)
            .unwrap_or(Rag::NotRated)
    }
}

/// The mapping from band to RAG, in one place (shown in the UI's legend).
pub const BAND_RAG: [(RiskBand, Rag); 4] = [
    (RiskBand::Low, Rag::Green),
    (RiskBand::Moderate, Rag::Green),
    (RiskBand::High, Rag::Amber),
    (RiskBand::Extreme, Rag::Red),
];

pub use crate::model::value::{CONSEQUENCE_WORDS, LIKELIHOOD_WORDS};

/// The band of a score (1–25). Scores 7, 11, 13, 14 cannot occur on the
/// matrix; they fall in the band below the next boundary.
pub fn band_of_score(score: u8) -> RiskBand {
    match score {
        0..=3 => RiskBand::Low,
        4..=6 => RiskBand::Moderate,
        7..=12 => RiskBand::High,
        _ => RiskBand::Extreme,
    }
}

pub fn band(score: &RiskScore) -> RiskBand {
    band_of_score(score.score())
}

/// Reads a legacy word rating: "High", "HIGH", "Extreme", "Medium",
/// "Moderate", "Low", "Very high", "Red"/"Amber"/"Green".
pub fn band_of_word(word: &str) -> Option<RiskBand> {
    let w = word.trim().to_ascii_lowercase();
    Some(match w.as_str() {
        "low" | "very low" | "green" => RiskBand::Low,
        "moderate" | "medium" | "med" | "amber/green" => RiskBand::Moderate,
        "high" | "amber" | "significant" => RiskBand::High,
        "extreme" | "very high" | "critical" | "red" | "severe" => RiskBand::Extreme,
        _ => return None,
    })
}

/// Where a risk's rating comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RatingSource {
    Score(u8),
    /// A legacy word rating; no score.
    Word,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RiskRating {
    pub band: Option<RiskBand>,
    pub source: RatingSource,
    pub rag: Rag,
}

/// The current rating of a risk: its current score, else its word rating.
/// Closed risks keep their band but are not rated.
pub fn rate_risk(risk: &Risk) -> RiskRating {
    let (band, source) = match risk.current.filter(|s| s.is_valid()) {
        Some(s) => (Some(band(&s)), RatingSource::Score(s.score())),
        None => match band_of_word(&risk.legacy_rating) {
            Some(b) => (Some(b), RatingSource::Word),
            None => (None, RatingSource::None),
        },
    };
    let rag = match (risk.status, band) {
        (RiskStatus::Closed, _) | (_, None) => Rag::NotRated,
        (RiskStatus::Open, Some(b)) => b.rag(),
    };
    RiskRating { band, source, rag }
}

/// The rating after mitigation (residual score), when given.
pub fn residual_band(risk: &Risk) -> Option<RiskBand> {
    risk.residual.filter(|s| s.is_valid()).map(|s| band(&s))
}

/// The categories every plan offers; a plan adds its own in
/// `settings.risk_categories`, and any category typed on a risk is kept.
pub const RISK_CATEGORIES: [&str; 7] = [
    "Delivery of a scheme",
    "Non-delivery of a metric",
    "Financial",
    "Workforce",
    "IT",
    "Governance",
    "Other",
];

/// Every category the plan knows: the built-in ones, the plan's own list,
/// then any other category used on a risk, without duplicates (compared
/// without case), in that order.
pub fn known_categories(plan: &Plan) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    let builtin = RISK_CATEGORIES.iter().map(|s| s.to_string());
    let own = plan.settings.risk_categories.iter().cloned();
    let used = plan.risks.iter().map(|r| r.category.clone());
    for c in builtin.chain(own).chain(used) {
        let t = c.trim();
        if !t.is_empty() && seen.insert(t.to_lowercase()) {
            out.push(t.to_string());
        }
    }
    out
}

/// "Rare" … "Almost certain" for 1–5 ("?" outside).
pub fn likelihood_word(level: u8) -> &'static str {
    LIKELIHOOD_WORDS
        .get((level as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// "Negligible" … "Catastrophic" for 1–5 ("?" outside).
pub fn consequence_word(level: u8) -> &'static str {
    CONSEQUENCE_WORDS
        .get((level as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// "4 Likely × 5 Catastrophic = 20, Extreme".
pub fn describe_score(s: &RiskScore) -> String {
    format!(
        "{} {} × {} {} = {}, {}",
        s.likelihood,
        likelihood_word(s.likelihood),
        s.consequence,
        consequence_word(s.consequence),
        s.score(),
        band(s).word()
    )
}

/// What a rating says in a table cell: "20 Extreme", "High (word rating)",
/// "Not rated".
pub fn rating_text(rating: &RiskRating) -> String {
    match (rating.source, rating.band) {
        (RatingSource::Score(s), Some(b)) => format!("{s} {}", b.word()),
        (RatingSource::Word, Some(b)) => format!("{} (word rating)", b.word()),
        _ => "Not rated".to_string(),
    }
}

/// Which of a risk's three scores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ScoreKind {
    /// Inherent, before mitigation.
    #[default]
    Current,
    /// Expected after mitigation.
    Residual,
    /// The score the owner aims for.
    Target,
}

impl ScoreKind {
    pub const ALL: [ScoreKind; 3] = [ScoreKind::Current, ScoreKind::Residual, ScoreKind::Target];
    pub fn word(self) -> &'static str {
        match self {
            ScoreKind::Current => "Current",
            ScoreKind::Residual => "Residual",
            ScoreKind::Target => "Target",
        }
    }
    /// The model field name (checklist targets use it).
    pub fn field(self) -> &'static str {
        match self {
            ScoreKind::Current => "current",
            ScoreKind::Residual => "residual",
            ScoreKind::Target => "target",
        }
    }
    /// The risk's score of this kind, when valid.
    pub fn of(self, r: &Risk) -> Option<RiskScore> {
        match self {
            ScoreKind::Current => r.current,
            ScoreKind::Residual => r.residual,
            ScoreKind::Target => r.target,
        }
        .filter(|s| s.is_valid())
    }
    pub fn set(self, r: &mut Risk, v: Option<RiskScore>) {
        match self {
            ScoreKind::Current => r.current = v,
            ScoreKind::Residual => r.residual = v,
            ScoreKind::Target => r.target = v,
        }
    }
}

/// A sort key for "most serious first": a score ranks by its value; a
/// word rating (current only) ranks at the lowest score of its band, just
/// below a real score of that value; nothing ranks last.
pub fn severity_key(r: &Risk, kind: ScoreKind) -> u16 {
    if let Some(s) = kind.of(r) {
        return s.score() as u16 * 2 + 1;
    }
    if kind == ScoreKind::Current
        && let Some(b) = band_of_word(&r.legacy_rating)
    {
        return b.min_score() as u16 * 2;
    }
    0
}

/// Counts of risks per cell: `counts[likelihood - 1][consequence - 1]`.
pub type HeatCounts = [[usize; 5]; 5];

/// The heat map of `risks` on one score: open risks with a valid score of
/// that kind, counted in their cell. Closed risks and risks without that
/// score are left out (see [`HeatSummary`] for how many).
pub fn heat_counts<'a>(risks: impl IntoIterator<Item = &'a Risk>, kind: ScoreKind) -> HeatCounts {
    heat_summary(risks, kind).counts
}

/// A heat map and what is not on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeatSummary {
    pub counts: HeatCounts,
    /// Open risks on the map.
    pub placed: usize,
    /// Open risks with only a word rating (current kind): not on the map.
    pub word_only: usize,
    /// Open risks with no score of this kind (and no word rating).
    pub unscored: usize,
    /// Closed risks, never on the map.
    pub closed: usize,
}

pub fn heat_summary<'a>(risks: impl IntoIterator<Item = &'a Risk>, kind: ScoreKind) -> HeatSummary {
    let mut h = HeatSummary::default();
    for r in risks {
        if r.status == RiskStatus::Closed {
            h.closed += 1;
            continue;
        }
        match kind.of(r) {
            Some(s) => {
                h.counts[s.likelihood as usize - 1][s.consequence as usize - 1] += 1;
                h.placed += 1;
            }
            None if kind == ScoreKind::Current && band_of_word(&r.legacy_rating).is_some() => h.word_only += 1,
            None => h.unscored += 1,
        }
    }
    h
}

/// The heat map of a plan's open risks (for the Overview).
pub fn plan_heat_summary(plan: &Plan, kind: ScoreKind) -> HeatSummary {
    heat_summary(&plan.risks, kind)
}

/// True when the risk is open and its score of `kind` is in the cell.
pub fn in_cell(r: &Risk, kind: ScoreKind, likelihood: u8, consequence: u8) -> bool {
    r.status == RiskStatus::Open
        && kind
            .of(r)
            .is_some_and(|s| s.likelihood == likelihood && s.consequence == consequence)
}

/// How many risks point at one scheme or metric.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RiskLinkCount {
    /// Every risk that links to the record.
    pub total: usize,
    /// Open risks only.
    pub open: usize,
    /// The worst RAG of the open linked risks (not rated when none).
    pub worst: Rag,
}

/// What a risk gives the link counts ([`risk_link_counts`]): the schemes
/// and metrics it names, each once, whether it is open, and its RAG.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskLinkKey {
    ids: Vec<RecordId>,
    open: bool,
    rag: Rag,
}

impl RiskLinkKey {
    pub fn of(r: &Risk) -> Self {
        let open = r.status == RiskStatus::Open;
        let rag = if open { rate_risk(r).rag } else { Rag::NotRated };
        // a risk links to a few records: looked through, not hashed
        let mut ids: Vec<RecordId> = Vec::with_capacity(r.scheme_ids.len() + r.metric_ids.len());
        for id in r.scheme_ids.iter().chain(&r.metric_ids) {
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        RiskLinkKey { ids, open, rag }
    }
}

/// For every scheme and metric that risks point at: how many risks, how
/// many open, and their worst RAG. A record no risk points at is absent.
pub fn risk_link_counts(plan: &Plan) -> HashMap<RecordId, RiskLinkCount> {
    let keys: Vec<RiskLinkKey> = plan.risks.iter().map(RiskLinkKey::of).collect();
    risk_link_counts_of(&keys, plan.schemes.len() + plan.metrics.len())
}

/// [`risk_link_counts`] from each risk's [`RiskLinkKey`]; `capacity`: how
/// many records risks could point at.
pub fn risk_link_counts_of(keys: &[RiskLinkKey], capacity: usize) -> HashMap<RecordId, RiskLinkCount> {
    let mut out: HashMap<RecordId, RiskLinkCount> = HashMap::with_capacity(capacity);
    for k in keys {
        for id in &k.ids {
            let e = out.entry(*id).or_default();
            e.total += 1;
            if k.open {
                e.open += 1;
                e.worst = e.worst.worst(k.rag);
            }
        }
    }
    out
}

/// The risks that point at a scheme or metric, in register order.
pub fn risks_linked_to(plan: &Plan, id: RecordId) -> impl Iterator<Item = &Risk> {
    plan.risks
        .iter()
        .filter(move |r| r.scheme_ids.contains(&id) || r.metric_ids.contains(&id))
}

/// How a risk is named in checks and messages: "Risk R3 “Primary care not
/// at the centre…”" (its reference, else its position; a long title is cut
/// at a word).
pub fn risk_label(position: usize, r: &Risk) -> String {
    let reference = r.reference.trim();
    let name = if reference.is_empty() {
        format!("Risk {}", position + 1)
    } else if reference.to_lowercase().starts_with("risk") {
        reference.to_string()
    } else {
        format!("Risk {reference}")
    };
    let title = short_title(&r.title, 60);
    if title.is_empty() {
        format!("{name} (no title)")
    } else {
        format!("{name} \u{201c}{title}\u{201d}")
    }
}

/// The title cut to at most `max` characters at a word, with "…".
pub fn short_title(title: &str, max: usize) -> String {
    let t = title.trim();
    if t.chars().count() <= max {
        return t.to_string();
    }
    let cut: String = t.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ', '–', '-']))
}

/// One readiness check of a risk: what it is about (the field to fix),
/// whether it passes, and the words (without the risk's name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskCheck {
    pub field: &'static str,
    pub ok: bool,
    pub text: String,
}

impl RiskCheck {
    fn new(field: &'static str, ok: bool, text: impl Into<String>) -> Self {
        RiskCheck {
            field,
            ok,
            text: text.into(),
        }
    }
}

/// The readiness checks of one risk, passed and failed (the checklist
/// lists them all; the register flags the failed ones on the row). A
/// closed risk has none. `today` decides what is overdue.
///
/// - rated: a score, or a word rating that names a band;
/// - a High or Extreme risk has an owner and a mitigating action;
/// - the residual score is not above the current one (a word rating is
///   compared by band);
/// - the review date is a date and has not passed;
/// - no action still open after its due date.
pub fn risk_checks(r: &Risk, today: NaiveDate) -> Vec<RiskCheck> {
    let mut v = Vec::new();
    if r.status == RiskStatus::Closed {
        return v;
    }
    let rating = rate_risk(r);
    let word = r.legacy_rating.trim();
    v.push(match rating.band {
        Some(_) => RiskCheck::new("current", true, "rated"),
        None if !word.is_empty() => RiskCheck::new(
            "current",
            false,
            format!(
                "not rated (the word rating \u{201c}{word}\u{201d} is not Low, Moderate, High or Extreme: give a score)"
            ),
        ),
        None => RiskCheck::new("current", false, "not rated (no score and no rating)"),
    });
    if let Some(band @ (RiskBand::High | RiskBand::Extreme)) = rating.band {
        let b = band.word();
        // a placeholder such as "TBC" is no owner
        let has_owner = !super::signoffs::is_placeholder(&r.owner);
        v.push(RiskCheck::new(
            "owner",
            has_owner,
            format!("{b} risk {}", if has_owner { "has an owner" } else { "has no owner" }),
        ));
        let has_action = r.mitigations.iter().any(|m| !m.text.trim().is_empty());
        v.push(RiskCheck::new(
            "mitigations",
            has_action,
            format!(
                "{b} risk {}",
                if has_action {
                    "has a mitigating action"
                } else {
                    "has no mitigating action"
                }
            ),
        ));
    }
    if let Some(res) = ScoreKind::Residual.of(r) {
        match (ScoreKind::Current.of(r), rating.band) {
            (Some(c), _) if res.score() > c.score() => v.push(RiskCheck::new(
                "residual",
                false,
                format!(
                    "residual score {} is higher than current score {}",
                    res.score(),
                    c.score()
                ),
            )),
            (None, Some(b)) if band(&res) > b => v.push(RiskCheck::new(
                "residual",
                false,
                format!(
                    "residual score {} ({}) is higher than the current rating {}",
                    res.score(),
                    band(&res).word(),
                    b.word()
                ),
            )),
            _ => {}
        }
    }
    match &r.review_date {
        Some(DateField::Date(d)) if *d < today => v.push(RiskCheck::new(
            "review_date",
            false,
            format!("review date {} has passed", format_date(*d)),
        )),
        Some(DateField::Text(t)) => v.push(RiskCheck::new(
            "review_date",
            false,
            format!("review date \u{201c}{}\u{201d} is not a date", t.trim()),
        )),
        _ => {}
    }
    for (k, m) in r.mitigations.iter().enumerate() {
        if action_overdue(m, today)
            && let Some(d) = m.due.as_ref().and_then(|d| d.date())
        {
            v.push(RiskCheck::new(
                "mitigations",
                false,
                format!("action {} overdue since {}", k + 1, format_date(d)),
            ));
        }
    }
    v
}

/// The failed checks of a risk (what the row's flag says).
pub fn risk_problems(r: &Risk, today: NaiveDate) -> Vec<RiskCheck> {
    let mut v = risk_checks(r, today);
    v.retain(|c| !c.ok);
    v
}

/// Whether an action is overdue on `today`.
pub fn action_overdue(m: &crate::model::Mitigation, today: NaiveDate) -> bool {
    !m.done && m.due.as_ref().and_then(|d| d.date()).is_some_and(|d| d < today)
}

/// The next free reference "R<n>": one more than the largest R-number in
/// use (references without one are ignored).
pub fn next_reference(plan: &Plan) -> String {
    let max = plan
        .risks
        .iter()
        .filter_map(|r| {
            let t = r.reference.trim();
            let digits = t.strip_prefix('R').or_else(|| t.strip_prefix('r'))?;
            digits.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(0);
    format!("R{}", max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mitigation;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn scored(l: u8, c: u8) -> Risk {
        Risk {
            current: Some(RiskScore::new(l, c)),
            ..Default::default()
        }
    }

    #[test]
    fn band_edges() {
        for (s, b) in [
            (1, RiskBand::Low),
            (3, RiskBand::Low),
            (4, RiskBand::Moderate),
            (6, RiskBand::Moderate),
            (8, RiskBand::High),
            (12, RiskBand::High),
            (15, RiskBand::Extreme),
            (25, RiskBand::Extreme),
        ] {
            assert_eq!(band_of_score(s), b, "score {s}");
        }
        // the neighbours of every edge fall on the other side
        assert_eq!(band_of_score(5), RiskBand::Moderate);
        assert_eq!(band_of_score(9), RiskBand::High);
        assert_eq!(band_of_score(10), RiskBand::High);
        assert_eq!(band_of_score(16), RiskBand::Extreme);
        assert_eq!(band_of_score(20), RiskBand::Extreme);
    }

    #[test]
    fn every_cell_of_the_matrix_scores_and_bands() {
        let mut seen = std::collections::BTreeSet::new();
        for l in 1..=5u8 {
            for c in 1..=5u8 {
                let s = RiskScore::new(l, c);
                assert!(s.is_valid());
                assert_eq!(s.score(), l * c);
                let expect = match l * c {
                    1..=3 => RiskBand::Low,
                    4..=6 => RiskBand::Moderate,
                    8..=12 => RiskBand::High,
                    15..=25 => RiskBand::Extreme,
                    other => panic!("score {other} cannot occur on the matrix"),
                };
                assert_eq!(band(&s), expect, "{l}×{c}");
                seen.insert(s.score());
            }
        }
        // exactly the scores the matrix can give, 1 to 25
        assert_eq!(
            seen.into_iter().collect::<Vec<_>>(),
            vec![1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25]
        );
        assert!(!RiskScore::new(0, 3).is_valid());
        assert!(!RiskScore::new(3, 6).is_valid());
    }

    #[test]
    fn scored_edges_through_rate_risk() {
        for ((l, c), band, rag) in [
            ((1, 1), RiskBand::Low, Rag::Green),
            ((1, 3), RiskBand::Low, Rag::Green),
            ((2, 2), RiskBand::Moderate, Rag::Green),
            ((3, 2), RiskBand::Moderate, Rag::Green),
            ((2, 4), RiskBand::High, Rag::Amber),
            ((4, 3), RiskBand::High, Rag::Amber),
            ((5, 3), RiskBand::Extreme, Rag::Red),
            ((5, 5), RiskBand::Extreme, Rag::Red),
        ] {
            let r = rate_risk(&scored(l, c));
            assert_eq!(r.band, Some(band), "{l}×{c}");
            assert_eq!(r.rag, rag, "{l}×{c}");
            assert_eq!(r.source, RatingSource::Score(l * c));
            assert_eq!(rating_text(&r), format!("{} {}", l * c, band.word()));
        }
    }

    #[test]
    fn rag_mapping_is_the_one_table() {
        assert_eq!(BAND_RAG.len(), RiskBand::ALL.len());
        for (b, rag) in BAND_RAG {
            assert_eq!(b.rag(), rag);
        }
        assert_eq!(RiskBand::Low.rag(), Rag::Green);
        assert_eq!(RiskBand::Moderate.rag(), Rag::Green);
        assert_eq!(RiskBand::High.rag(), Rag::Amber);
        assert_eq!(RiskBand::Extreme.rag(), Rag::Red);
        // every band is in the table once, in band order
        let bands: Vec<_> = BAND_RAG.iter().map(|(b, _)| *b).collect();
        assert_eq!(bands, RiskBand::ALL.to_vec());
    }

    #[test]
    fn legacy_word_is_used_only_without_a_score() {
        let mut r = Risk {
            legacy_rating: "HIGH".into(),
            ..Default::default()
        };
        assert_eq!(rate_risk(&r).band, Some(RiskBand::High));
        assert_eq!(rate_risk(&r).source, RatingSource::Word);
        assert_eq!(rate_risk(&r).rag, Rag::Amber);
        assert_eq!(rating_text(&rate_risk(&r)), "High (word rating)");
        r.current = Some(RiskScore::new(5, 4));
        assert_eq!(rate_risk(&r).band, Some(RiskBand::Extreme));
        assert_eq!(rate_risk(&r).rag, Rag::Red);
        assert_eq!(rating_text(&rate_risk(&r)), "20 Extreme");
        // an invalid score falls back on the word
        r.current = Some(RiskScore::new(0, 4));
        assert_eq!(rate_risk(&r).source, RatingSource::Word);
    }

    #[test]
    fn legacy_words_read() {
        for (w, b) in [
            ("High", Some(RiskBand::High)),
            (" high ", Some(RiskBand::High)),
            ("Medium", Some(RiskBand::Moderate)),
            ("Moderate", Some(RiskBand::Moderate)),
            ("Low", Some(RiskBand::Low)),
            ("Very high", Some(RiskBand::Extreme)),
            ("Extreme", Some(RiskBand::Extreme)),
            ("Red", Some(RiskBand::Extreme)),
            ("", None),
            ("Medium/High", None),
        ] {
            assert_eq!(band_of_word(w), b, "{w:?}");
        }
        let unknown = Risk {
            legacy_rating: "Medium/High".into(),
            ..Default::default()
        };
        assert_eq!(rate_risk(&unknown).band, None);
        assert_eq!(rate_risk(&unknown).rag, Rag::NotRated);
        assert_eq!(rating_text(&rate_risk(&unknown)), "Not rated");
    }

    #[test]
    fn closed_risks_keep_band_but_are_not_rated() {
        let mut r = scored(5, 5);
        r.status = RiskStatus::Closed;
        let rating = rate_risk(&r);
        assert_eq!(rating.band, Some(RiskBand::Extreme));
        assert_eq!(rating.rag, Rag::NotRated);
        assert!(risk_checks(&r, d(2030, 1, 1)).is_empty());
    }

    #[test]
    fn level_words_outside_one_to_five() {
        assert_eq!(likelihood_word(0), "?");
        assert_eq!(consequence_word(6), "?");
        assert_eq!(
            describe_score(&RiskScore::new(4, 5)),
            "4 Likely × 5 Catastrophic = 20, Extreme"
        );
    }

    fn failed(r: &Risk, today: NaiveDate) -> Vec<(&'static str, String)> {
        risk_problems(r, today).into_iter().map(|c| (c.field, c.text)).collect()
    }

    #[test]
    fn checks_owner_and_action_only_for_high_and_extreme() {
        let today = d(2015, 6, 1);
        // moderate: no owner and no action is fine
        let r = scored(2, 3);
        assert!(failed(&r, today).is_empty());
        // high by score: both flagged
        let r = scored(2, 4);
        assert_eq!(
            failed(&r, today),
            vec![
                ("owner", "High risk has no owner".to_string()),
                ("mitigations", "High risk has no mitigating action".to_string())
            ]
        );
        // extreme by word rating: also flagged; an action with no text does not count
        let mut r = Risk {
            legacy_rating: "Extreme".into(),
            owner: "  ".into(),
            mitigations: vec![Mitigation::default()],
            ..Default::default()
        };
        assert_eq!(failed(&r, today).len(), 2);
        r.owner = "Director of Commissioning".into();
        r.mitigations[0].text = "Monthly review".into();
        assert!(failed(&r, today).is_empty());
        let passed: Vec<_> = risk_checks(&r, today)
            .into_iter()
            .filter(|c| c.ok)
            .map(|c| c.text)
            .collect();
        assert_eq!(
            passed,
            vec![
                "rated",
                "Extreme risk has an owner",
                "Extreme risk has a mitigating action"
            ]
        );
    }

    #[test]
    fn checks_unrated() {
        let today = d(2015, 6, 1);
        assert_eq!(
            failed(&Risk::default(), today),
            vec![("current", "not rated (no score and no rating)".to_string())]
        );
        let r = Risk {
            legacy_rating: "Medium/High".into(),
            ..Default::default()
        };
        let f = failed(&r, today);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].1.contains("“Medium/High” is not Low, Moderate, High or Extreme"),
            "{f:?}"
        );
    }

    #[test]
    fn checks_residual_above_current() {
        let today = d(2015, 6, 1);
        let mut r = scored(2, 2);
        r.residual = Some(RiskScore::new(2, 2));
        assert!(failed(&r, today).is_empty(), "equal is fine");
        r.residual = Some(RiskScore::new(1, 5));
        assert_eq!(
            failed(&r, today),
            vec![(
                "residual",
                "residual score 5 is higher than current score 4".to_string()
            )]
        );
        // against a word rating, by band
        let mut r = Risk {
            legacy_rating: "Low".into(),
            residual: Some(RiskScore::new(1, 3)),
            ..Default::default()
        };
        assert!(failed(&r, today).is_empty());
        r.residual = Some(RiskScore::new(2, 2));
        assert_eq!(
            failed(&r, today),
            vec![(
                "residual",
                "residual score 4 (Moderate) is higher than the current rating Low".to_string()
            )]
        );
    }

    #[test]
    fn checks_review_date_and_overdue_actions() {
        let today = d(2015, 6, 1);
        let mut r = scored(1, 1);
        r.review_date = Some(DateField::Date(d(2015, 6, 1)));
        assert!(failed(&r, today).is_empty(), "due today is not passed");
        r.review_date = Some(DateField::Date(d(2015, 5, 31)));
        assert_eq!(
            failed(&r, today),
            vec![("review_date", "review date 31 May 2015 has passed".to_string())]
        );
        r.review_date = Some(DateField::Text("next board".into()));
        assert_eq!(
            failed(&r, today),
            vec![("review_date", "review date “next board” is not a date".to_string())]
        );
        r.review_date = None;
        r.mitigations = vec![
            Mitigation {
                text: "a".into(),
                due: Some(DateField::Date(d(2015, 5, 1))),
                done: true,
                ..Default::default()
            },
            Mitigation {
                text: "b".into(),
                due: Some(DateField::Date(d(2015, 5, 1))),
                ..Default::default()
            },
            Mitigation {
                text: "c".into(),
                due: Some(DateField::Date(d(2015, 6, 1))),
                ..Default::default()
            },
            Mitigation {
                text: "d".into(),
                due: Some(DateField::Text("<date>".into())),
                ..Default::default()
            },
        ];
        assert_eq!(
            failed(&r, today),
            vec![("mitigations", "action 2 overdue since 1 May 2015".to_string())]
        );
        assert!(!action_overdue(&r.mitigations[0], today));
        assert!(action_overdue(&r.mitigations[1], today));
        assert!(!action_overdue(&r.mitigations[2], today));
    }

    #[test]
    fn heat_map_counts_open_scored_risks() {
        let mut closed = scored(4, 5);
        closed.status = RiskStatus::Closed;
        let mut with_residual = scored(4, 5);
        with_residual.residual = Some(RiskScore::new(2, 5));
        let word = Risk {
            legacy_rating: "High".into(),
            ..Default::default()
        };
        let risks = vec![scored(4, 5), with_residual, closed, word, Risk::default(), scored(1, 1)];
        let h = heat_summary(&risks, ScoreKind::Current);
        assert_eq!(h.counts[3][4], 2);
        assert_eq!(h.counts[0][0], 1);
        assert_eq!(h.counts.iter().flatten().sum::<usize>(), 3);
        assert_eq!((h.placed, h.word_only, h.unscored, h.closed), (3, 1, 1, 1));
        let h = heat_summary(&risks, ScoreKind::Residual);
        assert_eq!(h.counts[1][4], 1);
        assert_eq!((h.placed, h.word_only, h.unscored, h.closed), (1, 0, 4, 1));
        assert_eq!(
            heat_counts(&risks, ScoreKind::Current),
            heat_summary(&risks, ScoreKind::Current).counts
        );
        assert!(in_cell(&risks[0], ScoreKind::Current, 4, 5));
        assert!(!in_cell(&risks[2], ScoreKind::Current, 4, 5), "closed");
        assert!(in_cell(&risks[1], ScoreKind::Residual, 2, 5));
    }

    #[test]
    fn severity_sorts_words_within_their_band() {
        let word_high = Risk {
            legacy_rating: "High".into(),
            ..Default::default()
        };
        let mut keys = [
            severity_key(&scored(2, 4), ScoreKind::Current),
            severity_key(&word_high, ScoreKind::Current),
            severity_key(&scored(2, 3), ScoreKind::Current),
            severity_key(&Risk::default(), ScoreKind::Current),
            severity_key(&scored(3, 3), ScoreKind::Current),
        ];
        assert!(keys[0] > keys[1] && keys[1] > keys[2] && keys[2] > keys[3]);
        assert!(keys[4] > keys[0]);
        keys.sort();
        assert_eq!(severity_key(&word_high, ScoreKind::Residual), 0);
    }

    #[test]
    fn link_counts_count_each_risk_once() {
        let mut plan = Plan::default();
        let s1 = plan.alloc_id().unwrap();
        let m1 = plan.alloc_id().unwrap();
        let mut a = scored(5, 5);
        a.scheme_ids = vec![s1, s1];
        a.metric_ids = vec![m1];
        let mut b = scored(2, 4);
        b.scheme_ids = vec![s1];
        let mut c = scored(1, 1);
        c.status = RiskStatus::Closed;
        c.metric_ids = vec![m1];
        plan.risks = vec![a, b, c];
        let counts = risk_link_counts(&plan);
        assert_eq!(
            counts[&s1],
            RiskLinkCount {
                total: 2,
                open: 2,
                worst: Rag::Red
            }
        );
        assert_eq!(
            counts[&m1],
            RiskLinkCount {
                total: 2,
                open: 1,
                worst: Rag::Red
            }
        );
        assert_eq!(counts.len(), 2);
        assert_eq!(risks_linked_to(&plan, m1).count(), 2);
        assert_eq!(risks_linked_to(&plan, RecordId(999)).count(), 0);
    }

    #[test]
    fn names_and_references() {
        let mut plan = Plan::default();
        assert_eq!(next_reference(&plan), "R1");
        plan.risks = vec![
            Risk {
                reference: "R7".into(),
                ..Default::default()
            },
            Risk {
                reference: "WK3".into(),
                ..Default::default()
            },
            Risk {
                reference: "r2".into(),
                ..Default::default()
            },
        ];
        assert_eq!(next_reference(&plan), "R8");
        let r = Risk {
            reference: "R2".into(),
            title: "Workforce and Training – The right workforce with the right skills will be required".into(),
            ..Default::default()
        };
        let label = risk_label(1, &r);
        assert_eq!(
            label,
            "Risk R2 “Workforce and Training – The right workforce with the right…”"
        );
        assert_eq!(risk_label(4, &Risk::default()), "Risk 5 (no title)");
        assert_eq!(short_title("Short", 60), "Short");
    }

    #[test]
    fn categories_merge_builtin_plan_and_used() {
        let mut plan = Plan::default();
        plan.settings.risk_categories = vec!["Estates".into(), "financial".into()];
        plan.risks = vec![Risk {
            category: "Impact on providers".into(),
            ..Default::default()
        }];
        let cats = known_categories(&plan);
        assert_eq!(cats.len(), RISK_CATEGORIES.len() + 2);
        assert_eq!(cats[RISK_CATEGORIES.len()], "Estates");
        assert_eq!(cats.last().unwrap(), "Impact on providers");
    }
}
