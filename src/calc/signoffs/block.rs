//! The standard BCF sign-off block: one sign-off for each CCG covered,
//! one for the council and one for the Health and Wellbeing Board.

use super::is_placeholder;
use crate::model::{OrgType, Plan, RecordId, SignOff};

/// A name reduced to what identifies the organisation: lower case, words
/// only, without "NHS", "CCG", "Clinical Commissioning Group", "the",
/// "and", so "NHS South Kent Coast CCG" matches "South Kent Coast" and
/// "Kent Health & Well-being Board" matches "Kent Health and Wellbeing
/// Board".
pub fn org_key(name: &str) -> String {
    const DROP: [&str; 9] = [
        "nhs",
        "ccg",
        "clinical",
        "commissioning",
        "group",
        "the",
        "and",
        "of",
        "for",
    ];
    let lower = name.to_lowercase().replace(['-', '\u{2019}', '\''], "");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !DROP.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One sign-off the standard BCF block expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedSignOff {
    pub organisation: String,
    pub org_type: OrgType,
    /// The sign-off already in the plan for this organisation.
    pub existing: Option<RecordId>,
}

/// The standard BCF sign-off block from the plan header: one sign-off per
/// CCG covered, one for the council (local authority) and one for the
/// Health and Wellbeing Board, each with the sign-off already in the plan
/// for that organisation (matched by [`org_key`]). Blank header entries
/// are skipped; an organisation named twice appears once.
pub fn standard_block(plan: &Plan) -> Vec<ExpectedSignOff> {
    let h = &plan.header;
    let mut wanted: Vec<(String, OrgType)> = h.ccgs.iter().map(|c| (c.trim().to_string(), OrgType::Ccg)).collect();
    wanted.push((h.local_authority.trim().to_string(), OrgType::LocalAuthority));
    wanted.push((h.hwb.trim().to_string(), OrgType::HealthAndWellbeingBoard));
    let mut out: Vec<ExpectedSignOff> = Vec::new();
    for (name, org_type) in wanted {
        let key = org_key(&name);
        if key.is_empty() || is_placeholder(&name) || out.iter().any(|e| org_key(&e.organisation) == key) {
            continue;
        }
        let existing = plan
            .signoffs
            .iter()
            .find(|s| org_key(&s.organisation) == key)
            .map(|s| s.id);
        out.push(ExpectedSignOff {
            organisation: name,
            org_type,
            existing,
        });
    }
    out
}

/// Adds the sign-offs of the standard BCF block that the plan does not
/// have yet, each required and pending; returns how many were added.
pub fn add_standard_block(plan: &mut Plan) -> usize {
    let mut added = 0;
    for mut s in missing_block(plan) {
        // a plan with no id left adds no more (see `Plan::alloc_id`)
        let Ok(id) = plan.alloc_id() else { break };
        s.id = id;
        plan.signoffs.push(s);
        added += 1;
    }
    added
}

/// The sign-offs of the standard BCF block the plan does not have yet,
/// each required and pending (without ids: adding them gives them theirs).
pub fn missing_block(plan: &Plan) -> Vec<SignOff> {
    standard_block(plan)
        .into_iter()
        .filter(|e| e.existing.is_none())
        .map(|e| SignOff {
            organisation: e.organisation,
            org_type: e.org_type,
            required: true,
            ..Default::default()
        })
        .collect()
}

/// The position usually signing for an organisation type, as a hint (never
/// filled in as a value).
pub fn usual_position(t: OrgType) -> &'static str {
    match t {
        OrgType::Ccg => "e.g. Accountable Officer or Clinical Chair",
        OrgType::LocalAuthority => "e.g. Leader of the Council",
        OrgType::HealthAndWellbeingBoard => "e.g. Chair of the Health and Wellbeing Board",
        OrgType::NhsEngland => "e.g. Director of Commissioning Operations",
        OrgType::Provider => "e.g. Chief Executive",
        OrgType::Other => "Job title",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_keys_match_the_ways_organisations_are_written() {
        assert_eq!(org_key("NHS South Kent Coast CCG"), org_key("South Kent Coast"));
        assert_eq!(
            org_key("Kent Health & Well-being Board"),
            org_key("Kent Health and Wellbeing Board")
        );
        assert_eq!(org_key("Swale Clinical Commissioning Group"), org_key("NHS Swale CCG"));
        assert_ne!(
            org_key("Kent County Council"),
            org_key("Kent Health and Wellbeing Board")
        );
        assert_ne!(org_key("West Kent"), org_key("Kent"));
    }
}
