//! The window's tabs. The checklist and the summary speak of the plan's
//! [`Section`]s; each section has its tab, and the Overview has none.

use crate::calc::Section;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tab {
    Overview,
    Plan,
    Schemes,
    Finance,
    Metrics,
    Risks,
    SignOffs,
    Objectives,
    Narrative,
}

impl Tab {
    pub const ALL: [Tab; 9] = [
        Tab::Overview,
        Tab::Plan,
        Tab::Objectives,
        Tab::Schemes,
        Tab::Finance,
        Tab::Metrics,
        Tab::Risks,
        Tab::SignOffs,
        Tab::Narrative,
    ];
    pub fn word(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Plan => "Plan",
            Tab::Schemes => "Schemes",
            Tab::Finance => "Finance",
            Tab::Metrics => "Metrics",
            Tab::Risks => "Risks",
            Tab::SignOffs => "Sign-offs",
            Tab::Objectives => "Objectives",
            Tab::Narrative => "Narrative",
        }
    }
    /// The part of the plan the tab shows (`None` for the Overview).
    pub fn section(self) -> Option<Section> {
        match self {
            Tab::Overview => None,
            Tab::Plan => Some(Section::Plan),
            Tab::Schemes => Some(Section::Schemes),
            Tab::Finance => Some(Section::Finance),
            Tab::Metrics => Some(Section::Metrics),
            Tab::Risks => Some(Section::Risks),
            Tab::SignOffs => Some(Section::SignOffs),
            Tab::Objectives => Some(Section::Objectives),
            Tab::Narrative => Some(Section::Narrative),
        }
    }
}

impl From<Section> for Tab {
    fn from(s: Section) -> Tab {
        match s {
            Section::Plan => Tab::Plan,
            Section::Schemes => Tab::Schemes,
            Section::Finance => Tab::Finance,
            Section::Metrics => Tab::Metrics,
            Section::Risks => Tab::Risks,
            Section::SignOffs => Tab::SignOffs,
            Section::Objectives => Tab::Objectives,
            Section::Narrative => Tab::Narrative,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_has_its_tab_and_back() {
        for s in Section::ALL {
            assert_eq!(Tab::from(s).section(), Some(s));
            assert_eq!(Tab::from(s).word(), s.word());
        }
        assert_eq!(Tab::Overview.section(), None);
    }
}
