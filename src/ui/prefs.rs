//! Preferences and recent files: a small RON file in the app's data folder
//! (see [`crate::io::appdata`]), apart from plans. A damaged or hostile file
//! gives the defaults; it never stops the app from starting.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file name inside the data folder.
pub const FILE_NAME: &str = "preferences.ron";
/// How many recent files File > Open Recent keeps.
pub const MAX_RECENT: usize = 10;
/// How many plans' column choices the preferences keep.
pub const MAX_PLAN_COLUMNS: usize = 20;
/// The default seconds between two recovery copies.
pub const DEFAULT_RECOVERY_SECS: u64 = 30;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];
    pub fn word(self) -> &'static str {
        match self {
            ThemeChoice::System => "Follow the system",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }
}

/// The themes of presentation mode and the audience window: high
/// contrast, black on white or white on black.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProjectorTheme {
    #[default]
    Light,
    Dark,
}

impl ProjectorTheme {
    pub const ALL: [ProjectorTheme; 2] = [ProjectorTheme::Light, ProjectorTheme::Dark];
    pub fn word(self) -> &'static str {
        match self {
            ProjectorTheme::Light => "Light",
            ProjectorTheme::Dark => "Dark",
        }
    }
}

/// What draws the window. `Auto` picks at start-up (see
/// [`crate::ui::app::pick_renderer`]); the others override it (also
/// `--renderer glow|wgpu|auto` on the command line, for one run).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum RendererChoice {
    #[default]
    Auto,
    /// OpenGL through glow: the cheapest where the machine has no GPU
    /// (Mesa's llvmpipe on virtual desktops and remote sessions).
    Glow,
    /// wgpu (Vulkan, Metal or DirectX 12).
    Wgpu,
}

impl RendererChoice {
    pub const ALL: [RendererChoice; 3] = [RendererChoice::Auto, RendererChoice::Glow, RendererChoice::Wgpu];
    pub fn word(self) -> &'static str {
        match self {
            RendererChoice::Auto => "Automatic",
            RendererChoice::Glow => "OpenGL (glow)",
            RendererChoice::Wgpu => "wgpu",
        }
    }
}

/// The schemes table's columns the user showed or hid for one plan
/// ("Simple/Provider"), and the widths the user dragged in the Schemes,
/// Metrics and Risks tables ("Schemes/Detailed/Name": points at 100%
/// text, see [`crate::ui::grid::widths`]), so the plan opens with them
/// again. (Older preferences without widths still load.)
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanColumns {
    pub plan: PathBuf,
    pub shown: Vec<String>,
    pub hidden: Vec<String>,
    pub widths: std::collections::BTreeMap<String, f32>,
}

/// How many column widths a plan keeps.
pub const MAX_PLAN_WIDTHS: usize = 128;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// egui zoom factor (1 = 100%).
    pub zoom: f32,
    pub theme: ThemeChoice,
    /// The tab shown last ("Schemes").
    pub last_tab: String,
    /// Window inner size in points, and whether it was maximised.
    pub window_size: Option<[f32; 2]>,
    pub maximized: bool,
    /// Where the file dialogs start.
    pub last_folder: Option<PathBuf>,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    /// Seconds between recovery copies while a plan has unsaved changes
    /// (0 turns them off).
    pub recovery_interval_secs: u64,
    /// The zoom of presentation mode (1 = 100%, its text already large).
    pub present_zoom: f32,
    /// The theme of presentation mode and the audience window.
    pub projector_theme: ProjectorTheme,
    /// The size of the audience window's text (1 = 100%).
    pub audience_scale: f32,
    /// What draws the window (read at start-up).
    pub renderer: RendererChoice,
    /// No animations: no fading hover colours, no blinking text cursor,
    /// highlights shown steady. `None` follows the renderer: on when the
    /// window is drawn in software (no GPU), off otherwise.
    pub reduce_motion: Option<bool>,
    /// Columns shown and hidden per plan, the plan used last first.
    pub plan_columns: Vec<PlanColumns>,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            zoom: 1.0,
            theme: ThemeChoice::System,
            last_tab: String::new(),
            window_size: None,
            maximized: false,
            last_folder: None,
            recent: Vec::new(),
            recovery_interval_secs: DEFAULT_RECOVERY_SECS,
            present_zoom: 1.0,
            projector_theme: ProjectorTheme::Light,
            audience_scale: 1.0,
            renderer: RendererChoice::Auto,
            reduce_motion: None,
            plan_columns: Vec::new(),
        }
    }
}

impl Preferences {
    pub fn path(dir: &Path) -> PathBuf {
        dir.join(FILE_NAME)
    }

    /// Reads the preferences; the defaults when the file is missing,
    /// damaged, too large or written by a newer version.
    pub fn load(dir: &Path) -> Preferences {
        match crate::io::read_user_file(&Self::path(dir), 1024 * 1024) {
            Ok(f) => String::from_utf8(f.bytes).map_or_else(|_| Preferences::default(), |t| Self::from_text(&t)),
            Err(_) => Preferences::default(),
        }
    }

    /// Parses preferences text; the defaults when it is not valid.
    pub fn from_text(text: &str) -> Preferences {
        let mut p: Preferences = ron::Options::default()
            .with_recursion_limit(16)
            .from_str(text)
            .unwrap_or_default();
        p.sanitize();
        p
    }

    /// Writes the preferences atomically, creating the folder.
    pub fn save(&self, dir: &Path) -> Result<(), crate::io::SaveError> {
        std::fs::create_dir_all(dir).map_err(|e| crate::io::SaveError {
            path: dir.to_path_buf(),
            reason: crate::io::describe_io_error(&e),
        })?;
        crate::io::write_file_atomic(&Self::path(dir), self.to_text().as_bytes()).map(|_| ())
    }

    pub fn to_text(&self) -> String {
        let mut clean = self.clone();
        clean.sanitize();
        // paths that are not UTF-8 cannot be written as RON text
        clean.recent.retain(|p| p.to_str().is_some());
        if clean.last_folder.as_ref().is_some_and(|p| p.to_str().is_none()) {
            clean.last_folder = None;
        }
        let mut s =
            ron::ser::to_string_pretty(&clean, ron::ser::PrettyConfig::new().struct_names(false)).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Brings every value into range: zoom 0.5–3, a sane window size, at
    /// most [`MAX_RECENT`] recent files without repeats.
    pub fn sanitize(&mut self) {
        if !self.zoom.is_finite() || !(0.5..=3.0).contains(&self.zoom) {
            self.zoom = 1.0;
        }
        if let Some([w, h]) = self.window_size
            && !(w.is_finite() && h.is_finite() && (200.0..=20_000.0).contains(&w) && (200.0..=20_000.0).contains(&h))
        {
            self.window_size = None;
        }
        if self.last_tab.chars().count() > 40 {
            self.last_tab.clear();
        }
        let mut seen = std::collections::HashSet::new();
        self.recent
            .retain(|p| !p.as_os_str().is_empty() && seen.insert(p.clone()));
        self.recent.truncate(MAX_RECENT);
        self.recovery_interval_secs = self.recovery_interval_secs.min(24 * 3600);
        self.plan_columns.truncate(MAX_PLAN_COLUMNS);
        let sane = |w: &Vec<String>| w.len() <= 64 && w.iter().all(|k| k.chars().count() <= 40);
        self.plan_columns
            .retain(|p| !p.plan.as_os_str().is_empty() && sane(&p.shown) && sane(&p.hidden));
        for p in &mut self.plan_columns {
            // a width a table can draw, under a name it can have
            p.widths
                .retain(|k, w| k.chars().count() <= 60 && w.is_finite() && (4.0..=5000.0).contains(w));
            while p.widths.len() > MAX_PLAN_WIDTHS {
                p.widths.pop_last();
            }
        }
        // presentation sizes: 100% to 250%
        for z in [&mut self.present_zoom, &mut self.audience_scale] {
            if !z.is_finite() || !(1.0..=2.5).contains(z) {
                *z = 1.0;
            }
        }
    }

    /// Puts `path` first in the recent files (absolute), and remembers its
    /// folder for the file dialogs.
    pub fn add_recent(&mut self, path: &Path) {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &abs);
        self.recent.insert(0, abs.clone());
        self.recent.truncate(MAX_RECENT);
        if let Some(dir) = abs.parent() {
            self.last_folder = Some(dir.to_path_buf());
        }
    }

    /// The column choices kept for a plan.
    pub fn columns_for(&self, plan: &Path) -> Option<&PlanColumns> {
        self.plan_columns.iter().find(|p| p.plan == plan)
    }

    /// Keeps a plan's column choices and widths (first, as the plan used
    /// last); true when they changed.
    pub fn set_columns(
        &mut self,
        plan: &Path,
        shown: Vec<String>,
        hidden: Vec<String>,
        widths: std::collections::BTreeMap<String, f32>,
    ) -> bool {
        let entry = PlanColumns {
            plan: plan.to_path_buf(),
            shown,
            hidden,
            widths,
        };
        if self.plan_columns.first() == Some(&entry) {
            return false;
        }
        self.plan_columns.retain(|p| p.plan != plan);
        self.plan_columns.insert(0, entry);
        self.plan_columns.truncate(MAX_PLAN_COLUMNS);
        true
    }

    /// Drops recent files that no longer exist; true when any was dropped.
    pub fn drop_missing(&mut self) -> bool {
        let before = self.recent.len();
        self.recent.retain(|p| p.is_file());
        self.recent.len() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_text_gives_defaults_and_values_are_sanitized() {
        assert_eq!(Preferences::from_text("garbage ((("), Preferences::default());
        assert_eq!(Preferences::from_text(""), Preferences::default());
        let p = Preferences::from_text("(zoom: 99.0, window_size: Some((1.0, 5.0)), recovery_interval_secs: 5)");
        assert_eq!(p.zoom, 1.0);
        assert_eq!(p.window_size, None);
        assert_eq!(p.recovery_interval_secs, 5);
        let nan = Preferences::from_text("(zoom: NaN)");
        assert_eq!(nan.zoom, 1.0);
        let p = Preferences::from_text("(present_zoom: 0.5, audience_scale: 1.75, projector_theme: Dark)");
        assert_eq!(p.present_zoom, 1.0);
        assert_eq!(p.audience_scale, 1.75);
        assert_eq!(p.projector_theme, ProjectorTheme::Dark);
    }

    #[test]
    fn column_choices_are_kept_per_plan_the_last_used_first() {
        let mut p = Preferences::default();
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let none = std::collections::BTreeMap::new;
        assert!(p.set_columns(Path::new("/a.ron"), words(&[]), words(&["Simple/Provider"]), none()));
        assert!(!p.set_columns(Path::new("/a.ron"), words(&[]), words(&["Simple/Provider"]), none()));
        for i in 0..MAX_PLAN_COLUMNS {
            p.set_columns(
                Path::new(&format!("/p{i}.ron")),
                words(&["Simple/Status"]),
                words(&[]),
                none(),
            );
        }
        assert_eq!(p.plan_columns.len(), MAX_PLAN_COLUMNS);
        assert!(p.columns_for(Path::new("/a.ron")).is_none(), "the oldest goes");
        assert_eq!(
            p.columns_for(Path::new("/p3.ron")).unwrap().shown,
            words(&["Simple/Status"])
        );
        assert_eq!(Preferences::from_text(&p.to_text()), p);
        // a hostile entry is dropped
        let long = "x".repeat(50);
        let text = format!("(plan_columns: [(plan: \"/b.ron\", shown: [\"{long}\"])])");
        assert!(Preferences::from_text(&text).plan_columns.is_empty());
    }

    #[test]
    fn column_widths_round_trip_and_older_or_hostile_entries_still_load() {
        let mut p = Preferences::default();
        let widths: std::collections::BTreeMap<String, f32> = [
            ("Schemes/Simple/Name".to_string(), 312.5),
            ("Risks/Title".to_string(), 80.0),
        ]
        .into();
        assert!(p.set_columns(Path::new("/a.ron"), vec![], vec![], widths.clone()));
        let back = Preferences::from_text(&p.to_text());
        assert_eq!(back.columns_for(Path::new("/a.ron")).unwrap().widths, widths);
        // written before widths were kept
        let old = Preferences::from_text("(plan_columns: [(plan: \"/b.ron\", hidden: [\"Simple/Provider\"])])");
        let c = old.columns_for(Path::new("/b.ron")).unwrap();
        assert_eq!(c.hidden, vec!["Simple/Provider".to_string()]);
        assert!(c.widths.is_empty());
        // widths no table can draw are dropped, the others kept
        let bad = Preferences::from_text(
            "(plan_columns: [(plan: \"/c.ron\", widths: {\"Risks/Title\": NaN, \"Risks/Owner\": 1e9, \"Risks/Ref\": 70.0})])",
        );
        let c = bad.columns_for(Path::new("/c.ron")).unwrap();
        assert_eq!(c.widths.len(), 1);
        assert_eq!(c.widths.get("Risks/Ref"), Some(&70.0));
    }

    #[test]
    fn recent_files_keep_ten_most_recent_first() {
        let mut p = Preferences::default();
        for i in 0..12 {
            p.add_recent(Path::new(&format!("/plans/p{i}.ron")));
        }
        p.add_recent(Path::new("/plans/p5.ron"));
        assert_eq!(p.recent.len(), MAX_RECENT);
        assert_eq!(p.recent[0], PathBuf::from("/plans/p5.ron"));
        assert_eq!(p.recent[1], PathBuf::from("/plans/p11.ron"));
        assert_eq!(p.recent.iter().filter(|r| r.ends_with("p5.ron")).count(), 1);
        assert_eq!(p.last_folder, Some(PathBuf::from("/plans")));
        let text = p.to_text();
        assert_eq!(Preferences::from_text(&text), p);
    }
}
