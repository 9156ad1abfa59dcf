//! Opening the window: on a plan (or the bundled sample), or on a
//! recovery copy as a second window; and what draws it.

use super::OpplanApp;
use crate::io;
use crate::ui::command::UiCommand;
use crate::ui::prefs::RendererChoice;
use eframe::Renderer;
use eframe::egui_wgpu::wgpu;
use std::path::PathBuf;

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
fn run_app(mut app: OpplanApp, renderer: Option<RendererChoice>) -> eframe::Result {
    let options = native_options(&app, renderer);
    eframe::run_native(
        "opplan",
        options,
        Box::new(move |cc| {
            app.set_software_renderer(software_renderer(cc));
            Ok(Box::new(app))
        }),
    )
}

/// Opens the window; `renderer` overrides the preferences' choice.
pub fn run(path: Option<PathBuf>, present: bool, renderer: Option<RendererChoice>) -> eframe::Result {
    let named = path.is_some();
    let path = path.unwrap_or_else(crate::io::appdata::default_sample_path);
    let mut app = OpplanApp::open_or_blank(&path);
    if let Some(dir) = io::appdata::data_dir() {
        app.attach_data_dir(dir);
        if named && app.error.is_none() {
            app.add_recent(&path);
        }
    }
    if present {
        app.run(UiCommand::TogglePresentation);
    }
    run_app(app, renderer)
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
