//! The audience window: a second native window (an egui viewport) to drag
//! onto the projector while the facilitator edits on the laptop. It shows
//! the Overview, or a tab the facilitator picks, large, in a projector
//! theme; it is drawn read-only from the plan and what is computed from it
//! (never the main window's widgets), so it never shows a dialog, a menu or
//! a cell being typed in, and it changes in the same frame as the plan.
//!
//! [`audience_view`] draws it into any `Ui` (tests call it directly);
//! [`show_window`] puts it in its own window.

use super::command::{self, Here, UiCommand, Window};
use super::escape;
use super::present::{self, Changes, Highlights, marked};
use super::tabs::overview::{self, Look};
use super::widgets;
use super::{TabCtx, heatmap::HeatMap};
use crate::calc::metrics::{figure_value, format_value, latest_target};
use crate::calc::risks::{ScoreKind, plan_heat_summary, severity_key};
use crate::model::Rag;
use crate::model::money::format_span;
use crate::ui::Tab;
use crate::ui::prefs::ProjectorTheme;
use egui::{Label, RichText, TextStyle, Ui, ViewportBuilder, ViewportClass, ViewportCommand, ViewportId};
use egui_extras::{Column, TableBuilder};

/// What the audience window shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AudienceShows {
    /// Whatever tab the main window shows.
    Follow,
    Tab(Tab),
}

impl Default for AudienceShows {
    fn default() -> Self {
        AudienceShows::Tab(Tab::Overview)
    }
}

impl AudienceShows {
    pub const ALL: [AudienceShows; 8] = [
        AudienceShows::Tab(Tab::Overview),
        AudienceShows::Follow,
        AudienceShows::Tab(Tab::Plan),
        AudienceShows::Tab(Tab::Schemes),
        AudienceShows::Tab(Tab::Finance),
        AudienceShows::Tab(Tab::Metrics),
        AudienceShows::Tab(Tab::Risks),
        AudienceShows::Tab(Tab::SignOffs),
    ];
    pub fn word(self) -> &'static str {
        match self {
            AudienceShows::Follow => "The tab shown here",
            AudienceShows::Tab(t) => t.word(),
        }
    }
}

/// The audience window's state. `changes` (what just changed) is kept here
/// and shared with presentation mode.
pub struct AudienceState {
    pub open: bool,
    pub shows: AudienceShows,
    /// The main window's tab (for [`AudienceShows::Follow`]); the app sets it.
    pub main_tab: Tab,
    /// Text size, 1 = 100% (the projector style's 24-point text).
    pub scale: f32,
    pub theme: ProjectorTheme,
    pub changes: Changes,
    /// The main window's egui time now (the one clock of every window:
    /// this window's own input time starts when it opens).
    pub now: f64,
}

impl Default for AudienceState {
    fn default() -> Self {
        AudienceState {
            open: false,
            shows: AudienceShows::default(),
            main_tab: Tab::Overview,
            scale: 1.0,
            theme: ProjectorTheme::Light,
            changes: Changes::default(),
            now: 0.0,
        }
    }
}

impl AudienceState {
    /// The tab drawn now.
    pub fn tab(&self) -> Tab {
        match self.shows {
            AudienceShows::Follow => self.main_tab,
            AudienceShows::Tab(t) => t,
        }
    }
}

/// The id of the audience window.
pub fn viewport_id() -> ViewportId {
    ViewportId::from_hash_of("opplan_audience_window")
}

/// Shows the audience window while `state.open`; closing it (the window's
/// close button) only sets `state.open` to false. Returns the commands
/// asked for in it (its shortcuts, its close button).
pub fn show_window(ctx: &egui::Context, tab_ctx: &TabCtx, state: &mut AudienceState) -> Vec<UiCommand> {
    let mut asked = Vec::new();
    if !state.open {
        return asked;
    }
    let title = tab_ctx.plan.header.title.trim();
    let builder = ViewportBuilder::default()
        .with_title(format!(
            "{} — opplan audience window",
            if title.is_empty() { "Untitled plan" } else { title }
        ))
        .with_inner_size([1280.0, 720.0])
        .with_min_inner_size([480.0, 320.0]);
    ctx.show_viewport_immediate(viewport_id(), builder, |ui, class| {
        if ui.input(|i| i.viewport().close_requested()) {
            state.open = false;
            return;
        }
        let embedded = class == ViewportClass::EmbeddedWindow;
        if !embedded {
            asked = window_keys(ui);
        } else {
            // no second native window here (tests, some backends): a
            // window inside the main one, with a way to close it
            if ui.button("Close the audience window").clicked() {
                asked.push(UiCommand::ToggleAudience);
            }
            ui.set_min_size(egui::vec2(900.0, 560.0));
        }
        audience_view(ui, tab_ctx, state);
    });
    asked
}

/// Keys in the audience window: its shortcuts from the command table (F11
/// for full screen, Ctrl+plus / minus / 0 for the text size), a double
/// click for full screen, and Escape to leave full screen (see
/// [`super::escape`]).
fn window_keys(ui: &mut Ui) -> Vec<UiCommand> {
    let here = Here {
        window: Window::Audience,
        tab: Tab::Overview,
        typing: false,
        focused: false,
    };
    let mut asked = command::take_shortcuts(ui.ctx(), &here);
    let full = ui.input(|i| i.viewport().fullscreen).unwrap_or(false);
    let dbl = ui.input(|i| i.pointer.button_double_clicked(egui::PointerButton::Primary));
    if dbl {
        asked.push(UiCommand::AudienceFullScreen);
    } else if full && escape::pressed(ui) {
        ui.ctx().send_viewport_cmd(ViewportCommand::Fullscreen(false));
    }
    asked
}

/// Draws the audience view into `ui`: the projector theme at the chosen
/// size (whatever the main window's zoom), the Overview or a tab, read-only,
/// with what just changed highlighted. Its widgets have ids of their own.
pub fn audience_view(ui: &mut Ui, ctx: &TabCtx, state: &mut AudienceState) {
    let zoom = ui.ctx().zoom_factor();
    let mut style = present::projector_style(state.theme, state.scale / zoom);
    present::set_motion(&mut style, state.changes.steady());
    ui.set_style(style);
    let before = widgets::rag_palette(ui.ctx());
    let palette = present::palette(state.theme);
    widgets::set_rag_palette(ui.ctx(), palette);
    let page = palette.page().unwrap_or(egui::Color32::WHITE);
    ui.painter().rect_filled(ui.max_rect(), 0.0, page);
    let now = state.now;
    state.changes.request_repaint(ui.ctx(), now);
    let hl = Highlights {
        changes: &state.changes,
        now,
    };
    let tab = state.tab();
    let margin = TextStyle::Body.resolve(ui.style()).size * 0.8;
    ui.push_id("opplan_audience_view", |ui| {
        egui::Frame::new().inner_margin(margin).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if tab == Tab::Overview {
                let look = Look {
                    present: true,
                    highlights: Some(hl),
                };
                overview::dashboard(ui, ctx, &look, None);
                return;
            }
            heading(ui, ctx, tab, hl);
            match tab {
                Tab::Plan => plan_view(ui, ctx, hl),
                Tab::Schemes => schemes_view(ui, ctx, hl),
                Tab::Finance => crate::ui::tabs::finance::summary_view(ui, ctx),
                Tab::Metrics => metrics_view(ui, ctx, hl),
                Tab::Risks => risks_view(ui, ctx, hl),
                Tab::SignOffs => signoffs_view(ui, ctx, hl),
                Tab::Objectives => super::reading::objectives_view(ui, ctx),
                Tab::Narrative => super::reading::narrative_view(ui, ctx),
                Tab::Overview => {}
            }
        });
    });
    widgets::set_rag_palette(ui.ctx(), before);
}

fn size(ui: &Ui, k: f32) -> f32 {
    TextStyle::Body.resolve(ui.style()).size * k
}

/// The plan's title, the tab, and the plan's RAG.
fn heading(ui: &mut Ui, ctx: &TabCtx, tab: Tab, hl: Highlights) {
    let plan = ctx.plan;
    let s = ctx.summary;
    let title = plan.header.title.trim();
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(if title.is_empty() { "Untitled plan" } else { title })
                .size(size(ui, 1.3))
                .strong(),
        );
        ui.label(RichText::new(format!("· {}", tab.word())).size(size(ui, 1.3)));
        ui.add_space(size(ui, 0.5).round());
        marked(ui, hl.get("overall"), |ui| {
            let chip = size(ui, 1.15);
            widgets::rag_chip_ext(ui, s.overall, &format!("Plan {}", s.overall.word()), false, None, chip);
        });
    });
    ui.add_space(size(ui, 0.4).round());
}

fn plan_view(ui: &mut Ui, ctx: &TabCtx, hl: Highlights) {
    let plan = ctx.plan;
    let h = &plan.header;
    let unit = plan.settings.display_unit;
    let or_dash = |s: &str| {
        if s.trim().is_empty() {
            "–".to_string()
        } else {
            s.trim().to_string()
        }
    };
    let date = |d: &Option<crate::model::DateField>| d.as_ref().map(|d| d.display()).unwrap_or_else(|| "–".into());
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        egui::Grid::new("audience_plan")
            .num_columns(2)
            .spacing([size(ui, 1.0), size(ui, 0.35)])
            .show(ui, |ui| {
                let row = |ui: &mut Ui, k: &str, v: String| {
                    ui.label(RichText::new(k).strong());
                    ui.add(Label::new(v).wrap());
                    ui.end_row();
                };
                row(ui, "Organisation", or_dash(&h.organisation));
                row(ui, "Health and Wellbeing Board", or_dash(&h.hwb));
                row(ui, "Local authority", or_dash(&h.local_authority));
                row(ui, "CCGs", or_dash(&h.ccgs.join(", ")));
                row(ui, "Financial years", or_dash(&h.years.join(", ")));
                row(ui, "Version", or_dash(&h.version));
                ui.label(RichText::new("Status").strong());
                marked(ui, hl.get("plan:status"), |ui| {
                    ui.label(h.status.word());
                });
                ui.end_row();
                row(ui, "Owner", or_dash(&h.owner));
                row(ui, "Agreed at the Health and Wellbeing Board", date(&h.date_agreed_hwb));
                row(ui, "Submitted", date(&h.date_submitted));
            });
        ui.add_space(size(ui, 0.6).round());
        ui.label(
            RichText::new(format!("Pooled budget ({})", unit.label()))
                .size(size(ui, 1.2))
                .strong(),
        );
        egui::Grid::new("audience_budgets")
            .num_columns(4)
            .spacing([size(ui, 1.2), size(ui, 0.35)])
            .show(ui, |ui| {
                for t in ["Year", "Minimum required", "Declared total", "Schemes' total"] {
                    ui.label(RichText::new(t).strong());
                }
                ui.end_row();
                for r in &ctx.summary.finance.reconciliation {
                    ui.label(&r.year);
                    marked(ui, hl.get(&format!("minimum:{}", r.year)), |ui| {
                        ui.label(
                            r.minimum
                                .map(|m| format_span(&m, unit))
                                .unwrap_or_else(|| "not set".into()),
                        );
                    });
                    ui.label(
                        r.declared
                            .map(|m| format_span(&m, unit))
                            .unwrap_or_else(|| "not set".into()),
                    );
                    marked(ui, hl.get(&format!("total:{}", r.year)), |ui| {
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(format_span(&r.total, unit)).strong());
                            widgets::rag_chip_ext(ui, r.rag, r.rag.word(), false, None, size(ui, 1.0));
                        });
                    });
                    ui.end_row();
                }
            });
    });
}

fn schemes_view(ui: &mut Ui, ctx: &TabCtx, hl: Highlights) {
    let u = size(ui, 1.0);
    let plan = ctx.plan;
    let unit = plan.settings.display_unit;
    let years = &plan.header.years;
    let fin = &ctx.summary.finance;
    let row_h = size(ui, 1.55);
    let money_w = size(ui, 6.5);
    let mut table = TableBuilder::new(ui)
        .id_salt("audience_schemes")
        .striped(true)
        .auto_shrink([false, false])
        .column(Column::auto().at_least(u * 2.5))
        .column(Column::remainder().at_least(u * 8.0).clip(true));
    for _ in years {
        table = table.column(Column::exact(money_w));
    }
    table = table.column(Column::auto().at_least(u * 5.0));
    table
        .header(row_h, |mut h| {
            h.col(|ui| {
                ui.strong("Ref");
            });
            h.col(|ui| {
                ui.strong(format!("Scheme ({} schemes, {})", plan.schemes.len(), unit.label()));
            });
            for y in years {
                h.col(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.strong(y);
                    });
                });
            }
            h.col(|ui| {
                ui.strong("Status");
            });
        })
        .body(|body| {
            body.rows(row_h, plan.schemes.len() + 1, |mut row| {
                let i = row.index();
                if i == plan.schemes.len() {
                    row.col(|_| {});
                    row.col(|ui| {
                        ui.strong("Total");
                    });
                    for y in years {
                        row.col(|ui| {
                            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                marked(ui, hl.get(&format!("total:{y}")), |ui| {
                                    ui.strong(format_span(&fin.spend(y), unit));
                                });
                            });
                        });
                    }
                    row.col(|_| {});
                    return;
                }
                let s = &plan.schemes[i];
                row.col(|ui| {
                    ui.label(s.reference.trim());
                });
                row.col(|ui| {
                    ui.add(Label::new(s.name.trim()).truncate());
                });
                for y in years {
                    row.col(|ui| {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            let text = s
                                .year(y)
                                .filter(|sy| !sy.is_empty())
                                .map(|sy| format_span(&sy.total_spend(), unit))
                                .unwrap_or_default();
                            marked(ui, hl.get(&format!("scheme:{}:{y}", s.id)), |ui| {
                                ui.label(text);
                            });
                        });
                    });
                }
                row.col(|ui| {
                    let rag = ctx.summary.scheme_rags.get(i).copied().unwrap_or_default();
                    marked(ui, hl.get(&format!("scheme_rag:{}", s.id)), |ui| {
                        let word = if s.status.trim().is_empty() {
                            "No status"
                        } else {
                            s.status.trim()
                        };
                        widgets::rag_chip_ext(ui, rag, word, false, None, size(ui, 1.0));
                    });
                });
            });
        });
}

fn metrics_view(ui: &mut Ui, ctx: &TabCtx, hl: Highlights) {
    let u = size(ui, 1.0);
    let plan = ctx.plan;
    let s = ctx.summary;
    let row_h = size(ui, 1.6);
    TableBuilder::new(ui)
        .id_salt("audience_metrics")
        .striped(true)
        .auto_shrink([false, false])
        .column(Column::remainder().at_least(u * 10.0).clip(true))
        .column(Column::auto().at_least(u * 5.0))
        .column(Column::auto().at_least(u * 6.0))
        .column(Column::auto().at_least(u * 4.5))
        .column(Column::auto().at_least(u * 4.5))
        .header(row_h, |mut h| {
            for t in ["Metric", "RAG", "Direction", "Target", "Latest"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_h, plan.metrics.len(), |mut row| {
                let i = row.index();
                let m = &plan.metrics[i];
                let r = &s.metric_ratings[i];
                row.col(|ui| {
                    ui.add(Label::new(format!("{}. {}", i + 1, m.name.trim())).truncate());
                });
                row.col(|ui| {
                    marked(ui, hl.get(&format!("metric:{}", m.id)), |ui| {
                        widgets::rag_chip_ext(ui, r.rag, &r.chip_text(), r.overridden.is_some(), None, size(ui, 1.0));
                    });
                });
                row.col(|ui| {
                    marked(ui, hl.get(&format!("metric_travel:{}", m.id)), |ui| {
                        super::tabs::metrics::travel_marker(
                            ui,
                            r.travel,
                            &crate::calc::metrics::explain_travel(m),
                            size(ui, 1.0),
                        );
                    });
                });
                row.col(|ui| {
                    ui.label(
                        latest_target(m)
                            .map(|t| format_value(t, m.unit))
                            .unwrap_or_else(|| "–".into()),
                    );
                });
                row.col(|ui| {
                    let latest = m
                        .periods
                        .iter()
                        .rev()
                        .find_map(|p| figure_value(&p.actual, m.unit).or(figure_value(&p.forecast, m.unit)));
                    ui.label(latest.map(|v| format_value(v, m.unit)).unwrap_or_else(|| "–".into()));
                });
            });
        });
}

fn risks_view(ui: &mut Ui, ctx: &TabCtx, hl: Highlights) {
    let plan = ctx.plan;
    let s = ctx.summary;
    let heat = plan_heat_summary(plan, ScoreKind::Current);
    let width = ui.available_width();
    let map_w = (width * 0.42).min(size(ui, 30.0));
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(map_w);
            HeatMap::new(&heat.counts)
                .name("Audience heat map")
                .fit_width(map_w)
                .min_font(size(ui, 1.0))
                .show(ui);
            if heat.word_only > 0 {
                ui.label(RichText::new(format!("{} rated by word only, not on the map", heat.word_only)).weak());
            }
        });
        ui.add_space(size(ui, 1.0).round());
        ui.vertical(|ui| {
            let mut order: Vec<usize> = (0..plan.risks.len())
                .filter(|&i| s.risk_ratings[i].rag != Rag::NotRated)
                .collect();
            order.sort_by_key(|&i| (std::cmp::Reverse(severity_key(&plan.risks[i], ScoreKind::Current)), i));
            ui.label(RichText::new(format!("Open risks, highest first ({})", order.len())).strong());
            egui::ScrollArea::vertical()
                .id_salt("audience_risks")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for i in order {
                        let r = &plan.risks[i];
                        let rating = &s.risk_ratings[i];
                        let band = rating.band.map(|b| b.word()).unwrap_or("Not rated");
                        ui.horizontal(|ui| {
                            marked(ui, hl.get(&format!("risk:{}", r.id)), |ui| {
                                widgets::rag_chip_ext(ui, rating.rag, band, false, None, size(ui, 1.0));
                            });
                            ui.add(Label::new(format!("{} {}", r.reference.trim(), r.title.trim())).truncate());
                        });
                    }
                });
        });
    });
}

fn signoffs_view(ui: &mut Ui, ctx: &TabCtx, hl: Highlights) {
    let u = size(ui, 1.0);
    let plan = ctx.plan;
    let s = ctx.summary;
    marked(ui, hl.get("signed"), |ui| {
        ui.label(
            RichText::new(format!("{} of {} signed", s.signed_count(), plan.signoffs.len()))
                .size(size(ui, 1.2))
                .strong(),
        );
    });
    let row_h = size(ui, 1.6);
    TableBuilder::new(ui)
        .id_salt("audience_signoffs")
        .striped(true)
        .auto_shrink([false, false])
        .column(Column::remainder().at_least(u * 8.0).clip(true))
        .column(Column::auto().at_least(u * 6.0))
        .column(Column::auto().at_least(u * 6.0))
        .column(Column::auto().at_least(u * 6.0))
        .column(Column::auto().at_least(u * 5.0))
        .header(row_h, |mut h| {
            for t in ["Organisation", "Name", "Position", "State", "Date"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_h, plan.signoffs.len(), |mut row| {
                let i = row.index();
                let so = &plan.signoffs[i];
                let st = &s.signoff_states[i];
                row.col(|ui| {
                    ui.add(Label::new(so.organisation.trim()).truncate());
                });
                row.col(|ui| {
                    ui.add(Label::new(so.name.trim()).truncate());
                });
                row.col(|ui| {
                    ui.add(Label::new(so.position.trim()).truncate());
                });
                row.col(|ui| {
                    marked(ui, hl.get(&format!("signoff:{}", so.id)), |ui| {
                        widgets::rag_chip_ext(ui, st.rag(), st.word(), false, None, size(ui, 1.0));
                    });
                });
                row.col(|ui| {
                    ui.label(so.date.as_ref().map(|d| d.display()).unwrap_or_else(|| "–".into()));
                });
            });
        });
}
