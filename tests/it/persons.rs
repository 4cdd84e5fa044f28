//! Person extraction and person search, end to end, on the seed article (bundled demo feed).

use std::io::Write;
use std::process::Stdio;

use crate::util::{TestEnv, demo_feed};

fn env_with_seed() -> TestEnv {
    let env = TestEnv::new();
    let feed = demo_feed("seed-article.xml");
    env.ok(&["feeds", "add", feed.to_str().unwrap()]);
    env.ok(&["ingest"]);
    env
}

fn hits(run: &crate::util::Run) -> Vec<serde_json::Value> {
    run.json_lines()
        .into_iter()
        .filter(|l| l["type"] == "hit")
        .collect()
}

#[test]
fn seed_article_people_are_found_by_any_form() {
    let env = env_with_seed();
    let queries = [
        "لافروف",
        "سيرغي لافروف",
        "ولافروف",
        "وزير الخارجية الروسي",
        "Lavrov",
        "Sergei Lavrov",
        "روبيو",
        "Rubio",
        "ترامب",
        "ترمب",
        "Trump",
        "بوتين",
        "بوتن",
        "Putin",
        "مايك والتز",
        "والتز",
        "ستيف ويتكوف",
        "Witkoff",
        "تامي بروس",
        "جون راتكليف",
        "كيث كيلوج",
        "كيلوغ",
    ];
    for q in queries {
        let run = env.ok(&["search", &format!("person:\"{q}\""), "--json"]);
        assert_eq!(hits(&run).len(), 1, "person:{q}: {}", run.stdout);
        let run = env.ok(&["search", "--person", q, "--json"]);
        assert_eq!(hits(&run).len(), 1, "--person {q}: {}", run.stdout);
    }
    // Someone else with a similar name: no match.
    let run = env.run(&["search", "person:\"محمد بن سلمان\"", "--json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
}

#[test]
fn persons_extract_links_surnames() {
    let env = TestEnv::new();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("crates/analysis/tests/fixtures/seed-article.txt"),
    )
    .unwrap();
    let mut child = env
        .command()
        .args(["persons", "extract"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let mentions: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let people: std::collections::HashSet<&str> = mentions
        .iter()
        .filter_map(|m| m["person"].as_str())
        .collect();
    for id in [
        "marco-rubio",
        "sergey-lavrov",
        "donald-trump",
        "vladimir-putin",
        "mike-waltz",
        "steve-witkoff",
        "tammy-bruce",
        "john-ratcliffe",
        "keith-kellogg",
    ] {
        assert!(people.contains(id), "{id} missing: {people:?}");
    }
    // "والتز" alone, after "مايك والتز", is linked to him.
    assert!(
        mentions
            .iter()
            .any(|m| m["text"] == "والتز" && m["person"] == "mike-waltz" && m["kind"] == "surname")
    );
    // Offsets are chars of the input.
    let chars: Vec<char> = text.chars().collect();
    for m in &mentions {
        let (a, b) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[a..b].iter().collect::<String>(),
            m["text"].as_str().unwrap()
        );
    }
}

#[test]
fn person_and_persons_report() {
    let env = env_with_seed();
    let run = env.ok(&["persons", "--json"]);
    let first = &run.json_lines()[0];
    assert!(first["articles"].as_u64().unwrap() >= 1, "{}", run.stdout);
    let run = env.ok(&["person", "Lavrov", "--json"]);
    let r = &run.json_lines()[0];
    assert_eq!(r["ids"][0], "sergey-lavrov");
    assert_eq!(r["articles"], 1);
    let co: Vec<&str> = r["co_mentioned"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["person"].as_str())
        .collect();
    assert!(co.contains(&"marco-rubio"), "{co:?}");
}

#[test]
fn index_of_another_gazetteer_asks_for_rebuild() {
    // The seed index is built with the built-in gazetteer; this config names another.
    let env = env_with_seed();
    env.write(
        "persons.toml",
        "version = 1\n\n[[person]]\nid = \"zaid-amr\"\nar = [\"زيد عمرو\"]\n",
    );
    let config = env.write("khabar.toml", "persons = \"persons.toml\"\n");
    let config = config.to_str().unwrap();
    for args in [
        &["search", "--person", "لافروف", "--json"][..],
        &["search", "person:لافروف", "--json"][..],
        &["person", "لافروف"][..],
    ] {
        let run = env.run(&[&["--config", config][..], args].concat());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.contains("another person gazetteer")
                && run.stderr.contains("khabar rebuild"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // A rebuild with the new gazetteer settles it: Lavrov is now nobody known.
    env.ok(&["--config", config, "rebuild"]);
    let run = env.run(&["--config", config, "search", "--person", "لافروف", "--json"]);
    assert!(
        !run.stderr.contains("another person gazetteer"),
        "{}",
        run.stderr
    );
}

#[test]
fn ambiguous_name_lists_candidates() {
    let env = env_with_seed();
    // الأسد alone: Bashar or Hafez al-Assad. (سلمان alone is not ambiguous:
    // it is King Salman; the surname lookup skips names with بن, where
    // سلمان is the father's name.)
    for args in [
        &["search", "--person", "الأسد", "--json"][..],
        &["search", "person:الأسد", "--json"][..],
        &["person", "الأسد", "--json"][..],
    ] {
        let run = env.run(args);
        assert!(
            run.stderr.contains("ambiguous")
                && run.stderr.contains("bashar-al-assad")
                && run.stderr.contains("hafez-al-assad"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // The seed article mentions neither: "no match" (1), not an error (2).
    let run = env.run(&["person", "الأسد", "--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // A full name is not ambiguous.
    let run = env.run(&["search", "--person", "بشار الأسد", "--json"]);
    assert!(!run.stderr.contains("ambiguous"), "{}", run.stderr);
}
