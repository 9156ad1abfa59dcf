//! The operating plan's computed state: each objective's roll-up RAG with
//! its rule in words, each milestone's state against today (due window,
//! overdue, at risk), and the checklist items of objectives, milestones
//! and narrative sections. Pure functions of `&Plan` (and today).

use super::items::{CheckItem, Section};
use super::metrics::MetricRating;
use super::risks::RiskRating;
use super::{RagCounts, quote_title};
use crate::model::date::{due_window, format_date};
use crate::model::{
    ConditionMet, Milestone, MilestoneStatus, NarrativeSection, Objective, Plan, Rag, RecordId, RecordKind, Scheme,
    SchemeKind, SectionStatus,
};
use chrono::NaiveDate;
use std::collections::HashMap;

/// An objective's roll-up: the worst RAG of its linked metrics and risks
/// (a risk is linked when the objective names it or it names the
/// objective), with the rule in words.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectiveRollup {
    pub id: RecordId,
    pub rag: Rag,
    pub counts: RagCounts,
    /// "Red: the worst of its 2 metrics and 1 risk (Metric “RTT 18
    /// weeks” is Red)".
    pub rule: String,
    /// The linked records that exist, in plan order.
    pub schemes: Vec<RecordId>,
    pub metrics: Vec<RecordId>,
    pub risks: Vec<RecordId>,
}

/// The rule of the roll-up, as the Overview and the Objectives tab say it.
pub const ROLLUP_RULE: &str = "An objective is rated the worst RAG of its linked metrics and risks (a risk counts when either names the other); linked schemes and initiatives are listed but not rated; with nothing rated it is not rated";

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Every objective's roll-up, in plan order, from the ratings of the
/// metrics and risks (in plan order, as [`super::PlanSummary`] holds them).
pub fn objective_rollups(
    plan: &Plan,
    metric_ratings: &[MetricRating],
    risk_ratings: &[RiskRating],
) -> Vec<ObjectiveRollup> {
    if plan.objectives.is_empty() {
        return Vec::new();
    }
    let schemes: HashMap<RecordId, usize> = plan.schemes.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let metrics: HashMap<RecordId, usize> = plan.metrics.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let risks: HashMap<RecordId, usize> = plan.risks.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    // risks that name objectives
    let mut named_by_risk: HashMap<RecordId, Vec<usize>> = HashMap::new();
    for (i, r) in plan.risks.iter().enumerate() {
        for o in &r.objective_ids {
            named_by_risk.entry(*o).or_default().push(i);
        }
    }
    let index = Index {
        schemes: &|id| schemes.get(&id).copied(),
        metrics: &|id| metrics.get(&id).copied(),
        risks: &|id| risks.get(&id).copied(),
        named_by_risk: &|o| named_by_risk.get(&o).cloned().unwrap_or_default(),
    };
    plan.objectives
        .iter()
        .map(|o| rollup(plan, o, &index, metric_ratings, risk_ratings))
        .collect()
}

/// The roll-ups of the objectives at `which` (positions in plan order)
/// worked out again in `rollups`, the others kept: after an edit that
/// changed no list's order or length, only the objectives it touched
/// (the one edited, those linked to an edited metric or risk) change.
/// Each is looked up in the plan's lists as it goes (a few links each: no
/// index of the whole plan for one objective).
pub fn update_objective_rollups(
    plan: &Plan,
    rollups: &mut [ObjectiveRollup],
    which: &[usize],
    metric_ratings: &[MetricRating],
    risk_ratings: &[RiskRating],
) {
    let index = Index {
        schemes: &|id| plan.schemes.iter().position(|x| x.id == id),
        metrics: &|id| plan.metrics.iter().position(|x| x.id == id),
        risks: &|id| plan.risks.iter().position(|x| x.id == id),
        named_by_risk: &|o| {
            plan.risks
                .iter()
                .enumerate()
                .filter(|(_, r)| r.objective_ids.contains(&o))
                .map(|(i, _)| i)
                .collect()
        },
    };
    for &i in which {
        if let (Some(o), Some(r)) = (plan.objectives.get(i), rollups.get_mut(i)) {
            *r = rollup(plan, o, &index, metric_ratings, risk_ratings);
        }
    }
}

/// Where a record is in its list, and which risks name an objective.
struct Index<'a> {
    schemes: &'a dyn Fn(RecordId) -> Option<usize>,
    metrics: &'a dyn Fn(RecordId) -> Option<usize>,
    risks: &'a dyn Fn(RecordId) -> Option<usize>,
    named_by_risk: &'a dyn Fn(RecordId) -> Vec<usize>,
}

fn rollup(
    plan: &Plan,
    o: &Objective,
    index: &Index,
    metric_ratings: &[MetricRating],
    risk_ratings: &[RiskRating],
) -> ObjectiveRollup {
    let positions = |ids: &[RecordId], at: &dyn Fn(RecordId) -> Option<usize>| -> Vec<usize> {
        let mut v: Vec<usize> = ids.iter().filter_map(|id| at(*id)).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let s = positions(&o.scheme_ids, index.schemes);
    let m = positions(&o.metric_ids, index.metrics);
    let mut r = positions(&o.risk_ids, index.risks);
    let more = (index.named_by_risk)(o.id);
    if !more.is_empty() {
        r.extend(more);
        r.sort_unstable();
        r.dedup();
    }
    let mut counts = RagCounts::default();
    let mut worst: Vec<String> = Vec::new();
    let mut rag = Rag::NotRated;
    let rated: Vec<(Rag, String)> = m
        .iter()
        .map(|&i| {
            let rag = metric_ratings.get(i).map(|x| x.rag).unwrap_or_default();
            (rag, format!("Metric {}", quote_title(&plan.metrics[i].name)))
        })
        .chain(r.iter().map(|&i| {
            let rag = risk_ratings.get(i).map(|x| x.rag).unwrap_or_default();
            (rag, super::risks::risk_label(i, &plan.risks[i]))
        }))
        .collect();
    for (x, _) in &rated {
        counts.add(*x);
        rag = rag.worst(*x);
    }
    if rag != Rag::NotRated {
        worst = rated
            .iter()
            .filter(|(x, _)| *x == rag)
            .map(|(_, w)| w.clone())
            .collect();
    }
    let what = match (m.len(), r.len()) {
        (0, 0) => String::new(),
        (a, 0) => plural(a, "metric"),
        (0, b) => plural(b, "risk"),
        (a, b) => format!("{} and {}", plural(a, "metric"), plural(b, "risk")),
    };
    let rule = if what.is_empty() {
        "Not rated: no metric or risk is linked to it".to_string()
    } else if rag == Rag::NotRated {
        format!("Not rated: none of its {what} is rated yet")
    } else {
        let shown: Vec<&str> = worst.iter().take(3).map(String::as_str).collect();
        let more = worst.len().saturating_sub(3);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!(
            "{}: the worst of its {what} ({}{tail} {} {})",
            rag.word(),
            shown.join(", "),
            if worst.len() == 1 { "is" } else { "are" },
            rag.word()
        )
    };
    let ids = |v: &[usize], f: &dyn Fn(usize) -> RecordId| v.iter().map(|&i| f(i)).collect::<Vec<_>>();
    ObjectiveRollup {
        id: o.id,
        rag,
        counts,
        rule,
        schemes: ids(&s, &|i| plan.schemes[i].id),
        metrics: ids(&m, &|i| plan.metrics[i].id),
        risks: ids(&r, &|i| plan.risks[i].id),
    }
}

/// A milestone against today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MilestoneState {
    /// The days its due text covers (`None`: not a date or period).
    pub window: Option<(NaiveDate, NaiveDate)>,
    /// Not done, and the last day of its due window has passed.
    pub overdue: bool,
    /// Marked at risk (and not done).
    pub at_risk: bool,
}

/// Where a milestone stands on `today`. A milestone due "Q2 2016/17" is
/// overdue from 1 October 2016 unless it is done.
pub fn milestone_state(m: &Milestone, today: NaiveDate) -> MilestoneState {
    let window = due_window(&m.due);
    let done = m.status == MilestoneStatus::Done;
    MilestoneState {
        window,
        overdue: !done && window.is_some_and(|(_, end)| end < today),
        at_risk: m.status == MilestoneStatus::AtRisk,
    }
}

/// How many of a scheme's milestones are overdue or at risk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MilestoneCounts {
    pub total: usize,
    pub overdue: usize,
    pub at_risk: usize,
    pub done: usize,
}

impl MilestoneCounts {
    pub fn add(&mut self, o: &MilestoneCounts) {
        self.total += o.total;
        self.overdue += o.overdue;
        self.at_risk += o.at_risk;
        self.done += o.done;
    }
    /// Red when one is overdue, Amber when one is at risk, Green when
    /// there are milestones and neither; not rated without milestones.
    pub fn rag(&self) -> Rag {
        if self.total == 0 {
            Rag::NotRated
        } else if self.overdue > 0 {
            Rag::Red
        } else if self.at_risk > 0 {
            Rag::Amber
        } else {
            Rag::Green
        }
    }
}

/// The counts of a scheme's milestones on `today`.
pub fn milestone_counts(s: &Scheme, today: NaiveDate) -> MilestoneCounts {
    let mut c = MilestoneCounts::default();
    for m in &s.milestones {
        let st = milestone_state(m, today);
        c.total += 1;
        c.overdue += usize::from(st.overdue);
        c.at_risk += usize::from(st.at_risk && !st.overdue);
        c.done += usize::from(m.status == MilestoneStatus::Done);
    }
    c
}

/// "Scheme 3 “Urgent care”, milestone 2 “Specification agreed”".
pub fn milestone_label(scheme_position: usize, s: &Scheme, n: usize, m: &Milestone) -> String {
    let scheme = crate::model::field::record_label(crate::model::RecordKind::Schemes, scheme_position, &s.name);
    let t = m.description.trim();
    if t.is_empty() {
        format!("{scheme}, milestone {} (no description)", n + 1)
    } else {
        format!("{scheme}, milestone {} {}", n + 1, quote_title(t))
    }
}

/// The checklist items of scheme `i`'s milestones: each has a
/// description and a due date or period opplan can read, is not overdue
/// and not at risk, and once done says when.
pub fn milestone_items(i: usize, s: &Scheme, today: NaiveDate) -> Vec<CheckItem> {
    let mut items = Vec::new();
    for (n, m) in s.milestones.iter().enumerate() {
        let label = milestone_label(i, s, n, m);
        let st = milestone_state(m, today);
        let item = |ok: bool, text: String| CheckItem::new(Section::Schemes, Some(s.id), Some("milestones"), ok, text);
        items.push(item(
            !m.description.trim().is_empty(),
            format!("{label}: says what will be done"),
        ));
        let due = m.due.trim();
        match st.window {
            None if due.is_empty() => items.push(item(false, format!("{label}: has no due date or period"))),
            None => items.push(item(
                false,
                format!(
                    "{label}: the due \u{201c}{due}\u{201d} is not a date or a period opplan can read (such as 31/07/2016, July 2016, Q2 2016/17 or Autumn 2016)"
                ),
            )),
            Some((_, end)) => {
                let ok = !st.overdue;
                let text = if ok {
                    format!("{label}: due {due}, not overdue")
                } else {
                    format!(
                        "{label}: overdue: due {due} (by {}) and not done",
                        format_date(end)
                    )
                };
                items.push(item(ok, text));
            }
        }
        if st.at_risk {
            items.push(item(false, format!("{label}: is marked at risk")));
        }
        if m.status == MilestoneStatus::Done && !matches!(m.completed, Some(crate::model::DateField::Date(_))) {
            items.push(item(false, format!("{label}: is done but has no completion date")));
        }
    }
    items
}

/// The checklist items of the objectives and the narrative sections: each
/// objective has a title and linked work, and links only to records that
/// exist; each section is complete, and each national condition is
/// answered, with an assurance statement, and actions where it is not met.
pub fn operating_items(plan: &Plan) -> Vec<CheckItem> {
    let mut items = Vec::new();
    if plan.objectives.is_empty() && plan.sections.is_empty() {
        return items;
    }
    let ids: std::collections::HashSet<RecordId> = plan.all_ids().collect();
    for (i, o) in plan.objectives.iter().enumerate() {
        let label = o.label(i);
        let item = |field: &'static str, ok: bool, text: String| {
            CheckItem::new(Section::Objectives, Some(o.id), Some(field), ok, text)
        };
        items.push(item(
            "title",
            !o.title.trim().is_empty(),
            format!("{label}: has a title"),
        ));
        items.push(item(
            "scheme_ids",
            !o.scheme_ids.is_empty() || !o.metric_ids.is_empty(),
            format!("{label}: is linked to the schemes, initiatives or metrics that serve it"),
        ));
        let missing = o
            .scheme_ids
            .iter()
            .chain(&o.metric_ids)
            .chain(&o.risk_ids)
            .filter(|id| !ids.contains(id))
            .count();
        if missing > 0 {
            items.push(item(
                "scheme_ids",
                false,
                format!(
                    "{label}: {} to a record that is not in the plan",
                    if missing == 1 {
                        "1 link points".to_string()
                    } else {
                        format!("{missing} links point")
                    }
                ),
            ));
        }
    }
    for (i, s) in plan.sections.iter().enumerate() {
        items.extend(section_items(i, s));
    }
    items
}

fn section_items(i: usize, s: &NarrativeSection) -> Vec<CheckItem> {
    let label = s.label(i);
    let item = |field: &'static str, ok: bool, text: String| {
        CheckItem::new(Section::Narrative, Some(s.id), Some(field), ok, text)
    };
    let mut items = vec![item(
        "title",
        !s.title.trim().is_empty(),
        format!("{label}: has a title"),
    )];
    items.push(item(
        "status",
        s.status == SectionStatus::Complete,
        match s.status {
            SectionStatus::Complete => format!("{label}: complete"),
            st => format!("{label}: is {} (not complete)", st.word().to_lowercase()),
        },
    ));
    if s.status == SectionStatus::Complete && s.text.trim().is_empty() {
        items.push(item(
            "text",
            false,
            format!("{label}: is marked complete but has no text"),
        ));
    }
    if let Some(c) = &s.condition {
        items.push(item(
            "met",
            c.met != ConditionMet::NotAnswered,
            format!("{label}: says whether it is met (yes, partly or no)"),
        ));
        if c.met != ConditionMet::NotAnswered {
            items.push(item(
                "assurance",
                !c.assurance.trim().is_empty() || !s.text.trim().is_empty(),
                format!("{label}: gives an assurance statement"),
            ));
        }
        if matches!(c.met, ConditionMet::No | ConditionMet::Partly) {
            items.push(item(
                "actions",
                !c.actions.trim().is_empty(),
                format!(
                    "{label}: is {} met, so it needs the actions that will meet it",
                    if c.met == ConditionMet::No {
                        "not"
                    } else {
                        "only partly"
                    }
                ),
            ));
        }
    }
    items
}

/// The word count of a section's text and answer.
pub fn section_words(s: &NarrativeSection) -> usize {
    let c = s
        .condition
        .as_ref()
        .map(|c| crate::model::objectives::word_count(&c.assurance) + crate::model::objectives::word_count(&c.actions))
        .unwrap_or(0);
    crate::model::objectives::word_count(&s.text) + c
}

/// The milestones of the plan in time order, each with its scheme's
/// position and its own, its state and its quarter ("Q2 2016/17"); those
/// whose due is not readable come last, in plan order. For the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEntry {
    pub scheme: usize,
    pub milestone: usize,
    pub state: MilestoneState,
    /// "Q2 2016/17" of the end of its due window; empty when unreadable.
    pub quarter: String,
}

pub fn timeline(plan: &Plan, today: NaiveDate) -> Vec<TimelineEntry> {
    Timeline::default().update(plan, today).as_ref().clone()
}

/// The timeline kept from one plan to the next: each scheme's entries with
/// the milestones they were worked out from, so after an edit only the
/// schemes whose milestones changed have their due texts read again (the
/// others' entries are sorted in as they were).
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    today: Option<NaiveDate>,
    /// By scheme position: its milestones as last read, and their entries.
    schemes: Vec<(Vec<Milestone>, Vec<TimelineEntry>)>,
    sorted: std::sync::Arc<Vec<TimelineEntry>>,
}

impl Timeline {
    /// The timeline of `plan` on `today` ([`timeline`]), updated from the
    /// last.
    pub fn update(&mut self, plan: &Plan, today: NaiveDate) -> std::sync::Arc<Vec<TimelineEntry>> {
        let mut changed = self.today != Some(today) || self.schemes.len() != plan.schemes.len();
        if self.today != Some(today) {
            self.schemes.clear();
            self.today = Some(today);
        }
        self.schemes.truncate(plan.schemes.len());
        for (si, s) in plan.schemes.iter().enumerate() {
            if self.schemes.get(si).is_some_and(|(ms, _)| *ms == s.milestones) {
                continue;
            }
            let entries = s
                .milestones
                .iter()
                .enumerate()
                .map(|(mi, m)| {
                    let state = milestone_state(m, today);
                    TimelineEntry {
                        scheme: si,
                        milestone: mi,
                        state,
                        quarter: state
                            .window
                            .map(|(_, end)| crate::model::date::quarter_of(end))
                            .unwrap_or_default(),
                    }
                })
                .collect();
            let read = (s.milestones.clone(), entries);
            match self.schemes.get_mut(si) {
                Some(x) => *x = read,
                None => self.schemes.push(read),
            }
            changed = true;
        }
        if changed {
            let mut v: Vec<TimelineEntry> = self.schemes.iter().flat_map(|(_, e)| e.iter().cloned()).collect();
            v.sort_by_key(|e| {
                (
                    e.state.window.is_none(),
                    e.state.window.map(|w| w.1),
                    e.scheme,
                    e.milestone,
                )
            });
            self.sorted = std::sync::Arc::new(v);
        }
        self.sorted.clone()
    }
}

/// What deleting the records `ids` of `kind` would unlink, as the question
/// the window asks first: "Objective 3 “Reduce admissions” is linked from
/// 2 schemes and 1 risk; delete it and remove those links?". Links count
/// either way (a risk that names the objective, the schemes the objective
/// names). `None` when nothing links to them (the delete needs no asking).
pub fn delete_question(plan: &Plan, kind: RecordKind, ids: &[RecordId]) -> Option<String> {
    use std::collections::BTreeSet;
    let gone = |id: &RecordId| ids.contains(id);
    // the other records on either end of a link, by plan order within kind
    let mut linked: BTreeSet<RecordId> = BTreeSet::new();
    let mut add = |own: bool, names: &mut dyn Iterator<Item = &RecordId>, me: RecordId, links_to: bool| {
        if own {
            linked.extend(names.filter(|x| !gone(x)).copied());
        } else if links_to {
            linked.insert(me);
        }
    };
    for o in &plan.objectives {
        let mut names = o.scheme_ids.iter().chain(&o.metric_ids).chain(&o.risk_ids);
        add(gone(&o.id), &mut names, o.id, o.links_to(ids));
    }
    for m in &plan.metrics {
        add(gone(&m.id), &mut m.scheme_ids.iter(), m.id, m.links_to(ids));
    }
    for r in &plan.risks {
        let mut names = r.scheme_ids.iter().chain(&r.metric_ids).chain(&r.objective_ids);
        add(gone(&r.id), &mut names, r.id, r.links_to(ids));
    }
    let count = |f: &dyn Fn(RecordId) -> bool| linked.iter().filter(|id| f(**id)).count();
    let has = |list: &[RecordId], id: RecordId| list.contains(&id);
    let ids_of =
        |k: SchemeKind| -> Vec<RecordId> { plan.schemes.iter().filter(|s| s.kind == k).map(|s| s.id).collect() };
    let objectives: Vec<RecordId> = plan.objectives.iter().map(|o| o.id).collect();
    let metrics: Vec<RecordId> = plan.metrics.iter().map(|m| m.id).collect();
    let risks: Vec<RecordId> = plan.risks.iter().map(|r| r.id).collect();
    let (schemes, initiatives, projects) = (
        ids_of(SchemeKind::Scheme),
        ids_of(SchemeKind::Initiative),
        ids_of(SchemeKind::Project),
    );
    let parts: Vec<String> = [
        (count(&|id| has(&objectives, id)), "objective"),
        (count(&|id| has(&schemes, id)), "scheme"),
        (count(&|id| has(&initiatives, id)), "initiative"),
        (count(&|id| has(&projects, id)), "project"),
        (count(&|id| has(&metrics, id)), "metric"),
        (count(&|id| has(&risks, id)), "risk"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, one)| plural(n, one))
    .collect();
    if parts.is_empty() {
        return None;
    }
    let list = super::signoffs::join_words(&parts.iter().map(String::as_str).collect::<Vec<_>>());
    let who = match ids {
        [id] => record_name(plan, kind, *id),
        _ => format!("The {} {}", ids.len(), kind.word().to_lowercase()),
    };
    let (is, it) = if ids.len() == 1 { ("is", "it") } else { ("are", "them") };
    Some(format!(
        "{who} {is} linked from {list}; delete {it} and remove those links?"
    ))
}

/// "Objective 3 “Reduce admissions”" (by its own number), "Scheme 4
/// “Carers Break”" (by its place).
fn record_name(plan: &Plan, kind: RecordKind, id: RecordId) -> String {
    match plan.objectives.iter().position(|o| o.id == id) {
        Some(i) if kind == RecordKind::Objectives => plan.objectives[i].label(i),
        _ => super::merge::words::label_of(plan, kind, id),
    }
}
