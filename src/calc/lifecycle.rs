//! The plan's lifecycle: Draft → Submitted → Agreed → Approved, and back
//! to Draft from any of them. Each change is recorded in the plan's history
//! (when, from, to, who, note, and the content at that moment).
//!
//! The rules:
//! - **Submit** (from Draft) needs a complete readiness checklist, or an
//!   explicit "submit anyway" with a reason, which is recorded in the note.
//!   The date submitted is recorded by the step itself, so a missing date
//!   submitted does not stand in the way when the step is given one.
//! - **Agree** (from Submitted): agreed at the Health and Wellbeing Board;
//!   records the date agreed when given.
//! - **Approve** (from Agreed) needs every required sign-off signed on the
//!   plan's current content (and at least one required sign-off). It
//!   cannot be overridden.
//! - **Back to draft** (from Submitted, Agreed or Approved).
//! - Every step needs the name of who made it.
//!
//! Pure functions: the window and the tests call the same ones.

use super::items::{CheckItem, Section};
use super::signoffs::{SignOffState, changed_parts, join_words};
use super::{PlanSummary, summarize};
use crate::model::{ContentFingerprint, DateField, Plan, PlanEdit, PlanStatus, StatusChange};
use chrono::{NaiveDate, NaiveDateTime};
use std::fmt;

/// A lifecycle step the user can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Submit,
    Agree,
    Approve,
    Reopen,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Submit, Step::Agree, Step::Approve, Step::Reopen];

    /// The status the step leads to.
    pub fn to(self) -> PlanStatus {
        match self {
            Step::Submit => PlanStatus::Submitted,
            Step::Agree => PlanStatus::Agreed,
            Step::Approve => PlanStatus::Approved,
            Step::Reopen => PlanStatus::Draft,
        }
    }

    /// Whether the step can be taken from `from`.
    pub fn allowed_from(self, from: PlanStatus) -> bool {
        match self {
            Step::Submit => from == PlanStatus::Draft,
            Step::Agree => from == PlanStatus::Submitted,
            Step::Approve => from == PlanStatus::Agreed,
            Step::Reopen => from != PlanStatus::Draft,
        }
    }

    /// The button: "Submit…", "Mark as agreed…".
    pub fn verb(self) -> &'static str {
        match self {
            Step::Submit => "Submit",
            Step::Agree => "Mark as agreed",
            Step::Approve => "Approve",
            Step::Reopen => "Back to draft",
        }
    }

    /// What undo shows: "Submit the plan".
    pub fn undo_label(self) -> &'static str {
        match self {
            Step::Submit => "Submit the plan",
            Step::Agree => "Mark the plan as agreed",
            Step::Approve => "Approve the plan",
            Step::Reopen => "Move the plan back to draft",
        }
    }

    /// What the step means, in a sentence.
    pub fn explain(self) -> &'static str {
        match self {
            Step::Submit => {
                "Submitting needs a complete readiness checklist. You can submit anyway (a first draft for a board meeting, say) by giving a reason, which is recorded."
            }
            Step::Agree => "The plan was agreed at the Health and Wellbeing Board.",
            Step::Approve => "Approval needs every required sign-off signed on the plan as it is now.",
            Step::Reopen => "The plan goes back to draft for changes. Its sign-offs stay as they are.",
        }
    }

    /// The header date the step records, if any.
    pub fn date_field(self) -> Option<(&'static str, &'static str)> {
        match self {
            Step::Submit => Some(("date_submitted", "Date submitted")),
            Step::Agree => Some(("date_agreed_hwb", "Date agreed at the Health and Wellbeing Board")),
            _ => None,
        }
    }
}

/// The steps that can be taken from a status, in the order offered.
pub fn steps_from(status: PlanStatus) -> Vec<Step> {
    Step::ALL.into_iter().filter(|s| s.allowed_from(status)).collect()
}

/// What stands in the way of a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gate {
    pub step: Step,
    /// What is not done: checklist items for Submit, sign-offs for Approve,
    /// each pointing where it is fixed.
    pub blockers: Vec<CheckItem>,
    /// True when the user may go ahead anyway, giving a reason (Submit).
    pub can_override: bool,
}

impl Gate {
    pub fn is_clear(&self) -> bool {
        self.blockers.is_empty()
    }
}

/// What stands in the way of `step` for the plan as it is. `date` is the
/// date the step would record (date submitted, date agreed).
pub fn gate(plan: &Plan, summary: &PlanSummary, step: Step, date: Option<NaiveDate>) -> Gate {
    let blockers = match step {
        Step::Submit => summary
            .checklist
            .missing()
            .filter(|i| !(date.is_some() && i.field == Some("date_submitted")))
            .cloned()
            .collect(),
        Step::Approve => approval_blockers(plan, summary),
        Step::Agree | Step::Reopen => Vec::new(),
    };
    Gate {
        step,
        blockers,
        // merge conflicts are not overridden: a plan holding two versions
        // of a value is not one plan yet
        can_override: step == Step::Submit && plan.conflicts.is_empty(),
    }
}

/// The required sign-offs not signed on the current content.
fn approval_blockers(plan: &Plan, summary: &PlanSummary) -> Vec<CheckItem> {
    let mut out = Vec::new();
    let mut any_required = false;
    for (i, (s, state)) in plan.signoffs.iter().zip(&summary.signoff_states).enumerate() {
        if !s.required {
            continue;
        }
        any_required = true;
        if state.is_signed() {
            continue;
        }
        let why = match state {
            SignOffState::Pending => "not signed yet".to_string(),
            SignOffState::Declined => "declined".to_string(),
            SignOffState::Incomplete { problems } => format!("marked signed but {}", problems.join(", ")),
            SignOffState::ChangedSince { parts } => {
                format!("signed, but the plan changed since ({} changed)", join_words(parts))
            }
            SignOffState::Unverified => "marked signed, but which version was signed is not recorded".to_string(),
            SignOffState::Signed => continue,
        };
        let org = if s.organisation.trim().is_empty() {
            "(no organisation)".to_string()
        } else {
            format!("\u{201c}{}\u{201d}", s.organisation.trim())
        };
        out.push(CheckItem {
            section: Section::SignOffs,
            record: Some(s.id),
            field: Some("status"),
            text: format!("Sign-off {} {org}: {why}", i + 1),
            ok: false,
        });
    }
    if !any_required {
        out.push(CheckItem {
            section: Section::SignOffs,
            record: None,
            field: None,
            text: "No required sign-offs: add the sign-offs the plan needs".into(),
            ok: false,
        });
    }
    out
}

/// A request to take a step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    pub step: Option<Step>,
    /// Who takes the step (a name).
    pub who: String,
    pub note: String,
    /// The date the step records (date submitted, date agreed).
    pub date: Option<NaiveDate>,
    /// "Submit anyway": the reason, when the checklist is not complete.
    pub anyway_reason: Option<String>,
}

impl Request {
    pub fn new(step: Step, who: &str) -> Self {
        Request {
            step: Some(step),
            who: who.to_string(),
            ..Default::default()
        }
    }
}

/// Why a step was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    NoStep,
    /// The step cannot be taken from the plan's status.
    WrongStatus {
        from: PlanStatus,
        step: Step,
    },
    /// No name for who takes the step.
    NoWho,
    /// Things stand in the way and the step cannot be overridden.
    Blocked {
        count: usize,
    },
    /// Submit while merge conflicts remain (never overridden).
    Conflicts {
        count: usize,
    },
    /// "Submit anyway" without a reason.
    NoReason {
        count: usize,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NoStep => f.write_str("Choose a step."),
            Refusal::WrongStatus { from, step } => write!(
                f,
                "The plan is {}: \u{201c}{}\u{201d} is not possible from there.",
                from.word(),
                step.verb()
            ),
            Refusal::NoWho => f.write_str("Type the name of who is making this change."),
            Refusal::Blocked { count } => write!(
                f,
                "{count} required sign-off{} not signed on the plan as it is now.",
                if *count == 1 { " is" } else { "s are" }
            ),
            Refusal::Conflicts { count } => write!(
                f,
                "{}: keep ours or take theirs for each before submitting.",
                super::merge::words::conflicts_remain(*count)
            ),
            Refusal::NoReason { count } => write!(
                f,
                "{count} checklist item{} incomplete: complete {} or submit anyway with a reason.",
                if *count == 1 { " is" } else { "s are" },
                if *count == 1 { "it" } else { "them" }
            ),
        }
    }
}

/// Checks a request against the rules.
pub fn check(plan: &Plan, summary: &PlanSummary, req: &Request) -> Result<Gate, Refusal> {
    let step = req.step.ok_or(Refusal::NoStep)?;
    let from = plan.header.status;
    if !step.allowed_from(from) {
        return Err(Refusal::WrongStatus { from, step });
    }
    if req.who.trim().is_empty() {
        return Err(Refusal::NoWho);
    }
    if step == Step::Submit && !plan.conflicts.is_empty() {
        return Err(Refusal::Conflicts {
            count: plan.conflicts.len(),
        });
    }
    let g = gate(plan, summary, step, req.date);
    if !g.is_clear() {
        let count = g.blockers.len();
        if !g.can_override {
            return Err(Refusal::Blocked { count });
        }
        if req.anyway_reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            return Err(Refusal::NoReason { count });
        }
    }
    Ok(g)
}

/// Takes a step: checks the rules on the plan as it is, records the date
/// the step records, sets the status and appends the change to the
/// history. `at` is when; `today` decides what is overdue in the checklist.
/// On refusal the plan is left unchanged.
pub fn apply(plan: &mut Plan, req: &Request, at: NaiveDateTime, today: NaiveDate) -> Result<(), Refusal> {
    let summary = summarize(plan, today);
    let e = edit(plan, &summary, req, at)?;
    // the edit only sets the header and adds to the history: nothing in it
    // can be refused
    let applied = crate::model::edit::apply(plan, e);
    debug_assert!(applied.is_ok(), "{applied:?}");
    Ok(())
}

/// The step [`apply`] takes, as an edit of the plan whose summary is
/// `summary`: the header with the new status (and the date the step
/// records), and the change added to the history.
pub fn edit(plan: &Plan, summary: &PlanSummary, req: &Request, at: NaiveDateTime) -> Result<PlanEdit, Refusal> {
    let g = check(plan, summary, req)?;
    let step = g.step;
    let from = plan.header.status;
    let mut note = String::new();
    if !g.is_clear() {
        let total = summary.checklist.items.len();
        note = format!(
            "Submitted anyway with {} of {total} checklist items incomplete. Reason: {}",
            g.blockers.len(),
            req.anyway_reason.as_deref().unwrap_or("").trim()
        );
    }
    if !req.note.trim().is_empty() {
        if !note.is_empty() {
            note.push('\n');
        }
        note.push_str(req.note.trim());
    }
    let mut header = plan.header.clone();
    if let Some(d) = req.date {
        match step {
            Step::Submit => header.date_submitted = Some(DateField::Date(d)),
            Step::Agree => header.date_agreed_hwb = Some(DateField::Date(d)),
            Step::Approve | Step::Reopen => {}
        }
    }
    header.status = step.to();
    // the content fingerprint leaves out the lifecycle (status, dates,
    // history): it is the summary's
    let content = summary.fingerprint.clone();
    Ok(PlanEdit::Batch(vec![
        PlanEdit::SetHeader(Box::new(header)),
        PlanEdit::PushHistory(vec![StatusChange {
            at: Some(at),
            from,
            to: step.to(),
            who: req.who.trim().to_string(),
            note,
            content: Some(content),
        }]),
    ]))
}

/// The last change into the plan's current status, and the parts of the
/// plan changed since, when the plan is past Draft and its content is no
/// longer what it was then.
pub fn changed_since_status<'a>(
    plan: &'a Plan,
    current: &ContentFingerprint,
) -> Option<(&'a StatusChange, Vec<&'static str>)> {
    if plan.header.status == PlanStatus::Draft {
        return None;
    }
    let change = plan.history.iter().rev().find(|c| c.to == plan.header.status)?;
    let then = change.content.as_ref()?;
    let parts = changed_parts(then, current);
    (!parts.is_empty()).then_some((change, parts))
}

/// A warning for the top bar when the plan is past Draft and its content
/// changed since: "Changed since approved on 3 Feb 2014: Schemes".
pub fn status_warning(plan: &Plan, summary: &PlanSummary) -> Option<String> {
    let word = match plan.header.status {
        PlanStatus::Draft => return None,
        PlanStatus::Submitted => "submitted",
        PlanStatus::Agreed => "agreed",
        PlanStatus::Approved => "approved",
    };
    if let Some((change, parts)) = changed_since_status(plan, &summary.fingerprint) {
        let when = change
            .at
            .map(|t| format!(" on {}", crate::model::date::format_date(t.date())))
            .unwrap_or_default();
        return Some(format!("Changed since {word}{when}: {}", join_words(&parts)));
    }
    // an approved plan from a file without history: its sign-offs tell
    if plan.header.status == PlanStatus::Approved {
        let mut parts: Vec<&'static str> = Vec::new();
        for (s, st) in plan.signoffs.iter().zip(&summary.signoff_states) {
            if let (true, SignOffState::ChangedSince { parts: p }) = (s.required, st) {
                for x in p {
                    if !parts.contains(x) {
                        parts.push(x);
                    }
                }
            }
        }
        if !parts.is_empty() {
            return Some(format!("Changed since signed: {}", join_words(&parts)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_follow_the_lifecycle() {
        assert_eq!(steps_from(PlanStatus::Draft), vec![Step::Submit]);
        assert_eq!(steps_from(PlanStatus::Submitted), vec![Step::Agree, Step::Reopen]);
        assert_eq!(steps_from(PlanStatus::Agreed), vec![Step::Approve, Step::Reopen]);
        assert_eq!(steps_from(PlanStatus::Approved), vec![Step::Reopen]);
        for step in Step::ALL {
            for from in PlanStatus::ALL {
                assert_eq!(step.allowed_from(from), steps_from(from).contains(&step));
            }
        }
    }
}
