//! Opening the window: on a plan (or the bundled sample), or on a
//! recovery copy as a second window; what draws it; and the files dropped
//! on it.

use super::OpplanApp;
use crate::io;
use crate::ui::command::UiCommand;
use crate::ui::prefs::RendererChoice;
use crate::ui::{Command, Commands};
use eframe::Renderer;
use eframe::egui_wgpu::wgpu;
use std::path::{Path, PathBuf};

/// The systems that decide the renderer differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// DirectX 12 everywhere, even without a GPU (WARP, the "Microsoft
    /// Basic Render Driver" of remote sessions), where OpenGL may be 1.1.
    Windows,
    /// Metal everywhere.
    MacOs,
    /// Linux and the BSDs: Vulkan where there is a GPU driver, else Mesa's
    /// OpenGL in software (llvmpipe).
    Unix,
}

impl Platform {
    pub fn this() -> Platform {
        if cfg!(windows) {
            Platform::Windows
        } else if cfg!(target_os = "macos") {
            Platform::MacOs
        } else {
            Platform::Unix
        }
    }
}

/// What draws the window: the choice of the command line (`--renderer`),
/// else of the preferences; `Auto` is wgpu on Windows and macOS, and on
/// Linux wgpu when `hardware_adapter` finds a GPU, glow (OpenGL) when not:
/// on a software renderer glow draws a frame for a fraction of wgpu's CPU
/// (see the README's Performance section).
pub fn pick_renderer(
    flag: Option<RendererChoice>,
    pref: RendererChoice,
    platform: Platform,
    hardware_adapter: impl FnOnce() -> bool,
) -> Renderer {
    match flag.unwrap_or(pref) {
        RendererChoice::Glow => Renderer::Glow,
        RendererChoice::Wgpu => Renderer::Wgpu,
        RendererChoice::Auto => match platform {
            Platform::Windows | Platform::MacOs => Renderer::Wgpu,
            Platform::Unix if hardware_adapter() => Renderer::Wgpu,
            Platform::Unix => Renderer::Glow,
        },
    }
}

/// True when a Vulkan adapter of a GPU is there (not lavapipe, not none).
fn vulkan_gpu_found() -> bool {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor {
        backends: wgpu::Backends::VULKAN,
        ..wgpu::InstanceDescriptor::new_without_display_handle_from_env()
    });
    let adapters = ready(instance.enumerate_adapters(wgpu::Backends::VULKAN)).unwrap_or_default();
    adapters.iter().any(|a| {
        matches!(
            a.get_info().device_type,
            wgpu::DeviceType::DiscreteGpu | wgpu::DeviceType::IntegratedGpu | wgpu::DeviceType::VirtualGpu
        )
    })
}

/// The value of a future that is ready at once (wgpu's native calls are);
/// `None` when it is not.
fn ready<T>(f: impl Future<Output = T>) -> Option<T> {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => Some(v),
        std::task::Poll::Pending => None,
    }
}

/// True when the window is drawn by a software rasterizer (llvmpipe,
/// lavapipe, SwiftShader, WARP), from what the renderer says it runs on.
pub fn software_renderer(cc: &eframe::CreationContext<'_>) -> bool {
    if let Some(rs) = &cc.wgpu_render_state {
        return rs.adapter.get_info().device_type == wgpu::DeviceType::Cpu;
    }
    if let Some(gl) = &cc.gl {
        use eframe::glow::HasContext;
        // SAFETY: RENDERER is a string every OpenGL context answers; the
        // context is current while the app is created.
        let name = unsafe { gl.get_parameter_string(eframe::glow::RENDERER) };
        return is_software_gl(&name);
    }
    false
}

/// An OpenGL renderer string that names a software rasterizer.
pub fn is_software_gl(renderer: &str) -> bool {
    let r = renderer.to_lowercase();
    [
        "llvmpipe",
        "softpipe",
        "swrast",
        "swiftshader",
        "gdi generic",
        "mesa offscreen",
    ]
    .iter()
    .any(|s| r.contains(s))
}

fn native_options(app: &OpplanApp, renderer: Option<RendererChoice>) -> eframe::NativeOptions {
    let size = app.prefs.prefs.window_size.unwrap_or([1400.0, 900.0]);
    let renderer = pick_renderer(renderer, app.prefs.prefs.renderer, Platform::this(), vulkan_gpu_found);
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(app.title())
            .with_inner_size(size)
            .with_maximized(app.prefs.prefs.maximized)
            .with_min_inner_size([800.0, 500.0]),
        renderer,
        ..Default::default()
    }
}

/// Starts the event loop with `app`, once the renderer says whether it
/// draws in software.
///
/// eframe runs on our own event loop, behind [`super::pointer::QuietPointer`],
/// which holds back pointer moves that change nothing on screen.
fn run_app(mut app: OpplanApp, renderer: Option<RendererChoice>) -> eframe::Result {
    let options = native_options(&app, renderer);
    let event_loop = winit::event_loop::EventLoop::<eframe::UserEvent>::with_user_event().build()?;
    let ctx = std::rc::Rc::new(std::cell::OnceCell::new());
    let made = ctx.clone();
    let inner = eframe::create_native(
        "opplan",
        options,
        Box::new(move |cc| {
            let _ = made.set(cc.egui_ctx.clone());
            super::pointer::watch_requests(&cc.egui_ctx);
            app.set_software_renderer(software_renderer(cc));
            Ok(Box::new(app))
        }),
        &event_loop,
    );
    let mut handler = super::pointer::QuietPointer::new(inner, ctx);
    event_loop.run_app(&mut handler)?;
    Ok(())
}

/// Opens the window; `renderer` overrides the preferences' choice.
pub fn run(path: Option<PathBuf>, present: bool, renderer: Option<RendererChoice>) -> eframe::Result {
    run_app(OpplanApp::launch(path, present, io::appdata::data_dir()), renderer)
}

impl OpplanApp {
    /// The app as `opplan [PLAN]` opens it: on `path` (or the bundled
    /// sample), with the preferences, recent files and recovery copies of
    /// the data folder `data_dir`.
    ///
    /// Every launch is a window of its own, a process of its own: a second
    /// `opplan OTHER.ron` while a window is open opens OTHER.ron in a new
    /// window, and nothing here waits for or talks to the first. The same
    /// plan opened in two windows stays safe: each save holds the plan's
    /// lock (`io::FileLock`) and first checks that the file on disk is the
    /// one this window opened or saved, asking before overwriting what the
    /// other window saved; each window writes its recovery copy to a slot
    /// of its own, and a window never offers another running window's copy.
    pub fn launch(path: Option<PathBuf>, present: bool, data_dir: Option<PathBuf>) -> OpplanApp {
        let named = path.is_some();
        let path = path.unwrap_or_else(crate::io::appdata::default_sample_path);
        let mut app = OpplanApp::open_or_blank(&path);
        if let Some(dir) = data_dir {
            app.attach_data_dir(dir);
            if named && app.error.is_none() {
                app.add_recent(&path);
            }
        }
        if present {
            app.run(UiCommand::TogglePresentation);
        }
        app
    }

    /// Files dropped on the window this frame: a plan opens (asking first
    /// when there are unsaved changes); anything else is refused with a
    /// notification that says why and what to do instead.
    pub(super) fn take_dropped_files(&mut self, ctx: &egui::Context, cmds: &mut Commands) {
        let paths: Vec<PathBuf> = ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        let Some(what) = dropped(&paths) else { return };
        let refused = if self.locked {
            Some("The plan is locked: unlock it to open another plan, then drop the file again.".to_string())
        } else if self.dialog_open() {
            Some("A dialog is open: close it, then drop the file again.".to_string())
        } else {
            None
        };
        match (what, refused) {
            (Dropped::Open(p), None) => cmds.push(Command::OpenPath(p)),
            (Dropped::Open(p), Some(why)) => self.notify_failed(format!("{} was not opened. {why}", file_name(&p))),
            (Dropped::Refused(why), _) => self.notify_failed(why),
        }
    }
}

impl OpplanApp {
    /// While files are dragged over the window: what dropping them there
    /// would do, in the middle of the window.
    pub(super) fn drop_hint(&self, ctx: &egui::Context) {
        let hovered: Vec<Option<PathBuf>> = ctx.input(|i| i.raw.hovered_files.iter().map(|f| f.path.clone()).collect());
        if hovered.is_empty() {
            return;
        }
        // some systems say what is dragged only once it is dropped
        let paths: Option<Vec<PathBuf>> = hovered.into_iter().collect();
        let text = match paths.as_deref().and_then(dropped) {
            Some(Dropped::Open(p)) if !self.locked => format!("Drop to open {}", file_name(&p)),
            Some(Dropped::Open(_)) => "The plan is locked: unlock it to open another plan.".to_string(),
            Some(Dropped::Refused(why)) => why,
            None => "Drop a plan file to open it.".to_string(),
        };
        egui::Area::new(egui::Id::unique("opplan_drop_hint"))
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .order(egui::Order::Foreground)
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style())
                    .inner_margin(egui::Margin::same(16))
                    .show(ui, |ui| {
                        ui.set_max_width(480.0);
                        ui.add(egui::Label::new(egui::RichText::new(text).heading()).wrap());
                    });
            });
    }
}

/// What dropping files on the window does.
#[derive(Debug, PartialEq, Eq)]
pub enum Dropped {
    /// Open this file as the plan (a file that is not one is refused when
    /// read, with the reason, and the open plan stays).
    Open(PathBuf),
    /// Nothing opens: why, in a sentence.
    Refused(String),
}

/// What dropping `paths` on the window does (`None`: nothing was dropped).
/// One plan opens; a CSV file or a spreadsheet is refused with the Data
/// menu's way to import it (which table it goes into is the user's choice,
/// never guessed); several files are refused (one plan a window).
pub fn dropped(paths: &[PathBuf]) -> Option<Dropped> {
    let path = match paths {
        [] => return None,
        [one] => one,
        many => {
            return Some(Dropped::Refused(format!(
                "{} files were dropped on the window, so none was opened: a window holds one plan. Drop one plan \
                 file at a time.",
                many.len()
            )));
        }
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = file_name(path);
    let refused = match ext.as_str() {
        "csv" | "tsv" => format!(
            "{name} is a CSV file, not a plan, so it was not opened. To bring its rows into this plan, use Data › \
             Import CSV into and pick the table."
        ),
        "xlsx" | "xlsm" => format!(
            "{name} is an Excel workbook, not a plan, so it was not opened. To bring its rows into this plan, use \
             Data › Import from Excel into and pick the table."
        ),
        "xls" | "ods" => format!(
            "{name} is a spreadsheet, not a plan, so it was not opened. Save it as an Excel workbook (.xlsx) in \
             your spreadsheet program, then use Data › Import from Excel into."
        ),
        _ => return Some(Dropped::Open(path.clone())),
    };
    Some(Dropped::Refused(refused))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Opens the window on a recovery copy, as a new unsaved plan (the second
/// window of "Open side by side").
pub fn run_recovered(copy: PathBuf, renderer: Option<RendererChoice>) -> eframe::Result {
    let mut app = OpplanApp::open_recovered(&copy);
    if let Some(dir) = io::appdata::data_dir() {
        app.attach_data_dir(dir);
        // the first window is answering the other copies
        app.recovery.offers.clear();
    }
    run_app(app, renderer)
}
