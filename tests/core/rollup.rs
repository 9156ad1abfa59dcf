//! Consolidation (issue 17, part 4): `calc::rollup` and `opplan rollup`,
//! on the Kent workspace (golden figures from the seed's printed tables)
//! and on small plans built here.

use crate::common;
use opplan::calc::rollup::{Difference, Figure, rollup};
use opplan::io::{self, workspace};
use opplan::model::{Amount, Pence, Plan, Scheme, Span};
use std::path::{Path, PathBuf};

fn assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets")
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 1, 20).unwrap()
}

/// Pounds as printed, in pence.
fn pounds(p: i128) -> Span {
    Span::exact(p * 100)
}

fn range(lo: i128, hi: i128) -> Span {
    Span {
        min_pence: lo * 100,
        max_pence: hi * 100,
    }
}

/// The Kent workspace as `opplan rollup assets/kent` reads it.
fn kent_workspace() -> (Vec<String>, Vec<Plan>, Option<usize>) {
    let ws = workspace::folder_workspace(&assets().join("kent")).unwrap();
    let plans: Vec<Plan> = ws.plans.iter().map(|p| io::load_path(p).unwrap()).collect();
    let labels = ws
        .plans
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    (labels, plans, ws.consolidated)
}

/// A reconciliation line: organisation, year, figure, the consolidated
/// plan's amount and the organisation's own.
type Line = (String, String, Figure, Option<Span>, Option<Span>);

#[test]
fn the_kent_workspace_rolls_up_to_the_seeds_printed_figures() {
    let (labels, plans, consolidated) = kent_workspace();
    let pairs: Vec<(&str, &Plan)> = labels.iter().map(String::as_str).zip(&plans).collect();
    let r = rollup(&pairs, consolidated, today());
    let c = r.consolidated.expect("the workspace names the Kent-wide plan");
    assert_eq!(r.plans[c].label, "kent-bcf-2015-16.ron");
    // the Kent expenditure plan's printed totals (seed 001): 28,254 and
    // 101,404 (£000)
    let kent = &r.plans[c].totals;
    assert_eq!(kent.spend("2014/15"), pounds(28_254_000));
    assert_eq!(kent.spend("2015/16"), pounds(101_404_000));
    // South Kent Coast's own template (seed 004, its Part 2 total row):
    // 3,884,000 - 4,543,143 and 13,283,000 - 18,862,575 spent, -593,473
    // benefits each year; ranges stay ranges
    let skc = r.plans.iter().position(|p| p.label == "south-kent-coast.ron").unwrap();
    let own = &r.plans[skc].totals;
    assert_eq!(own.spend("2014/15"), range(3_884_000, 4_543_143));
    assert_eq!(own.spend("2015/16"), range(13_283_000, 18_862_575));
    assert_eq!(own.benefit("2014/15"), pounds(-593_473));
    assert_eq!(own.benefit("2015/16"), pounds(-593_473));
    assert_eq!(r.plans[skc].name(), "NHS South Kent Coast CCG");
    // all plans but the Kent-wide one, summed: South Kent Coast's ranges,
    // North Kent's 2014/15 scheme table (35,190.518 (£000), seed 004 lines
    // 3624-3630) and West Kent's (12,700 and 28,444 (£000), lines
    // 4205-4213); Ashford, Canterbury and Coastal and Thanet give no money
    assert_eq!(
        r.total.spend("2014/15"),
        range(3_884_000 + 35_190_518 + 12_700_000, 4_543_143 + 35_190_518 + 12_700_000)
    );
    assert_eq!(
        r.total.spend("2015/16"),
        range(13_283_000 + 28_444_000, 18_862_575 + 28_444_000)
    );
    assert_eq!(r.total.benefit("2015/16"), pounds(-593_473));
    // by source: West Kent's Disabled Facilities Grant (4,700 and 2,050)
    // is the Kent plan's DFG source; the rest CCG Minimum Contribution
    assert_eq!(
        r.total.by_source["CCG Minimum Contribution"]["2014/15"],
        range(3_884_000 + 35_190_518 + 8_000_000, 4_543_143 + 35_190_518 + 8_000_000)
    );
    assert_eq!(
        r.total.by_source["Local Authority Social Services"]["2015/16"],
        pounds(2_050_000)
    );
    assert_eq!(
        r.total.by_area["Other"]["2015/16"],
        range(13_283_000 + 28_444_000 - 3_001_000, 18_862_575 + 28_444_000 - 3_001_000)
    );
    assert_eq!(r.total.by_area["Social Care"]["2015/16"], pounds(3_001_000));
    assert_eq!(
        r.total.by_commissioner["CCG"]["2015/16"],
        range(13_283_000 + 26_394_000 - 3_001_000, 18_862_575 + 26_394_000 - 3_001_000)
    );
    // the sum of West Kent's rows is its Finance Summary's BCF Total,
    // 28,444 (line 4225), and its CCG rows its minimum contribution 26,394
    let wk = r.plans.iter().position(|p| p.label == "west-kent.ron").unwrap();
    assert_eq!(r.plans[wk].totals.spend("2015/16"), pounds(28_444_000));
    assert_eq!(
        r.plans[wk].totals.by_source["CCG Minimum Contribution"]["2015/16"],
        pounds(26_394_000)
    );
    // North Kent's 2014/15 is the Finance Summary's 14991 + 20199 (£000,
    // lines 3603-3604) to the pound, and its 2015/16 is all TBC
    let nk = r.plans.iter().position(|p| p.label == "north-kent.ron").unwrap();
    assert_eq!(r.plans[nk].totals.spend("2014/15"), pounds(35_190_518));
    assert_eq!(r.plans[nk].totals.spend("2015/16"), Span::ZERO);

    // the seed's own disagreement: the Kent plan's "Schemes-South Kent
    // Coast CCG" line, 8,437 (£000) in 2015/16 and nothing in 2014/15,
    // against South Kent Coast's own figures
    let amount = |year: &str, figure: Figure| {
        r.differences.iter().find_map(|d| match d {
            Difference::Amount {
                organisation,
                plan,
                year: y,
                figure: f,
                consolidated,
                own,
                by,
            } if organisation == "South Kent Coast" && y == year && *f == figure => {
                assert_eq!(*plan, skc);
                Some((*consolidated, *own, *by))
            }
            _ => None,
        })
    };
    assert_eq!(
        amount("2015/16", Figure::Spend),
        Some((
            Some(pounds(8_437_000)),
            Some(range(13_283_000, 18_862_575)),
            range(8_437_000 - 13_283_000, 8_437_000 - 18_862_575)
        ))
    );
    assert_eq!(
        amount("2014/15", Figure::Spend),
        Some((None, Some(range(3_884_000, 4_543_143)), range(-3_884_000, -4_543_143)))
    );
    assert_eq!(
        amount("2015/16", Figure::Benefit),
        Some((None, Some(pounds(-593_473)), pounds(593_473)))
    );
    let line = r.sentence(
        r.differences
            .iter()
            .find(|d| matches!(d, Difference::Amount { organisation, year, figure: Figure::Spend, .. } if organisation == "South Kent Coast" && year == "2015/16"))
            .unwrap(),
    );
    assert_eq!(
        line,
        "South Kent Coast, 2015/16 spend: the consolidated plan (kent-bcf-2015-16.ron) gives 8,437, \
         NHS South Kent Coast CCG\u{2019}s own plan (south-kent-coast.ron) 13,283 \u{2013} 18,863: 4,846 \u{2013} 10,426 less"
    );
    // every line of the Kent plan has its area's own plan now: none is
    // left unchecked, and every area plan has its line
    assert!(
        !r.differences
            .iter()
            .any(|d| matches!(d, Difference::NoOwnPlan { .. } | Difference::NotInConsolidated { .. })),
        "{:#?}",
        r.differences
    );
    // the other areas' lines, as printed in the Kent expenditure plan
    // (2015/16, £000), against each area's own template: Ashford's,
    // Canterbury and Coastal's and Thanet's give no money; North Kent's is
    // one plan for Dartford Gravesham and Swanley and Swale, so their two
    // lines (8,968 + 3,977) are summed against it, and its 2014/15 is in
    // no line of the Kent plan; West Kent's 28,444 against 15,530
    let lines = |label: &str| -> Vec<Line> {
        let i = r.plans.iter().position(|p| p.label == label).unwrap();
        r.differences
            .iter()
            .filter(|d| d.plan() == Some(i))
            .map(|d| match d {
                Difference::Amount {
                    organisation,
                    year,
                    figure,
                    consolidated,
                    own,
                    by,
                    ..
                } => {
                    assert_eq!(
                        *by,
                        opplan::calc::rollup::bounds_minus(
                            consolidated.unwrap_or(Span::ZERO),
                            own.unwrap_or(Span::ZERO)
                        )
                    );
                    (organisation.clone(), year.clone(), *figure, *consolidated, *own)
                }
                other => panic!("{other:?}"),
            })
            .collect()
    };
    let only_2015 = |org: &str, kent: i128| {
        vec![(
            org.to_string(),
            "2015/16".to_string(),
            Figure::Spend,
            Some(pounds(kent)),
            None,
        )]
    };
    assert_eq!(lines("ashford.ron"), only_2015("Ashford", 4_273_000));
    assert_eq!(
        lines("canterbury-and-coastal.ron"),
        only_2015("Canterbury and Coastal", 7_914_000)
    );
    assert_eq!(lines("thanet.ron"), only_2015("Thanet", 6_416_000));
    let nk_org = "Dartford Gravesham and Swanley + Swale".to_string();
    assert_eq!(
        lines("north-kent.ron"),
        [
            (
                nk_org.clone(),
                "2014/15".into(),
                Figure::Spend,
                None,
                Some(pounds(35_190_518))
            ),
            (
                nk_org,
                "2015/16".into(),
                Figure::Spend,
                Some(pounds(8_968_000 + 3_977_000)),
                None
            ),
        ]
    );
    assert_eq!(
        lines("west-kent.ron"),
        [
            (
                "West Kent".into(),
                "2014/15".into(),
                Figure::Spend,
                None,
                Some(pounds(12_700_000))
            ),
            (
                "West Kent".into(),
                "2015/16".into(),
                Figure::Spend,
                Some(pounds(15_530_000)),
                Some(pounds(28_444_000))
            ),
        ]
    );
    assert_eq!(lines("south-kent-coast.ron").len(), 4);
    assert_eq!(r.differences.len(), 4 + 1 + 1 + 1 + 2 + 2, "{:#?}", r.differences);
    let nk_line = r
        .differences
        .iter()
        .find(|d| matches!(d, Difference::Amount { organisation, year, .. } if organisation.contains("Swale") && year == "2015/16"))
        .unwrap();
    assert_eq!(
        r.sentence(nk_line),
        "Dartford Gravesham and Swanley + Swale, 2015/16 spend: the consolidated plan (kent-bcf-2015-16.ron) gives 12,945, \
         NHS Dartford, Gravesham and Swanley CCG and NHS Swale CCG\u{2019}s own plan (north-kent.ron) nothing: 12,945 more"
    );
}

#[test]
fn the_south_kent_coast_plan_follows_its_own_template() {
    let p = io::load_path(&assets().join("kent/south-kent-coast.ron")).unwrap();
    let date = |d: &Option<opplan::model::DateField>| d.as_ref().map(|d| d.display());
    assert_eq!(
        date(&p.header.date_agreed_hwb).as_deref(),
        Some("12 February (1st draft)")
    );
    assert_eq!(
        date(&p.header.date_submitted).as_deref(),
        Some("3 February (1st Draft for 12 Feb Kent HWB)")
    );
    let ccg = &p.signoffs[0];
    assert_eq!(
        (ccg.name.as_str(), ccg.position.as_str(), ccg.status),
        (
            "Hazel Carpenter",
            "Accountable Officer",
            opplan::model::SignOffStatus::Signed
        )
    );
    assert_eq!(
        ccg.date.as_ref().and_then(|d| d.date()),
        chrono::NaiveDate::from_ymd_opt(2014, 2, 3)
    );
    // the council and HWB blocks are the template's placeholders
    for s in &p.signoffs[1..] {
        assert_eq!(s.name, "<Name of Signatory>");
        assert_eq!(s.status, opplan::model::SignOffStatus::Pending);
    }
    assert_eq!(p.signoffs[1].organisation, "<Name of council>");
    assert_eq!(p.signoffs[2].organisation, "<Name of HWB>");
    // the schemes' area as the Kent expenditure plan gives it (seed 001)
    assert!(p.schemes.iter().all(|s| s.area_of_spend == "Other"));
    assert_eq!(p.schemes.len(), 6);
    assert_eq!(p.risks.len(), 9);
    assert_eq!(p.metrics.len(), 6);
    // Thanet's template: signed by its Accountable Officer on "3 rd
    // February 2014", seven schemes named in its section 2c, a blank
    // scheme table and £0.00 budgets as printed
    let t = io::load_path(&assets().join("kent/thanet.ron")).unwrap();
    assert_eq!(
        (t.signoffs[0].organisation.as_str(), t.signoffs[0].name.as_str()),
        ("Thanet Clinical Commissioning Group", "Hazel Carpenter")
    );
    assert_eq!(
        t.signoffs[0].date.as_ref().and_then(|d| d.date()),
        chrono::NaiveDate::from_ymd_opt(2014, 2, 3)
    );
    assert_eq!((t.schemes.len(), t.risks.len()), (7, 9));
    assert!(t.schemes.iter().all(|s| s.years.iter().all(|y| y.is_blank())));
    assert!(
        t.header
            .budgets
            .iter()
            .all(|b| b.minimum_required == Some(Amount::Exact(Pence(0))))
    );
    // a sample is what opplan writes: loading and writing it changes nothing
    for (name, plan) in [("south-kent-coast.ron", &p), ("thanet.ron", &t)] {
        let text = std::fs::read_to_string(assets().join("kent").join(name)).unwrap();
        assert_eq!(io::to_ron_string(plan), text, "{name}");
    }
}

#[test]
fn the_other_area_plans_follow_their_own_templates() {
    use opplan::model::{OrgType, SignOffStatus};
    let load = |name: &str| io::load_path(&assets().join("kent").join(name)).unwrap();
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    let who = |p: &Plan| -> Vec<(String, OrgType, String, String, SignOffStatus)> {
        p.signoffs
            .iter()
            .map(|s| {
                (
                    s.organisation.clone(),
                    s.org_type,
                    s.position.clone(),
                    s.name.clone(),
                    s.status,
                )
            })
            .collect()
    };
    let own = |org: &str, t, pos: &str, name: &str, st| (org.to_string(), t, pos.to_string(), name.to_string(), st);
    let spend = |p: &Plan, year: &str| -> Vec<Option<Amount>> {
        p.schemes
            .iter()
            .map(|s| s.year(year).and_then(|y| y.recurrent))
            .collect()
    };
    let k = |thousands: i64| Some(Amount::Exact(Pence(thousands * 100_000)));

    // Canterbury and Coastal (seed 004 from line 2264): its five section 2c
    // schemes, no Part 2 of its own, signed by its Chief Operating Officer
    // on 30/1/14, the council's signatory and the HWB's date placeholders
    let cc = load("canterbury-and-coastal.ron");
    assert_eq!(cc.header.ccgs, ["NHS Canterbury and Coastal CCG"]);
    assert_eq!((cc.schemes.len(), cc.metrics.len(), cc.risks.len()), (5, 0, 4));
    assert_eq!(
        who(&cc),
        [
            own(
                "Canterbury & Coastal CCG",
                OrgType::Ccg,
                "Chief Operating Officer",
                "Bill Millar",
                SignOffStatus::Signed
            ),
            own(
                "Kent County Council",
                OrgType::LocalAuthority,
                "<Job Title>",
                "<Name of Signatory>",
                SignOffStatus::Pending
            ),
            own(
                "Kent Health and Wellbeing Board",
                OrgType::HealthAndWellbeingBoard,
                "Chair of Health and Wellbeing Board",
                "Roger Gough",
                SignOffStatus::Pending
            ),
        ]
    );
    assert_eq!(cc.signoffs[0].date.as_ref().and_then(|d| d.date()), day(2014, 1, 30));
    assert!(cc.header.date_agreed_hwb.is_none() && cc.header.date_submitted.is_none());
    // Ashford (from line 2557): the same five headings, its blank scheme
    // table and metrics, its sign-off undated
    let a = load("ashford.ron");
    assert_eq!((a.schemes.len(), a.metrics.len(), a.risks.len()), (5, 4, 4));
    assert_eq!(a.signoffs[0].name, "Bill Millar");
    assert_eq!(
        (a.signoffs[0].status, a.signoffs[0].date.as_ref()),
        (SignOffStatus::Pending, None)
    );
    for p in [&cc, &a] {
        assert_eq!(p.schemes[0].name, "Continued development of Integrated Teams");
        assert!(p.schemes.iter().all(|s| s.years.is_empty()));
        // the risks are printed with no rating and no mitigating actions
        assert!(
            p.risks
                .iter()
                .all(|r| r.legacy_rating.is_empty() && r.mitigations.is_empty())
        );
    }
    assert!(a.schemes[1].description.contains("Westview"));
    assert!(cc.schemes[2].description.contains("Kent & Canterbury Hospital"));

    // North Kent (from line 3258): one template for two CCGs, signed for
    // each by Patricia Davies with the date a placeholder; £0.00 budgets;
    // the scheme table's 2014/15 figures (£000) with its unnamed first row
    // kept where it is printed and every 2015/16 figure TBC
    let nk = load("north-kent.ron");
    assert_eq!(
        nk.header.ccgs,
        ["NHS Dartford, Gravesham and Swanley CCG", "NHS Swale CCG"]
    );
    assert_eq!(nk.header.local_authority, "<Name of Local Authority>");
    assert_eq!(
        nk.header.date_submitted.as_ref().map(|d| d.display()).as_deref(),
        Some("<dd/mm/yyyy>")
    );
    assert!(
        nk.header
            .budgets
            .iter()
            .all(|b| b.minimum_required == Some(Amount::Exact(Pence(0))) && b.declared_total == b.minimum_required)
    );
    assert_eq!(
        who(&nk)[..2],
        [
            own(
                "Dartford, Gravesham and Swanley CCG",
                OrgType::Ccg,
                "Accountable Officer",
                "Patricia Davies",
                SignOffStatus::Pending
            ),
            own(
                "Swale CCG",
                OrgType::Ccg,
                "Accountable Officer",
                "Patricia Davies",
                SignOffStatus::Pending
            ),
        ]
    );
    assert_eq!(
        nk.schemes.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        [
            "",
            "Integrated Discharge Team",
            "Integrated Primary Care Team",
            "Accommodation Strategy",
            "Community Strategy",
            "IT Integration",
            "Rapid Response and LRU"
        ]
    );
    assert_eq!(
        spend(&nk, "2014/15"),
        [
            Some(Amount::Exact(Pence(0))),
            None,
            Some(Amount::Exact(Pence(1_145_860_000))),
            None,
            k(8_499),
            None,
            k(9_576)
        ]
    );
    assert_eq!(
        nk.schemes[0].years[0].non_recurrent,
        Some(Amount::Exact(Pence(415_631_800)))
    );
    assert!(nk.schemes.iter().all(|s| s.year("2015/16").is_none()));
    // 5621400 in a £000 column is not entered, but kept in the notes
    assert!(
        nk.schemes
            .iter()
            .all(|s| s.years.iter().all(|y| y.benefit_recurrent.is_none()))
    );
    assert!(nk.schemes[0].notes.contains("5621400"));
    assert_eq!((nk.metrics.len(), nk.risks.len()), (5, 3));
    assert_eq!(nk.metrics[2].baseline_period, "(April 2013 to December 2013)");

    // West Kent (from line 3893): agreed 12 February and submitted 14
    // February 2014; its eight signatories, every date "X March 2014"; the
    // pooled budget figures as printed ("£26,394m", "£101,404m"); its
    // scheme table in £000; eight draft risks "To be added"
    let wk = load("west-kent.ron");
    assert_eq!(
        wk.header.date_agreed_hwb.as_ref().and_then(|d| d.date()),
        day(2014, 2, 12)
    );
    assert_eq!(
        wk.header.date_submitted.as_ref().and_then(|d| d.date()),
        day(2014, 2, 14)
    );
    let budget = |y: usize| {
        (
            wk.header.budgets[y].minimum_required,
            wk.header.budgets[y].declared_total,
        )
    };
    assert_eq!(budget(0), (k(5_136), k(5_136)));
    assert_eq!(budget(1), (k(26_394_000), k(101_404_000)));
    assert_eq!(wk.signoffs.len(), 8);
    assert!(wk.signoffs.iter().all(|s| s.status == SignOffStatus::Pending
        && s.date.as_ref().map(|d| d.display()).as_deref() == Some("X March 2014")));
    assert_eq!(
        (wk.signoffs[0].name.as_str(), wk.signoffs[7].name.as_str()),
        ("Ian Ayres", "Roger Gough")
    );
    assert_eq!(
        spend(&wk, "2015/16"),
        [k(11_747), k(0), k(2_111), k(1_379), k(0), k(3_001), k(8_156), k(2_050)]
    );
    assert_eq!(
        spend(&wk, "2014/15"),
        [None, None, None, None, None, k(8_000), None, k(4_700)]
    );
    assert_eq!((wk.metrics.len(), wk.risks.len()), (7, 8));
    assert!(
        wk.risks
            .iter()
            .all(|r| r.legacy_rating == "To be added" && r.mitigations[0].text == "To be added")
    );

    for (name, plan) in [
        ("canterbury-and-coastal.ron", &cc),
        ("ashford.ron", &a),
        ("north-kent.ron", &nk),
        ("west-kent.ron", &wk),
    ] {
        // a sample is what opplan writes: loading and writing it changes
        // nothing
        let path = assets().join("kent").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(io::to_ron_string(plan), text, "{name}");
        // `check` reads it and lists what is missing (exit 1), as it does
        // for the other area plans and the Kent plan
        let out = common::opplan(&["check", path.to_str().unwrap()]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.stdout.is_empty() && err.contains("checklist items incomplete"),
            "{name}: {err}"
        );
    }
}

// ------------------------------------------------------------ small plans

fn scheme(id: u64, programme: &str, source: &str, spend: &[(&str, Amount)]) -> Scheme {
    let mut s = Scheme {
        id: opplan::model::RecordId(id),
        name: format!("Scheme {id}"),
        programme: programme.into(),
        source_of_funding: source.into(),
        area_of_spend: "Social Care".into(),
        commissioner: "CCG".into(),
        ..Default::default()
    };
    for (y, a) in spend {
        s.year_mut(y).spend = Some(*a);
    }
    s
}

fn area_plan(ccg: &str, schemes: Vec<Scheme>) -> Plan {
    let mut p = Plan::default();
    p.header.ccgs = vec![ccg.into()];
    p.header.years = vec!["2015/16".into()];
    p.next_id = 100;
    p.schemes = schemes;
    p
}

fn k(thousands: i64) -> Amount {
    Amount::Exact(Pence(thousands * 100_000))
}

fn k_range(lo: i64, hi: i64) -> Amount {
    Amount::Range(Pence(lo * 100_000), Pence(hi * 100_000))
}

#[test]
fn plans_are_summed_ranges_kept_and_the_consolidated_plan_left_out() {
    let a = area_plan(
        "NHS Alpha CCG",
        vec![
            scheme(1, "", "CCG Minimum Contribution", &[("2015/16", k_range(100, 150))]),
            scheme(2, "", "Local Authority", &[("2015/16", k(20))]),
        ],
    );
    let b = area_plan(
        "Beta",
        vec![scheme(
            1,
            "",
            "CCG Minimum Contribution",
            &[("2015/16", k(30)), ("2016/17", k(5))],
        )],
    );
    let mut all = area_plan(
        "",
        vec![scheme(1, "Alpha", "CCG Minimum Contribution", &[("2015/16", k(999))])],
    );
    all.header.ccgs = vec!["Alpha".into(), "Beta".into()];
    let r = rollup(&[("all", &all), ("a", &a), ("b", &b)], Some(0), today());
    // from summaries computed already (as the window keeps them): the same
    let summaries: Vec<_> = [&all, &a, &b].map(|p| opplan::calc::summarize(p, today())).into();
    assert_eq!(
        opplan::calc::rollup::rollup_with(&[("all", &all), ("a", &a), ("b", &b)], &summaries, Some(0)),
        r
    );
    assert_eq!(r.years, ["2015/16", "2016/17"]);
    let thousands = |lo: i128, hi: i128| Span {
        min_pence: lo * 100_000,
        max_pence: hi * 100_000,
    };
    assert_eq!(r.total.spend("2015/16"), thousands(150, 200));
    assert_eq!(r.total.spend("2016/17"), thousands(5, 5));
    assert_eq!(
        r.total.by_source["CCG Minimum Contribution"]["2015/16"],
        thousands(130, 180)
    );
    assert_eq!(r.total.by_source["Local Authority"]["2015/16"], thousands(20, 20));
    // without a consolidated plan every plan is summed
    let r2 = rollup(&[("all", &all), ("a", &a), ("b", &b)], None, today());
    assert_eq!(r2.total.spend("2015/16"), thousands(1149, 1199));
    assert!(r2.differences.is_empty());
    // each plan's own figures, checklist and RAG are there
    assert_eq!(r.plans[1].totals.spend("2015/16"), thousands(120, 170));
    assert!(r.plans[1].checklist_total > r.plans[1].checklist_done);
    assert_eq!(r.plans[1].areas.len(), 5);
    // Alpha's line differs from Alpha's plan; Beta has no line
    assert_eq!(
        r.differences,
        [
            Difference::Amount {
                organisation: "Alpha".into(),
                plan: 1,
                year: "2015/16".into(),
                figure: Figure::Spend,
                consolidated: Some(thousands(999, 999)),
                own: Some(thousands(120, 170)),
                by: thousands(879, 829),
            },
            Difference::NotInConsolidated { plan: 2 },
        ]
    );
    assert_eq!(
        r.sentence(&r.differences[1]),
        "Beta (b): the consolidated plan (all) has no schemes for it (no scheme\u{2019}s CCG / programme names it)"
    );
}

#[test]
fn a_consolidated_plan_that_agrees_lists_nothing_and_one_changed_figure_is_listed() {
    let a = area_plan("Alpha", vec![scheme(1, "", "", &[("2015/16", k_range(100, 150))])]);
    let mut all = area_plan(
        "",
        vec![scheme(1, "NHS Alpha CCG", "", &[("2015/16", k_range(100, 150))])],
    );
    all.header.ccgs = vec!["Alpha".into()];
    assert!(
        rollup(&[("all", &all), ("a", &a)], Some(0), today())
            .differences
            .is_empty()
    );
    all.schemes[0].year_mut("2015/16").spend = Some(k_range(100, 160));
    let r = rollup(&[("all", &all), ("a", &a)], Some(0), today());
    assert_eq!(r.differences.len(), 1);
    assert_eq!(
        r.sentence(&r.differences[0]),
        "NHS Alpha CCG, 2015/16 spend: the consolidated plan (all) gives 100 \u{2013} 160, Alpha\u{2019}s own plan (a) 100 \u{2013} 150: 0 \u{2013} 10 more"
    );
}

// ------------------------------------------------------------ workspace file and CLI

#[test]
fn a_workspace_file_names_plans_relative_to_itself_and_a_plan_is_not_one() {
    let ws =
        workspace::parse_workspace("(plans: [\"a.ron\", \"sub/b.ron\"], consolidated: Some(\"../all.ron\"))").unwrap();
    let resolved = ws.resolve(Path::new("kent"));
    assert_eq!(
        resolved.plans,
        [
            PathBuf::from("all.ron"),
            PathBuf::from("kent/a.ron"),
            PathBuf::from("kent/sub/b.ron")
        ]
    );
    assert_eq!(resolved.consolidated, Some(0));
    // what it writes it reads
    assert_eq!(workspace::parse_workspace(&ws.to_ron()), Some(ws));
    let plan_text = std::fs::read_to_string(assets().join("kent/south-kent-coast.ron")).unwrap();
    assert_eq!(workspace::parse_workspace(&plan_text), None);
}

#[test]
fn rollup_on_the_command_line_lists_the_differences_and_exits_by_them() {
    let kent = assets().join("kent");
    let out = common::opplan(&["rollup", kent.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["plans"].as_array().unwrap().len(), 7);
    let skc = v["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "NHS South Kent Coast CCG")
        .unwrap();
    assert_eq!(
        skc["totals"]["spend_by_year"]["2015/16"],
        serde_json::json!({"min_pence": 1_328_300_000, "max_pence": 1_886_257_500})
    );
    assert_eq!(skc["rag"]["areas"].as_array().unwrap().len(), 5);
    let diffs = v["differences"].as_array().unwrap();
    let d = diffs
        .iter()
        .find(|d| {
            d["kind"] == "amount"
                && d["organisation"] == "South Kent Coast"
                && d["year"] == "2015/16"
                && d["figure"] == "spend"
        })
        .unwrap();
    assert_eq!(
        d["consolidated"],
        serde_json::json!({"min_pence": 843_700_000, "max_pence": 843_700_000})
    );
    assert!(d["text"].as_str().unwrap().contains("4,846 \u{2013} 10,426 less"));

    // plans named one by one, the consolidated one by --consolidated: the
    // same figures, text on stdout
    let skc_file = kent.join("south-kent-coast.ron");
    let all = assets().join("kent-bcf-2015-16.ron");
    let out = common::opplan(&[
        "rollup",
        skc_file.to_str().unwrap(),
        "--consolidated",
        all.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("South Kent Coast, 2015/16 spend: the consolidated plan"),
        "{text}"
    );

    // without a consolidated plan there is nothing to reconcile: exit 0
    let out = common::opplan(&["rollup", skc_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));

    // a file that cannot be read: exit 2, named
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(format_version: 2, header: (title: 3))").unwrap();
    let out = common::opplan(&["rollup", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.ron"));
}

/// Bug: `opplan check assets/kent/workspace.ron` read the workspace file
/// as an empty plan (and `fmt` would have written one over it). A plan
/// command given a workspace file refuses it, saying what it is and what
/// reads it; the file is left as it was.
#[test]
fn a_plan_command_given_a_workspace_file_refuses_it_by_name() {
    let ws = assets().join("kent/workspace.ron");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("workspace.ron");
    std::fs::copy(&ws, &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    for args in [vec!["check"], vec!["summary"], vec!["fmt"]] {
        let mut all = args.clone();
        all.push(copy.to_str().unwrap());
        let out = common::opplan(&all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(
            err.trim_end(),
            format!(
                "opplan: {0} is a workspace, not a plan: use `opplan rollup {0}` to see its plans together, or name one of its plans.",
                copy.display()
            ),
            "{args:?}"
        );
    }
    assert_eq!(std::fs::read(&copy).unwrap(), before, "the workspace file is untouched");
    // the bundled one too, and a plan is still a plan
    let out = common::opplan(&["check", ws.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let out = common::opplan(&["summary", assets().join("kent/south-kent-coast.ron").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
