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
