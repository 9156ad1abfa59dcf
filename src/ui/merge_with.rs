//! "Merge with file…" (Data menu, issue 17 part 3): another version of the
//! plan brought into the open one, as one undoable step.
//!
//! - With a **common earlier version** (the other file's `.bak`, else the
//!   open plan's, else one the user names): the three-way merge of
//!   `calc::merge`, the open plan being ours; where both changed the same
//!   value the Conflicts panel asks which to keep.
//! - Without one: the records that differ (matched by id, as "Compare with
//!   file…" matches them) are listed, and the user ticks those to take
//!   from the other file: its version replaces this plan's, a record only
//!   it has is added with its id, a record only this plan has is removed.

use super::{Command, Commands, Edit, widgets};
use crate::calc::merge::dangling_links;
use crate::calc::merge::words::{conflicts_remain, label_of};
use crate::model::edit::AnyRecord;
use crate::model::record::Record;
use crate::model::{Metric, NarrativeSection, Objective, Plan, PlanEdit, RecordId, RecordKind, Risk, Scheme, SignOff};
use egui::RichText;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How a record differs between the open plan and the other file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Differs {
    /// Both have it, with different values.
    Changed,
    /// Only the other file has it.
    OnlyTheirs,
    /// Only the open plan has it.
    OnlyOurs,
}

/// A record that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordDifference {
    pub kind: RecordKind,
    pub id: RecordId,
    pub differs: Differs,
    /// "Scheme 4 “Carers Break”" as the plan that has it names it.
    pub label: String,
}

/// The records of every kind that differ between `ours` and `theirs`, in
/// the order of the lists (ours first, then what only theirs has).
pub fn record_differences(ours: &Plan, theirs: &Plan) -> Vec<RecordDifference> {
    let mut out = Vec::new();
    for kind in RecordKind::ALL {
        match kind {
            RecordKind::Schemes => differences_of::<Scheme>(ours, theirs, &mut out),
            RecordKind::Metrics => differences_of::<Metric>(ours, theirs, &mut out),
            RecordKind::Risks => differences_of::<Risk>(ours, theirs, &mut out),
            RecordKind::SignOffs => differences_of::<SignOff>(ours, theirs, &mut out),
            RecordKind::Objectives => differences_of::<Objective>(ours, theirs, &mut out),
            RecordKind::Sections => differences_of::<NarrativeSection>(ours, theirs, &mut out),
        }
    }
    out
}

fn differences_of<R: Record + PartialEq>(ours: &Plan, theirs: &Plan, out: &mut Vec<RecordDifference>) {
    let of_theirs: HashMap<RecordId, &R> = R::all(theirs).iter().map(|r| (r.id(), r)).collect();
    let in_ours: HashSet<RecordId> = R::all(ours).iter().map(|r| r.id()).collect();
    for r in R::all(ours) {
        let differs = match of_theirs.get(&r.id()) {
            Some(t) if *t == r => continue,
            Some(_) => Differs::Changed,
            None => Differs::OnlyOurs,
        };
        out.push(RecordDifference {
            kind: R::KIND,
            id: r.id(),
            differs,
            label: label_of(ours, R::KIND, r.id()),
        });
    }
    for r in R::all(theirs) {
        if !in_ours.contains(&r.id()) {
            out.push(RecordDifference {
                kind: R::KIND,
                id: r.id(),
                differs: Differs::OnlyTheirs,
                label: label_of(theirs, R::KIND, r.id()),
            });
        }
    }
}

/// The edit that takes the other file's version of each chosen record
/// (replaced, added with its id, or removed), as one step.
pub fn take_theirs_edit(ours: &Plan, theirs: &Plan, chosen: &[(RecordKind, RecordId)]) -> PlanEdit {
    let mut edits = Vec::new();
    let mut next_id = ours.next_id;
    for &(kind, id) in chosen {
        let e = match kind {
            RecordKind::Schemes => take_one::<Scheme>(ours, theirs, id, &mut next_id),
            RecordKind::Metrics => take_one::<Metric>(ours, theirs, id, &mut next_id),
            RecordKind::Risks => take_one::<Risk>(ours, theirs, id, &mut next_id),
            RecordKind::SignOffs => take_one::<SignOff>(ours, theirs, id, &mut next_id),
            RecordKind::Objectives => take_one::<Objective>(ours, theirs, id, &mut next_id),
            RecordKind::Sections => take_one::<NarrativeSection>(ours, theirs, id, &mut next_id),
        };
        edits.extend(e);
    }
    if next_id != ours.next_id {
        // ids handed out later never meet the ones taken
        edits.push(PlanEdit::SetNextId(next_id));
    }
    PlanEdit::Batch(edits)
}

fn take_one<R: Record + Into<AnyRecord>>(
    ours: &Plan,
    theirs: &Plan,
    id: RecordId,
    next_id: &mut u64,
) -> Option<PlanEdit> {
    let in_ours = R::all(ours).iter().any(|r| r.id() == id);
    let theirs_at = R::all(theirs).iter().position(|r| r.id() == id);
    match (in_ours, theirs_at) {
        (true, Some(i)) => Some(PlanEdit::Put(R::all(theirs)[i].clone().into())),
        (false, Some(i)) => {
            *next_id = (*next_id).max(id.0.saturating_add(1));
            Some(PlanEdit::Restore {
                at: i.min(R::all(ours).len()),
                record: R::all(theirs)[i].clone().into(),
            })
        }
        (true, None) => Some(PlanEdit::Delete {
            kind: R::KIND,
            ids: vec![id],
        }),
        (false, None) => None,
    }
}

/// [`take_theirs_edit`], refused when the plan it makes would link to a
/// record it does not have (a risk taken whose scheme is not, an objective
/// taken whose metric is not): the sentence names each such link and the
/// record to tick with it. Links the open plan already had are not its
/// business.
pub fn take_theirs_checked(ours: &Plan, theirs: &Plan, chosen: &[(RecordKind, RecordId)]) -> Result<PlanEdit, String> {
    let edit = take_theirs_edit(ours, theirs, chosen);
    let mut result = ours.clone();
    crate::model::edit::apply(&mut result, edit.clone())?;
    let had: HashSet<(RecordId, RecordId)> = dangling_links(ours).iter().map(|u| (u.id, u.target)).collect();
    let lines: Vec<String> = dangling_links(&result)
        .into_iter()
        .filter(|u| !had.contains(&(u.id, u.target)))
        .map(|u| {
            let target = [theirs, ours]
                .into_iter()
                .find_map(|p| kind_holding(p, u.target).map(|k| label_of(p, k, u.target)))
                .unwrap_or_else(|| format!("the record with id {}", u.target));
            format!(
                "{} links to {target}, which the plan would not have: tick it too, or leave the {} out.",
                label_of(&result, u.kind, u.id),
                u.kind.singular().to_lowercase()
            )
        })
        .collect();
    if lines.is_empty() {
        Ok(edit)
    } else {
        Err(format!("Nothing taken. {}", lines.join(" ")))
    }
}

/// The kind of the record of `plan` with `id`, if it has one.
fn kind_holding(plan: &Plan, id: RecordId) -> Option<RecordKind> {
    RecordKind::ALL.into_iter().find(|k| match k {
        RecordKind::Schemes => plan.scheme(id).is_some(),
        RecordKind::Metrics => plan.metric(id).is_some(),
        RecordKind::Risks => plan.risk(id).is_some(),
        RecordKind::SignOffs => plan.signoff(id).is_some(),
        RecordKind::Objectives => plan.objective(id).is_some(),
        RecordKind::Sections => plan.section(id).is_some(),
    })
}

/// The first of the files that could be the common earlier version: the
/// other file's `.bak` (the version before its last save), else the open
/// plan's.
pub fn base_candidate(other: &Path, open: Option<&Path>) -> Option<PathBuf> {
    [Some(other), open]
        .into_iter()
        .flatten()
        .map(crate::io::backup_path)
        .find(|p| p.is_file())
}

/// The "Merge with …" window.
pub struct MergeWindow {
    pub other: Plan,
    /// The other file's name.
    pub other_name: String,
    /// The common earlier version's path, as typed.
    pub base_text: String,
    /// Why the last merge could not be made.
    error: Option<String>,
    /// Why the records picked could not be taken.
    pick_error: Option<String>,
    /// The records ticked to take from the other file.
    chosen: BTreeSet<(RecordKind, RecordId)>,
    /// What the window did, for the status line once it closes.
    pub done: Option<String>,
    /// The records that differ, for the open plan's generation `.0`.
    differences: Option<(u64, Vec<RecordDifference>)>,
}

impl MergeWindow {
    pub fn new(other: Plan, other_path: &Path, open_path: Option<&Path>) -> Self {
        MergeWindow {
            other,
            other_name: other_path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| other_path.display().to_string()),
            base_text: base_candidate(other_path, open_path)
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            error: None,
            pick_error: None,
            chosen: BTreeSet::new(),
            done: None,
            differences: None,
        }
    }

    /// The three-way merge from the typed base: the edit, and what to say.
    fn merge_from_base(&self, plan: &Plan) -> Result<(Edit, String), String> {
        let path = PathBuf::from(self.base_text.trim());
        if path.as_os_str().is_empty() {
            return Err("Type the path of the common earlier version, or pick record by record below.".into());
        }
        let base = crate::io::load_path(&path).map_err(|e| format!("Could not open {}: {e}", path.display()))?;
        let merged = crate::calc::merge::merge(&base, plan, &self.other)
            .map_err(|e| format!("Could not merge with {}: {e}.", self.other_name))?;
        let said = match merged.new_conflicts {
            0 => format!("Merged {} into the plan. Undo takes it out.", self.other_name),
            n => format!(
                "Merged {} into the plan: {}, listed above the plan.",
                self.other_name,
                conflicts_remain(n)
            ),
        };
        let edit = Edit::new(
            format!("Merge with {}", self.other_name),
            PlanEdit::ReplacePlan(Box::new(merged.plan)),
        );
        Ok((edit, said))
    }

    /// Draws the window; `false` once it is closed.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        plan: &Plan,
        generation: u64,
        locked: bool,
        cmds: &mut Commands,
    ) -> bool {
        let mut open = true;
        let mut close = false;
        if self.differences.as_ref().is_none_or(|(g, _)| *g != generation) {
            self.differences = Some((generation, record_differences(plan, &self.other)));
        }
        let differences = self.differences.take().map(|(_, d)| d).unwrap_or_default();
        egui::Window::new(format!("Merge with {}", self.other_name))
            .id(egui::Id::unique("opplan_merge_window"))
            .open(&mut open)
            .default_size([720.0, 560.0])
            .resizable(true)
            .show(ctx, |ui| {
                if locked {
                    ui.label("The plan is locked: unlock it to merge.");
                }
                ui.label(RichText::new("From a common earlier version").strong());
                ui.label(
                    "The version both this plan and the other file were made from: changes made on one side are taken, \
                     and where both changed the same value the Conflicts panel asks which to keep.",
                );
                let resp = ui.add(egui::TextEdit::singleline(&mut self.base_text).desired_width(560.0));
                widgets::set_name(ui, &resp, "Common earlier version");
                if let Some(e) = &self.error {
                    ui.colored_label(widgets::error_color(ui), e);
                }
                if ui
                    .add_enabled(!locked, egui::Button::new("Merge from this version"))
                    .clicked()
                {
                    match self.merge_from_base(plan) {
                        Ok((edit, said)) => {
                            cmds.push(Command::Edit(edit));
                            self.done = Some(said);
                            close = true;
                        }
                        Err(e) => self.error = Some(e),
                    }
                }
                ui.separator();
                ui.label(RichText::new("No common version: pick record by record").strong());
                if differences.is_empty() {
                    ui.label(format!(
                        "Every record is the same in this plan and in {}.",
                        self.other_name
                    ));
                }
                egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                    for d in &differences {
                        let key = (d.kind, d.id);
                        let mut take = self.chosen.contains(&key);
                        let what = match d.differs {
                            Differs::Changed => format!("{}: changed; take theirs", d.label),
                            Differs::OnlyTheirs => format!("{}: only in {}; add it", d.label, self.other_name),
                            Differs::OnlyOurs => format!("{}: not in {}; remove it", d.label, self.other_name),
                        };
                        if ui.checkbox(&mut take, what).changed() {
                            if take {
                                self.chosen.insert(key);
                            } else {
                                self.chosen.remove(&key);
                            }
                        }
                    }
                });
                let chosen: Vec<(RecordKind, RecordId)> = differences
                    .iter()
                    .map(|d| (d.kind, d.id))
                    .filter(|k| self.chosen.contains(k))
                    .collect();
                if ui
                    .add_enabled(
                        !locked && !chosen.is_empty(),
                        egui::Button::new(format!("Take the {} chosen", chosen.len())),
                    )
                    .clicked()
                {
                    match take_theirs_checked(plan, &self.other, &chosen) {
                        Ok(edit) => {
                            cmds.push(Command::Edit(Edit::new(
                                format!("Take {} record(s) from {}", chosen.len(), self.other_name),
                                edit,
                            )));
                            self.done = Some(format!(
                                "Took {} record(s) from {}. Undo takes them out.",
                                chosen.len(),
                                self.other_name
                            ));
                            close = true;
                        }
                        Err(e) => self.pick_error = Some(e),
                    }
                }
                if let Some(e) = &self.pick_error {
                    ui.colored_label(widgets::error_color(ui), e);
                }
            });
        self.differences = Some((generation, differences));
        open && !close
    }
}
