//! The floor of `tools/softperf`: the smallest eframe window that does what
//! the measured interactions do (a 30×8 grid of buttons to hover and click,
//! one right-aligned field to type into, like a money cell), with eframe's
//! defaults, the same renderers and the same window size as opplan. What
//! opplan costs beyond this is opplan's own.
//!
//! ```sh
//! cargo run --release --example floor -- --renderer glow   # or wgpu
//! ```

use eframe::egui;

fn main() -> eframe::Result {
    let renderer = match std::env::args().skip_while(|a| a != "--renderer").nth(1).as_deref() {
        Some("glow") => eframe::Renderer::Glow,
        Some("wgpu") | None => eframe::Renderer::Wgpu,
        Some(other) => {
            eprintln!("floor: unknown renderer {other:?} (glow or wgpu)");
            std::process::exit(2);
        }
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("floor")
            .with_inner_size([1600.0, 1000.0]),
        renderer,
        ..Default::default()
    };
    eframe::run_native("floor", options, Box::new(|_cc| Ok(Box::<Floor>::default())))
}

#[derive(Default)]
struct Floor {
    text: String,
    clicks: u32,
}

impl eframe::App for Floor {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label("Amount");
                ui.add(
                    egui::TextEdit::singleline(&mut self.text)
                        .desired_width(200.0)
                        .align(egui::Align2::RIGHT_CENTER),
                );
                ui.label(format!("{} clicks", self.clicks));
            });
            egui::Grid::new("grid").show(ui, |ui| {
                for row in 0..30 {
                    for col in 0..8 {
                        if ui.button(format!("Button {row}.{col}")).clicked() {
                            self.clicks += 1;
                        }
                    }
                    ui.end_row();
                }
            });
        });
    }
}
