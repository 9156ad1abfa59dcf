//! `opplan`: opens the window, or runs a headless subcommand.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = opplan::cli::Cli::parse();
    if let Some(code) = opplan::cli::run(&cli) {
        return code;
    }
    let result = match cli.recovered {
        Some(copy) => opplan::ui::app::run_recovered(copy),
        None => opplan::ui::app::run(cli.plan, cli.present),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("opplan: could not open the window: {e}");
            ExitCode::from(2)
        }
    }
}
