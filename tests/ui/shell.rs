//! The window opens every tab of both samples. (The Overview's snapshots
//! are in `ui_present.rs`.)

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opplan::ui::OpplanApp;
use opplan::ui::Tab;
use std::path::Path;

fn harness(sample: &str) -> Harness<'static, OpplanApp> {
    let app = OpplanApp::open_or_blank(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(sample));
    assert!(app.error.is_none(), "{:?}", app.error);
    Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut OpplanApp| app.show(ui), app)
}

#[test]
fn every_tab_of_both_samples_opens() {
    for sample in ["kent-bcf-2015-16.ron", "south-kent-coast-2015-16.ron"] {
        let mut h = harness(sample);
        h.run();
        for tab in Tab::ALL {
            let plan = h.state().plan();
            let count = match tab {
                Tab::Schemes => Some(plan.schemes.len()),
                Tab::Metrics => Some(plan.metrics.len()),
                Tab::Risks => Some(plan.risks.len()),
                Tab::SignOffs => Some(plan.signoffs.len()),
                _ => None,
            };
            let label = match count {
                Some(c) => format!("{} ({c})", tab.word()),
                None => tab.word().to_string(),
            };
            h.get_by_label(&label).click();
            h.run();
            assert_eq!(h.state().tab, tab, "{sample}: clicking {label:?}");
        }
    }
}
