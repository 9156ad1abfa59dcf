//! Three-way merge of plans (issue 17, part 1): what one side changed is
//! taken, the same change on both once, different changes are conflicts
//! kept in the plan with every version's value; ids added on both sides
//! never collide; the result always opens again; conflicts are resolved
//! by keeping one side. Property tests: merging a plan with itself is the
//! identity, a side merged with an unchanged other is that side, disjoint
//! edits commute, and every value either side changed is in the result or
//! in a conflict.

use opplan::calc::merge::words::{conflict_line, conflict_words, plan_lines};
use opplan::calc::merge::{self, Merged, resolve, resolve_all, to_tree};
use opplan::io;
use opplan::model::field::RecordKind;
use opplan::model::{
    Amount, ConflictKind, DateField, Figure, MergeConflict, PathStep, Plan, RecordId, Scheme, Side, SignOffStatus,
    StatusChange, Tree,
};
use std::path::Path;

fn sample(name: &str) -> Plan {
    io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)).unwrap()
}

fn kent() -> Plan {
    sample("kent-bcf-2015-16.ron")
}

/// A plan without operating-plan content (which is written as format 4,
/// conflicts or not).
fn bcf_only(mut p: Plan) -> Plan {
    p.allocations.clear();
    p.finance_years.clear();
    p.contributions.clear();
    p.performance_amounts.clear();
    p.objectives.clear();
    p.sections.clear();
    assert!(!p.has_operating_content());
    p
}

fn sko() -> Plan {
    sample("south-kent-coast-2015-16.ron")
}

fn merged(b: &Plan, o: &Plan, t: &Plan) -> Merged {
    let m = merge::merge(b, o, t).unwrap();
    // whatever the merge gives opens again as itself
    let text = io::checked_plan_text(&m.plan, "").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(io::load_str(&text).unwrap(), m.plan);
    m
}

fn spend(p: &Plan, i: usize) -> Option<Amount> {
    p.schemes[i].year("2015/16").and_then(|y| y.spend)
}

fn set_spend(p: &mut Plan, i: usize, k: i64) {
    p.schemes[i].year_mut("2015/16").spend = Some(Amount::thousands(k));
}

fn step(s: &str) -> PathStep {
    PathStep::Field(s.to_string().into())
}

fn element(k: &str, v: Tree) -> PathStep {
    PathStep::Element(k.to_string().into(), v)
}

// ------------------------------------------------------------ the rules

#[test]
fn edits_of_different_records_and_fields_merge_clean_and_keep_both() {
    let base = kent();
    let mut ours = base.clone();
    set_spend(&mut ours, 0, 3_500);
    ours.metrics[0].baseline = Some(Figure::Value("640.5".parse().unwrap()));
    let mut theirs = base.clone();
    theirs.schemes[2].name = "Care Act 2014".into();
    theirs.header.title = "Kent BCF plan (theirs)".into();
    // a different field of the same record, on the other side
    theirs.schemes[0].provider = "Kent County Council".into();
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:#?}", m.plan.conflicts);
    assert_eq!(spend(&m.plan, 0), Some(Amount::thousands(3_500)));
    assert_eq!(m.plan.schemes[0].provider, "Kent County Council");
    assert_eq!(m.plan.schemes[2].name, "Care Act 2014");
    assert_eq!(m.plan.header.title, "Kent BCF plan (theirs)");
    assert_eq!(m.plan.metrics[0].baseline, ours.metrics[0].baseline);
    assert_eq!(m.changed_records, (2, 2));
    // different years of one scheme are different values
    let mut ours = base.clone();
    ours.schemes[3].year_mut("2014/15").spend = Some(Amount::thousands(100));
    let mut theirs = base.clone();
    set_spend(&mut theirs, 3, 3_600);
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean());
    assert_eq!(
        m.plan.schemes[3].year("2014/15").unwrap().spend,
        Some(Amount::thousands(100))
    );
    assert_eq!(spend(&m.plan, 3), Some(Amount::thousands(3_600)));
}

#[test]
fn the_same_amount_changed_differently_is_a_conflict_holding_ours_and_both_values() {
    let base = kent();
    let mut ours = base.clone();
    set_spend(&mut ours, 3, 3_600);
    let mut theirs = base.clone();
    set_spend(&mut theirs, 3, 3_700);
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.new_conflicts, 1);
    assert_eq!(spend(&m.plan, 3), Some(Amount::thousands(3_600)), "ours in place");
    let c = &m.plan.conflicts[0];
    assert_eq!(c.kind, ConflictKind::Changed);
    assert_eq!(c.kept, Side::Ours);
    assert_eq!(c.record(), Some((RecordKind::Schemes, RecordId(4))));
    assert_eq!(
        c.path,
        vec![
            step("schemes"),
            element("id", Tree::Int(4)),
            step("years"),
            element("year", Tree::Text("2015/16".into())),
            step("spend"),
        ]
    );
    let money = |k: i64| Tree::Given(Box::new(to_tree(&Amount::thousands(k)).unwrap()));
    assert_eq!(
        (&c.base, &c.ours, &c.theirs),
        (&money(3_443), &money(3_600), &money(3_700))
    );
    assert_eq!(
        conflict_line(&m.plan, c),
        "Scheme 4 \u{201c}Carers Break\u{201d}, 2015/16 spend: ours 3,600 (£000), theirs 3,700 (£000), base 3,443 (£000); the plan holds ours"
    );
}

#[test]
fn the_same_change_on_both_sides_is_taken_once() {
    let base = kent();
    let mut ours = base.clone();
    set_spend(&mut ours, 3, 3_600);
    ours.header.ccgs.push("Medway".into());
    ours.schemes.remove(11);
    let theirs = ours.clone();
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean());
    assert_eq!(m.plan, ours);
}

#[test]
fn a_change_against_a_removal_keeps_the_changed_record_either_way() {
    let base = kent();
    // ours removed scheme 5, theirs changed it
    let mut ours = base.clone();
    ours.schemes.remove(4);
    let mut theirs = base.clone();
    theirs.schemes[4].notes = "Still needed".into();
    for (o, t, kept) in [(&ours, &theirs, Side::Theirs), (&theirs, &ours, Side::Ours)] {
        let m = merged(&base, o, t);
        assert_eq!(m.plan.schemes.len(), 12, "nothing lost");
        assert_eq!(m.plan.schemes[4].notes, "Still needed");
        let c = &m.plan.conflicts[0];
        assert_eq!((c.kind, c.kept), (ConflictKind::Removed, kept));
        assert_eq!(c.record(), Some((RecordKind::Schemes, RecordId(5))));
        assert!(c.value(kept.other()).is_absent());
        let w = conflict_words(&m.plan, c);
        assert_eq!(w.field, "the whole record");
        assert_eq!(w.record, "Scheme 5 \u{201c}Protection of social care\u{201d}");
        assert_eq!(c.value(kept.other()), &Tree::Absent);
        assert_eq!(
            if kept == Side::Theirs { &w.theirs } else { &w.ours },
            "changed (notes)"
        );
        // keeping the side that removed it removes it
        let mut p = m.plan.clone();
        resolve(&mut p, 0, kept.other()).unwrap();
        assert_eq!(p.schemes.len(), 11);
        assert!(p.conflicts.is_empty());
        assert!(p.scheme(RecordId(5)).is_none());
    }
    // removed on one side and left alone on the other: removed
    let m = merged(&base, &ours, &base);
    assert!(m.is_clean());
    assert!(m.plan.scheme(RecordId(5)).is_none());
}

#[test]
fn a_record_newly_linked_on_one_side_is_kept_when_the_other_removed_it() {
    let base = kent();
    let mut ours = base.clone();
    ours.schemes.retain(|s| s.id != RecordId(2));
    ours.unlink(RecordId(2));
    let mut theirs = base.clone();
    theirs.risks[0].scheme_ids.push(RecordId(2));
    let m = merged(&base, &ours, &theirs);
    assert!(m.plan.scheme(RecordId(2)).is_some());
    assert_eq!(m.plan.risks[0].scheme_ids, vec![RecordId(2)]);
    let c = &m.plan.conflicts[0];
    assert_eq!((c.kind, c.kept), (ConflictKind::Removed, Side::Theirs));
    assert_eq!(
        conflict_words(&m.plan, c).theirs,
        "kept (a record of that side links to it)"
    );
}

#[test]
fn records_added_on_both_sides_under_one_id_are_both_kept_theirs_renumbered_with_their_links() {
    let base = kent();
    let add = |p: &mut Plan, name: &str| -> RecordId {
        let id = p.alloc_id().unwrap();
        p.schemes.push(Scheme {
            id,
            name: name.into(),
            ..Default::default()
        });
        id
    };
    let mut ours = base.clone();
    let a = add(&mut ours, "Ours: falls service");
    let mut theirs = base.clone();
    let b = add(&mut theirs, "Theirs: hospital at home");
    assert_eq!(a, b, "both sides handed out the same id");
    theirs.risks[1].scheme_ids.push(b);
    theirs.metrics[0].scheme_ids.push(b);
    // and a record only theirs added, with a fresh id: kept as it is
    let c = add(&mut theirs, "Theirs: care navigators");
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:#?}", m.plan.conflicts);
    assert_eq!(m.renumbered.len(), 1);
    let r = &m.renumbered[0];
    assert_eq!((r.kind, r.from), (RecordKind::Schemes, b));
    let to = r.to;
    assert!(to.0 > c.0, "a fresh id: {to} after {c}");
    assert_eq!(m.plan.scheme(a).unwrap().name, "Ours: falls service");
    assert_eq!(m.plan.scheme(to).unwrap().name, "Theirs: hospital at home");
    assert_eq!(m.plan.scheme(c).unwrap().name, "Theirs: care navigators");
    assert_eq!(m.plan.risks[1].scheme_ids, vec![to]);
    assert_eq!(m.plan.metrics[0].scheme_ids, vec![to]);
    assert!(m.plan.next_id > m.plan.max_id());
    assert_eq!(m.plan.schemes.len(), 15);
    // the same record added alike on both sides is one addition
    let m = merged(&base, &ours, &ours);
    assert!(m.renumbered.is_empty());
    assert_eq!(m.plan.schemes.len(), 13);
    // ids collide across kinds too: ours added a risk where theirs a scheme
    let mut ours = base.clone();
    let id = ours.alloc_id().unwrap();
    ours.risks.push(opplan::model::Risk {
        id,
        title: "New risk".into(),
        ..Default::default()
    });
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.renumbered.len(), 1, "{:?}", m.renumbered);
    assert_eq!((m.renumbered[0].kind, m.renumbered[0].from), (RecordKind::Schemes, id));
    assert_eq!(m.plan.risk(id).unwrap().title, "New risk");
    let ids: Vec<RecordId> = m.plan.all_ids().collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len());
}

#[test]
fn list_order_follows_the_side_that_reordered_and_two_reorders_are_a_conflict() {
    let base = kent();
    let mut ours = base.clone();
    ours.schemes.swap(0, 1);
    let mut theirs = base.clone();
    set_spend(&mut theirs, 5, 1);
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean());
    assert_eq!(m.plan.schemes[0].id, RecordId(2));
    assert_eq!(spend(&m.plan, 5), Some(Amount::thousands(1)));
    // both reorder, differently
    let mut theirs = base.clone();
    let last = theirs.schemes.pop().unwrap();
    theirs.schemes.insert(0, last);
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.new_conflicts, 1);
    let c = &m.plan.conflicts[0];
    assert_eq!(c.kind, ConflictKind::Order);
    assert_eq!(c.record(), None);
    let w = conflict_words(&m.plan, c);
    assert_eq!((w.record.as_str(), w.field.as_str()), ("The schemes", "order"));
    assert_eq!(w.ours, "2, 1, 3, 4, 5, 6, 7, 8, and 4 more");
    assert_eq!(m.plan.schemes[0].id, RecordId(2), "ours' order");
    let mut p = m.plan.clone();
    resolve(&mut p, 0, Side::Theirs).unwrap();
    let ids: Vec<u64> = p.schemes.iter().map(|s| s.id.0).collect();
    assert_eq!(ids, [12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
}

#[test]
fn values_no_form_shows_are_merged_too() {
    let base = sko();
    // ours signs a sign-off (its fingerprint recorded), theirs comments on it
    let mut ours = base.clone();
    ours.signoffs[0].status = SignOffStatus::Signed;
    ours.signoffs[0].signed_content = Some(opplan::calc::content_fingerprint(&ours));
    let mut theirs = base.clone();
    theirs.signoffs[0].comment = "Signed at the board".into();
    // text kept from a money cell, on theirs
    theirs.schemes[0]
        .year_mut("2015/16")
        .set_unparsed(opplan::model::AmountField::Spend, Some("TBC".into()));
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:#?}", m.plan.conflicts);
    assert_eq!(m.plan.signoffs[0].signed_content, ours.signoffs[0].signed_content);
    assert_eq!(m.plan.signoffs[0].comment, "Signed at the board");
    assert_eq!(
        m.plan.schemes[0]
            .year("2015/16")
            .unwrap()
            .unparsed(opplan::model::AmountField::Spend),
        Some("TBC")
    );
    // the history: each side recorded a different status change
    let change = |who: &str| StatusChange {
        who: who.into(),
        to: opplan::model::PlanStatus::Submitted,
        ..Default::default()
    };
    let mut ours = base.clone();
    ours.history.push(change("Ours"));
    let mut theirs = base.clone();
    theirs.history.push(change("Theirs"));
    let m = merged(&base, &ours, &theirs);
    let c = &m.plan.conflicts[0];
    assert_eq!(c.path, vec![step("history")]);
    assert_eq!(c.theirs, to_tree(&theirs.history).unwrap());
    assert_eq!(conflict_words(&m.plan, c).record, "The plan's status history");
}

#[test]
fn plain_value_lists_merge_as_sets() {
    let base = kent();
    let mut ours = base.clone();
    ours.header.ccgs.push("Medway".into());
    ours.risks[0].scheme_ids = vec![RecordId(1)];
    let mut theirs = base.clone();
    theirs.header.ccgs.retain(|c| c != "Swale");
    theirs.risks[0].scheme_ids = vec![RecordId(3)];
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:#?}", m.plan.conflicts);
    assert!(m.plan.header.ccgs.contains(&"Medway".to_string()));
    assert!(!m.plan.header.ccgs.contains(&"Swale".to_string()));
    assert_eq!(m.plan.risks[0].scheme_ids, vec![RecordId(1), RecordId(3)]);
}

#[test]
fn a_plan_holding_conflicts_is_written_as_format_3_and_as_before_once_resolved() {
    let base = bcf_only(kent());
    let mut ours = base.clone();
    set_spend(&mut ours, 3, 3_600);
    let mut theirs = base.clone();
    set_spend(&mut theirs, 3, 3_700);
    theirs.schemes[3].name = "Carers".into();
    let m = merged(&base, &ours, &theirs);
    let text = io::to_ron_string(&m.plan);
    assert!(text.starts_with("(\n    format_version: 3,\n"), "{}", &text[..40]);
    assert!(text.contains("    conflicts: [\n"));
    assert_eq!(m.plan.format_version, 2, "in memory every plan is version 2");
    let back = io::load_str(&text).unwrap();
    assert_eq!(back, m.plan);
    // resolved: the file is what a plain save of that plan writes, version 2
    let mut p = back;
    assert!(resolve_all(&mut p, Side::Theirs).is_empty());
    assert_eq!(spend(&p, 3), Some(Amount::thousands(3_700)));
    assert_eq!(p.schemes[3].name, "Carers");
    let text = io::to_ron_string(&p);
    assert!(text.starts_with("(\n    format_version: 2,\n"));
    assert!(!text.contains("conflicts"));
    assert_eq!(io::load_str(&text).unwrap(), theirs);
    // a plan without conflicts is written exactly as before the field existed
    let sko_text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/south-kent-coast-2015-16.ron"))
            .unwrap();
    assert_eq!(io::to_ron_string(&sko()), sko_text);
    // and a file from a later format still says which versions this one reads
    let later = sko_text.replacen("format_version: 2,", "format_version: 5,", 1);
    assert_eq!(
        io::load_str(&later).unwrap_err(),
        io::LoadError::NewerVersion {
            file: 5,
            supported: opplan::model::FORMAT_VERSION_READ
        }
    );
}

#[test]
fn the_checklist_summary_and_the_plan_text_name_the_conflicts() {
    let base = bcf_only(kent());
    let mut ours = base.clone();
    set_spend(&mut ours, 3, 3_600);
    ours.header.owner = "Ours".into();
    let mut theirs = base.clone();
    set_spend(&mut theirs, 3, 3_700);
    theirs.header.owner = "Theirs".into();
    let m = merged(&base, &ours, &theirs);
    let s = opplan::calc::summarize(&m.plan, chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap());
    let item = s
        .checklist
        .missing()
        .find(|i| i.field == Some("conflicts"))
        .expect("a checklist item");
    assert_eq!(
        item.text,
        "2 merge conflicts remain: keep ours or take theirs for each (the first: The plan's details, owner)"
    );
    let json = opplan::cli::summary_json(&m.plan, &s);
    let c = &json["conflicts"][1];
    assert_eq!(c["record_kind"], "schemes");
    assert_eq!(c["id"], 4);
    assert_eq!(c["field"], "2015/16 spend");
    assert_eq!(c["ours"], "3,600 (£000)");
    assert_eq!(c["theirs"], "3,700 (£000)");
    assert_eq!(c["kept"], "ours");
    assert_eq!(json["format_version"], 3);
    // no conflicts: no item
    let s = opplan::calc::summarize(&base, chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap());
    assert!(s.checklist.items.iter().all(|i| i.field != Some("conflicts")));
    assert_eq!(opplan::cli::summary_json(&base, &s)["conflicts"], serde_json::json!([]));
    // the plan's text (git's textconv) lists them last
    let lines = plan_lines(&m.plan);
    assert!(lines.last().unwrap().starts_with("Merge conflict 2: Scheme 4"));
}

#[test]
fn the_plan_as_text_names_each_value_by_record_id_and_field() {
    let lines = plan_lines(&sko());
    let has = |l: &str| lines.iter().any(|x| x == l);
    assert!(
        has(
            "Risk id 43: mitigations 1 text: \u{201c}Each responsible organisation to develop a detailed workforce plan to support delivery of each scheme.\u{201d}"
        ),
        "{lines:#?}"
    );
    // a range stays a range
    assert!(
        has("Scheme id 1: 2015/16 recurrent: 6,314 \u{2013} 8,922 (\u{a3}000)"),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| l.starts_with("Plan: title: \u{201c}")));
    // nothing empty, nothing said twice
    assert!(
        lines
            .iter()
            .all(|l| !l.ends_with(": \u{201c}\u{201d}") && !l.ends_with(": (none)"))
    );
    let mut unique = lines.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), lines.len());
}

#[test]
fn resolving_keeps_the_chosen_side_and_refuses_what_is_gone() {
    let base = sko();
    let mut ours = base.clone();
    ours.metrics[0].periods[0].target = Some(Figure::Value("70".parse().unwrap()));
    ours.risks[0].owner = "A".into();
    ours.header.date_submitted = Some(DateField::Text("soon".into()));
    let mut theirs = base.clone();
    theirs.metrics[0].periods[0].target = Some(Figure::Value("72".parse().unwrap()));
    theirs.risks[0].owner = "B".into();
    theirs.header.date_submitted = Some(DateField::Text("later".into()));
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.new_conflicts, 3);
    // keeping theirs everywhere gives theirs
    let mut p = m.plan.clone();
    assert!(resolve_all(&mut p, Side::Theirs).is_empty());
    assert_eq!(p, theirs);
    // keeping ours everywhere gives ours
    let mut p = m.plan.clone();
    assert!(resolve_all(&mut p, Side::Ours).is_empty());
    assert_eq!(p, ours);
    // a conflict in a record removed since can only be kept as it is
    let mut p = m.plan.clone();
    let i = p
        .conflicts
        .iter()
        .position(|c| c.record().is_some_and(|(k, _)| k == RecordKind::Risks))
        .unwrap();
    let id = p.conflicts[i].record().unwrap().1;
    p.risks.retain(|r| r.id != id);
    let before = p.clone();
    assert_eq!(resolve(&mut p, i, Side::Theirs), Err(merge::ResolveError::Gone));
    assert_eq!(p, before, "unchanged");
    resolve(&mut p, i, Side::Ours).unwrap();
    assert_eq!(p.conflicts.len(), 2);
    assert_eq!(
        resolve(&mut p, 5, Side::Ours),
        Err(merge::ResolveError::NoSuchConflict(5))
    );
}

#[test]
fn conflicts_a_version_already_held_are_kept_unless_resolved_on_one_side() {
    let base = kent();
    let mut ours = base.clone();
    set_spend(&mut ours, 3, 3_600);
    let mut theirs = base.clone();
    set_spend(&mut theirs, 3, 3_700);
    let first = merged(&base, &ours, &theirs).plan;
    // someone else goes on from the conflicted plan; a clean merge keeps it
    let mut other = first.clone();
    other.schemes[0].notes = "More".into();
    let m = merged(&first, &first, &other);
    assert_eq!(m.new_conflicts, 0);
    assert_eq!(m.plan.conflicts, first.conflicts);
    // resolved on one side: gone in the merge
    let mut resolved = first.clone();
    resolve_all(&mut resolved, Side::Ours);
    let m = merged(&first, &resolved, &other);
    assert!(m.plan.conflicts.is_empty());
    assert_eq!(m.plan.schemes[0].notes, "More");
}

// ------------------------------------------------------------ properties

mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn small_plan(seed: u64) -> Plan {
        let p = opplan::generate::generate(&opplan::generate::GenerateOptions {
            schemes: 8,
            metrics: 4,
            risks: 4,
            signoffs: 2,
            years: 2,
            seed,
        });
        io::load_str(&io::to_ron_string(&p)).unwrap()
    }

    /// One edit a person makes in the window.
    #[derive(Clone, Debug)]
    enum Edit {
        SchemeName(usize, String),
        Spend(usize, usize, i64),
        RemoveScheme(usize),
        AddScheme(String),
        MoveScheme(usize, usize),
        Target(usize, i64),
        RiskTitle(usize, String),
        Link(usize, usize),
        Title(String),
        AddCcg(String),
        Tolerance(i64),
        SignOff(usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let text = "[a-z]{1,6}";
        prop_oneof![
            (0..12usize, text).prop_map(|(i, s)| Edit::SchemeName(i, s)),
            (0..12usize, 0..2usize, -50..5_000i64).prop_map(|(i, y, k)| Edit::Spend(i, y, k)),
            (0..12usize).prop_map(Edit::RemoveScheme),
            text.prop_map(Edit::AddScheme),
            (0..12usize, 0..12usize).prop_map(|(a, b)| Edit::MoveScheme(a, b)),
            (0..4usize, 0..100i64).prop_map(|(i, v)| Edit::Target(i, v)),
            (0..4usize, text).prop_map(|(i, s)| Edit::RiskTitle(i, s)),
            (0..4usize, 0..12usize).prop_map(|(r, s)| Edit::Link(r, s)),
            text.prop_map(Edit::Title),
            text.prop_map(Edit::AddCcg),
            (0..50i64).prop_map(Edit::Tolerance),
            (0..2usize).prop_map(Edit::SignOff),
        ]
    }

    /// Applies an edit as the window would (a removal unlinks; new ids
    /// from the plan's next id).
    fn apply(p: &mut Plan, e: &Edit) {
        let n = p.schemes.len();
        match e {
            Edit::SchemeName(i, s) if n > 0 => p.schemes[i % n].name = s.clone(),
            Edit::Spend(i, y, k) if n > 0 => {
                let year = p.header.years[y % p.header.years.len()].clone();
                p.schemes[i % n].year_mut(&year).spend = Some(Amount::thousands(*k));
            }
            Edit::RemoveScheme(i) if n > 0 => {
                let id = p.schemes.remove(i % n).id;
                p.unlink(id);
            }
            Edit::AddScheme(s) => {
                let id = p.alloc_id().unwrap();
                p.schemes.push(Scheme {
                    id,
                    name: s.clone(),
                    ..Default::default()
                });
            }
            Edit::MoveScheme(a, b) if n > 0 => {
                let s = p.schemes.remove(a % n);
                p.schemes.insert(b % n, s);
            }
            Edit::Target(i, v) => {
                let l = p.metrics.len();
                let m = &mut p.metrics[i % l];
                if let Some(period) = m.periods.first_mut() {
                    period.target = Some(Figure::Value((*v).into()));
                }
            }
            Edit::RiskTitle(i, s) => {
                let l = p.risks.len();
                p.risks[i % l].title = s.clone();
            }
            Edit::Link(r, s) if n > 0 => {
                let id = p.schemes[s % n].id;
                let l = p.risks.len();
                let links = &mut p.risks[r % l].scheme_ids;
                if !links.contains(&id) {
                    links.push(id);
                }
            }
            Edit::Title(s) => p.header.title = s.clone(),
            Edit::AddCcg(s) if !p.header.ccgs.contains(s) => p.header.ccgs.push(s.clone()),
            Edit::Tolerance(t) => p.settings.amber_tolerance_pct = (*t).into(),
            Edit::SignOff(i) => {
                let so = &mut p.signoffs[i % 2];
                so.status = SignOffStatus::Signed;
                so.name = "A Person".into();
            }
            _ => {}
        }
    }

    fn edited(base: &Plan, edits: &[Edit], id_offset: u64) -> Plan {
        let mut p = base.clone();
        // a side's new ids, from its own range (collisions are tested above)
        p.next_id += id_offset;
        for e in edits {
            apply(&mut p, e);
        }
        p.next_id = p.next_id.max(base.next_id);
        p
    }

    /// Every value of a plan by where it is: records by kind and id, keyed
    /// list elements by key, plain-value lists as sets; other lists whole.
    fn leaves(p: &Plan) -> BTreeMap<Vec<String>, Tree> {
        let mut out = BTreeMap::new();
        let mut copy = p.clone();
        copy.conflicts.clear();
        copy.next_id = 0;
        walk(&to_tree(&copy).unwrap(), &mut Vec::new(), &mut out);
        out
    }

    fn walk(t: &Tree, path: &mut Vec<String>, out: &mut BTreeMap<Vec<String>, Tree>) {
        let plain = |t: &Tree| matches!(t, Tree::Int(_) | Tree::Text(_) | Tree::Bool(_) | Tree::UnitVariant(_));
        match t {
            Tree::Struct(fields) => {
                for (n, v) in fields {
                    path.push(n.to_string());
                    walk(v, path, out);
                    path.pop();
                }
            }
            Tree::Given(inner) if matches!(**inner, Tree::Struct(_)) => walk(inner, path, out),
            // an empty list holds no value: what was in it is checked as
            // removed (a set emptied on one side while the other added to
            // it keeps the other's addition)
            Tree::List(items) if items.is_empty() => {}
            Tree::List(items) if !items.is_empty() && items.iter().all(plain) => {
                for i in items {
                    path.push(format!("{i:?}"));
                    out.insert(path.clone(), Tree::Unit);
                    path.pop();
                }
            }
            Tree::List(items)
                if !items.is_empty()
                    && ["id", "year", "label"]
                        .iter()
                        .any(|k| items.iter().all(|i| i.field(k).is_some())) =>
            {
                let k = ["id", "year", "label"]
                    .into_iter()
                    .find(|k| items.iter().all(|i| i.field(k).is_some()))
                    .unwrap();
                for i in items {
                    path.push(format!("{k}={:?}", i.field(k).unwrap()));
                    walk(i, path, out);
                    path.pop();
                }
            }
            other => {
                out.insert(path.clone(), other.clone());
            }
        }
    }

    /// The conflict whose place holds `path` (its own or an enclosing one).
    fn conflict_over<'a>(m: &'a Merged, leaf: &[String]) -> Option<&'a MergeConflict> {
        m.plan.conflicts.iter().find(|c| {
            let p: Vec<String> = c
                .path
                .iter()
                .map(|s| match s {
                    PathStep::Field(n) => n.to_string(),
                    PathStep::Element(k, v) if k.is_empty() => format!("{v:?}"),
                    PathStep::Element(k, v) => format!("{k}={v:?}"),
                })
                .collect();
            leaf.starts_with(&p)
        })
    }

    /// Every value a side changed (or added, or removed) is in the result
    /// as that side has it, or under a conflict holding that side's value.
    fn nothing_lost(base: &Plan, side: &Plan, which: Side, m: &Merged) -> Result<(), TestCaseError> {
        let (b, s, r) = (leaves(base), leaves(side), leaves(&m.plan));
        for (path, v) in &s {
            if b.get(path) == Some(v) || r.get(path) == Some(v) {
                continue;
            }
            let c = conflict_over(m, path);
            prop_assert!(
                c.is_some(),
                "{which:?} changed {path:?} to {v:?}: not in the result, no conflict"
            );
            let c = c.unwrap();
            prop_assert!(
                c.kind == ConflictKind::Order || !c.value(which).is_absent(),
                "{path:?}: {c:?}"
            );
        }
        for path in b.keys().filter(|p| !s.contains_key(*p)) {
            prop_assert!(
                !r.contains_key(path) || conflict_over(m, path).is_some(),
                "{which:?} removed {path:?}: still in the result, with no conflict"
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn merging_a_plan_with_itself_changes_nothing(seed in 0..1000u64, edits in prop::collection::vec(edit(), 0..6)) {
            let x = edited(&small_plan(seed), &edits, 0);
            let m = merged(&x, &x, &x);
            prop_assert!(m.is_clean());
            prop_assert_eq!(m.plan, x);
        }

        #[test]
        fn a_side_merged_with_an_unchanged_other_is_that_side(
            seed in 0..1000u64,
            edits in prop::collection::vec(edit(), 0..8),
        ) {
            let base = small_plan(seed);
            let side = edited(&base, &edits, 0);
            let m = merged(&base, &side, &base);
            prop_assert!(m.is_clean());
            prop_assert_eq!(&m.plan, &side);
            let m = merged(&base, &base, &side);
            prop_assert!(m.is_clean());
            prop_assert_eq!(&m.plan, &side);
        }

        #[test]
        fn disjoint_edits_commute_and_both_are_kept(
            seed in 0..1000u64,
            ours_edits in prop::collection::vec(edit(), 0..6),
            theirs_edits in prop::collection::vec(edit(), 0..6),
        ) {
            let base = small_plan(seed);
            // ours edits the even schemes and the header, theirs the odd
            // schemes, the metrics, adds schemes; neither reorders
            let keep = |e: &Edit, ours: bool| match e {
                Edit::SchemeName(i, _) | Edit::Spend(i, _, _) | Edit::RemoveScheme(i) => (i % 2 == 0) == ours && *i < 8,
                Edit::Title(_) | Edit::AddCcg(_) | Edit::Tolerance(_) | Edit::RiskTitle(..) => ours,
                Edit::Target(..) | Edit::AddScheme(_) | Edit::SignOff(_) => !ours,
                Edit::MoveScheme(..) | Edit::Link(..) => false,
            };
            let oe: Vec<Edit> = ours_edits.into_iter().filter(|e| keep(e, true)).collect();
            let te: Vec<Edit> = theirs_edits.into_iter().filter(|e| keep(e, false)).collect();
            // removals last, the highest first, so every index names the
            // scheme it names in the base
            let ordered = |v: Vec<Edit>| {
                let (mut removals, mut out): (Vec<Edit>, Vec<Edit>) =
                    v.into_iter().partition(|e| matches!(e, Edit::RemoveScheme(_)));
                removals.sort_by_key(|e| match e {
                    Edit::RemoveScheme(i) => usize::MAX - i,
                    _ => 0,
                });
                removals.dedup_by_key(|e| match e {
                    Edit::RemoveScheme(i) => *i,
                    _ => 0,
                });
                out.extend(removals);
                out
            };
            let ours = edited(&base, &ordered(oe), 0);
            let theirs = edited(&base, &ordered(te), 1000);
            let a = merged(&base, &ours, &theirs);
            let b = merged(&base, &theirs, &ours);
            prop_assert!(a.is_clean(), "{:#?}", a.plan.conflicts);
            prop_assert_eq!(&a.plan, &b.plan);
            nothing_lost(&base, &ours, Side::Ours, &a)?;
            nothing_lost(&base, &theirs, Side::Theirs, &a)?;
        }

        #[test]
        fn any_edits_lose_nothing_and_commute_up_to_whose_value_is_in_place(
            seed in 0..1000u64,
            ours_edits in prop::collection::vec(edit(), 0..8),
            theirs_edits in prop::collection::vec(edit(), 0..8),
        ) {
            let base = small_plan(seed);
            let ours = edited(&base, &ours_edits, 0);
            // theirs does not reorder (two reorders: an order conflict,
            // tested above)
            let te: Vec<Edit> = theirs_edits.into_iter().filter(|e| !matches!(e, Edit::MoveScheme(..))).collect();
            let theirs = edited(&base, &te, 1000);
            let a = merged(&base, &ours, &theirs);
            let b = merged(&base, &theirs, &ours);
            nothing_lost(&base, &ours, Side::Ours, &a)?;
            nothing_lost(&base, &theirs, Side::Theirs, &a)?;
            // the same conflicts, sides swapped
            prop_assert_eq!(a.plan.conflicts.len(), b.plan.conflicts.len());
            for c in &a.plan.conflicts {
                let swapped = b.plan.conflicts.iter().any(|d| {
                    d.path == c.path && d.kind == c.kind && d.base == c.base && d.ours == c.theirs && d.theirs == c.ours
                });
                prop_assert!(swapped, "{c:?} not in {:?}", b.plan.conflicts);
            }
            // keeping theirs in one is keeping ours in the other
            let (mut x, mut y) = (a.plan.clone(), b.plan.clone());
            prop_assert!(resolve_all(&mut x, Side::Theirs).is_empty());
            prop_assert!(resolve_all(&mut y, Side::Ours).is_empty());
            prop_assert_eq!(x, y);
        }
    }
}

/// Issue 17, part 3: a plan holding merge conflicts cannot be submitted,
/// not even "anyway" with a reason; once they are resolved, it can.
#[test]
fn submitting_is_refused_while_merge_conflicts_remain() {
    use opplan::calc::lifecycle::{self, Refusal, Request, Step};
    let base = kent();
    let mut ours = base.clone();
    ours.schemes[0].name = "Ours".into();
    let mut theirs = base.clone();
    theirs.schemes[0].name = "Theirs".into();
    let mut plan = merge::merge(&base, &ours, &theirs).unwrap().plan;
    assert_eq!(plan.conflicts.len(), 1);
    let today = chrono::NaiveDate::from_ymd_opt(2015, 3, 1).unwrap();
    let at = today.and_hms_opt(10, 0, 0).unwrap();
    let mut r = Request::new(Step::Submit, "Jane Smith");
    r.anyway_reason = Some("First draft for the board".into());
    let before = plan.clone();
    let refused = lifecycle::apply(&mut plan, &r, at, today);
    assert_eq!(refused, Err(Refusal::Conflicts { count: 1 }));
    assert_eq!(
        refused.unwrap_err().to_string(),
        "1 merge conflict remains: keep ours or take theirs for each before submitting."
    );
    let summary = opplan::calc::summarize(&plan, today);
    assert!(!lifecycle::gate(&plan, &summary, Step::Submit, None).can_override);
    assert_eq!(plan, before, "a refusal changes nothing");
    resolve(&mut plan, 0, Side::Theirs).unwrap();
    lifecycle::apply(&mut plan, &r, at, today).unwrap();
    assert_eq!(plan.header.status, opplan::model::PlanStatus::Submitted);
}

/// "Merge with file…" without a common version: the records picked from
/// the other file are replaced, added with their ids (the id counter moves
/// past them) or removed, as one edit that undoes whole.
#[test]
fn taking_picked_records_from_another_version_adds_replaces_and_removes() {
    use opplan::model::edit::apply;
    use opplan::ui::merge_with::{Differs, record_differences, take_theirs_edit};
    let ours = kent();
    let mut theirs = ours.clone();
    theirs.schemes[0].name = "Theirs".into();
    let gone = theirs.schemes.remove(2).id;
    let mut added = theirs.schemes[0].clone();
    added.id = RecordId(ours.next_id + 40);
    added.name = "Added by them".into();
    theirs.schemes.push(added.clone());
    let d = record_differences(&ours, &theirs);
    let kinds: Vec<(RecordId, Differs)> = d.iter().map(|d| (d.id, d.differs)).collect();
    assert_eq!(
        kinds,
        [
            (ours.schemes[0].id, Differs::Changed),
            (gone, Differs::OnlyOurs),
            (added.id, Differs::OnlyTheirs)
        ]
    );
    let chosen: Vec<_> = d.iter().map(|d| (d.kind, d.id)).collect();
    let mut plan = ours.clone();
    let applied = apply(&mut plan, take_theirs_edit(&ours, &theirs, &chosen)).unwrap();
    assert_eq!(plan.schemes, theirs.schemes);
    assert_eq!(plan.next_id, added.id.0 + 1);
    let text = io::checked_plan_text(&plan, "").unwrap();
    assert_eq!(
        io::load_file_bytes(text.as_bytes()).unwrap(),
        plan,
        "what opplan writes, it reads"
    );
    apply(&mut plan, applied.undo).unwrap();
    assert_eq!(plan, ours);
}

/// Bug: picking records in "Merge with file…" could take a record whose
/// links point at records not taken (a risk linked to a scheme only the
/// other file has, an objective linked to a metric not taken), leaving a
/// plan `check` flags. Such a pick is refused, naming both records; the
/// records picked together are taken, with their links.
#[test]
fn taking_picked_records_refuses_a_link_to_a_record_not_taken() {
    use opplan::calc::merge::dangling_links;
    use opplan::model::edit::apply;
    use opplan::ui::merge_with::take_theirs_checked;
    let ours = kent();
    let mut theirs = ours.clone();
    let mut scheme = theirs.schemes[0].clone();
    scheme.id = RecordId(ours.next_id + 10);
    scheme.name = "Their new scheme".into();
    theirs.schemes.push(scheme.clone());
    let mut metric = theirs.metrics[0].clone();
    metric.id = RecordId(ours.next_id + 11);
    metric.name = "Their new metric".into();
    theirs.metrics.push(metric.clone());
    theirs.risks[0].scheme_ids.push(scheme.id);
    let mut objective = opplan::model::Objective::default();
    objective.id = RecordId(ours.next_id + 12);
    objective.title = "Their objective".into();
    objective.metric_ids = vec![metric.id];
    theirs.objectives.push(objective.clone());
    theirs.next_id = ours.next_id + 13;
    let risk = (RecordKind::Risks, theirs.risks[0].id);

    let refused = take_theirs_checked(&ours, &theirs, &[risk]).unwrap_err();
    assert!(
        refused.contains(&format!(
            "Risk 1 \u{201c}{}\u{201d} links to Scheme",
            theirs.risks[0].title
        )) && refused.contains("\u{201c}Their new scheme\u{201d}, which the plan would not have"),
        "{refused}"
    );
    let refused = take_theirs_checked(&ours, &theirs, &[(RecordKind::Objectives, objective.id)]).unwrap_err();
    assert!(
        refused.contains("\u{201c}Their objective\u{201d} links to Metric")
            && refused.contains("\u{201c}Their new metric\u{201d}"),
        "{refused}"
    );

    // taken together with what they link to: no dangling link, loadable
    let chosen = [
        risk,
        (RecordKind::Schemes, scheme.id),
        (RecordKind::Objectives, objective.id),
        (RecordKind::Metrics, metric.id),
    ];
    let mut plan = ours.clone();
    apply(&mut plan, take_theirs_checked(&ours, &theirs, &chosen).unwrap()).unwrap();
    assert!(dangling_links(&plan).is_empty());
    assert_eq!(plan.risks[0].scheme_ids, theirs.risks[0].scheme_ids);
    assert_eq!(plan.objectives, theirs.objectives);
    let text = io::checked_plan_text(&plan, "").unwrap();
    assert_eq!(io::load_file_bytes(text.as_bytes()).unwrap(), plan);
}
