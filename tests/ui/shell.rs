//! The window opens every tab of both samples. (The Overview's snapshots
//! are in `present.rs`.)

use crate::support::{sample, window};
use egui_kittest::kittest::Queryable;
use opplan::ui::Tab;
use opplan::ui::command::tab_label;

#[test]
fn every_tab_of_every_sample_opens() {
    for name in [
        "kent-bcf-2015-16.ron",
        "south-kent-coast-2015-16.ron",
        "skc-2016-17.ron",
    ] {
        let mut h = window(sample(name));
        for tab in Tab::ALL {
            let label = tab_label(tab, h.state().plan());
            h.get_by_label(&label).click();
            h.run();
            assert_eq!(h.state().tab(), tab, "{name}: clicking {label:?}");
        }
    }
}
