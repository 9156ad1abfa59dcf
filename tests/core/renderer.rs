//! What draws the window: the renderer picked at start-up, the preference
//! and the `--renderer` flag that override it.

use clap::Parser;
use opplan::cli::Cli;
use opplan::ui::app::{Platform, is_software_gl, pick_renderer};
use opplan::ui::prefs::{Preferences, RendererChoice};

#[test]
fn auto_picks_glow_on_linux_without_a_gpu_and_wgpu_with_one() {
    use eframe::Renderer::{Glow, Wgpu};
    let auto = RendererChoice::Auto;
    assert_eq!(pick_renderer(None, auto, Platform::Unix, || false), Glow);
    assert_eq!(pick_renderer(None, auto, Platform::Unix, || true), Wgpu);
    // Windows draws with DirectX 12 even without a GPU (WARP); macOS with
    // Metal: no adapter is looked for
    let never = || -> bool { panic!("no adapter is looked for") };
    assert_eq!(pick_renderer(None, auto, Platform::Windows, never), Wgpu);
    assert_eq!(pick_renderer(None, auto, Platform::MacOs, never), Wgpu);
}

#[test]
fn the_preference_and_the_flag_override_the_automatic_choice() {
    use eframe::Renderer::{Glow, Wgpu};
    let never = || -> bool { panic!("no adapter is looked for when the choice is made") };
    // the preference
    assert_eq!(pick_renderer(None, RendererChoice::Wgpu, Platform::Unix, never), Wgpu);
    assert_eq!(
        pick_renderer(None, RendererChoice::Glow, Platform::Windows, never),
        Glow
    );
    // the flag wins over the preference
    assert_eq!(
        pick_renderer(Some(RendererChoice::Glow), RendererChoice::Wgpu, Platform::Unix, never),
        Glow
    );
    assert_eq!(
        pick_renderer(Some(RendererChoice::Wgpu), RendererChoice::Glow, Platform::Unix, never),
        Wgpu
    );
    // --renderer auto gives the choice back to the machine
    assert_eq!(
        pick_renderer(Some(RendererChoice::Auto), RendererChoice::Wgpu, Platform::Unix, || {
            false
        }),
        Glow
    );
}

#[test]
fn the_flag_reads_glow_wgpu_or_auto() {
    let cli = Cli::try_parse_from(["opplan", "--renderer", "glow", "plan.ron"]).unwrap();
    assert_eq!(cli.renderer, Some(RendererChoice::Glow));
    let cli = Cli::try_parse_from(["opplan", "--renderer", "wgpu"]).unwrap();
    assert_eq!(cli.renderer, Some(RendererChoice::Wgpu));
    let cli = Cli::try_parse_from(["opplan", "--renderer", "auto"]).unwrap();
    assert_eq!(cli.renderer, Some(RendererChoice::Auto));
    assert_eq!(Cli::try_parse_from(["opplan"]).unwrap().renderer, None);
    let err = Cli::try_parse_from(["opplan", "--renderer", "vulkan"]).unwrap_err();
    assert!(err.to_string().contains("glow"), "{err}");
}

#[test]
fn the_preferences_keep_the_renderer_and_reduce_motion() {
    let p = Preferences::default();
    assert_eq!(p.renderer, RendererChoice::Auto);
    assert_eq!(p.reduce_motion, None, "reduce motion follows the renderer unless set");
    let p = Preferences::from_text("(renderer: Glow, reduce_motion: Some(false))");
    assert_eq!(p.renderer, RendererChoice::Glow);
    assert_eq!(p.reduce_motion, Some(false));
    assert_eq!(Preferences::from_text(&p.to_text()), p);
    // a file written before these settings existed
    let old = Preferences::from_text("(zoom: 1.5)");
    assert_eq!(old.renderer, RendererChoice::Auto);
    assert_eq!(old.reduce_motion, None);
}

#[test]
fn software_opengl_renderers_are_recognised() {
    assert!(is_software_gl("llvmpipe (LLVM 15.0.6, 256 bits)"));
    assert!(is_software_gl("GDI Generic"));
    assert!(is_software_gl("Google SwiftShader"));
    assert!(!is_software_gl("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
    assert!(!is_software_gl("NVIDIA GeForce GTX 1650/PCIe/SSE2"));
}
