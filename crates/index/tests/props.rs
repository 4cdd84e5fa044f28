//! Property test: the index built incrementally (sync after some of the inserts,
//! updates and deletions) answers every query as a rebuild from the store does.

use khabar_core::{Article, ArticleId, from_unix};
use khabar_index::{IndexOptions, SearchIndex, SearchRequest, parse_query, rebuild, sync};
use khabar_store::Store;
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "البرلمان",
    "الميزانية",
    "النفط",
    "الانتخابات",
    "وزير",
    "الصحة",
    "مصر",
    "السودان",
    "الاقتصاد",
    "المدارس",
    "والمعلمين",
    "بالقاهرة",
];

#[derive(Debug, Clone)]
enum Op {
    Upsert {
        id: usize,
        title: Vec<usize>,
        body: Vec<usize>,
    },
    Delete {
        id: usize,
    },
    Sync,
}

fn op() -> impl Strategy<Value = Op> {
    let words = || proptest::collection::vec(0..WORDS.len(), 0..8);
    prop_oneof![
        6 => (0usize..30, words(), words())
            .prop_map(|(id, title, body)| Op::Upsert { id, title, body }),
        1 => (0usize..30).prop_map(|id| Op::Delete { id }),
        2 => Just(Op::Sync),
    ]
}

fn text(words: &[usize]) -> String {
    words
        .iter()
        .map(|&w| WORDS[w])
        .collect::<Vec<_>>()
        .join(" ")
}

fn ids(index: &SearchIndex, query: &str) -> Vec<String> {
    let mut request = SearchRequest::new(parse_query(query).unwrap());
    request.limit = 1000;
    let mut ids: Vec<String> = index
        .search(&request)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn rebuild_equals_incremental(ops in proptest::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        let options = IndexOptions { threads: 1, ..IndexOptions::default() };
        let incremental = SearchIndex::open_or_create(&dir.path().join("inc")).unwrap();
        for op in &ops {
            match op {
                Op::Upsert { id, title, body } => {
                    let a = Article {
                        id: ArticleId::new(format!("a{id}")),
                        feed_id: None,
                        feed: Some("f".into()),
                        title: text(title),
                        body: text(body),
                        url: None,
                        author: None,
                        published: Some(from_unix(1_700_000_000 + *id as i64)),
                        published_estimated: false,
                        guid: None,
                    };
                    store.upsert_articles(&[a]).unwrap();
                }
                Op::Delete { id } => {
                    store.delete_article(&ArticleId::new(format!("a{id}"))).unwrap();
                }
                Op::Sync => {
                    sync(&store, &incremental, options).unwrap();
                }
            }
        }
        sync(&store, &incremental, options).unwrap();
        incremental.reload().unwrap();
        let rebuilt_root = dir.path().join("rebuilt");
        rebuild(&store, &rebuilt_root, options, |_, _| {}).unwrap();
        let rebuilt = SearchIndex::open(&rebuilt_root).unwrap();
        prop_assert_eq!(incremental.num_docs(), rebuilt.num_docs());
        prop_assert_eq!(incremental.num_docs(), store.article_count().unwrap() as u64);
        let queries = WORDS.iter().map(|w| w.to_string()).chain([
            "البرلمان OR النفط".to_string(),
            "\"وزير الصحة\"".to_string(),
            "title:مصر -السودان".to_string(),
        ]);
        for q in queries {
            prop_assert_eq!(ids(&incremental, &q), ids(&rebuilt, &q), "query {}", q);
        }
    }
}
