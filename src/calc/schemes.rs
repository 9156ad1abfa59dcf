//! The choice lists of the scheme fields: the values seen in the sources,
//! the plan's own lists (values a user typed), and the values the plan's
//! schemes use.

use super::SCHEME_STATUSES;
use crate::model::{Plan, Scheme};

/// A scheme field that offers a list of values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChoiceField {
    Area,
    Commissioner,
    Provider,
    Source,
    Programme,
    Status,
}

/// Areas of spend: "Social Care" and "Other" are in the Kent expenditure
/// plan; the others are the BCF planning template's list.
pub const AREAS_OF_SPEND: [&str; 6] = [
    "Social Care",
    "Acute",
    "Community Health",
    "Mental Health",
    "Primary Care",
    "Other",
];

/// Commissioners seen in the sources and the BCF template.
pub const COMMISSIONERS: [&str; 4] = ["Local Authority", "CCG", "Joint", "NHS England"];

/// Sources of funding: the first two are in the Kent expenditure plan; the
/// additional contributions are the BCF template's.
pub const FUNDING_SOURCES: [&str; 5] = [
    "CCG Minimum Contribution",
    "Local Authority Social Services",
    "Additional CCG Contribution",
    "Additional Local Authority Contribution",
    "Other",
];

/// Providers: the Kent plan's, then the kinds the BCF template names.
pub const PROVIDERS: [&str; 8] = [
    "Local Authority",
    "CCG",
    "Joint",
    "NHS Acute Provider",
    "NHS Community Provider",
    "NHS Mental Health Provider",
    "Private Sector",
    "Charity / Voluntary Sector",
];

impl ChoiceField {
    pub const ALL: [ChoiceField; 6] = [
        ChoiceField::Area,
        ChoiceField::Commissioner,
        ChoiceField::Provider,
        ChoiceField::Source,
        ChoiceField::Programme,
        ChoiceField::Status,
    ];

    /// The words shown to people.
    pub fn word(self) -> &'static str {
        match self {
            ChoiceField::Area => "Area of spend",
            ChoiceField::Commissioner => "Commissioner",
            ChoiceField::Provider => "Provider",
            ChoiceField::Source => "Source of funding",
            ChoiceField::Programme => "CCG / programme",
            ChoiceField::Status => "Delivery status",
        }
    }

    /// The model's field name (the checklist's `field`).
    pub fn key(self) -> &'static str {
        match self {
            ChoiceField::Area => "area_of_spend",
            ChoiceField::Commissioner => "commissioner",
            ChoiceField::Provider => "provider",
            ChoiceField::Source => "source_of_funding",
            ChoiceField::Programme => "programme",
            ChoiceField::Status => "status",
        }
    }

    /// The scheme's value.
    pub fn of(self, s: &Scheme) -> &str {
        match self {
            ChoiceField::Area => &s.area_of_spend,
            ChoiceField::Commissioner => &s.commissioner,
            ChoiceField::Provider => &s.provider,
            ChoiceField::Source => &s.source_of_funding,
            ChoiceField::Programme => &s.programme,
            ChoiceField::Status => &s.status,
        }
    }

    /// The scheme's stored field.
    pub fn field(self) -> crate::model::Field {
        use crate::model::Field;
        match self {
            ChoiceField::Area => Field::AreaOfSpend,
            ChoiceField::Commissioner => Field::Commissioner,
            ChoiceField::Provider => Field::Provider,
            ChoiceField::Source => Field::SourceOfFunding,
            ChoiceField::Programme => Field::Programme,
            ChoiceField::Status => Field::SchemeStatus,
        }
    }

    /// The values built into the app (for the programme: the plan's CCGs).
    pub fn builtin(self, plan: &Plan) -> Vec<String> {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        match self {
            ChoiceField::Area => owned(&AREAS_OF_SPEND),
            ChoiceField::Commissioner => owned(&COMMISSIONERS),
            ChoiceField::Provider => owned(&PROVIDERS),
            ChoiceField::Source => owned(&FUNDING_SOURCES),
            ChoiceField::Programme => plan
                .header
                .ccgs
                .iter()
                .filter(|c| !c.trim().is_empty())
                .map(|c| c.trim().to_string())
                .collect(),
            ChoiceField::Status => SCHEME_STATUSES.iter().map(|(w, _)| w.to_string()).collect(),
        }
    }

    /// The plan's own list for this field (values users added), if the
    /// plan keeps one.
    pub fn plan_list(self, plan: &Plan) -> Vec<String> {
        match self {
            ChoiceField::Area => plan.settings.areas_of_spend.clone(),
            ChoiceField::Commissioner => plan.settings.commissioners.clone(),
            ChoiceField::Source => plan.settings.funding_sources.clone(),
            ChoiceField::Status => plan.settings.scheme_statuses.iter().map(|o| o.label.clone()).collect(),
            ChoiceField::Provider | ChoiceField::Programme => Vec::new(),
        }
    }

    /// True when the plan keeps its own list for this field (so a new value
    /// typed by a user is added to it).
    pub fn has_plan_list(self) -> bool {
        !matches!(self, ChoiceField::Provider | ChoiceField::Programme)
    }

    /// The plan's settings with `value` added to the plan's own list,
    /// unless it is already offered (built in, in the list,
    /// case-insensitive): `None` then.
    pub fn remembered(self, plan: &Plan, value: &str) -> Option<crate::model::Settings> {
        let v = value.trim();
        if v.is_empty() || !self.has_plan_list() {
            return None;
        }
        let known = self
            .builtin(plan)
            .iter()
            .chain(self.plan_list(plan).iter())
            .any(|x| x.trim().eq_ignore_ascii_case(v));
        if known {
            return None;
        }
        let mut settings = plan.settings.clone();
        match self {
            ChoiceField::Area => settings.areas_of_spend.push(v.to_string()),
            ChoiceField::Commissioner => settings.commissioners.push(v.to_string()),
            ChoiceField::Source => settings.funding_sources.push(v.to_string()),
            ChoiceField::Status => settings.scheme_statuses.push(crate::model::StatusOption {
                label: v.to_string(),
                rag: crate::model::Rag::NotRated,
            }),
            ChoiceField::Provider | ChoiceField::Programme => return None,
        }
        Some(settings)
    }

    /// Adds a value to the plan's own list unless it is already offered
    /// ([`Self::remembered`]). Returns true when added.
    pub fn remember(self, plan: &mut Plan, value: &str) -> bool {
        match self.remembered(plan, value) {
            Some(s) => {
                plan.settings = s;
                true
            }
            None => false,
        }
    }
}

/// Every value a field offers: built in, then the plan's own list, then
/// the other values its schemes use (sorted), each once (case-insensitive,
/// the first spelling wins). O(schemes): callers cache it per plan change.
pub fn choices(plan: &Plan, field: ChoiceField) -> Vec<String> {
    choices_except(plan, field, None)
}

/// [`choices`] without the value of one scheme (the one being edited, whose
/// half-typed value is not a choice).
pub fn choices_except(plan: &Plan, field: ChoiceField, except: Option<crate::model::RecordId>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |v: &str, out: &mut Vec<String>| {
        let t = v.trim();
        if !t.is_empty() && seen.insert(t.to_lowercase()) {
            out.push(t.to_string());
        }
    };
    for v in field.builtin(plan) {
        push(&v, &mut out);
    }
    for v in field.plan_list(plan) {
        push(&v, &mut out);
    }
    let mut used: Vec<&str> = plan
        .schemes
        .iter()
        .filter(|s| Some(s.id) != except)
        .map(|s| field.of(s).trim())
        .collect();
    used.sort_unstable_by_key(|s| s.to_lowercase());
    used.dedup();
    for v in used {
        push(v, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scheme;

    fn plan_with(areas: &[&str]) -> Plan {
        let mut p = Plan::default();
        for (i, a) in areas.iter().enumerate() {
            p.schemes.push(Scheme {
                id: crate::model::RecordId(i as u64 + 1),
                area_of_spend: a.to_string(),
                ..Default::default()
            });
        }
        p
    }

    #[test]
    fn offers_builtin_then_plan_list_then_used_values_once() {
        let mut p = plan_with(&["Housing", "social care", "  ", "Housing", "Equipment"]);
        p.settings.areas_of_spend = vec!["Prevention".into(), "Other".into()];
        let c = choices(&p, ChoiceField::Area);
        assert_eq!(&c[..6], &AREAS_OF_SPEND.map(String::from));
        assert_eq!(&c[6..], &["Prevention", "Equipment", "Housing"]);
    }

    #[test]
    fn remembers_a_new_value_once() {
        let mut p = Plan::default();
        assert!(ChoiceField::Source.remember(&mut p, " Better Care Grant "));
        assert!(!ChoiceField::Source.remember(&mut p, "better care grant"));
        assert!(!ChoiceField::Source.remember(&mut p, "ccg minimum contribution"));
        assert!(!ChoiceField::Source.remember(&mut p, ""));
        assert_eq!(p.settings.funding_sources, vec!["Better Care Grant"]);
        assert!(ChoiceField::Status.remember(&mut p, "Paused"));
        assert_eq!(p.settings.scheme_statuses[0].label, "Paused");
        assert!(!ChoiceField::Provider.remember(&mut p, "Anyone"));
    }

    #[test]
    fn programme_offers_the_plans_ccgs() {
        let mut p = Plan::default();
        p.header.ccgs = vec!["Swale".into(), "".into(), "Thanet".into()];
        assert_eq!(choices(&p, ChoiceField::Programme), vec!["Swale", "Thanet"]);
    }
}
