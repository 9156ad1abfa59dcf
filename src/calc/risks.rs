//! Risk scoring on the NHS 5×5 matrix: likelihood × consequence = 1–25,
//! banded Low 1–3, Moderate 4–6, High 8–12, Extreme 15–25, and the one
//! table that maps a band to a RAG.

use crate::model::{Rag, Risk, RiskScore, RiskStatus};

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

pub const LIKELIHOOD_WORDS: [&str; 5] = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
pub const CONSEQUENCE_WORDS: [&str; 5] = ["Negligible", "Minor", "Moderate", "Major", "Catastrophic"];

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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(RiskBand::Moderate.rag(), Rag::Green);
        assert_eq!(RiskBand::High.rag(), Rag::Amber);
        assert_eq!(RiskBand::Extreme.rag(), Rag::Red);
    }

    #[test]
    fn legacy_word_is_used_only_without_a_score() {
        let mut r = Risk {
            legacy_rating: "HIGH".into(),
            ..Default::default()
        };
        assert_eq!(rate_risk(&r).band, Some(RiskBand::High));
        assert_eq!(rate_risk(&r).source, RatingSource::Word);
        r.current = Some(RiskScore::new(5, 4));
        assert_eq!(rate_risk(&r).band, Some(RiskBand::Extreme));
        assert_eq!(rate_risk(&r).rag, Rag::Red);
    }
}
