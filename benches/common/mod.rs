//! The plans every benchmark runs on: the bundled Kent sample and the
//! generated large plan (`opplan generate` with its defaults: 5,000
//! schemes, 1,000 metrics, 1,000 risks, 50 sign-offs, 5 years, seed 1).
//! The large plan is built on first use, so a filtered run (or criterion's
//! `--test` mode under `cargo test`) pays only for what it runs.

#![allow(dead_code)] // each bench binary uses part of this

use opplan::generate::{GenerateOptions, generate};
use opplan::model::Plan;
use std::sync::OnceLock;

/// A fixed "today", so overdue checks do not depend on the day of the run.
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 6, 1).expect("a valid date")
}

/// The bundled Kent BCF sample, as RON text.
pub fn kent_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/kent-bcf-2015-16.ron");
        std::fs::read_to_string(path).expect("the Kent sample is bundled")
    })
}

pub fn kent() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| opplan::io::load_str(kent_text()).expect("the Kent sample loads"))
}

/// The large plan of the performance targets.
pub fn large() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| generate(&GenerateOptions::default()))
}

/// The large plan as RON text (what `opplan generate` writes).
pub fn large_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| opplan::io::to_ron_string(large()))
}

/// A register of 300 risks (and nothing else but the Kent header): the
/// Risks tab's own target from issue 5.
pub fn risks300() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        generate(&GenerateOptions {
            schemes: 12,
            metrics: 20,
            risks: 300,
            signoffs: 4,
            years: 2,
            seed: 3,
        })
    })
}

/// The large plan with an operating plan's money, as `opplan generate
/// --operating` writes it: every scheme's QIPP with points of delivery,
/// the allocation statements, finance years and contributions.
pub fn operating() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let mut p = generate(&GenerateOptions::default());
        opplan::generate::add_operating_finance(&mut p, GenerateOptions::default().seed);
        p
    })
}

/// The operating plan as RON text.
pub fn operating_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| opplan::io::to_ron_string(operating()))
}

/// The operating plan of issue 16's target: the large plan with 200
/// objectives, 5,000 milestones (its schemes become initiatives), 12
/// narrative sections and every one of its 1,000 metrics planned month by
/// month (12 periods), as `opplan generate --objectives 200 --milestones
/// 5000 --sections 12 --monthly` writes it.
pub fn objectives() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let mut p = generate(&GenerateOptions::default());
        opplan::generate::add_operating(
            &mut p,
            &opplan::generate::OperatingOptions {
                objectives: 200,
                milestones: 5_000,
                sections: 12,
                monthly: true,
                seed: 1,
            },
        );
        p
    })
}

/// Issue 17's workspace: 40 plans of 500 schemes each (generated, one
/// seed each, each for one CCG, "Area k") and, first, a 41st consolidating
/// them, with one scheme per CCG (its programme naming the CCG).
pub fn workspace() -> &'static [Plan] {
    static PLANS: OnceLock<Vec<Plan>> = OnceLock::new();
    PLANS.get_or_init(|| {
        let mut plans: Vec<Plan> = (0..40)
            .map(|k| {
                let mut p = generate(&GenerateOptions {
                    schemes: 500,
                    metrics: 100,
                    risks: 100,
                    signoffs: 5,
                    years: 5,
                    seed: k + 1,
                });
                p.header.ccgs = vec![format!("Area {k}")];
                p
            })
            .collect();
        let mut all = plans[0].clone();
        all.schemes.truncate(40);
        for (k, s) in all.schemes.iter_mut().enumerate() {
            s.programme = format!("Area {k}");
        }
        all.header.ccgs = (0..40).map(|k| format!("Area {k}")).collect();
        plans.insert(0, all);
        plans
    })
}

/// [`workspace`] written to a temporary folder: `all.ron` (the
/// consolidated plan), `area0.ron` … `area39.ron` and the
/// `workspace.ron` naming them.
pub fn workspace_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (all, areas) = workspace().split_first().expect("41 plans");
    let mut names = Vec::new();
    for (k, p) in areas.iter().enumerate() {
        let name = format!("area{k}.ron");
        opplan::io::save_path_without_backup(p, &dir.path().join(&name)).expect("written");
        names.push(name);
    }
    opplan::io::save_path_without_backup(all, &dir.path().join("all.ron")).expect("written");
    let ws = opplan::io::workspace::Workspace {
        plans: names.into_iter().map(Into::into).collect(),
        consolidated: Some("all.ron".into()),
    };
    std::fs::write(dir.path().join("workspace.ron"), ws.to_ron()).expect("written");
    dir
}

/// A plan built on first use.
pub type PlanOf = fn() -> &'static Plan;

/// The plans a benchmark runs on, by name.
pub fn plans() -> [(&'static str, PlanOf); 2] {
    [("kent", kent), ("large", large)]
}

/// [`plans`] and the operating plan: for the Finance tab, the summary,
/// loading and saving (issue 15's targets).
pub fn with_operating() -> [(&'static str, PlanOf); 3] {
    [("kent", kent), ("large", large), ("operating", operating)]
}
