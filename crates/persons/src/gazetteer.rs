//! The person gazetteer: known people, their spellings, Latin names and roles,
//! compiled into lookup tables.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::text::{fold_latin, key, words};

/// How many Wikidata people must share a name word for it to be a common name
/// (`محمد`, `صلاح`, `صالح`, `دونالد`). When another common name has the same
/// skeleton (`صلاح`/`صالح`), its spelling is settled: a name made of such
/// words matches as spelled only.
pub const SETTLED_NAME_COUNT: u32 = 20;
/// Most entries a gazetteer may hold.
pub const MAX_ENTRIES: usize = 50_000;
/// Most names (of all kinds) one entry may hold.
pub const MAX_NAMES_PER_ENTRY: usize = 64;
/// Most words in one name or role.
pub const MAX_NAME_WORDS: usize = 8;

/// One known person, as written in the gazetteer file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonEntry {
    /// Canonical id (`sergey-lavrov`): what the index stores.
    pub id: String,
    /// Arabic full names and their spelling variants; the first is the display name.
    pub ar: Vec<String>,
    /// Short forms that alone name the person (`لافروف`). Leave out those that
    /// are common words or shared with others (`عون`, `سلمان`): they still link
    /// after a full mention in the same article.
    pub short: Vec<String>,
    /// Latin-script names (`Sergei Lavrov`).
    pub en: Vec<String>,
    /// Role phrases that refer to the person (`وزير الخارجية الروسي`). In an
    /// article they count only once the person is named in it; in a query they
    /// resolve to the person.
    pub roles: Vec<String>,
}

#[cfg(test)]
impl PersonEntry {
    /// An entry with Arabic names and short forms only (unit tests).
    pub(crate) fn for_test(id: &str, ar: &[&str], short: &[&str]) -> PersonEntry {
        PersonEntry {
            id: id.to_string(),
            ar: ar.iter().map(|s| s.to_string()).collect(),
            short: short.iter().map(|s| s.to_string()).collect(),
            ..PersonEntry::default()
        }
    }
}

/// What is wrong with a gazetteer.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum GazetteerError {
    /// An entry without id.
    #[error("person #{index}: empty id")]
    EmptyId {
        /// Position of the entry (0-based).
        index: usize,
    },
    /// An id given twice.
    #[error("person id {id:?} is given twice")]
    DuplicateId {
        /// The id.
        id: String,
    },
    /// An id with characters other than ASCII letters, digits and `-`.
    #[error("person id {id:?}: use lowercase ASCII letters, digits and '-' only")]
    BadId {
        /// The id.
        id: String,
    },
    /// An entry without Arabic name.
    #[error("person {id:?}: no Arabic name (ar)")]
    NoName {
        /// The id.
        id: String,
    },
    /// A name that normalizes to nothing or is too long.
    #[error("person {id:?}: name {name:?} is empty or longer than {MAX_NAME_WORDS} words")]
    BadName {
        /// The id.
        id: String,
        /// The name.
        name: String,
    },
    /// Limits on size.
    #[error("gazetteer too large: at most {MAX_ENTRIES} people, {MAX_NAMES_PER_ENTRY} names each")]
    TooLarge,
}

/// FNV-1a as a [`Hasher`]: the lookup keys are short words, for which it is
/// several times faster than the default SipHash (no untrusted key set grows
/// these maps at run time: they hold the gazetteer, word lists and one text's
/// surnames, bounded by [`crate::MAX_MENTIONS`]).
#[derive(Clone, Copy)]
pub(crate) struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        fnv(&mut self.0, bytes);
    }
}

/// A hash map with [`FnvHasher`].
pub(crate) type Map<K, V> = HashMap<K, V, BuildHasherDefault<FnvHasher>>;

/// Multi-word names (or roles) sharing a first word: the rest of each, and its entries.
pub(crate) type Continuations = Vec<(Vec<String>, Vec<usize>)>;

/// Names made only of common names that share their skeleton with another
/// common name ([`SETTLED_NAME_COUNT`]): `محمد صلاح` is not `محمد صالح`,
/// `عمرو موسى` not `عمار موسوي`. Their spellings are settled.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settled {
    /// The names, normalized words joined by a space.
    pub(crate) names: Map<String, ()>,
    /// Skeleton keys of their words: a name whose every word has one of
    /// these keys must be spelled as listed.
    pub(crate) keys: Map<String, ()>,
}

/// A compiled gazetteer.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub(crate) entries: Vec<PersonEntry>,
    /// Skeleton keys of full names (2+ words, joined by a space) → entries.
    pub(crate) names: Map<String, Vec<usize>>,
    /// The same names by the key of their first word: a text is matched with
    /// one lookup per word, not one string built per word and name length.
    pub(crate) names_by_first: Map<String, Continuations>,
    pub(crate) max_name_words: usize,
    /// Skeleton keys of fewer than 3 letters of words of full names → the
    /// normalized spellings the gazetteer gives them: such a skeleton is too
    /// loose to match on (`ليو ميسي` and `لا ماسيا` both give `ل مس`), so the
    /// word must be written as listed.
    pub(crate) loose_keys: Map<String, Vec<String>>,
    /// Names with a patronymic (`محمد بن سلمان`), normalized words joined by
    /// a space: they match as spelled only (`محمد بن سليمان` is someone else).
    pub(crate) spelled_only: Map<String, ()>,
    /// Names made of common names, which also match as spelled only; see
    /// [`Gazetteer::settled`]. Built on first use: it reads the Wikidata
    /// name table, which commands that never match a name need not load.
    settled: std::sync::OnceLock<Settled>,
    /// Per entry: skeleton keys of every word of its names, to tell a first
    /// name of the person from someone else's (`فريد الباجي`).
    pub(crate) name_word_keys: Vec<Vec<String>>,
    /// Normalized short forms → entries.
    pub(crate) short_exact: Map<String, Vec<usize>>,
    /// Skeletons of short forms of 4+ consonants → entries (spelling variants).
    pub(crate) short_key: Map<String, Vec<usize>>,
    /// Per entry: the last words of its short forms and Arabic names,
    /// normalized (a skeleton variant must be spelled about like one of
    /// them: [`Gazetteer::spelled_like_short`]).
    pub(crate) short_spellings: Vec<Vec<String>>,
    /// The same last words → the entries that have them, each once (who
    /// else a surname is: [`Gazetteer::with_last_word`]).
    last_word_entries: Map<String, Vec<usize>>,
    /// Normalized role phrases (words joined by a space) → entries.
    pub(crate) roles: Map<String, Vec<usize>>,
    /// The same roles by their first word.
    pub(crate) roles_by_first: Map<String, Continuations>,
    pub(crate) max_role_words: usize,
    /// Id → entry.
    by_id: Map<String, usize>,
    /// Folded Latin names → entries.
    pub(crate) latin: Map<String, Vec<usize>>,
    /// Folded last words of Latin names → entries (`Lavrov`).
    pub(crate) latin_last: Map<String, Vec<usize>>,
    /// Folded words of Latin names → the normalized Arabic words at the same
    /// place in an Arabic name of as many words (`caid` → `قايد`, from
    /// `Beji Caid Essebsi`, `الباجي قائد السبسي`): spellings of Latin names
    /// the gazetteer does not list (`Hafedh Caid Essebsi`, his son).
    pub(crate) latin_words: Map<String, Vec<String>>,
    /// Every normalized word of every Arabic name (a feature of the tagger).
    pub(crate) name_words: HashMap<String, u32>,
    fingerprint: u64,
}

fn push(map: &mut Map<String, Vec<usize>>, k: String, i: usize) {
    let v = map.entry(k).or_default();
    if !v.contains(&i) {
        v.push(i);
    }
}

/// Groups phrases (words joined by a space) by their first word.
fn by_first(phrases: &Map<String, Vec<usize>>) -> Map<String, Continuations> {
    let mut out: Map<String, Continuations> = Map::default();
    for (phrase, entries) in phrases {
        let mut words = phrase.split(' ').map(str::to_string);
        if let Some(first) = words.next() {
            out.entry(first)
                .or_default()
                .push((words.collect(), entries.clone()));
        }
    }
    out
}

/// FNV-1a, stable across builds and platforms (unlike `DefaultHasher`).
pub(crate) fn fnv(h: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *h ^= u64::from(b);
        *h = h.wrapping_mul(0x0100_0000_01b3);
    }
}

/// Most letters a word matched on a short form's skeleton may differ from
/// the short form by (long vowels and hamzas added, dropped or changed),
/// when either has at most [`SHORT_WORD_LETTERS`] letters: `ترمب` for
/// `ترامب`, not `أربين` (Arjen) nor `كاربون` (`ك` + `اربون`) for `أوربان`.
const MAX_SHORT_WORD_EDITS: usize = 1;

/// The same for longer words: `نيتانياهو` for `نتنياهو`, not `اوروبيين`
/// ("Europeans", three) for `أوربان`, though all are اربن.
const MAX_SHORT_FORM_EDITS: usize = 2;

/// Letters up to which a word counts as short for [`MAX_SHORT_WORD_EDITS`].
const SHORT_WORD_LETTERS: usize = 5;

impl Gazetteer {
    /// Whether `word` (normalized, of the same skeleton as one of the entry's
    /// short forms) is spelled about like the last word of one of its short
    /// forms or names: the same last letter (the skeleton drops a final ي:
    /// `العليمي` is not `العالم`) and at most [`MAX_SHORT_WORD_EDITS`] or
    /// [`MAX_SHORT_FORM_EDITS`] letters apart.
    pub(crate) fn spelled_like_short(&self, entry: usize, word: &str) -> bool {
        let word: Vec<char> = word.chars().collect();
        self.short_spellings.get(entry).is_some_and(|spellings| {
            spellings.iter().any(|s| {
                let s: Vec<char> = s.chars().collect();
                let most = if s.len().min(word.len()) <= SHORT_WORD_LETTERS {
                    MAX_SHORT_WORD_EDITS
                } else {
                    MAX_SHORT_FORM_EDITS
                };
                s.last() == word.last() && crate::text::edit_distance(&s, &word) <= most
            })
        })
    }

    /// The names of common names that match as spelled only ([`Settled`]).
    pub(crate) fn settled(&self) -> &Settled {
        self.settled.get_or_init(|| {
            let mut settled = Settled::default();
            for e in &self.entries {
                for name in e.ar.iter().chain(&e.short) {
                    let w = words(name);
                    if w.len() >= 2 && w.iter().all(|x| crate::names::is_settled_name(x)) {
                        settled.names.insert(w.join(" "), ());
                        for x in &w {
                            settled.keys.insert(key(x), ());
                        }
                    }
                }
            }
            settled
        })
    }

    /// Compiles entries, checking ids and names.
    pub fn new(entries: Vec<PersonEntry>) -> Result<Gazetteer, GazetteerError> {
        if entries.len() > MAX_ENTRIES {
            return Err(GazetteerError::TooLarge);
        }
        let mut g = Gazetteer {
            fingerprint: 0xcbf2_9ce4_8422_2325,
            ..Gazetteer::default()
        };
        let mut ids = Map::default();
        for (i, e) in entries.iter().enumerate() {
            if e.id.is_empty() {
                return Err(GazetteerError::EmptyId { index: i });
            }
            if !e
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(GazetteerError::BadId { id: e.id.clone() });
            }
            if ids.insert(e.id.clone(), i).is_some() {
                return Err(GazetteerError::DuplicateId { id: e.id.clone() });
            }
            if e.ar.is_empty() {
                return Err(GazetteerError::NoName { id: e.id.clone() });
            }
            if e.ar.len() + e.short.len() + e.en.len() + e.roles.len() > MAX_NAMES_PER_ENTRY {
                return Err(GazetteerError::TooLarge);
            }
            let mut spellings: Vec<String> = Vec::new();
            for name in e.short.iter().chain(&e.ar) {
                if let Some(w) = words(name).pop()
                    && !spellings.contains(&w)
                {
                    spellings.push(w);
                }
            }
            for w in &spellings {
                g.last_word_entries.entry(w.clone()).or_default().push(i);
            }
            g.short_spellings.push(spellings);
            let mut word_keys: Vec<String> = Vec::new();
            for name in e.ar.iter().chain(&e.short) {
                let w = words(name);
                if w.len() >= 2
                    && w.iter()
                        .any(|x| crate::rules::PATRONYMIC.contains(&x.as_str()))
                {
                    g.spelled_only.insert(w.join(" "), ());
                }
                for word in &w {
                    let k = key(word);
                    if w.len() >= 2 && k.chars().count() < 3 {
                        let v = g.loose_keys.entry(k.clone()).or_default();
                        if !v.contains(word) {
                            v.push(word.clone());
                        }
                    }
                    if !word_keys.contains(&k) {
                        word_keys.push(k);
                    }
                }
            }
            g.name_word_keys.push(word_keys);
            let bad = |name: &str| GazetteerError::BadName {
                id: e.id.clone(),
                name: name.to_string(),
            };
            for name in &e.ar {
                let w = words(name);
                if w.is_empty() || w.len() > MAX_NAME_WORDS {
                    return Err(bad(name));
                }
                for word in &w {
                    *g.name_words.entry(word.clone()).or_default() += 1;
                }
                if w.len() == 1 {
                    // A one-word "full" name is a short form.
                    push(&mut g.short_exact, w[0].clone(), i);
                    continue;
                }
                g.max_name_words = g.max_name_words.max(w.len());
                push(
                    &mut g.names,
                    w.iter().map(|x| key(x)).collect::<Vec<_>>().join(" "),
                    i,
                );
            }
            for name in &e.short {
                let w = words(name);
                if w.is_empty() || w.len() > MAX_NAME_WORDS {
                    return Err(bad(name));
                }
                if w.len() > 1 {
                    g.max_name_words = g.max_name_words.max(w.len());
                    push(
                        &mut g.names,
                        w.iter().map(|x| key(x)).collect::<Vec<_>>().join(" "),
                        i,
                    );
                    continue;
                }
                let k = key(&w[0]);
                // Fuzzy only with 4+ consonants besides an article: السيد and الاسد
                // share the skeleton السد.
                if k.strip_prefix("ال").unwrap_or(&k).chars().count() >= 4 {
                    push(&mut g.short_key, k, i);
                }
                push(&mut g.short_exact, w[0].clone(), i);
            }
            for role in &e.roles {
                let w = words(role);
                if w.is_empty() || w.len() > MAX_NAME_WORDS {
                    return Err(bad(role));
                }
                g.max_role_words = g.max_role_words.max(w.len());
                push(&mut g.roles, w.join(" "), i);
            }
            for name in &e.en {
                let f = fold_latin(name);
                if f.is_empty() {
                    return Err(bad(name));
                }
                // A last word after bin/ibn is the father's name (Khalid bin
                // Salman's "Salman" is not King Salman).
                let mut rev = f.rsplit(' ');
                if let Some(last) = rev.next()
                    && last.len() >= 3
                    && !rev
                        .next()
                        .is_some_and(|w| matches!(w, "bin" | "ibn" | "ben" | "bint"))
                {
                    push(&mut g.latin_last, last.to_string(), i);
                }
                for ar in &e.ar {
                    let ar = words(ar);
                    if ar.len() == f.split(' ').count() {
                        for (latin, arabic) in f.split(' ').zip(ar) {
                            let v = g.latin_words.entry(latin.to_string()).or_default();
                            if !v.contains(&arabic) {
                                v.push(arabic);
                            }
                        }
                    }
                }
                push(&mut g.latin, f, i);
            }
            // The fingerprint covers everything that changes extraction.
            for field in [&e.ar, &e.short, &e.en, &e.roles] {
                fnv(&mut g.fingerprint, e.id.as_bytes());
                for s in field {
                    fnv(&mut g.fingerprint, &[0x1f]);
                    fnv(&mut g.fingerprint, s.as_bytes());
                }
                fnv(&mut g.fingerprint, &[0x1e]);
            }
        }
        g.names_by_first = by_first(&g.names);
        g.roles_by_first = by_first(&g.roles);
        g.by_id = ids;
        g.entries = entries;
        Ok(g)
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[PersonEntry] {
        &self.entries
    }

    /// The entries one of whose Arabic names or short forms ends in the
    /// normalized `word` (`سليماني`: Qasem Soleimani), each once.
    pub(crate) fn with_last_word(&self, word: &str) -> impl Iterator<Item = &PersonEntry> {
        self.last_word_entries
            .get(word)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.entries.get(i))
    }

    /// Number of people.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is nobody.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&PersonEntry> {
        self.by_id.get(id).and_then(|&i| self.entries.get(i))
    }

    /// A hash of the entries (stable across runs and builds).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}
