//! Atomic saving: save then load is exact; `.bak` holds the previous
//! version; a failure or a crash at any step of the save leaves the file on
//! disk whole; a process killed while saving never leaves a damaged plan;
//! changes made on disk by someone else are noticed.

use crate::common;

use opplan::io::{self, DiskState, SaveStep};
use opplan::model::Plan;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

fn kent() -> Plan {
    io::load_path(&sample("kent-bcf-2015-16.ron")).unwrap()
}

fn version(n: usize) -> Plan {
    let mut p = kent();
    p.header.title = format!("Version {n}");
    // versions differ in length too, so a torn write would show
    p.header.notes = "n".repeat(n * 997 % 5000);
    p
}

/// Hidden temporary files left in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && (n.ends_with(".tmp") || n.ends_with(".baktmp")))
        .collect()
}

#[test]
fn save_then_load_is_exact_for_both_samples() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["kent-bcf-2015-16.ron", "south-kent-coast-2015-16.ron"] {
        let plan = io::load_path(&sample(name)).unwrap();
        let path = dir.path().join(name);
        io::save_path(&plan, &path).unwrap();
        assert_eq!(io::load_path(&path).unwrap(), plan, "{name}");
        // the samples are stored in canonical form
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            std::fs::read_to_string(sample(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn bak_holds_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    io::save_path(&version(1), &path).unwrap();
    assert!(!io::backup_path(&path).exists(), "no .bak for a new file");
    io::save_path(&version(2), &path).unwrap();
    assert_eq!(io::load_path(&io::backup_path(&path)).unwrap(), version(1));
    io::save_path(&version(3), &path).unwrap();
    assert_eq!(io::load_path(&path).unwrap(), version(3));
    assert_eq!(io::load_path(&io::backup_path(&path)).unwrap(), version(2));
    assert!(temporaries(dir.path()).is_empty());
    assert_eq!(io::backup_path(&path).file_name().unwrap(), "plan.ron.bak");
}

#[test]
fn a_failure_at_any_step_leaves_the_file_and_bak_as_they_were() {
    for step in SaveStep::ALL {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        io::save_path(&version(1), &path).unwrap();
        io::save_path(&version(2), &path).unwrap();
        let before = std::fs::read(&path).unwrap();
        let bak_before = std::fs::read(io::backup_path(&path)).unwrap();
        let text = io::to_ron_string(&version(3));
        let result = io::save_text_with_hook(&text, &path, &mut |s| {
            if s == step {
                Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full"))
            } else {
                Ok(())
            }
        });
        if step == SaveStep::SyncFolder {
            // the file is saved by then; a folder that cannot be synced is
            // not an error
            result.expect("saved");
            assert_eq!(io::load_path(&path).unwrap(), version(3));
            assert_eq!(std::fs::read(io::backup_path(&path)).unwrap(), before);
            continue;
        }
        let err = result.expect_err(&format!("{step:?}"));
        assert_eq!(err.reason, "the disk is full", "{step:?}");
        assert!(err.to_string().contains("The file on disk has not been changed"));
        assert_eq!(std::fs::read(&path).unwrap(), before, "{step:?}: the file is untouched");
        let bak_now = std::fs::read(io::backup_path(&path)).unwrap();
        if step == SaveStep::Rename {
            // the backup was refreshed (to the file as it still is) before
            // the rename failed
            assert_eq!(bak_now, before, "{step:?}");
        } else {
            assert_eq!(bak_now, bak_before, "{step:?}: .bak untouched");
        }
        assert!(
            temporaries(dir.path()).is_empty(),
            "{step:?}: {:?}",
            temporaries(dir.path())
        );
    }
}

#[test]
fn a_crash_at_any_step_leaves_a_whole_plan() {
    // a panic in the hook stops the save where it is, with no clean-up:
    // what a killed process leaves behind
    for step in SaveStep::ALL {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        io::save_path(&version(1), &path).unwrap();
        io::save_path(&version(2), &path).unwrap();
        let text = io::to_ron_string(&version(3));
        let p = path.clone();
        let crashed = std::panic::catch_unwind(move || {
            let _ = io::save_text_with_hook(&text, &p, &mut |s| {
                if s == step {
                    panic!("crash at {s:?}");
                }
                Ok(())
            });
        });
        assert!(crashed.is_err());
        let now = io::load_path(&path).expect("the plan loads");
        assert!(
            now == version(2) || (step == SaveStep::SyncFolder && now == version(3)),
            "{step:?}"
        );
        let bak = io::load_path(&io::backup_path(&path)).expect("the .bak loads");
        assert!(bak == version(1) || bak == version(2), "{step:?}");
        // the next save works and leaves the right file
        io::save_path(&version(4), &path).unwrap();
        assert_eq!(io::load_path(&path).unwrap(), version(4));
    }
}

#[test]
fn saving_into_a_missing_folder_or_onto_a_folder_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let err = io::save_path(&kent(), &dir.path().join("gone").join("plan.ron")).unwrap_err();
    assert!(err.reason.contains("does not exist"), "{err}");
    let folder = dir.path().join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    let err = io::save_path(&kent(), &folder).unwrap_err();
    assert_eq!(err.reason, "that is a folder");
    assert!(folder.is_dir());
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn set_mode(p: &Path, m: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_save_keeps_permissions_and_writes_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.ron");
    io::save_path(&version(1), &real).unwrap();
    set_mode(&real, 0o640);
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    io::save_path(&version(2), &link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(),
        "the link stays a link"
    );
    assert_eq!(io::load_path(&real).unwrap(), version(2));
    assert_eq!(io::load_path(&io::backup_path(&real)).unwrap(), version(1));
    assert_eq!(mode(&real), 0o640);
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_fails_and_leaves_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("plan.ron");
    io::save_path(&version(1), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    set_mode(&folder, 0o555);
    let probe_ok = std::fs::write(folder.join("probe"), "x").is_ok();
    if !probe_ok {
        let err = io::save_path(&version(2), &path).unwrap_err();
        assert!(err.reason.contains("permission denied"), "{err}");
    } else {
        // root writes anywhere: run `opplan fmt` as `nobody` instead
        std::fs::remove_file(folder.join("probe")).unwrap();
        set_mode(dir.path(), 0o755);
        std::fs::write(&path, io::to_ron_string(&version(2)).replace("    ", "  ")).unwrap();
        let messy = std::fs::read(&path).unwrap();
        match common::run_cli_as_nobody(&[std::ffi::OsStr::new("fmt"), path.as_os_str()]) {
            Some((code, stderr)) => {
                assert_eq!(code, Some(2), "{stderr}");
                assert!(stderr.contains("permission denied"), "{stderr}");
                assert!(stderr.contains("The file on disk has not been changed"), "{stderr}");
                assert_eq!(std::fs::read(&path).unwrap(), messy);
            }
            None => eprintln!("note: running as root without setpriv; the read-only folder case is not exercised"),
        }
        set_mode(&folder, 0o755);
        return;
    }
    set_mode(&folder, 0o755);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn changes_on_disk_are_noticed_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let stamp = io::save_path_stamped(&version(1), &path).unwrap();
    assert_eq!(io::disk_state(&path, &stamp), DiskState::Unchanged);
    let (_, opened) = io::load_path_stamped(&path).unwrap();
    assert_eq!(opened.hash, stamp.hash);
    assert_eq!(opened.size, stamp.size);
    // touched, same bytes (a sync tool): not a change
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(60))
        .unwrap();
    assert_eq!(io::disk_state(&path, &stamp), DiskState::Unchanged);
    // a colleague's edit of the same size, same time: still seen
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("Version 1", "Version 9", 1);
    assert_eq!(edited.len(), text.len());
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, &edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    match io::disk_state(&path, &stamp) {
        DiskState::Changed(now) => assert_eq!(now.size, stamp.size),
        other => panic!("{other:?}"),
    }
    std::fs::remove_file(&path).unwrap();
    assert_eq!(io::disk_state(&path, &stamp), DiskState::Missing);
}

/// The child side of the kill test: saves two versions in turn, forever,
/// when asked to by the parent (otherwise it does nothing).
#[test]
fn save_loop_child() {
    let Ok(path) = std::env::var("OPPLAN_SAVE_LOOP") else {
        return;
    };
    let texts = [io::to_ron_string(&version(1)), io::to_ron_string(&version(2))];
    let path = PathBuf::from(path);
    let ready = path.with_extension("ready");
    for n in 0.. {
        io::save_text(&texts[n % 2], &path).unwrap();
        if n == 1 {
            std::fs::write(&ready, "").unwrap();
        }
    }
}

#[test]
fn killing_the_process_while_it_saves_never_damages_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let ready = path.with_extension("ready");
    let exe = std::env::current_exe().unwrap();
    let mut kills = 0;
    // rounds where the kill landed inside a save (a temporary file is left)
    let mut mid_save = 0;
    for round in 0..12u64 {
        let _ = std::fs::remove_file(&ready);
        let mut child = Command::new(&exe)
            .args(["io_save::save_loop_child", "--exact", "--nocapture", "--test-threads=1"])
            .env("OPPLAN_SAVE_LOOP", &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        while !ready.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the child never started saving"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        // let it save for a varying while, then kill it (SIGKILL on unix)
        std::thread::sleep(Duration::from_millis(3 + round * 7 % 40));
        child.kill().unwrap();
        child.wait().unwrap();
        kills += 1;
        let left = temporaries(dir.path());
        if !left.is_empty() {
            mid_save += 1;
        }
        for t in left {
            std::fs::remove_file(dir.path().join(t)).unwrap();
        }
        let plan = io::load_path(&path).expect("the plan loads after a kill");
        assert!(
            plan == version(1) || plan == version(2),
            "round {round}: an old or new version, whole"
        );
        let bak = io::load_path(&io::backup_path(&path)).expect("the .bak loads after a kill");
        assert!(bak == version(1) || bak == version(2));
    }
    assert_eq!(kills, 12);
    eprintln!("{kills} kills, {mid_save} of them in the middle of a save");
}
