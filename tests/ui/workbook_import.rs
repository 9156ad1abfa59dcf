//! Data › Import from Excel into › Every sheet of a workbook: the record
//! tables, the finance tables (QIPP by point of delivery among them) and
//! the Milestones sheet of an exported workbook, previewed, applied as one
//! undo step; a row that cannot be read stops it, named by sheet, row and
//! column.

use crate::support::{answer_prompt, net_qipp, run, sample, sample_plan, show_tab, shows, window_on};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use opplan::model::{Amount, Milestone, Span};
use opplan::ui::data::DataCommand;
use opplan::ui::{Command, Tab, UiCommand};

/// The DGS sample exported to a workbook in which one QIPP saving differs
/// (120 (£000) where the sample has 0) and a scheme has a milestone the
/// sample does not: imported into the sample in the window, the Finance
/// tab and the milestones change, in one undo step.
#[test]
fn every_sheet_of_a_workbook_imports_finance_and_milestones_as_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut changed = sample_plan("dgs-2015-16.ron");
    changed.schemes[1].qipp[0].saving = Some(Amount::thousands(120));
    let id = changed.alloc_id().unwrap();
    changed.schemes[0].milestones.push(Milestone {
        id,
        description: "Business case agreed".into(),
        due: "Q2 2015/16".into(),
        owner: "Head of Finance".into(),
        ..Default::default()
    });
    let today = chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap();
    let book = dir.path().join("book.xlsx");
    opplan::interop::xlsx::write_xlsx(&changed, &opplan::calc::summarize(&changed, today), today, &book).unwrap();

    let mut h = window_on(sample("dgs-2015-16.ron"), Tab::Finance);
    assert_eq!(net_qipp(&mut h), Span::exact(5_500 * 100_000));
    let before = h.state().plan().clone();
    let steps = h.state().history().undo_count();
    run(&mut h, Command::Data(DataCommand::ImportWorkbook));
    answer_prompt(&mut h, &book.display().to_string(), "Preview");
    h.get_by_label("Import every sheet of book.xlsx");
    assert!(shows(&h, "book.xlsx, sheet “QIPP”"), "the QIPP sheet is previewed");
    assert!(
        shows(
            &h,
            "book.xlsx, sheet “Milestones”: 1 milestones read; the milestones of 1 scheme change"
        ),
        "the Milestones sheet is read"
    );
    assert_eq!(*h.state().plan(), before, "nothing changes before confirming");
    h.get_by_role_and_label(Role::Button, "Import every sheet").click();
    h.run();
    assert!(h.query_by_label("Import every sheet of book.xlsx").is_none(), "closed");
    assert_eq!(h.state().history().undo_count(), steps + 1, "one undo step");
    let after = h.state().plan().clone();
    assert_eq!(after.schemes[1].qipp[0].saving, Some(Amount::thousands(120)));
    let ms = &after.schemes[0].milestones;
    assert_eq!(ms.len(), 1);
    assert_eq!(
        (ms[0].description.as_str(), ms[0].due.as_str(), ms[0].owner.as_str()),
        ("Business case agreed", "Q2 2015/16", "Head of Finance")
    );
    // the Finance tab shows the new net QIPP
    assert_eq!(net_qipp(&mut h), Span::exact(5_620 * 100_000));
    assert!(shows(&h, "5,620"), "the net QIPP saving in the Finance tab");
    // and the window counts the milestone (the Overview's Milestones area)
    assert_eq!(h.state_mut().summary().milestone_counts[0].total, 1);
    show_tab(&mut h, Tab::Overview);
    assert!(shows(&h, "net QIPP saving 5,620"), "the Overview follows");
    // one undo puts every sheet back
    h.state_mut().run(UiCommand::Undo);
    h.run();
    assert_eq!(*h.state().plan(), before);
    assert_eq!(net_qipp(&mut h), Span::exact(5_500 * 100_000));
    assert_eq!(h.state_mut().summary().milestone_counts[0].total, 0);
}

/// A QIPP row whose saving is not an amount: nothing is imported, and
/// the dialog names the sheet, the row and the column.
#[test]
fn a_row_that_cannot_be_read_stops_the_workbook_naming_sheet_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let plan = sample_plan("dgs-2015-16.ron");
    let scheme = plan.schemes[0].id;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("QIPP").unwrap();
    for (c, t) in ["Scheme ID", "Year", "Saving (£)"].iter().enumerate() {
        ws.write(0, c as u16, *t).unwrap();
    }
    ws.write(1, 0, scheme.0 as f64).unwrap();
    ws.write(1, 1, "2015/16").unwrap();
    ws.write(1, 2, "a lot").unwrap();
    let book = dir.path().join("bad.xlsx");
    wb.save(&book).unwrap();

    let mut h = window_on(sample("dgs-2015-16.ron"), Tab::Finance);
    let before = h.state().plan().clone();
    run(&mut h, Command::Data(DataCommand::ImportWorkbook));
    answer_prompt(&mut h, &book.display().to_string(), "Preview");
    h.get_by_label("Import every sheet of bad.xlsx");
    assert!(
        shows(&h, "bad.xlsx, sheet “QIPP”: Row 2") && shows(&h, "column “Saving (£)”"),
        "the problem names the sheet, the row and the column"
    );
    assert!(
        h.get_by_role_and_label(Role::Button, "Nothing to import")
            .accesskit_node()
            .is_disabled(),
        "nothing can be applied"
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(*h.state().plan(), before);
}
