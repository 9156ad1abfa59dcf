//! One module per tab. Each has a `View` (its own window state: selection,
//! filters, sort) and a `show` that draws it from a [`TabCtx`] and pushes
//! [`Commands`].

pub mod finance;
pub mod metrics;
pub mod milestones;
pub mod narrative;
pub mod objectives;
pub mod overview;
pub mod plan;
pub mod risks;
pub mod schemes;
pub mod signoffs;

use super::{Commands, TabCtx};
use crate::model::money::MoneyUnit;
use crate::model::{Plan, PlanEdit, Settings};
use crate::ui::Tab;
use crate::ui::command::UiCommand;
use egui::Ui;

/// Shows and reads money in `unit` (the Schemes tab's and the Plan tab's
/// choice).
pub fn set_unit(plan: &Plan, unit: MoneyUnit) -> PlanEdit {
    PlanEdit::SetSettings(Box::new(Settings {
        display_unit: unit,
        ..plan.settings.clone()
    }))
}

/// The window state of every tab.
#[derive(Default)]
pub struct TabViews {
    pub overview: overview::View,
    pub plan: plan::View,
    pub schemes: schemes::View,
    pub finance: finance::View,
    pub metrics: metrics::View,
    pub risks: risks::View,
    pub signoffs: signoffs::View,
    pub objectives: objectives::View,
    pub narrative: narrative::View,
    /// The column widths the user dragged in this plan's tables (see
    /// [`crate::ui::grid::widths`]).
    pub widths: crate::ui::grid::widths::Widths,
}

/// Draws one tab.
pub fn show(ui: &mut Ui, tab: Tab, ctx: &TabCtx, views: &mut TabViews, cmds: &mut Commands) {
    crate::ui::grid::widths::lend(ui.ctx(), &mut views.widths);
    show_tab(ui, tab, ctx, views, cmds);
    crate::ui::grid::widths::take_back(ui.ctx(), &mut views.widths);
}

fn show_tab(ui: &mut Ui, tab: Tab, ctx: &TabCtx, views: &mut TabViews, cmds: &mut Commands) {
    match tab {
        Tab::Overview => overview::show(ui, ctx, &mut views.overview, cmds),
        Tab::Plan => plan::show(ui, ctx, &mut views.plan, cmds),
        Tab::Schemes => schemes::show(ui, ctx, &mut views.schemes, cmds),
        Tab::Finance => finance::show(ui, ctx, &mut views.finance, cmds),
        Tab::Metrics => metrics::show(ui, ctx, &mut views.metrics, cmds),
        Tab::Risks => risks::show(ui, ctx, &mut views.risks, cmds),
        Tab::SignOffs => signoffs::show(ui, ctx, &mut views.signoffs, cmds),
        Tab::Objectives => objectives::show(ui, ctx, &mut views.objectives, cmds),
        Tab::Narrative => narrative::show(ui, ctx, &mut views.narrative, cmds),
    }
}

/// Runs an action of a tab's table from the command table (a shortcut,
/// the palette, a toolbar button): on the rows the tab shows.
pub fn run_command(c: UiCommand, ctx: &TabCtx, views: &mut TabViews, cmds: &mut Commands) {
    match c {
        UiCommand::AddScheme
        | UiCommand::DuplicateScheme
        | UiCommand::DeleteScheme
        | UiCommand::MoveSchemeUp
        | UiCommand::MoveSchemeDown
        | UiCommand::FillDown
        | UiCommand::FocusTable => schemes::run_command(c, ctx.plan, &mut views.schemes, cmds),
        UiCommand::PreviousMetric | UiCommand::NextMetric => metrics::run_command(c, ctx, &mut views.metrics),
        _ => {}
    }
}
