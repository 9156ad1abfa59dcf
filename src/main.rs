//! `opplan`: opens the window, or runs a headless subcommand.
//!
//! On Windows the program is a window program (no console window opens
//! beside it when it is started from the Start menu or a plan file); the
//! subcommands still print to the console they were typed in, which the
//! program attaches to before anything is printed (see docs/windows.md).

#![windows_subsystem = "windows"]

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    #[cfg(windows)]
    attach_parent_console();
    let cli = opplan::cli::Cli::parse();
    if let Some(code) = opplan::cli::run(&cli) {
        return code;
    }
    let result = match cli.recovered {
        Some(copy) => opplan::ui::app::run_recovered(copy, cli.renderer),
        None => opplan::ui::app::run(cli.plan, cli.present, cli.renderer),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("opplan: could not open the window: {e}");
            ExitCode::from(2)
        }
    }
}

/// Attaches to the console of the program that started opplan (a Command
/// Prompt or PowerShell), so `opplan summary`, `--help` and error
/// messages print there. Started from Explorer or the Start menu there is
/// none, and nothing changes.
#[cfg(windows)]
fn attach_parent_console() {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn AttachConsole(process_id: u32) -> i32;
    }
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;
    // SAFETY: AttachConsole takes a process id by value and touches none of
    // our memory; when it fails (no parent console) nothing has changed.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}
