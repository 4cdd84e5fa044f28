//! A full disk and a read-only data directory: a clear error, nothing corrupted.
//!
//! These need `mount` (a 2 MiB tmpfs as the data directory), i.e. root or
//! CAP_SYS_ADMIN; where mounting is not permitted they print why and pass.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::TestEnv;

/// A mounted tmpfs, unmounted on drop (also when an assertion fails).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).ok()?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .ok()?;
        if !out.status.success() {
            eprintln!(
                "SKIPPED: cannot mount a tmpfs here ({}); disk-full and read-only cases not run",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            return None;
        }
        Some(Tmpfs(dir.to_path_buf()))
    }

    fn remount(&self, mode: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount {mode} failed");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn articles(env: &TestEnv, name: &str, from: usize, n: usize, body_words: usize) -> PathBuf {
    let body = "ناقش البرلمان الميزانية العامة للدولة ".repeat(body_words);
    let mut text = String::new();
    for i in from..from + n {
        text.push_str(&format!(
            "{{\"id\":\"d{i}\",\"title\":\"خبر رقم {i}\",\"body\":\"{body} {i}\"}}\n"
        ));
    }
    // The input files live outside the small filesystem.
    env.write(name, &text)
}

fn search_ids(env: &TestEnv) -> Vec<String> {
    let run = env.run(&["search", "البرلمان", "--json", "--limit", "10000"]);
    assert!(
        run.code == 0 || run.code == 1,
        "search failed: {}",
        run.stderr
    );
    let mut ids: Vec<String> = run
        .json_lines()
        .iter()
        .filter(|l| l["type"] == "hit")
        .filter_map(|l| l["id"].as_str().map(str::to_string))
        .collect();
    ids.sort();
    ids
}

fn export_ids(env: &TestEnv) -> Vec<String> {
    let mut ids: Vec<String> = env
        .ok(&["export"])
        .json_lines()
        .iter()
        .filter_map(|l| l["id"].as_str().map(str::to_string))
        .collect();
    ids.sort();
    ids
}

#[test]
fn disk_full_and_read_only_data_dir_give_clear_errors_and_corrupt_nothing() {
    let env = TestEnv::new();
    let Some(fs) = Tmpfs::mount(&env.data_dir(), "2m") else {
        return;
    };
    let small = articles(&env, "small.jsonl", 0, 20, 1);
    env.ok(&["import", small.to_str().expect("utf-8 path")]);
    let before = export_ids(&env);
    assert_eq!(before.len(), 20);
    assert_eq!(search_ids(&env), before);

    // ~6 MB of articles into 2 MiB: the import fails with a clear error and the
    // store keeps exactly what it had (one transaction per batch, rolled back).
    let big = articles(&env, "big.jsonl", 1000, 3000, 10);
    let run = env.run(&["import", big.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains("full") || run.stderr.contains("space"),
        "unclear error: {}",
        run.stderr
    );
    let after = export_ids(&env);
    assert!(
        after.len() == 20 || after.len() == 20 + 3000,
        "partial import: {} articles",
        after.len()
    );
    assert_eq!(after[..20], before[..], "earlier articles lost");
    assert!(matches!(env.run(&["search", "البرلمان"]).code, 0 | 1));

    // Rebuild on the full disk: a clear error, and CURRENT still names a whole
    // generation (search works, same results as before).
    let searched = search_ids(&env);
    let filler = env.data_dir().join("filler");
    let _ = std::fs::write(&filler, vec![0u8; 2 << 20]);
    let run = env.run(&["rebuild"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    if run.code != 0 {
        assert!(
            run.stderr.contains("full") || run.stderr.contains("space"),
            "unclear error: {}",
            run.stderr
        );
    }
    assert_eq!(search_ids(&env), searched);
    let _ = std::fs::remove_file(&filler);

    // Space again: the next writer catches up and the index equals the store.
    let small2 = articles(&env, "small2.jsonl", 100, 5, 1);
    env.ok(&["import", small2.to_str().expect("utf-8 path")]);
    env.ok(&["rebuild"]);
    assert_eq!(search_ids(&env), export_ids(&env));
    let stored = export_ids(&env);

    // Read-only data directory: writers get a clear error; nothing changes.
    fs.remount("ro");
    let run = env.run(&["import", small.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.to_lowercase().contains("read-only"),
        "unclear error: {}",
        run.stderr
    );
    let run = env.run(&["rebuild"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.to_lowercase().contains("read-only"),
        "unclear error: {}",
        run.stderr
    );
    fs.remount("rw");
    assert_eq!(export_ids(&env), stored);
    assert_eq!(search_ids(&env), stored);
}
