//! `opplan`: opens the window, or runs a headless subcommand.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = opplan::cli::Cli::parse();
    if let Some(code) = opplan::cli::run(&cli) {
        return code;
    }
    match opplan::ui::app::run(cli.plan, cli.present) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("opplan: could not open the window: {e}");
            ExitCode::from(2)
        }
    }
}
