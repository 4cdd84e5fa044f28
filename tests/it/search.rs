//! Search flags, output formats and exit codes against an imported fixture corpus.

use crate::util::{TestEnv, fixture};

fn env_with_articles() -> TestEnv {
    let env = TestEnv::new();
    let path = fixture("articles.jsonl");
    let run = env.ok(&["import", path.to_str().unwrap()]);
    assert!(run.stderr.contains("32 new"), "{}", run.stderr);
    env
}

fn ids(run: &crate::util::Run) -> Vec<String> {
    run.json_lines()
        .iter()
        .filter(|l| l["type"] == "hit")
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn import_is_idempotent_and_export_round_trips() {
    let env = env_with_articles();
    let again = env.ok(&["import", fixture("articles.jsonl").to_str().unwrap()]);
    assert!(
        again.stderr.contains("0 new, 0 updated, 32 unchanged"),
        "{}",
        again.stderr
    );
    let export = env.ok(&["export"]);
    let lines = export.json_lines();
    assert_eq!(lines.len(), 32);
    // What export writes, import reads back unchanged.
    let copy = TestEnv::new();
    let file = copy.write("export.jsonl", &export.stdout);
    copy.ok(&["import", file.to_str().unwrap()]);
    // Bookkeeping times are when each store saw the article; everything else matches.
    let strip = |mut v: serde_json::Value| {
        let o = v.as_object_mut().unwrap();
        o.remove("first_seen");
        o.remove("updated");
        v
    };
    let copied: Vec<_> = copy
        .ok(&["export"])
        .json_lines()
        .into_iter()
        .map(strip)
        .collect();
    assert_eq!(copied, lines.into_iter().map(strip).collect::<Vec<_>>());
}

#[test]
fn bad_import_lines_are_named_and_skipped() {
    let env = TestEnv::new();
    let file = env.write(
        "bad.jsonl",
        "{\"id\":\"a1\",\"title\":\"عنوان\",\"body\":\"نص الخبر\"}\nnot json\n{\"id\":\"\",\"title\":\"x\"}\n{\"id\":\"a2\",\"title\":\"t\",\"published\":\"yesterday\"}\n",
    );
    let run = env.run(&["import", file.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad.jsonl:2:"), "{}", run.stderr);
    assert!(run.stderr.contains("bad.jsonl:3:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("bad.jsonl:4:") && run.stderr.contains("published"),
        "{}",
        run.stderr
    );
    assert_eq!(env.ok(&["export"]).json_lines().len(), 1);
}

#[test]
fn diacritics_tatweel_and_clitics_meet_the_plain_form() {
    let env = env_with_articles();
    // The article is fully diacritized and has tatweel in لافـــروف.
    for query in [
        "الرئيس",
        "لافروف",
        "ولافروف",
        "الرَّئِيسُ",
        "المفاوضات",
        "مفاوضات",
    ] {
        let run = env.ok(&["search", query, "--json"]);
        assert!(
            ids(&run).contains(&"kh-diacritics-1".to_string()),
            "{query}: {}",
            run.stdout
        );
    }
    // A diacritized query finds plain text.
    let run = env.ok(&["search", "وَزِيرَةُ الثَّقَافَةِ", "--json"]);
    assert_eq!(ids(&run)[0], "kh-plain-1");
}

#[test]
fn exit_codes_follow_grep() {
    let env = env_with_articles();
    let none = env.run(&["search", "كلمةغيرموجودةأبدا"]);
    assert_eq!(none.code, 1, "{}", none.stderr);
    let bad = env.run(&["search", "وزير الخارجية \"لافروف"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unclosed quote at column 15"),
        "{}",
        bad.stderr
    );
    let no_index = TestEnv::new().run(&["search", "لافروف"]);
    assert_eq!(no_index.code, 2);
    assert!(
        no_index.stderr.contains("khabar rebuild"),
        "{}",
        no_index.stderr
    );
}

#[test]
fn filters_sort_limit_and_phrases() {
    let env = env_with_articles();
    let run = env.ok(&["search", "النفط", "--json", "--feed", "skynews"]);
    let hits = run.json_lines();
    assert!(
        hits.iter()
            .filter(|l| l["type"] == "hit")
            .all(|l| l["feed"] == "skynews"),
        "{}",
        run.stdout
    );
    assert!(ids(&run).len() >= 2);

    let run = env.ok(&["search", "النفط", "--json", "--sort", "date"]);
    let dates: Vec<String> = run
        .json_lines()
        .iter()
        .filter_map(|l| l["published"].as_str().map(String::from))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);

    let run = env.ok(&[
        "search",
        "النفط",
        "--json",
        "--since",
        "2018-07-01",
        "--until",
        "2018-08-01",
    ]);
    let dates: Vec<String> = run
        .json_lines()
        .iter()
        .filter_map(|l| l["published"].as_str().map(String::from))
        .collect();
    assert!(
        !dates.is_empty() && dates.iter().all(|d| d.starts_with("2018-07")),
        "{}",
        run.stdout
    );

    let run = env.ok(&["search", "النفط", "--json", "--limit", "1"]);
    assert_eq!(ids(&run).len(), 1);
    assert!(run.json_lines().last().unwrap()["total"].as_u64().unwrap() > 1);

    // A phrase matches the exact words in order only.
    let run = env.ok(&["search", "\"معرض الكتاب\"", "--json"]);
    assert_eq!(ids(&run), vec!["kh-plain-1"]);
    assert_eq!(env.run(&["search", "\"الكتاب معرض\""]).code, 1);

    // NOT excludes.
    let all = ids(&env.ok(&["search", "وزير", "--json", "--limit", "100"]));
    let without = ids(&env.ok(&["search", "وزير -لافروف", "--json", "--limit", "100"]));
    assert!(all.contains(&"kh-diacritics-1".to_string()));
    assert!(!without.contains(&"kh-diacritics-1".to_string()));
}

#[test]
fn batch_writes_a_trec_run() {
    let env = env_with_articles();
    let queries = env.write(
        "q.jsonl",
        "{\"qid\":\"q1\",\"query\":\"أسعار النفط\"}\n{\"qid\":\"q2\",\"query\":\"لافروف\"}\n",
    );
    let run = env.ok(&[
        "search",
        "--batch",
        queries.to_str().unwrap(),
        "--format",
        "trec",
        "--limit",
        "5",
    ]);
    let lines: Vec<Vec<&str>> = run.stdout.lines().map(|l| l.split(' ').collect()).collect();
    assert!(
        lines
            .iter()
            .all(|l| l.len() == 6 && l[1] == "Q0" && l[5] == "khabar")
    );
    assert!(lines.iter().filter(|l| l[0] == "q1").count() <= 5);
    assert!(
        lines
            .iter()
            .any(|l| l[0] == "q2" && l[2] == "kh-diacritics-1" && l[3] == "1")
    );
}

#[test]
fn rebuild_replaces_the_index_and_search_still_works() {
    let env = env_with_articles();
    let before = ids(&env.ok(&["search", "النفط", "--json", "--limit", "50"]));
    env.ok(&["rebuild"]);
    env.ok(&["rebuild"]);
    let after = ids(&env.ok(&["search", "النفط", "--json", "--limit", "50"]));
    assert_eq!(before, after);
    let gens: Vec<_> = std::fs::read_dir(env.data_dir().join("index"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
        .collect();
    assert_eq!(gens.len(), 1, "old generations are removed");
}

#[test]
fn facets_count_all_matches() {
    let env = env_with_articles();
    let run = env.ok(&[
        "search",
        "النفط",
        "--json",
        "--limit",
        "1",
        "--facets",
        "feed,day,person",
    ]);
    let lines = run.json_lines();
    let total = lines.last().unwrap()["total"].as_u64().unwrap();
    let facet = |name: &str| {
        lines
            .iter()
            .find(|l| l["type"] == "facet" && l["facet"] == name)
            .cloned()
            .unwrap()
    };
    let feeds = facet("feed");
    let sum: u64 = feeds["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[1].as_u64().unwrap())
        .sum();
    assert_eq!(
        sum, total,
        "feed counts cover every match, not just the page: {feeds}"
    );
    let days = facet("day");
    assert!(
        days["counts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c[0].as_str().unwrap().starts_with("2018-"))
    );
    assert!(facet("person")["counts"].is_array());
    assert_eq!(env.run(&["search", "النفط", "--facets", "colour"]).code, 2);
}

#[test]
fn fresh_favors_recent_articles() {
    let env = env_with_articles();
    // Both fixture articles of 2025 mention وزير; with a strong freshness weight they lead.
    let plain = ids(&env.ok(&["search", "وزير", "--json", "--limit", "50"]));
    let fresh = ids(&env.ok(&["search", "وزير", "--json", "--limit", "50", "--fresh", "50"]));
    assert_eq!(plain.len(), fresh.len());
    assert!(
        fresh[0].starts_with("kh-") && fresh[1].starts_with("kh-"),
        "{fresh:?}"
    );
    let mut a = plain.clone();
    let mut b = fresh.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b, "freshness reorders, it does not filter");
}

#[test]
fn show_and_stats() {
    let env = env_with_articles();
    let show = env.ok(&["show", "kh-diacritics-1", "--json"]);
    let article = &show.json_lines()[0];
    assert!(article["body"].as_str().unwrap().contains("لافـــروف"));
    let persons: Vec<&str> = article["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(persons.iter().any(|p| p.contains("لافروف")), "{persons:?}");
    let human = env.ok(&["show", "kh-plain-1"]);
    assert!(human.stdout.starts_with("وزيرة الثقافة تفتتح معرض الكتاب"));
    assert_eq!(env.run(&["show", "no-such-id"]).code, 2);

    let stats = env.ok(&["stats", "--json"]).json_lines()[0].clone();
    assert_eq!(stats["articles"], 32);
    assert_eq!(stats["index"]["documents"], 32);
    assert_eq!(stats["index"]["up_to_date"], true);
    let by_source = stats["by_source"].as_array().unwrap();
    assert_eq!(
        by_source
            .iter()
            .map(|s| s[1].as_i64().unwrap())
            .sum::<i64>(),
        32
    );
}

#[test]
fn searches_keep_working_during_a_rebuild_and_after_a_killed_one() {
    let env = env_with_articles();
    let expected = ids(&env.ok(&["search", "النفط", "--json", "--limit", "50"]));
    let mut rebuild = env.command().arg("rebuild").spawn().unwrap();
    // Search in a loop while the rebuild runs: every search must succeed with the same hits.
    let mut searches = 0;
    while rebuild.try_wait().unwrap().is_none() || searches < 3 {
        assert_eq!(
            ids(&env.ok(&["search", "النفط", "--json", "--limit", "50"])),
            expected
        );
        searches += 1;
    }
    assert!(rebuild.wait().unwrap().success());
    // Kill rebuilds at various moments: the index stays usable and the next rebuild cleans up.
    for delay_ms in [0, 20, 60, 150] {
        let mut child = env.command().arg("rebuild").spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            ids(&env.ok(&["search", "النفط", "--json", "--limit", "50"])),
            expected
        );
    }
    env.ok(&["rebuild"]);
    assert_eq!(
        ids(&env.ok(&["search", "النفط", "--json", "--limit", "50"])),
        expected
    );
    let gens = std::fs::read_dir(env.data_dir().join("index"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
        .count();
    assert_eq!(gens, 1, "garbage of killed rebuilds is removed");
}

#[test]
fn snippets_highlight_phrases_clitics_and_diacritized_words() {
    let env = env_with_articles();
    let highlighted = |query: &str, id: &str| -> Vec<String> {
        let run = env.ok(&["search", query, "--json", "--limit", "50"]);
        let hit = run
            .json_lines()
            .into_iter()
            .find(|l| l["id"] == id)
            .unwrap();
        let text = hit["snippet"]["text"].as_str().unwrap().to_string();
        hit["snippet"]["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize].to_string()
            })
            .collect()
    };
    // A phrase (exact fields) still highlights its words in the snippet.
    // (Highlighting works on stems, so the later المعرض is marked too.)
    assert_eq!(
        highlighted("\"معرض الكتاب\"", "kh-plain-1")[..2],
        ["معرض", "الكتاب"]
    );
    // A plain query highlights the diacritized, tatweel'd and clitic forms as written.
    assert_eq!(highlighted("ولافروف", "kh-diacritics-1"), ["لافـــروف"]);
    assert_eq!(highlighted("مفاوضات", "kh-diacritics-1"), ["المُفَاوَضَاتِ"]);
}

#[test]
fn articles_stored_during_a_rebuild_reach_the_new_index() {
    let env = env_with_articles();
    let mut lines = String::new();
    for i in 0..3000 {
        lines.push_str(&format!(
            "{{\"id\":\"late-{i}\",\"title\":\"خبر متأخر رقم {i}\",\"body\":\"وصل هذا الخبر أثناء إعادة بناء الفهرس، ويحمل الكلمة المميزة زعفرانيات.\"}}\n"
        ));
    }
    let file = env.write("late.jsonl", &lines);
    let mut import = env
        .command()
        .args(["import", file.to_str().unwrap()])
        .spawn()
        .unwrap();
    let mut rebuilds = 0;
    while import.try_wait().unwrap().is_none() || rebuilds < 2 {
        let run = env.run(&["rebuild"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        rebuilds += 1;
    }
    assert!(import.wait().unwrap().success());
    // No further sync or rebuild: the index searches use must already hold them all.
    let run = env.ok(&[
        "search",
        "زعفرانيات",
        "--json",
        "--limit",
        "1",
        "--no-collapse",
    ]);
    assert_eq!(run.json_lines().last().unwrap()["total"], 3000);
    let stats = env.ok(&["stats", "--json"]).json_lines()[0].clone();
    assert_eq!(stats["index"]["documents"], 3032);
}

#[test]
fn offset_prefixes_operators_and_color() {
    let env = env_with_articles();
    let all = ids(&env.ok(&["search", "النفط", "--json", "--limit", "4"]));
    let page2 = ids(&env.ok(&["search", "النفط", "--json", "--limit", "2", "--offset", "2"]));
    assert_eq!(page2, all[2..4]);

    // title: matches the headline only; feed: the source name exactly.
    let title = ids(&env.ok(&["search", "title:الكتاب", "--json"]));
    assert_eq!(title, vec!["kh-plain-1"]);
    let feed = env.ok(&["search", "النفط feed:skynews", "--json", "--limit", "50"]);
    assert!(
        feed.json_lines()
            .iter()
            .filter(|l| l["type"] == "hit")
            .any(|l| l["feed"] == "skynews")
    );
    // OR and grouping: either word, and a group that must hold.
    let either = ids(&env.ok(&["search", "لافروف OR الكتاب", "--json"]));
    assert!(
        either.contains(&"kh-plain-1".to_string())
            && either.contains(&"kh-diacritics-1".to_string())
    );
    let grouped = ids(&env.ok(&["search", "(لافروف OR الكتاب) AND معرض", "--json"]));
    assert_eq!(grouped, vec!["kh-plain-1"]);

    // Color: codes only when asked (or on a terminal without NO_COLOR).
    let plain = env.ok(&["search", "لافروف", "--color", "never"]);
    assert!(!plain.stdout.contains('\u{1b}'));
    let colored = env.ok(&["search", "لافروف", "--color", "always"]);
    assert!(
        colored.stdout.contains("\u{1b}[1;31m"),
        "{}",
        colored.stdout
    );
    let auto = env.ok(&["search", "لافروف", "--color", "auto"]);
    assert!(
        !auto.stdout.contains('\u{1b}'),
        "stdout is not a terminal here"
    );
}

#[test]
fn an_index_built_by_other_analyzers_asks_for_a_rebuild() {
    let env = env_with_articles();
    let index = env.data_dir().join("index");
    let current = std::fs::read_to_string(index.join("CURRENT")).unwrap();
    let meta_path = index.join(current.trim()).join("khabar-index.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    meta["analyzer_version"] = serde_json::json!(1);
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    let run = env.run(&["search", "النفط"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("analyzer v1") && run.stderr.contains("khabar rebuild"),
        "{}",
        run.stderr
    );
    env.ok(&["rebuild"]);
    env.ok(&["search", "النفط"]);
}
