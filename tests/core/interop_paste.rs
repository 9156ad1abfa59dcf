//! Pasting blocks copied from a spreadsheet: the Kent expenditure table
//! gives the Kent totals; separators, blank cells, quoted cells, a total
//! row and the final line break are read as a planner expects.

use opplan::calc;
use opplan::interop::clipboard::{parse_tsv, paste_spec, rows_to_tsv};
use opplan::interop::import::{Outcome, Target, apply_ops};
use opplan::model::field::{Field, MoneyPart, RecordKind};
use opplan::model::money::MoneyUnit;
use opplan::model::{Amount, AmountField, Pence, Plan, Span};
use std::path::Path;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).unwrap()
}

fn sample(name: &str) -> Plan {
    opplan::io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)).unwrap()
}

/// A plan with the Kent years and no schemes.
fn blank_kent_years() -> Plan {
    let mut p = Plan::default();
    p.header.years = vec!["2014/15".into(), "2015/16".into()];
    p.settings.display_unit = MoneyUnit::Thousands;
    p
}

fn k(thousands: i128) -> Span {
    Span::exact(thousands * 100_000)
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()
}

#[test]
fn kent_table_pasted_gives_the_kent_totals() {
    let text = fixture("kent-expenditure.tsv");
    assert!(
        text.ends_with("\r\n"),
        "the fixture ends with a line break, as Excel copies"
    );
    let mut plan = blank_kent_years();
    let spec = paste_spec(&plan, RecordKind::Schemes, &text, Target::NewRows, None);
    assert!(spec.has_header, "the heading row is recognised");
    assert!(spec.columns.iter().all(|c| c.field.is_some()), "{:#?}", spec.columns);
    assert_eq!(spec.columns[7].unit, MoneyUnit::Thousands, "(£000) in the heading");
    let preview = spec.preview(&plan);
    assert_eq!(preview.errors(), 0, "{:#?}", preview.rows);
    assert_eq!(preview.adds(), 12);
    // the total row is not a scheme, and it is checked against the rows
    let total_row = preview
        .rows
        .iter()
        .find(|r| matches!(&r.outcome, Outcome::Skip(w) if w.contains("total row")))
        .unwrap();
    assert_eq!(total_row.line, 14);
    assert!(
        preview.notes.iter().any(|n| n.contains("2015/16 101,404 agrees")),
        "{:?}",
        preview.notes
    );
    assert!(
        preview.notes.iter().any(|n| n.contains("2014/15 28,254 agrees")),
        "{:?}",
        preview.notes
    );
    // nothing changed before applying
    assert!(plan.schemes.is_empty());
    apply_ops(&mut plan, RecordKind::Schemes, &preview.ops);
    let s = calc::summarize(&plan, today());
    assert_eq!(s.finance.spend("2015/16"), k(101_404));
    assert_eq!(s.finance.spend("2014/15"), k(28_254));
    assert_eq!(s.finance.by_source["CCG Minimum Contribution"]["2015/16"], k(90_764));
    assert_eq!(s.finance.by_commissioner["Joint"]["2015/16"], k(3_443));
    // the same records as the bundled Kent sample
    let kent = sample("kent-bcf-2015-16.ron");
    assert_eq!(plan.schemes.len(), kent.schemes.len());
    for (a, b) in plan.schemes.iter().zip(&kent.schemes) {
        assert_eq!(a.name, b.name);
        assert_eq!(a.area_of_spend, b.area_of_spend);
        assert_eq!(a.area_other, b.area_other, "{}", a.name);
        assert_eq!(a.commissioner, b.commissioner);
        assert_eq!(a.provider, b.provider, "{}", a.name);
        assert_eq!(a.source_of_funding, b.source_of_funding);
        for y in ["2014/15", "2015/16"] {
            assert_eq!(
                a.year(y).and_then(|x| x.spend),
                b.year(y).and_then(|x| x.spend),
                "{} {y}",
                a.name
            );
        }
    }
    // ids are fresh and unique
    let mut ids: Vec<_> = plan.schemes.iter().map(|s| s.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 12);
}

#[test]
fn block_without_header_is_read_in_template_order_in_the_plan_unit() {
    let text = fixture("kent-expenditure.tsv");
    // drop the heading row: a planner copies only the data
    let body: String = text.split_inclusive("\r\n").skip(1).collect();
    let mut plan = blank_kent_years();
    let spec = paste_spec(&plan, RecordKind::Schemes, &body, Target::NewRows, None);
    assert!(!spec.has_header);
    // the preview says which layout it assumed, and why
    assert!(
        spec.layout_note().starts_with(
            "The first row holds a figure or a date, so it cannot be a heading row: no heading row; \
             the columns are read in the order of the schemes template (Scheme name, Area of spend, \
             Please specify if Other, Commissioner, Provider, Source of funding, 2014/15 (£000), 2015/16 (£000))"
        ),
        "{}",
        spec.layout_note()
    );
    assert_eq!(
        spec.columns[7].field,
        Some(Field::Money {
            year: "2015/16".into(),
            part: MoneyPart::Spend
        })
    );
    let preview = spec.preview(&plan);
    assert_eq!((preview.adds(), preview.errors()), (12, 0), "{:#?}", preview.rows);
    apply_ops(&mut plan, RecordKind::Schemes, &preview.ops);
    let s = calc::summarize(&plan, today());
    assert_eq!(s.finance.spend("2015/16"), k(101_404), "read in £000, the plan's unit");
    assert_eq!(s.finance.spend("2014/15"), k(28_254));
}

#[test]
fn pound_signs_negatives_and_bad_cells() {
    let plan = blank_kent_years();
    let text = "Scheme\t2015/16\n\
                Pounds\t£3,432,000\n\
                Thousands\t3,432\n\
                Saving\t(593)\n\
                Range\t6,313 - 8,921\n\
                Bad\t3,43,2\n\
                Words\tabout three million\n\
                \n";
    let spec = paste_spec(&plan, RecordKind::Schemes, text, Target::NewRows, None);
    let preview = spec.preview(&plan);
    // text that is not an amount is kept as typed, as the window's cell
    // keeps it (counted in no total, listed by the checklist with why)
    let ok: Vec<_> = preview.rows.iter().filter(|r| r.outcome == Outcome::Add).collect();
    assert_eq!(ok.len(), 6, "{:#?}", preview.rows);
    assert_eq!(preview.errors(), 0);
    let mut p = plan.clone();
    apply_ops(&mut p, RecordKind::Schemes, &preview.ops);
    let money: Vec<_> = p.schemes.iter().map(|s| s.year("2015/16").unwrap().spend).collect();
    assert_eq!(
        money,
        vec![
            Some(Amount::Exact(Pence(343_200_000))),
            Some(Amount::Exact(Pence(343_200_000))),
            Some(Amount::Exact(Pence(-59_300_000))),
            Some(Amount::Range(Pence(631_300_000), Pence(892_100_000))),
            None,
            None,
        ]
    );
    let kept: Vec<_> = p.schemes[4..]
        .iter()
        .map(|s| s.year("2015/16").unwrap().unparsed(AmountField::Spend))
        .collect();
    assert_eq!(kept, vec![Some("3,43,2"), Some("about three million")]);
    let s = calc::summarize(&p, today());
    assert!(
        s.checklist
            .missing()
            .any(|i| i.text.contains("“3,43,2” is not an amount: thousands separators")),
        "the checklist says why"
    );
    // text longer than a money cell holds is an error on its row
    let long = format!("Scheme\t2015/16\nLong\t{}\n", "9".repeat(81));
    let spec = paste_spec(&plan, RecordKind::Schemes, &long, Target::NewRows, None);
    let preview = spec.preview(&plan);
    assert_eq!(preview.errors(), 1);
    let lines = preview.error_lines(&spec);
    assert!(
        lines[0].starts_with("Row 2 (New scheme “Long”), column “2015/16”") && lines[0].contains("at most 80"),
        "{lines:?}"
    );
}

#[test]
fn quoted_cells_from_a_spreadsheet_keep_tabs_and_line_breaks() {
    let plan = blank_kent_years();
    let text = "Risk\tRisk rating\tMitigating actions\r\n\
                \"Workforce\tshortage\"\tHigh\t\"Recruit early;\r\nshare staff\"\r\n\
                \"=cmd|' /C calc'!A0\"\tModerate\t\r\n";
    let rows = parse_tsv(text);
    assert_eq!(rows.len(), 3);
    let spec = paste_spec(&plan, RecordKind::Risks, text, Target::NewRows, None);
    let preview = spec.preview(&plan);
    assert_eq!(preview.adds(), 2, "{:#?}", preview.rows);
    let mut p = plan.clone();
    apply_ops(&mut p, RecordKind::Risks, &preview.ops);
    assert_eq!(p.risks[0].title, "Workforce\tshortage");
    assert_eq!(p.risks[0].legacy_rating, "High");
    assert_eq!(p.risks[0].mitigations[0].text, "Recruit early;\r\nshare staff");
    assert_eq!(p.risks[1].title, "=cmd|' /C calc'!A0", "kept as text in the plan");
    assert!(p.risks[1].mitigations.is_empty());
    // copied back out, the formula-like title is neutralised
    let s = calc::summarize(&p, today());
    let tsv = rows_to_tsv(&p, &s, RecordKind::Risks, &[]);
    assert!(tsv.contains("\t'=cmd|' /C calc'!A0\t"), "{tsv}");
}

#[test]
fn copy_then_paste_back_is_exact() {
    for name in ["kent-bcf-2015-16.ron", "south-kent-coast-2015-16.ron"] {
        let plan = sample(name);
        let s = calc::summarize(&plan, today());
        for kind in [
            RecordKind::Schemes,
            RecordKind::Metrics,
            RecordKind::Risks,
            RecordKind::SignOffs,
        ] {
            let ids = kind.ids(&plan);
            let tsv = rows_to_tsv(&plan, &s, kind, &ids);
            // pasted over the same records, nothing changes
            let spec = paste_spec(&plan, kind, &tsv, Target::Records(ids.clone()), None);
            assert!(spec.has_header, "{name} {kind:?}");
            let preview = spec.preview(&plan);
            assert_eq!(
                preview.errors(),
                0,
                "{name} {kind:?}: {:#?}",
                preview.error_lines(&spec)
            );
            assert_eq!(preview.updates(), ids.len());
            let mut p = plan.clone();
            apply_ops(&mut p, kind, &preview.ops);
            assert_eq!(
                p, plan,
                "{name} {kind:?}: pasting the copied rows over themselves changes nothing"
            );
        }
    }
}

#[test]
fn paste_over_selected_cells_starting_at_a_column() {
    let plan = sample("kent-bcf-2015-16.ron");
    let ids = vec![plan.schemes[3].id, plan.schemes[4].id];
    // one column of figures pasted onto the 2015/16 cells of two schemes
    let spec = paste_spec(
        &plan,
        RecordKind::Schemes,
        "3,600\n28,300\n",
        Target::Records(ids.clone()),
        Some(Field::Money {
            year: "2015/16".into(),
            part: MoneyPart::Spend,
        }),
    );
    let preview = spec.preview(&plan);
    assert_eq!(preview.updates(), 2, "{:#?}", preview.rows);
    assert_eq!(preview.rows[0].label, "Scheme 4 “Carers Break”");
    let mut p = plan.clone();
    apply_ops(&mut p, RecordKind::Schemes, &preview.ops);
    assert_eq!(
        p.schemes[3].year("2015/16").unwrap().spend,
        Some(Amount::thousands(3_600))
    );
    assert_eq!(
        p.schemes[4].year("2015/16").unwrap().spend,
        Some(Amount::thousands(28_300))
    );
    assert_eq!(
        p.schemes[4].year("2014/15"),
        plan.schemes[4].year("2014/15"),
        "other cells untouched"
    );
    assert_eq!(p.schemes[3].name, "Carers Break");
    // more rows than selected: the extra one is skipped, and says why
    let spec = paste_spec(
        &plan,
        RecordKind::Schemes,
        "1\n2\n3\n",
        Target::Records(ids),
        Some(Field::Money {
            year: "2015/16".into(),
            part: MoneyPart::Spend,
        }),
    );
    let preview = spec.preview(&plan);
    assert_eq!(preview.updates(), 2);
    assert!(matches!(&preview.rows[2].outcome, Outcome::Skip(w) if w.contains("more rows than the 2 selected")));
}

#[test]
fn metrics_block_with_periods_named_in_headings() {
    let plan = blank_kent_years();
    let text = "Metric\tUnit\tPolarity\tBaseline\tQ1 2015/16 target\tQ1 2015/16 actual\n\
                A&E 4 hours\t%\tHigher is better\t93.1%\t95%\t90.5\n\
                Delayed transfers\tper 100,000\tLower is better\t1,774.9\t1,500\t\n";
    let spec = paste_spec(&plan, RecordKind::Metrics, text, Target::NewRows, None);
    let preview = spec.preview(&plan);
    assert_eq!(preview.adds(), 2, "{:#?}", preview.rows);
    let mut p = plan.clone();
    apply_ops(&mut p, RecordKind::Metrics, &preview.ops);
    let s = calc::summarize(&p, today());
    assert_eq!(p.metrics[0].periods[0].label, "Q1 2015/16");
    assert_eq!(
        s.metric_ratings[0].rag,
        opplan::model::Rag::Amber,
        "90.5 against 95: within 10%"
    );
    assert_eq!(p.metrics[1].polarity, opplan::model::Polarity::LowerIsBetter);
    assert_eq!(p.metrics[1].periods[0].actual, None);
}
