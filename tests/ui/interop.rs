//! The window's Data menu: paste preview, copy for Excel, compare.

use crate::support::{answer_prompt, run};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use opplan::interop::import::Target;
use opplan::model::field::RecordKind;
use opplan::model::money::MoneyUnit;
use opplan::model::{Plan, Span};
use opplan::ui::data::DataCommand;
use opplan::ui::{Command, OpplanApp, UiCommand};
use std::path::Path;

fn root(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn harness(app: OpplanApp) -> Harness<'static, OpplanApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut OpplanApp| app.show(ui), app)
}

fn kent_years_app() -> OpplanApp {
    let mut p = Plan::default();
    p.header.title = "Kent expenditure (pasted)".into();
    p.header.years = vec!["2014/15".into(), "2015/16".into()];
    p.settings.display_unit = MoneyUnit::Thousands;
    OpplanApp::new(p, None).with_today(chrono::NaiveDate::from_ymd_opt(2015, 1, 20).unwrap())
}

fn run_data(h: &mut Harness<'static, OpplanApp>, c: DataCommand) {
    run(h, Command::Data(c));
}

#[test]
fn pasting_the_kent_table_previews_then_applies_as_one_edit() {
    let text = std::fs::read_to_string(root("tests/fixtures/kent-expenditure.tsv")).unwrap();
    let mut h = harness(kent_years_app());
    h.run();
    run_data(
        &mut h,
        DataCommand::Paste {
            kind: RecordKind::Schemes,
            target: Target::NewRows,
            start: None,
            text: Some(text),
        },
    );
    h.get_by_label("Paste into Schemes");
    assert!(h.state().plan().schemes.is_empty(), "nothing changes before confirming");
    h.get_by_label("New scheme “Carers Break”").hover();
    h.get_by_label("Total row “Total”");
    h.snapshot("paste_preview_kent");
    let steps = h.state().history().undo_count();
    h.get_by_label("Add 12 schemes").click();
    h.run();
    assert!(
        h.query_by_label("Paste into Schemes").is_none(),
        "closed after applying"
    );
    let plan = h.state().plan().clone();
    assert_eq!(plan.schemes.len(), 12);
    assert_eq!(h.state().history().undo_count(), steps + 1, "one edit");
    let s = opplan::calc::summarize(&plan, h.state().today());
    assert_eq!(s.finance.spend("2015/16"), Span::exact(10_140_400_000));
    assert_eq!(s.finance.spend("2014/15"), Span::exact(2_825_400_000));
    assert!(
        h.state().status().contains("Add 12 schemes from the clipboard"),
        "{}",
        h.state().status()
    );
}

#[test]
fn a_cell_that_fails_is_shown_and_its_row_left_out() {
    let mut h = harness(kent_years_app());
    h.run();
    run_data(
        &mut h,
        DataCommand::Paste {
            kind: RecordKind::Schemes,
            target: Target::NewRows,
            start: None,
            // "lots" is kept as typed (as the window's cell keeps it); a
            // cell longer than a money cell holds fails
            text: Some(format!(
                "Scheme\t2015/16\nGood\t1,000\nKept\tlots\nBad\t{}\n",
                "9".repeat(81)
            )),
        },
    );
    h.get_by_label("Error: left out");
    h.get_by_label("2015/16: the text is 81 characters long; this field holds at most 80");
    h.get_by_label("Add 2 schemes").click();
    h.run();
    assert_eq!(h.state().plan().schemes.len(), 2);
    let kept = h.state().plan().schemes[1].year("2015/16").unwrap();
    assert_eq!(kept.unparsed(opplan::model::AmountField::Spend), Some("lots"));
    assert!(
        h.state().status().contains("1 row with errors left out"),
        "{}",
        h.state().status()
    );
}

#[test]
fn cancel_changes_nothing() {
    let mut h = harness(kent_years_app());
    h.run();
    run_data(
        &mut h,
        DataCommand::Paste {
            kind: RecordKind::Risks,
            target: Target::NewRows,
            start: None,
            text: Some("Risk\tRisk rating\nWorkforce\tHigh\n".into()),
        },
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Paste into Risks").is_none());
    assert!(h.state().plan().risks.is_empty());
    assert!(!h.state().is_dirty());
}

#[test]
fn data_menu_copies_a_table_for_excel() {
    let app = OpplanApp::open_or_blank(&root("assets/kent-bcf-2015-16.ron"));
    let mut h = harness(app);
    h.run();
    h.get_by_label("Data").click();
    h.run();
    h.get_by_label("Compare with file…");
    h.get_by_label("Copy a table for Excel").hover();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Schemes")
        .click();
    h.step();
    let copied: Vec<String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "one copy");
    assert!(
        copied[0].starts_with("Reference\tScheme name\t"),
        "{}",
        &copied[0][..60]
    );
    assert!(copied[0].contains("Carers Break\tOther"));
    assert_eq!(
        opplan::interop::clipboard::parse_tsv(&copied[0]).len(),
        13,
        "a header and 12 rows"
    );
    h.run();
    assert!(
        h.state().status().contains("Copied 12 schemes"),
        "{}",
        h.state().status()
    );
}

#[test]
fn compare_window_lists_the_changes() {
    let app = OpplanApp::open_or_blank(&root("tests/fixtures/diff-new.ron"))
        .with_today(chrono::NaiveDate::from_ymd_opt(2015, 1, 20).unwrap());
    let mut h = harness(app);
    h.run();
    run(&mut h, UiCommand::Compare);
    h.get_by_label("File path").click();
    h.run();
    let path = root("tests/fixtures/diff-old.ron").display().to_string();
    // type the path over what the prompt suggested
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("File path").type_text(&path);
    h.run();
    h.get_by_label("Compare").click();
    h.run();
    assert_eq!(h.state().status(), "Comparing with diff-old.ron");
    h.get_by_label("Scheme 4 “Carers Break”");
    h.get_by_label("• 2015/16 spend 3,443 to 3,600 (£000)");
    h.get_by_label("• 2015/16 total spend: 101,404 to 86,281 (£000), down 15,123");
    h.snapshot("compare_kent_drafts");
    // a record in the open plan is one click away
    h.get_by_label("Scheme 4 “Carers Break”").click();
    h.run();
    assert_eq!(h.state().tab(), opplan::ui::Tab::Schemes);
}

/// Types `path` into the Data menu's path prompt (over what it suggested)
/// and presses `button`.
#[test]
fn compare_window_shows_a_record_that_moved() {
    let dir = tempfile::tempdir().unwrap();
    let mut plan = opplan::io::load_path(&root("assets/kent-bcf-2015-16.ron")).unwrap();
    plan.schemes.swap(0, 1);
    let swapped = dir.path().join("swapped.ron");
    opplan::io::save_path(&plan, &swapped).unwrap();
    let app = OpplanApp::open_or_blank(&swapped).with_today(chrono::NaiveDate::from_ymd_opt(2015, 1, 20).unwrap());
    let mut h = harness(app);
    h.run();
    run_data(&mut h, DataCommand::Compare);
    answer_prompt(
        &mut h,
        &root("assets/kent-bcf-2015-16.ron").display().to_string(),
        "Compare",
    );
    assert_eq!(h.state().status(), "Comparing with kent-bcf-2015-16.ron");
    h.get_by_label("Scheme 1 “Disabled facilities Grant (DFG)”");
    h.get_by_label("moved");
    h.get_by_label("• moved from position 2 to 1");
}

#[test]
fn csv_import_in_the_window_never_reads_unknown_headings_by_position() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("codes.csv");
    std::fs::write(&csv, "Code,Title,Value\nX1,Falls service,250\n").unwrap();
    let mut h = harness(kent_years_app());
    h.run();
    run_data(&mut h, DataCommand::ImportCsv(RecordKind::Schemes));
    answer_prompt(&mut h, &csv.display().to_string(), "Preview");
    h.get_by_label_contains("Row 1 has no heading opplan reads into schemes (“Code”, “Title”, “Value”)");
    h.get_by_label_contains("the first row is the heading row");
    assert!(
        h.query_by_label("First row is a header").is_none(),
        "a CSV file always has its headings in the first row"
    );
    assert!(
        h.get_by_role_and_label(egui::accesskit::Role::Button, "Nothing to apply")
            .accesskit_node()
            .is_disabled(),
        "nothing can be applied"
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Nothing to apply").is_none(), "the preview is closed");
}

/// Data › Import from Excel into › Schemes: the workbook's Schemes sheet
/// in the same preview as a CSV file (nothing changes before confirming,
/// rows named by the sheet's row numbers), applied as one edit.
#[test]
fn an_excel_sheet_imports_through_the_csv_preview_as_one_edit() {
    let dir = tempfile::tempdir().unwrap();
    let plan = opplan::io::load_path(&root("assets/kent-bcf-2015-16.ron")).unwrap();
    let carers = plan.schemes.iter().find(|s| s.name == "Carers Break").unwrap().id;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Overview").unwrap();
    ws.write(0, 0, "Not a table").unwrap();
    let ws = wb.add_worksheet().set_name("Schemes").unwrap();
    ws.write(0, 0, "Kent schemes, as returned by finance").unwrap();
    for (c, h) in ["ID", "Scheme name", "2015/16 (£000)"].iter().enumerate() {
        ws.write(2, c as u16, *h).unwrap();
    }
    ws.write(3, 0, carers.0 as f64).unwrap();
    ws.write(3, 1, "Carers Break").unwrap();
    ws.write(3, 2, 3500.0).unwrap();
    ws.write(4, 1, "Falls Car Service").unwrap();
    ws.write(4, 2, 759.0).unwrap();
    let book = dir.path().join("returned.xlsx");
    wb.save(&book).unwrap();

    let mut h = harness(OpplanApp::new(plan, None));
    h.run();
    run_data(&mut h, DataCommand::ImportXlsx(RecordKind::Schemes));
    answer_prompt(&mut h, &book.display().to_string(), "Preview");
    h.get_by_label_contains("Import returned.xlsx, sheet “Schemes” into Schemes");
    h.get_by_label("New scheme “Falls Car Service”");
    h.get_by_label("2015/16 (£000) from 3,443 to 3,500");
    h.get_by_label_contains("row 3 is the heading row");
    let before = h.state().plan().clone();
    let steps = h.state().history().undo_count();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Add 1 scheme, update 1 scheme")
        .click();
    h.run();
    assert!(
        h.query_by_label("Add 1 scheme, update 1 scheme").is_none(),
        "closed after applying"
    );
    assert_eq!(h.state().history().undo_count(), steps + 1, "one undo step");
    let after = h.state().plan().clone();
    assert_eq!(after.schemes.len(), before.schemes.len() + 1);
    let d = opplan::calc::diff::diff(&before, &after, h.state().today());
    let lines = opplan::calc::diff::render_lines(&d, "before", "after");
    assert_eq!(d.records.len(), 2, "{lines:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Carers Break") && l.contains("3,443") && l.contains("3,500")),
        "{lines:#?}"
    );
}

/// Data › Import CSV into › Allocation lines: the same preview (each row,
/// what it does, a bad cell named with its column), applied as one undo
/// step; the row with an error is left out.
#[test]
fn a_finance_table_imports_from_csv_through_the_preview_as_one_edit() {
    use opplan::interop::import::FinanceTable;
    let dir = tempfile::tempdir().unwrap();
    let plan = opplan::io::load_path(&root("assets/dgs-2015-16.ron")).unwrap();
    let first = plan.allocations[0].clone();
    let csv = dir.path().join("lines.csv");
    std::fs::write(
        &csv,
        format!(
            "ID,Year,Income line,Amount (£000)\n{},2015/16,{},277500\n,2016/17,Winter money,lots\n,2016/17,Running costs,\"5,000\"\n",
            first.id.0, first.label
        ),
    )
    .unwrap();
    let mut h = harness(OpplanApp::new(plan, None));
    h.run();
    run_data(&mut h, DataCommand::ImportFinanceCsv(FinanceTable::Allocations));
    answer_prompt(&mut h, &csv.display().to_string(), "Preview");
    h.get_by_label_contains("Import lines.csv into Allocation lines");
    h.get_by_label("Amount (£000) from 277,400 to 277,500");
    h.get_by_label("New allocation line “Running costs”");
    h.get_by_label_contains("Amount (£000): “lots” is not an amount");
    let before = h.state().plan().clone();
    let steps = h.state().history().undo_count();
    h.get_by_role_and_label(
        egui::accesskit::Role::Button,
        "Add 1 allocation line, update 1 allocation line",
    )
    .click();
    h.run();
    assert_eq!(h.state().history().undo_count(), steps + 1, "one undo step");
    let after = h.state().plan().clone();
    assert_eq!(after.allocations.len(), before.allocations.len() + 1);
    assert_eq!(
        after.allocations[0].amount,
        Some(opplan::model::Amount::Exact(opplan::model::Pence(27_750_000_000)))
    );
    assert_eq!(after.allocations.last().unwrap().label, "Running costs");
    assert!(!after.allocations.iter().any(|l| l.label == "Winter money"));
}
