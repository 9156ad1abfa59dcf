//! Runs the command line (`opplan::cli::run`, what the `opplan` binary runs)
//! in a child process: the test binary runs itself with `cli_child`. This
//! checks exit codes, stderr and hangs without depending on
//! `target/debug/opplan`, which other checkouts sharing a target folder may
//! overwrite.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const ARGS_ENV: &str = "OPPLAN_TEST_CLI_ARGS";

/// The child side; call it from a `#[test] fn cli_child()`. Does nothing
/// unless the parent asked for it.
pub fn cli_child() {
    use clap::Parser;
    let Some(args) = std::env::var_os(ARGS_ENV) else { return };
    let args = args.into_string().expect("UTF-8 arguments");
    let argv = std::iter::once("opplan").chain(args.split('\u{1f}'));
    let cli = opplan::cli::Cli::parse_from(argv);
    let code = opplan::cli::run(&cli).expect("a subcommand");
    for c in 0..=2u8 {
        if code == ExitCode::from(c) {
            std::process::exit(c as i32);
        }
    }
    std::process::exit(99);
}

/// The command that runs opplan's command line with `args`.
pub fn cli_command(args: &[&OsStr]) -> Command {
    let joined: Vec<&str> = args.iter().map(|a| a.to_str().expect("UTF-8 arguments")).collect();
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args(["cli_child", "--exact", "--nocapture", "--test-threads=1", "-q"])
        .env(ARGS_ENV, joined.join("\u{1f}"))
        .env("RUST_BACKTRACE", "0");
    c
}

/// The plan files (`.ron`) named among `args` (also as `--flag=PATH`),
/// each with what its metadata says before the command runs.
fn plans_named<'a>(args: impl IntoIterator<Item = &'a OsStr>) -> Vec<(PathBuf, Option<(u64, std::time::SystemTime)>)> {
    let stamp = |p: &PathBuf| {
        std::fs::metadata(p)
            .ok()
            .and_then(|m| Some((m.len(), m.modified().ok()?)))
    };
    args.into_iter()
        .filter_map(|a| a.to_str())
        .flat_map(|a| a.split('\u{1f}'))
        .map(|a| a.rsplit_once('=').map_or(a, |(_, v)| v))
        .filter(|a| a.ends_with(".ron"))
        .map(|a| {
            let p = PathBuf::from(a);
            let s = stamp(&p);
            (p, s)
        })
        .collect()
}

/// What opplan writes, opplan reads: every plan file named on the command
/// line that the command created or changed opens again with the loader
/// (checked after every command line a test runs).
fn assert_written_plans_open(named: Vec<(PathBuf, Option<(u64, std::time::SystemTime)>)>, what: &dyn std::fmt::Debug) {
    for (path, before) in named {
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        if !meta.is_file() || before == meta.modified().ok().map(|t| (meta.len(), t)) {
            continue;
        }
        if let Err(e) = opplan::io::load_path(&path) {
            panic!("{what:?} wrote {} and the loader refuses it: {e}", path.display());
        }
    }
}

/// How long a command line may take before it counts as hung.
const HANG: Duration = Duration::from_secs(60);

/// Runs it with a time limit (a hang fails the test): exit code, stderr.
/// Every plan file it wrote must open again.
pub fn run_cli(command: Command) -> (Option<i32>, String) {
    run_cli_within(command, HANG)
}

/// The same for a command that works on a plan near the 50 MB cap, which
/// a debug build on a loaded machine may take minutes over.
pub fn run_cli_on_a_huge_plan(command: Command) -> (Option<i32>, String) {
    run_cli_within(command, HANG * 5)
}

fn run_cli_within(mut command: Command, limit: Duration) -> (Option<i32>, String) {
    let named = plans_named(
        command.get_args().chain(
            command
                .get_envs()
                .filter(|(k, _)| *k == ARGS_ENV)
                .filter_map(|(_, v)| v),
        ),
    );
    let result = run_cli_unchecked(&mut command, limit);
    assert_written_plans_open(named, &command);
    result
}

fn run_cli_unchecked(command: &mut Command, limit: Duration) -> (Option<i32>, String) {
    let mut child = command.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        use std::io::Read;
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status.code(), reader.join().unwrap());
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("the command line hung: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The same, as the unprivileged user `nobody` (when this process is root
/// and `setpriv` exists); `None` when that is not possible.
pub fn run_cli_as_nobody(args: &[&OsStr]) -> Option<(Option<i32>, String)> {
    let inner = cli_command(args);
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(inner.get_program())
        .args(inner.get_args());
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    let (code, stderr) = run_cli(c);
    if stderr.contains("setpriv:") {
        return None;
    }
    Some((code, stderr))
}

/// Runs the `opplan` binary with `args` and `OPPLAN_TODAY=2015-01-20`, and
/// waits for it. Every plan file it wrote must open again.
pub fn opplan(args: &[&str]) -> std::process::Output {
    opplan_on("2015-01-20", args)
}

/// The same with `OPPLAN_TODAY=today`.
pub fn opplan_on(today: &str, args: &[&str]) -> std::process::Output {
    let named = plans_named(args.iter().map(OsStr::new));
    let out = Command::new(env!("CARGO_BIN_EXE_opplan"))
        .args(args)
        .env("OPPLAN_TODAY", today)
        .output()
        .expect("the binary runs");
    assert_written_plans_open(named, &args);
    out
}

/// Runs child processes at once; their exit codes and stderr, failing the
/// test if one hangs.
pub fn run_together(commands: Vec<Command>) -> Vec<(Option<i32>, String)> {
    let children: Vec<Child> = commands
        .into_iter()
        .map(|mut c| c.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap())
        .collect();
    let start = Instant::now();
    children
        .into_iter()
        .map(|mut child| {
            let mut stderr = child.stderr.take().unwrap();
            let reader = std::thread::spawn(move || {
                let mut s = String::new();
                use std::io::Read;
                let _ = stderr.read_to_string(&mut s);
                s
            });
            loop {
                if let Some(status) = child.try_wait().unwrap() {
                    return (status.code(), reader.join().unwrap());
                }
                if start.elapsed() > Duration::from_secs(120) {
                    let _ = child.kill();
                    panic!("a command hung");
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        })
        .collect()
}
