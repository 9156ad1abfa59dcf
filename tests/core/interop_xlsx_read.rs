//! Reading Excel workbooks back (`opplan import --xlsx`): the export
//! edited as a person edits it (values typed over formatted cells, a
//! formula, a row added, rows reordered and deleted), a sheet laid out like
//! the BCF 2014/15 Part 2 expenditure tab (heading row under a title, "(£000)"
//! headings, a Total row) and like the BCF investment table (a year merged
//! over Recurrent / Non-recurrent), units never guessed, formulas without
//! results, error values, merged cells, and workbooks that are not what
//! they claim (a zip bomb, a folder, a file too large).

use crate::common::opplan;
use opplan::calc;
use opplan::interop::import::Outcome;
use opplan::interop::xlsx::xlsx_bytes;
use opplan::interop::xlsx_read::{MAX_UNZIPPED_BYTES, MAX_XLSX_BYTES, SheetTable, read_workbook, read_workbook_bytes};
use opplan::model::field::RecordKind;
use opplan::model::{Amount, Pence, Plan};
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 1, 20).unwrap()
}

fn asset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

fn export(plan: &Plan) -> Vec<u8> {
    xlsx_bytes(plan, &calc::summarize(plan, today()), today()).unwrap()
}

/// The workbook with one part's text rewritten, every other part kept as
/// it was (what a spreadsheet program's save does to the parts it
/// touched).
fn rewrite(bytes: &[u8], part: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, opts).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Replaces the cell `at` ("M5") with `inner` (`<v>…</v>`, `<f>…</f><v>…</v>`),
/// keeping its style; `t` is its type attribute, if any.
fn set_cell(xml: String, at: &str, t: Option<&str>, inner: &str) -> String {
    let open = format!("<c r=\"{at}\"");
    let start = xml.find(&open).unwrap_or_else(|| panic!("cell {at} not in the sheet"));
    let tag_end = start + xml[start..].find('>').unwrap();
    let tag = &xml[start..tag_end];
    let style = tag
        .split_whitespace()
        .find(|a| a.starts_with("s=\""))
        .map(|s| format!(" {}", s.trim_end_matches('/')))
        .unwrap_or_default();
    let end = if tag.ends_with('/') {
        tag_end + 1
    } else {
        tag_end + xml[tag_end..].find("</c>").unwrap() + 4
    };
    let t = t.map(|t| format!(" t=\"{t}\"")).unwrap_or_default();
    format!("{}<c r=\"{at}\"{style}{t}>{inner}</c>{}", &xml[..start], &xml[end..])
}

/// Inserts a row before the row numbered `before`.
fn insert_row(xml: String, before: u32, row: &str) -> String {
    let at = xml.find(&format!("<row r=\"{before}\"")).unwrap();
    format!("{}{row}{}", &xml[..at], &xml[at..])
}

fn inline(at: &str, text: &str) -> String {
    format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

/// Where the export put things: (column letter of a heading, row number of
/// a scheme) on its Schemes sheet.
struct Layout {
    headings: Vec<String>,
    names: Vec<String>,
}

impl Layout {
    fn of(bytes: &[u8]) -> Self {
        use calamine::{Data, Reader, Xlsx};
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
        let r = wb.worksheet_range("Schemes").unwrap();
        let headings = r.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
        let col = r
            .rows()
            .next()
            .unwrap()
            .iter()
            .position(|c| *c == "Scheme name")
            .unwrap();
        let names = r
            .rows()
            .map(|row| match &row[col] {
                Data::String(s) => s.clone(),
                _ => String::new(),
            })
            .collect();
        Layout { headings, names }
    }
    fn col(&self, heading: &str) -> String {
        let i = self
            .headings
            .iter()
            .position(|h| h == heading)
            .unwrap_or_else(|| panic!("{heading}"));
        opplan::interop::import::column_letter(i)
    }
    fn row(&self, name: &str) -> u32 {
        self.names.iter().position(|n| n == name).unwrap() as u32 + 1
    }
    fn at(&self, heading: &str, name: &str) -> String {
        format!("{}{}", self.col(heading), self.row(name))
    }
}

fn diff_json(old: &Path, new: &Path) -> serde_json::Value {
    let out = opplan(&["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The user story of the issue: export, edit three amounts and add a row
/// in a spreadsheet, import the workbook back: the diff is exactly those
/// four changes. The edits are made as a person makes them: a value typed
/// in pounds over a cell the export shows in £000 (`#,##0,`), a formula
/// (its saved result is read), and a new row typed in £000 in cells with
/// no number format, in the blank row between the table and its totals.
#[test]
fn an_edited_export_imports_exactly_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("kent.ron");
    let new = dir.path().join("kent-imported.ron");
    std::fs::copy(asset("kent-bcf-2015-16.ron"), &old).unwrap();
    std::fs::copy(&old, &new).unwrap();
    let plan = opplan::io::load_path(&old).unwrap();
    let bytes = export(&plan);
    let l = Layout::of(&bytes);
    let y16 = "2015/16 (£000)";
    let y15 = "2014/15 (£000)";
    let n = plan.schemes.len() as u32;
    let new_row = n + 2; // the blank row above "Total (spreadsheet formula)"
    let edited = rewrite(&bytes, "xl/worksheets/sheet3.xml", |x| {
        let x = set_cell(x, &l.at(y16, "Carers Break"), None, "<v>3500000</v>");
        let x = set_cell(
            x,
            &l.at(y16, "Care Act"),
            None,
            "<f>3000000+552000+100000</f><v>3652000</v>",
        );
        let x = set_cell(x, &l.at(y15, "Protection of social care"), None, "<v>28300000</v>");
        let row = format!(
            "<row r=\"{new_row}\">{}{}{}</row>",
            inline(
                &format!("{}{new_row}", l.col("Scheme name")),
                "Falls prevention exercise classes"
            ),
            inline(&format!("{}{new_row}", l.col("Area of spend")), "Other"),
            format_args!("<c r=\"{}{new_row}\"><v>649</v></c>", l.col(y16)),
        );
        insert_row(x, new_row + 1, &row)
    });
    let book = dir.path().join("kent-edited.xlsx");
    std::fs::write(&book, &edited).unwrap();

    let out = opplan(&["import", new.to_str().unwrap(), "--xlsx", book.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the preview names each change, and the rows that change nothing
    let preview: Vec<&str> = stdout.lines().filter(|l| l.contains("sheet “Schemes”")).collect();
    assert_eq!(
        preview,
        [
            format!(
                "kent-edited.xlsx, sheet “Schemes”: row {} (Scheme 3 “Care Act”): 2015/16 (£000) from 3,552 to 3,652",
                l.row("Care Act")
            ),
            format!(
                "kent-edited.xlsx, sheet “Schemes”: row {} (Scheme 4 “Carers Break”): 2015/16 (£000) from 3,443 to 3,500",
                l.row("Carers Break")
            ),
            format!(
                "kent-edited.xlsx, sheet “Schemes”: row {} (Scheme 5 “Protection of social care”): 2014/15 (£000) from 28,254 to 28,300",
                l.row("Protection of social care")
            ),
            format!(
                "kent-edited.xlsx, sheet “Schemes”: row {new_row}: New scheme “Falls prevention exercise classes” added"
            ),
            "kent-edited.xlsx, sheet “Schemes”: Add 1 scheme, update 12 schemes; 9 rows change nothing".to_string(),
        ],
        "{stdout}"
    );

    let d = diff_json(&old, &new);
    let records = d["records"].as_array().unwrap();
    let lines: Vec<&str> = records.iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert_eq!(records.len(), 4, "{lines:#?}");
    let changed = |name: &str, field: &str, old: &str, new: &str| {
        let r = records
            .iter()
            .find(|r| r["label"].as_str().unwrap().contains(&format!("“{name}”")))
            .unwrap_or_else(|| panic!("{name} not changed: {lines:#?}"));
        assert_eq!(r["change"], "changed", "{lines:#?}");
        let fields = r["fields"].as_array().unwrap();
        assert_eq!(fields.len(), 1, "{name}: {fields:#?}");
        assert_eq!(
            (
                fields[0]["field"].as_str(),
                fields[0]["old"].as_str(),
                fields[0]["new"].as_str()
            ),
            (Some(field), Some(old), Some(new)),
            "{name}"
        );
    };
    changed("Carers Break", "2015/16 spend", "3,443", "3,500");
    changed("Care Act", "2015/16 spend", "3,552", "3,652");
    changed("Protection of social care", "2014/15 spend", "28,254", "28,300");
    let added = records.iter().find(|r| r["change"] == "added").unwrap();
    assert!(
        added["label"]
            .as_str()
            .unwrap()
            .contains("Falls prevention exercise classes"),
        "{lines:#?}"
    );
    let after = opplan::io::load_path(&new).unwrap();
    let falls = after.schemes.last().unwrap();
    assert_eq!(falls.area_of_spend, "Other");
    assert_eq!(
        falls.year("2015/16").and_then(|y| y.spend),
        Some(Amount::Exact(Pence(64_900_000))),
        "typed in a £000 column with no number format: £649,000"
    );
    // the other tables came back unchanged (every sheet was imported)
    for kind in ["metric", "risk", "signoff"] {
        assert!(!records.iter().any(|r| r["kind"] == kind), "{lines:#?}");
    }
}

/// Every sheet of both samples' exports comes back without a change, the
/// South Kent Coast ranges (written as "min" and "max" columns) included.
#[test]
fn an_unedited_export_changes_nothing() {
    for name in ["kent-bcf-2015-16.ron", "south-kent-coast-2015-16.ron"] {
        let plan = opplan::io::load_path(&asset(name)).unwrap();
        let book = read_workbook_bytes(&plan, export(&plan), "plan.xlsx", &[]).unwrap();
        let kinds: Vec<RecordKind> = book.tables.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, RecordKind::tables(&plan), "{name}");
        let mut after = plan.clone();
        for t in &book.tables {
            let p = t.spec(&after).preview(&after);
            assert_eq!(
                p.errors(),
                0,
                "{name} {}: {:?}",
                t.sheet,
                p.error_lines(&t.spec(&after))
            );
            assert_eq!(p.adds(), 0, "{name} {}", t.sheet);
            opplan::interop::import::apply_ops(&mut after, t.kind, &p.ops);
        }
        let d = calc::diff::diff(&plan, &after, today());
        assert!(d.is_empty(), "{name}: {:?}", calc::diff::render_lines(&d, "a", "b"));
    }
}

fn sheet(plan: &Plan, wb: &mut Workbook, name: &str) -> SheetTable {
    let bytes = wb.save_to_buffer().unwrap();
    let book = read_workbook_bytes(plan, bytes, "book.xlsx", &[]).unwrap();
    book.tables.into_iter().find(|t| t.sheet == name).unwrap()
}

fn blank_plan() -> Plan {
    Plan::new_blank(today())
}

/// A sheet laid out like the HWB Expenditure Plan tab of the BCF 2014/15
/// Part 2 template (seed 001): a title, a note, the headings on row 6 with
/// "(£000)" under the years, a merged title cell, amounts typed in £000,
/// a Total row. Rows are named as the sheet numbers them.
#[test]
fn a_bcf_expenditure_tab_is_read_by_its_headings_below_the_title() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("HWB Expenditure Plan").unwrap();
    let bold = Format::new().set_bold();
    ws.merge_range(0, 0, 0, 7, "Health and Wellbeing Board Expenditure Plan", &bold)
        .unwrap();
    ws.write(2, 0, "Kent").unwrap();
    ws.write(3, 0, "Please complete white cells (for as many rows as required):")
        .unwrap();
    let heads = [
        "Scheme Name",
        "Area of Spend",
        "Please specify if Other",
        "Commissioner",
        "Provider",
        "Source of Funding",
        "2014/15 \n(£000)",
        "2015/16 \n(£000)",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write(5, c as u16, *h).unwrap();
    }
    let thousands = Format::new().set_num_format("#,##0");
    type Row<'a> = (&'a str, &'a str, &'a str, &'a str, Option<f64>, Option<f64>);
    let rows: [Row; 3] = [
        (
            "Social Care Capital Grant",
            "Social Care",
            "Local Authority",
            "Local Authority Social Services",
            None,
            Some(3432.0),
        ),
        (
            "Carers Break",
            "Other",
            "Joint",
            "CCG Minimum Contribution",
            None,
            Some(3443.0),
        ),
        (
            "Protection of social care",
            "Social Care",
            "Local Authority",
            "CCG Minimum Contribution",
            Some(28254.0),
            Some(28254.0),
        ),
    ];
    for (i, (name, area, commissioner, source, y15, y16)) in rows.iter().enumerate() {
        let r = 6 + i as u32;
        ws.write(r, 0, *name).unwrap();
        ws.write(r, 1, *area).unwrap();
        ws.write(r, 3, *commissioner).unwrap();
        ws.write(r, 5, *source).unwrap();
        if let Some(v) = y15 {
            ws.write_number_with_format(r, 6, *v, &thousands).unwrap();
        }
        if let Some(v) = y16 {
            ws.write_number_with_format(r, 7, *v, &thousands).unwrap();
        }
    }
    ws.write(9, 0, "Total").unwrap();
    ws.write_formula(9, 6, Formula::new("=SUM(G7:G9)").set_result("28254"))
        .unwrap();
    ws.write_formula(9, 7, Formula::new("=SUM(H7:H9)").set_result("35129"))
        .unwrap();
    // text in a money cell is kept as typed, as the window keeps it
    ws.write(10, 0, "Care Act").unwrap();
    ws.write(10, 7, "lots").unwrap();

    let plan = blank_plan();
    let t = sheet(&plan, &mut wb, "HWB Expenditure Plan");
    assert_eq!(t.kind, RecordKind::Schemes);
    let spec = t.spec(&plan);
    let p = spec.preview(&plan);
    assert!(p.blocking.is_empty(), "{:?}", p.blocking);
    let lines: Vec<usize> = p.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![7, 8, 9, 10, 11], "rows numbered as the sheet numbers them");
    assert_eq!(p.adds(), 4, "{:?}", p.rows);
    assert!(
        matches!(&p.rows[3].outcome, Outcome::Skip(why) if why.contains("total row")),
        "{:?}",
        p.rows[3]
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("Row 10 is a total row") && n.contains("2015/16") && n.contains("agrees")),
        "{:?}",
        p.notes
    );
    let mut after = plan.clone();
    opplan::interop::import::apply_ops(&mut after, RecordKind::Schemes, &p.ops);
    let s = &after.schemes[0];
    assert_eq!(s.name, "Social Care Capital Grant");
    assert_eq!(s.commissioner, "Local Authority");
    assert_eq!(s.source_of_funding, "Local Authority Social Services");
    assert_eq!(
        s.year("2015/16").and_then(|y| y.spend),
        Some(Amount::Exact(Pence(343_200_000)))
    );
    assert_eq!(
        after.schemes[2].year("2014/15").and_then(|y| y.spend),
        Some(Amount::Exact(Pence(2_825_400_000)))
    );
}

/// The BCF investment table of the seed (004): "BCF Investment", "Lead
/// provider", each year's spend and benefits merged over "Recurrent" and
/// "Non-recurrent" on the row below. Without a unit anywhere the amounts
/// are refused, naming the columns (the seed mixes 11458.6 and 5621400 in
/// one column); with "All figures in £000" above the table they are read.
#[test]
fn a_year_merged_over_recurrent_and_non_recurrent_is_one_heading_per_column() {
    let build = |title: Option<&str>| {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("Part 1 investment").unwrap();
        if let Some(t) = title {
            ws.write(0, 0, t).unwrap();
        }
        let f = Format::new();
        ws.write(2, 0, "BCF Investment").unwrap();
        ws.write(2, 1, "Lead provider").unwrap();
        ws.merge_range(2, 2, 2, 3, "2014/15 spend", &f).unwrap();
        ws.merge_range(2, 4, 2, 5, "2014/15 benefits", &f).unwrap();
        ws.merge_range(2, 6, 2, 7, "2015/16 spend", &f).unwrap();
        for c in [2u16, 4, 6] {
            ws.write(3, c, "Recurrent").unwrap();
            ws.write(3, c + 1, "Non-recurrent").unwrap();
        }
        ws.write(4, 0, "Integrated Primary Care Team").unwrap();
        ws.write(4, 1, "KCHT").unwrap();
        ws.write(4, 2, 11458.6).unwrap();
        ws.write(4, 3, 1500.6).unwrap();
        ws.write(4, 4, "as above").unwrap();
        ws.write(4, 6, "TBC").unwrap();
        ws.write(5, 0, "Total").unwrap();
        wb
    };
    let plan = blank_plan();
    let err = read_workbook_bytes(&plan, build(None).save_to_buffer().unwrap(), "bcf.xlsx", &[]).unwrap_err();
    assert!(
        err.contains("column C “2014/15 spend Recurrent” (first on row 5)"),
        "{err}"
    );
    assert!(err.contains("column D “2014/15 spend Non-recurrent”"), "{err}");
    assert!(err.contains("opplan does not guess"), "{err}");

    let t = sheet(&plan, &mut build(Some("All figures in £000")), "Part 1 investment");
    assert_eq!(t.first_line, 4, "the sub-heading row is the last heading row");
    let spec = t.spec(&plan);
    let fields: Vec<String> = spec.columns.iter().map(|c| c.note.clone()).collect();
    assert!(fields.iter().all(|n| n.starts_with("matched")), "{fields:?}");
    let p = spec.preview(&plan);
    assert_eq!((p.adds(), p.errors()), (1, 0), "{:?}", p.error_lines(&spec));
    assert_eq!(p.rows[0].line, 5);
    let mut after = plan.clone();
    opplan::interop::import::apply_ops(&mut after, RecordKind::Schemes, &p.ops);
    let s = &after.schemes[0];
    assert_eq!(s.provider, "KCHT");
    let y = s.year("2014/15").unwrap();
    assert_eq!(y.recurrent, Some(Amount::Exact(Pence(1_145_860_000))));
    assert_eq!(y.non_recurrent, Some(Amount::Exact(Pence(150_060_000))));
}

/// Units are never guessed: a cell shown in thousands under a "(£)"
/// heading, a £ format under "(£000)", and a percentage in a money column
/// are errors on their rows; the export's own `#,##0,` under "(£000)" is
/// read as shown.
#[test]
fn number_formats_that_contradict_the_heading_are_errors_on_their_rows() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Schemes").unwrap();
    ws.write(0, 0, "Scheme name").unwrap();
    ws.write(0, 1, "2015/16 (£)").unwrap();
    ws.write(0, 2, "2014/15 (£000)").unwrap();
    let k = Format::new().set_num_format("#,##0,");
    let pound = Format::new().set_num_format("[$£-809]#,##0");
    let pct = Format::new().set_num_format("0%");
    ws.write(1, 0, "Shown in thousands under pounds").unwrap();
    ws.write_number_with_format(1, 1, 3_432_000.0, &k).unwrap();
    ws.write(2, 0, "Shown in pounds under £000").unwrap();
    ws.write_number_with_format(2, 2, 3432.0, &pound).unwrap();
    ws.write(3, 0, "A percentage").unwrap();
    ws.write_number_with_format(3, 1, 0.5, &pct).unwrap();
    ws.write(4, 0, "As the export writes it").unwrap();
    ws.write_number_with_format(4, 2, 3_432_123.45, &k).unwrap();
    ws.write(5, 0, "A £ format under pounds").unwrap();
    ws.write_number_with_format(5, 1, 1234.5, &pound).unwrap();
    let plan = blank_plan();
    let t = sheet(&plan, &mut wb, "Schemes");
    let spec = t.spec(&plan);
    let p = spec.preview(&plan);
    let errors = p.error_lines(&spec);
    assert_eq!(p.errors(), 3, "{errors:#?}");
    assert!(
        errors[0].starts_with("Row 2")
            && errors[0].contains("in thousands of pounds")
            && errors[0].contains("in pounds"),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with("Row 3") && errors[1].contains("shows a £ amount"),
        "{errors:#?}"
    );
    assert!(
        errors[2].starts_with("Row 4") && errors[2].contains("percentage"),
        "{errors:#?}"
    );
    let mut after = plan.clone();
    opplan::interop::import::apply_ops(&mut after, RecordKind::Schemes, &p.ops);
    assert_eq!(
        after.schemes[0].year("2014/15").and_then(|y| y.spend),
        Some(Amount::Exact(Pence(343_212_345))),
        "pounds in the cell, £000 on screen: to the penny"
    );
    assert_eq!(
        after.schemes[1].year("2015/16").and_then(|y| y.spend),
        Some(Amount::Exact(Pence(123_450)))
    );
}

/// A formula whose result was never saved, and a cell holding an error
/// value, are errors on their rows (naming the column); the row numbers
/// are the sheet's; a formula's saved result is read.
#[test]
fn formulas_without_results_and_error_values_are_errors() {
    let plan = opplan::io::load_path(&asset("kent-bcf-2015-16.ron")).unwrap();
    let bytes = export(&plan);
    let l = Layout::of(&bytes);
    let y16 = "2015/16 (£000)";
    let edited = rewrite(&bytes, "xl/worksheets/sheet3.xml", |x| {
        let x = set_cell(x, &l.at(y16, "Carers Break"), None, "<f>A1*1000</f>");
        set_cell(x, &l.at(y16, "Care Act"), Some("e"), "<f>1/0</f><v>#DIV/0!</v>")
    });
    let book = read_workbook_bytes(&plan, edited, "kent.xlsx", &["Schemes".to_string()]).unwrap();
    assert_eq!(book.tables.len(), 1);
    let spec = book.tables[0].spec(&plan);
    let p = spec.preview(&plan);
    let errors = p.error_lines(&spec);
    assert_eq!(p.errors(), 2, "{errors:#?}");
    let carers = format!("Row {} (Scheme", l.row("Carers Break"));
    let care_act = format!("Row {} (Scheme", l.row("Care Act"));
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&carers) && e.contains("column “2015/16 (£000)”") && e.contains("no saved result")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with(&care_act) && e.contains("#DIV/0!")),
        "{errors:#?}"
    );
}

/// Text merged down a column applies to every row it covers; a number
/// merged down, or a value merged across two fields, is an error on the
/// rows it covers.
#[test]
fn merged_cells_are_read_as_shown_or_refused() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Schemes").unwrap();
    let f = Format::new();
    for (c, h) in ["Scheme name", "Area of spend", "Commissioner", "2015/16 (£000)"]
        .iter()
        .enumerate()
    {
        ws.write(0, c as u16, *h).unwrap();
    }
    for (r, n) in ["A", "B", "C", "D", "E"].iter().enumerate() {
        ws.write(1 + r as u32, 0, *n).unwrap();
    }
    ws.merge_range(1, 1, 2, 1, "Social Care", &f).unwrap(); // text down: rows 2-3
    ws.merge_range(3, 3, 4, 3, "", &f).unwrap();
    ws.write_number(3, 3, 100.0).unwrap(); // a number down: rows 4-5
    ws.merge_range(5, 1, 5, 2, "Joint", &f).unwrap(); // across two fields: row 6
    let plan = blank_plan();
    let t = sheet(&plan, &mut wb, "Schemes");
    let spec = t.spec(&plan);
    let p = spec.preview(&plan);
    let errors = p.error_lines(&spec);
    let bad: Vec<usize> = p
        .rows
        .iter()
        .filter(|r| r.outcome == Outcome::Error)
        .map(|r| r.line)
        .collect();
    assert_eq!(bad, vec![4, 5, 6], "{errors:#?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("cells D4:D5 are merged") && e.contains("one row")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("cells B6:C6 are merged") && e.contains("one field")),
        "{errors:#?}"
    );
    let mut after = plan.clone();
    opplan::interop::import::apply_ops(&mut after, RecordKind::Schemes, &p.ops);
    let areas: Vec<&str> = after.schemes.iter().map(|s| s.area_of_spend.as_str()).collect();
    assert_eq!(areas, vec!["Social Care", "Social Care"]);
}

/// Rows reordered, deleted and with an ID from another plan: rows update
/// the record whose ID they carry, wherever they are; a deleted row
/// leaves its record as it was; two sheets for one table stop the import
/// until one is named.
#[test]
fn rows_are_matched_by_id_and_two_sheets_for_one_table_are_not_chosen_between() {
    let plan = opplan::io::load_path(&asset("kent-bcf-2015-16.ron")).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Schemes").unwrap();
    ws.write(0, 0, "ID").unwrap();
    ws.write(0, 1, "Scheme name").unwrap();
    let last = plan.schemes.last().unwrap();
    let first = &plan.schemes[0];
    ws.write(1, 0, last.id.0 as f64).unwrap();
    ws.write(1, 1, format!("{} (renamed)", last.name)).unwrap();
    ws.write(2, 0, first.id.0 as f64).unwrap();
    ws.write(2, 1, first.name.as_str()).unwrap();
    let t = sheet(&plan, &mut wb, "Schemes");
    let p = t.spec(&plan).preview(&plan);
    assert_eq!(p.rows[0].outcome, Outcome::Update(last.id));
    assert_eq!(p.rows[1].outcome, Outcome::Update(first.id));
    let mut after = plan.clone();
    opplan::interop::import::apply_ops(&mut after, RecordKind::Schemes, &p.ops);
    let d = calc::diff::diff(&plan, &after, today());
    let lines = calc::diff::render_lines(&d, "a", "b");
    assert_eq!(d.records.len(), 1, "{lines:#?}");

    let ws = wb.add_worksheet().set_name("More schemes").unwrap();
    ws.write(0, 0, "Scheme name").unwrap();
    ws.write(0, 1, "Area of spend").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let err = read_workbook_bytes(&plan, bytes.clone(), "two.xlsx", &[]).unwrap_err();
    assert!(
        err.contains("“Schemes” and “More schemes” all hold schemes") && err.contains("--sheet"),
        "{err}"
    );
    let only = read_workbook_bytes(&plan, bytes, "two.xlsx", &["More schemes".to_string()]).unwrap();
    assert_eq!(only.tables.len(), 1);
    assert_eq!(only.tables[0].sheet, "More schemes");
}

/// A zip that unpacks to more than the cap is refused while it is
/// unpacked (its own sizes are not trusted); a file that is not a zip, a
/// folder and a file over the size cap are refused with a sentence; the
/// command line writes nothing (exit 2).
#[test]
fn workbooks_that_are_not_what_they_claim_are_refused() {
    let plan = blank_plan();
    // a zip bomb: zeros that unpack past the cap
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let block = vec![0u8; 1 << 20];
    for _ in 0..=(MAX_UNZIPPED_BYTES >> 20) {
        z.write_all(&block).unwrap();
    }
    let bomb = z.finish().unwrap().into_inner();
    assert!((bomb.len() as u64) < MAX_XLSX_BYTES);
    let err = read_workbook_bytes(&plan, bomb, "bomb.xlsx", &[]).unwrap_err();
    assert!(err.contains("bomb.xlsx unpacks to more than 100 MB"), "{err}");

    let err = read_workbook_bytes(&plan, b"Scheme name,Area\n".to_vec(), "a.xlsx", &[]).unwrap_err();
    assert!(err.starts_with("a.xlsx is not an Excel workbook (.xlsx)"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let err = read_workbook(&plan, dir.path(), &[]).unwrap_err();
    assert!(err.contains("is a folder"), "{err}");
    let big = dir.path().join("big.xlsx");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(MAX_XLSX_BYTES + 1)
        .unwrap();
    let err = read_workbook(&plan, &big, &[]).unwrap_err();
    assert!(err.contains("an Excel workbook over 20 MB is refused"), "{err}");

    // a table that would be millions of blank cells: a heading row, and
    // one value a million rows down
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Schemes").unwrap();
    ws.write(0, 0, "Scheme name").unwrap();
    ws.write(0, 25, "Area of spend").unwrap();
    ws.write(1_000_000, 0, "far down").unwrap();
    let err = read_workbook_bytes(&plan, wb.save_to_buffer().unwrap(), "sparse.xlsx", &[]).unwrap_err();
    assert!(err.contains("the table spans 1,000,000 rows by 26 columns"), "{err}");

    // a merged area beyond the last row a spreadsheet has
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Schemes").unwrap();
    ws.write(0, 0, "Scheme name").unwrap();
    ws.write(1, 0, "A").unwrap();
    let bytes = rewrite(&wb.save_to_buffer().unwrap(), "xl/worksheets/sheet1.xml", |x| {
        x.replace(
            "</sheetData>",
            "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A2:B4294967295\"/></mergeCells>",
        )
    });
    let err = read_workbook_bytes(&plan, bytes, "merged.xlsx", &[]).unwrap_err();
    assert!(err.contains("a merged area lies beyond the sheet's last row"), "{err}");

    let ron = dir.path().join("p.ron");
    std::fs::copy(asset("kent-bcf-2015-16.ron"), &ron).unwrap();
    let before = std::fs::read(&ron).unwrap();
    let out = opplan(&["import", ron.to_str().unwrap(), "--xlsx", big.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refused"));
    assert_eq!(std::fs::read(&ron).unwrap(), before, "nothing written");
}

/// Both samples' exports, opened and saved again by LibreOffice (its own
/// way of writing a workbook: styles, shared strings, recalculated
/// formulas), import back without a change. Runs where LibreOffice is
/// installed (`soffice`); elsewhere it says so and passes. (Edits made in
/// LibreOffice itself, through its Python bridge, were tried by hand for
/// issue 20: three amounts and an inserted row came back as exactly those
/// four changes; the bridge is not installed for the tests.)
#[test]
fn a_workbook_saved_again_by_libreoffice_imports_without_a_change() {
    if !Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.path().display());
    for name in ["kent-bcf-2015-16.ron", "south-kent-coast-2015-16.ron"] {
        let plan = opplan::io::load_path(&asset(name)).unwrap();
        let book = dir.path().join(name.replace(".ron", ".xlsx"));
        std::fs::write(&book, export(&plan)).unwrap();
        let out_dir = dir.path().join("saved");
        let mut child = Command::new("soffice")
            .args([profile.as_str(), "--headless", "--norestore", "--convert-to"])
            .arg("xlsx:Calc MS Excel 2007 XML")
            .arg("--outdir")
            .arg(&out_dir)
            .arg(&book)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > Duration::from_secs(180) {
                let _ = child.kill();
                panic!("LibreOffice did not finish converting {name}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let saved = std::fs::read(out_dir.join(book.file_name().unwrap())).unwrap();
        assert_ne!(saved, export(&plan), "LibreOffice wrote its own workbook");
        let tables = read_workbook_bytes(&plan, saved, "saved.xlsx", &[]).unwrap();
        assert_eq!(
            tables.tables.len(),
            RecordKind::tables(&plan).len(),
            "{name}: {:?}",
            tables.notes
        );
        let mut after = plan.clone();
        for t in &tables.tables {
            let spec = t.spec(&after);
            let p = spec.preview(&after);
            assert_eq!(
                (p.errors(), p.adds()),
                (0, 0),
                "{name} {}: {:?}",
                t.sheet,
                p.error_lines(&spec)
            );
            opplan::interop::import::apply_ops(&mut after, t.kind, &p.ops);
        }
        let d = calc::diff::diff(&plan, &after, today());
        assert!(d.is_empty(), "{name}: {:?}", calc::diff::render_lines(&d, "a", "b"));
    }
}

/// The SKC 2016/17 operating plan exported to Excel and read back is the
/// same plan: every sheet (objectives and sections included) is read; the
/// unedited workbook changes nothing; and read into the plan with every
/// record blanked but its id, it puts back every record as it was: the
/// objectives with their links, the sections, the initiatives with their
/// milestones, the metrics' phased periods with their changes from the
/// baseline and their words.
#[test]
fn the_operating_plan_export_reads_back_as_the_same_records() {
    let plan = opplan::io::load_path(&asset("skc-2016-17.ron")).unwrap();
    assert!(plan.schemes.iter().any(|s| !s.milestones.is_empty()));
    assert!(!plan.objectives.is_empty() && !plan.sections.is_empty());
    let book = read_workbook_bytes(&plan, export(&plan), "plan.xlsx", &[]).unwrap();
    let kinds: Vec<RecordKind> = book.tables.iter().map(|t| t.kind).collect();
    assert_eq!(kinds, RecordKind::tables(&plan), "{:?}", book.notes);

    let read_into = |mut p: Plan| {
        for t in &book.tables {
            let pv = t.spec(&p).preview(&p);
            assert_eq!(pv.errors(), 0, "{}: {:?}", t.sheet, pv.error_lines(&t.spec(&p)));
            assert_eq!(pv.adds(), 0, "{}", t.sheet);
            opplan::interop::import::apply_ops(&mut p, t.kind, &pv.ops);
        }
        let ms = book.milestones.as_ref().expect("the Milestones sheet is read");
        assert!(ms.errors.is_empty(), "{:?}", ms.errors);
        ms.apply(&mut p);
        p
    };
    let same = read_into(plan.clone());
    let d = calc::diff::diff(&plan, &same, today());
    assert!(d.is_empty(), "{:?}", calc::diff::render_lines(&d, "a", "b"));

    let mut blank = plan.clone();
    for s in &mut blank.schemes {
        *s = opplan::model::Scheme {
            id: s.id,
            ..Default::default()
        };
    }
    for m in &mut blank.metrics {
        *m = opplan::model::Metric {
            id: m.id,
            ..Default::default()
        };
    }
    for r in &mut blank.risks {
        *r = opplan::model::Risk {
            id: r.id,
            ..Default::default()
        };
    }
    for o in &mut blank.objectives {
        *o = opplan::model::Objective {
            id: o.id,
            ..Default::default()
        };
    }
    for n in &mut blank.sections {
        *n = opplan::model::NarrativeSection {
            id: n.id,
            ..Default::default()
        };
    }
    let back = read_into(blank);
    assert_eq!(back.objectives, plan.objectives);
    assert_eq!(back.sections, plan.sections);
    assert_eq!(back.metrics, plan.metrics);
    assert_eq!(back.risks, plan.risks);
    assert_eq!(
        back.schemes, plan.schemes,
        "the schemes and their milestones, ids and all"
    );
    assert_eq!(back.next_id, plan.next_id);
}

/// A Milestones sheet typed by hand: its rows name their schemes by ID;
/// a row naming no scheme, or with a status that is not one, says so
/// and is not read; a new row gets a new ID; the others are read as typed.
#[test]
fn a_milestones_sheet_names_its_schemes_and_its_bad_rows() {
    let mut plan = blank_plan();
    let id = plan.alloc_id().unwrap();
    plan.schemes.push(opplan::model::Scheme {
        id,
        name: "Frailty pathway".into(),
        ..Default::default()
    });
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Milestones").unwrap();
    for (c, h) in opplan::interop::xlsx::MILESTONE_HEADINGS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [[&str; 8]; 3] = [
        [
            &id.to_string(),
            "",
            "",
            "Specification agreed",
            "Q2 2016/17",
            "Jo Bloggs",
            "On track",
            "",
        ],
        ["999", "", "", "Orphan", "", "", "", ""],
        [&id.to_string(), "", "", "Go live", "March 2017", "", "Maybe", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, t) in row.iter().enumerate() {
            if !t.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, *t).unwrap();
            }
        }
    }
    let book = read_workbook_bytes(&plan, wb.save_to_buffer().unwrap(), "book.xlsx", &[]).unwrap();
    let ms = book.milestones.unwrap();
    assert_eq!(
        ms.errors,
        vec![
            "book.xlsx, sheet “Milestones”, row 3: no scheme has the ID 999.".to_string(),
            "book.xlsx, sheet “Milestones”, row 4: the status: “Maybe” is not Not started, On track, At risk or Done."
                .to_string(),
        ]
    );
    let next = plan.next_id;
    assert_eq!(ms.apply(&mut plan), 1);
    let m = &plan.schemes[0].milestones;
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].description, "Specification agreed");
    assert_eq!(m[0].status, opplan::model::MilestoneStatus::OnTrack);
    assert_eq!(m[0].id.0, next, "a new milestone gets the plan's next ID");
    // what the plan now holds is saved and loaded back
    let text = opplan::io::to_ron_string(&plan);
    assert_eq!(opplan::io::load_str(&text).unwrap(), plan);
}
