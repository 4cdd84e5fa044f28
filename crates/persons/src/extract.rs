//! Finding person mentions in a text and resolving them to people.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::gazetteer::{Continuations, Gazetteer, Map, fnv};
use crate::names::name_word_count;
use crate::rules::PATRONYMIC;
use crate::tagger::Tagger;
use crate::text::{CharCursor, Tok, flag, key, tokenize, words};

/// Version of the extraction rules: part of [`Extractor::fingerprint`], so an
/// index built with older rules asks for a rebuild. Bump on any output change.
pub const RULES_VERSION: u32 = 9;
/// Most mentions kept for one text.
pub const MAX_MENTIONS: usize = 10_000;
/// Longest unknown name taken after a trigger, in words.
const MAX_UNKNOWN_WORDS: usize = 4;
/// Prefix of the ids of people who are not in the gazetteer.
pub const UNKNOWN_PREFIX: char = '~';

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// A full name of the gazetteer.
    Name,
    /// A short form of the gazetteer (`لافروف`).
    Short,
    /// A surname after a full mention in the same text.
    Surname,
    /// A role phrase of a person named in the same text.
    Role,
    /// A name after a title (`المدرب خالد جلال`).
    Title,
    /// A name after a verb of saying (`وقال جوتشولك`).
    Verb,
    /// A name found by the statistical tagger.
    Tagger,
    /// A common first name and a listed person's short form after it that
    /// is someone else's surname (`سامي عنان`, not Kofi Annan).
    FirstName,
}

/// One mention of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Start, in chars of the text.
    pub start: usize,
    /// End (exclusive), in chars of the text.
    pub end: usize,
    /// The words as written.
    pub text: String,
    /// Person id: a gazetteer id, or `~` + the normalized name.
    pub person: String,
    /// Display name of the person.
    pub name: String,
    /// How it was found.
    pub kind: MentionKind,
}

/// A person of one text, with how often it is mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonCount {
    /// Person id.
    pub person: String,
    /// Display name.
    pub name: String,
    /// Mentions (roles included).
    pub count: u32,
    /// Distinct spellings seen (as written, at most 8).
    pub spellings: Vec<String>,
}

/// Person extraction: gazetteer, trigger rules, surname linking and, when
/// given, a trained tagger.
#[derive(Clone, Default)]
pub struct Extractor {
    pub(crate) gazetteer: Gazetteer,
    tagger: Option<Tagger>,
    /// Skeleton of a full name's last word → entries, with the word as
    /// spelled in the name (query side: `والتز`).
    pub(crate) last_words: HashMap<String, Vec<(usize, String)>>,
}

impl std::fmt::Debug for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extractor")
            .field("people", &self.gazetteer.len())
            .field("tagger", &self.tagger.is_some())
            .field("fingerprint", &format_args!("{:016x}", self.fingerprint()))
            .finish()
    }
}

/// Two extractors are equal when they extract the same (same fingerprint).
impl PartialEq for Extractor {
    fn eq(&self, other: &Extractor) -> bool {
        self.fingerprint() == other.fingerprint()
    }
}

impl Eq for Extractor {}

fn is_in(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// The longest phrase of `by_first` starting at `i`, of `min..=max` words:
/// its first word is one of the forms of `toks[i]` (their skeleton keys when
/// `skeletons` is given, else the normalized forms), the others follow
/// without a break and match word for word. Among equally long matches the
/// most literal form wins. Returns its length and entries.
///
/// Skeletons of two short words meet by chance (`كوفي عنان`/`كيف أن`,
/// `جو بايدن`/`جاء بدون`, `ليو ميسي`/`لا ماسيا`): in a two-word name of at
/// most 4 skeleton letters, a word with a key in its `loose_keys` (under 3
/// letters) must be spelled as listed. A longer name is evidence enough for
/// its variants (`مولود تشاوش أوغلو`, `جاني إنفانتينو`). A name with a
/// patronymic (`محمد بن سلمان`), or made of common names that share their
/// skeletons with others (`محمد صلاح`), matches only as spelled in its
/// `spelled_only` or its `settled` names.
fn longest_at<'a>(
    by_first: &'a Map<String, Continuations>,
    skeletons: Option<&Gazetteer>,
    toks: &[Tok],
    i: usize,
    min: usize,
    max: usize,
) -> Option<(usize, &'a [usize])> {
    let by_key = skeletons.is_some();
    let loose_keys = skeletons.map(|g| &g.loose_keys);
    let settled = skeletons.map(Gazetteer::settled);
    let spelled = |word: &str, k: &str| {
        loose_keys
            .and_then(|m| m.get(k))
            .is_none_or(|spellings| spellings.iter().any(|s| s == word))
    };
    let mut best: Option<(usize, &'a [usize])> = None;
    for (form, k) in toks[i].forms() {
        let Some(cands) = by_first.get(if by_key { k } else { form }) else {
            continue;
        };
        for (rest, entries) in cands {
            let len = rest.len() + 1;
            if len < min || len > max || best.is_some_and(|(b, _)| b >= len) {
                continue;
            }
            let follow = &toks[i + 1..i + len];
            let matches = follow
                .iter()
                .zip(rest)
                .all(|(t, w)| !t.brk && (if by_key { t.key() } else { t.norm.as_str() }) == w);
            if !matches {
                continue;
            }
            if by_key
                && len == 2
                && k.chars().count() + rest[0].chars().count() <= 4
                && !(spelled(form, k) && spelled(&follow[0].norm, &rest[0]))
            {
                continue;
            }
            // The gazetteer name has a patronymic (its skeleton is the word
            // itself): `لبنى سليمان` must not pass for `بن سلمان`; or it is
            // made of common names, whose spellings are settled: `محمد صالح`
            // must not pass for `محمد صلاح`.
            let common = settled.is_some_and(|m| {
                m.keys.contains_key(k) && rest.iter().all(|w| m.keys.contains_key(w))
            });
            if by_key
                && (common || is_in(PATRONYMIC, k) || rest.iter().any(|w| is_in(PATRONYMIC, w)))
            {
                let mut spelled = form.to_string();
                for t in follow {
                    spelled.push(' ');
                    spelled.push_str(&t.norm);
                }
                let listed = skeletons.is_some_and(|g| g.spelled_only.contains_key(&spelled))
                    || settled.is_some_and(|m| m.names.contains_key(&spelled));
                if !listed {
                    continue;
                }
            }
            best = Some((len, entries));
        }
    }
    best
}

/// Matches of the gazetteer at one position.
pub(crate) struct Hit {
    pub(crate) len: usize,
    pub(crate) entries: Vec<usize>,
    pub(crate) kind: MentionKind,
}

impl Extractor {
    /// An extractor of `gazetteer` people (and rule-found others).
    pub fn new(gazetteer: Gazetteer) -> Extractor {
        let mut last_words: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        for (i, e) in gazetteer.entries().iter().enumerate() {
            for name in &e.ar {
                let w = words(name);
                if w.len() >= 2
                    && !w.iter().any(|x| is_in(PATRONYMIC, x))
                    && let Some(last) = w.last()
                {
                    let v = last_words.entry(key(last)).or_default();
                    if !v.iter().any(|(j, w)| *j == i && w == last) {
                        v.push((i, last.clone()));
                    }
                }
            }
        }
        Extractor {
            gazetteer,
            tagger: None,
            last_words,
        }
    }

    /// Adds a trained tagger (see `khabar persons train` and the crate docs
    /// on the licence of the training data).
    pub fn with_tagger(mut self, tagger: Tagger) -> Extractor {
        self.tagger = Some(tagger);
        self
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// A hash of the gazetteer and the rules version: an index built with
    /// another fingerprint holds other person ids.
    pub fn fingerprint(&self) -> u64 {
        let mut h = self.gazetteer.fingerprint();
        fnv(&mut h, &RULES_VERSION.to_le_bytes());
        fnv(&mut h, &[u8::from(self.tagger.is_some())]);
        let tagger = self.tagger.as_ref().map_or(0, Tagger::fingerprint);
        fnv(&mut h, &tagger.to_le_bytes());
        h
    }

    /// Display name of a person id (`~` keys: the name itself).
    pub fn display_name(&self, id: &str) -> String {
        if let Some(rest) = id.strip_prefix(UNKNOWN_PREFIX) {
            return rest.to_string();
        }
        self.gazetteer
            .get(id)
            .and_then(|e| e.ar.first())
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    pub(crate) fn ids(&self, entries: &[usize]) -> Vec<String> {
        entries
            .iter()
            .filter_map(|&i| self.gazetteer.entries().get(i))
            .map(|e| e.id.clone())
            .collect()
    }

    /// Longest full name starting at `i` (its first word may carry proclitics).
    pub(crate) fn name_at(&self, toks: &[Tok], i: usize) -> Option<Hit> {
        let g = &self.gazetteer;
        let max = g.max_name_words.min(toks.len() - i);
        longest_at(&g.names_by_first, Some(g), toks, i, 2, max).map(|(len, e)| Hit {
            len,
            entries: e.to_vec(),
            kind: MentionKind::Name,
        })
    }

    /// Whether the word is a short form as spelled (with any proclitic).
    fn short_exact(&self, tok: &Tok) -> bool {
        tok.forms()
            .any(|(f, _)| self.gazetteer.short_exact.contains_key(f))
    }

    /// A short form at `i`.
    pub(crate) fn short_at(&self, toks: &[Tok], i: usize) -> Option<Hit> {
        let g = &self.gazetteer;
        for (f, _) in toks[i].forms() {
            if let Some(e) = g.short_exact.get(f) {
                return Some(Hit {
                    len: 1,
                    entries: e.clone(),
                    kind: MentionKind::Short,
                });
            }
        }
        for (f, k) in toks[i].forms() {
            // A skeleton hides an article after a proclitic: بالسيف is not بيلوسوف.
            if toks[i].is(flag::ARTICLE) && !f.starts_with("ال") {
                continue;
            }
            if let Some(e) = g.short_key.get(k) {
                // A variant must be spelled about like a short form it stands
                // for: the skeleton drops a final ي (العليمي → العلم = العالم)
                // and any number of long vowels (اوروبيين → اربن = أوربان).
                let e: Vec<usize> = e
                    .iter()
                    .copied()
                    .filter(|&i| g.spelled_like_short(i, f))
                    .collect();
                if !e.is_empty() {
                    return Some(Hit {
                        len: 1,
                        entries: e,
                        kind: MentionKind::Short,
                    });
                }
            }
        }
        None
    }

    pub(crate) fn role_at(&self, toks: &[Tok], i: usize) -> Option<Hit> {
        let g = &self.gazetteer;
        let max = g.max_role_words.min(toks.len() - i);
        longest_at(&g.roles_by_first, None, toks, i, 1, max).map(|(len, e)| Hit {
            len,
            entries: e.to_vec(),
            kind: MentionKind::Role,
        })
    }

    /// Whether the word before the short form at `i` of `entries` is
    /// another person's first name: `سامي` before `عنان`, Kofi Annan's short
    /// form, in `والتقى سامي عنان`. The first name must be common
    /// ([`OTHERS_FIRST_NAME_COUNT`] Wikidata people: `سيل ترامب`, "a flood of
    /// Trump", is no one) and none of the words of the person's names, nor
    /// a listed person's own (`قمة كيم ترامب`), nor follow one of the
    /// person's words (`دييغو أرماندو مارادونا`); the short form is written
    /// as listed, with no proclitic (`كيم وترامب`, "Kim and Trump"), and so
    /// is the first name (the mention would begin with `و`).
    fn after_others_first_name(&self, toks: &[Tok], i: usize, entries: &[usize]) -> bool {
        let Some(p) = i.checked_sub(1) else {
            return false;
        };
        let prev = &toks[p];
        let listed_as_written = self
            .gazetteer
            .short_exact
            .get(toks[i].norm.as_str())
            .is_some_and(|es| es.iter().any(|e| entries.contains(e)));
        if toks[i].brk
            // Joined by a hyphen, names are listed (`مبابي-جيرو-غريزمان`).
            || toks[i].is(flag::HYPHENATED)
            || !listed_as_written
            || !prev.nameable()
            || prev.is(flag::ARTICLE)
            || name_word_count(&prev.norm) < OTHERS_FIRST_NAME_COUNT
            || COMMON_NOUN_NAMES.contains(&prev.norm.as_str())
            || self.short_at(toks, p).is_some()
            || self.name_at(toks, p).is_some()
        {
            return false;
        }
        let theirs = |t: &Tok| entries.iter().any(|&e| self.is_name_word_of(e, t));
        // Nor a middle name after one of the person's words.
        let after_theirs = p > 0 && !prev.brk && theirs(&toks[p - 1]);
        !(theirs(prev) || after_theirs)
    }

    /// Whether the token is a word of the names of the entry, or a spelling
    /// of one a letter apart on its skeleton (`أنتونيو` for the listed
    /// `أنطونيو غوتيريش`).
    fn is_name_word_of(&self, entry: usize, t: &Tok) -> bool {
        self.gazetteer
            .name_word_keys
            .get(entry)
            .is_some_and(|keys| {
                t.forms().any(|(_, k)| {
                    let k: Vec<char> = k.chars().collect();
                    keys.iter().any(|x| {
                        let x: Vec<char> = x.chars().collect();
                        x == k
                            || (k.len() >= 3
                                && x.len() >= 3
                                && crate::text::edit_distance(&x, &k) <= 1)
                    })
                })
            })
    }

    fn after_patronymic(toks: &[Tok], i: usize) -> bool {
        i > 0 && !toks[i].brk && toks[i - 1].is(flag::PATRONYMIC)
    }

    /// An unknown name starting at `j`, `strict` after a verb of saying.
    fn take_name(toks: &[Tok], j: usize, strict: bool) -> Option<usize> {
        let first_tok = toks.get(j)?;
        let first = &first_tok.norm;
        if !first_tok.nameable() || first_tok.is(flag::ARTICLE) {
            return None;
        }
        let mut len = 1;
        // A known first name is usually followed by a surname, known or not (برند جوتشولك).
        // `عبد الفتاح` (one token, see `text::tokenize`) is a first name too.
        let known_first = name_word_count(first) >= KNOWN_FIRST_NAME_COUNT
            || (first.starts_with("عبد") && first.chars().count() > 4);
        while len < MAX_UNKNOWN_WORDS && j + len < toks.len() && !toks[j + len].brk {
            let t = &toks[j + len];
            let w = &t.norm;
            let nameable = t.nameable();
            // A part joined by a hyphen (`جاي-إن`) is the same name's.
            let ok = t.is(flag::PATRONYMIC)
                || toks[j + len - 1].is(flag::PATRONYMIC)
                || (t.is(flag::HYPHENATED)
                    && crate::text::is_arabic(w)
                    && !t.is(flag::TITLE)
                    && !t.is(flag::VERB))
                || (nameable && (name_word_count(w) > 0 || w.starts_with("عبد")))
                || (len == 1
                    && known_first
                    && nameable
                    && (!t.is(flag::ARTICLE) || w.ends_with('ي') || article_surname(w)));
            if !ok {
                break;
            }
            len += 1;
        }
        while len > 1 && toks[j + len - 1].is(flag::PATRONYMIC) {
            len -= 1;
        }
        // The first word must look like a name: a Wikidata name word (after a
        // verb of saying, a common one, or a two-word name).
        let count = name_word_count(first);
        let strong = if strict {
            count >= 3 || len >= 2 && count >= 1
        } else {
            count >= 1
        };
        if !(strong || first.starts_with("عبد")) {
            return None;
        }
        Some(len)
    }

    /// Where a title's name starts: after the words that qualify the title.
    pub(crate) fn after_title(&self, toks: &[Tok], i: usize) -> Option<usize> {
        let mut j = i + 1;
        while j < toks.len() && j <= i + 5 {
            if toks[j].brk {
                return None;
            }
            let t = &toks[j];
            let qualifier = (t.is(flag::ARTICLE)
                && self.short_at(toks, j).is_none()
                && self.name_at(toks, j).is_none())
                || t.is(flag::TITLE_LINK)
                || t.is(flag::PLACE);
            if !qualifier {
                return Some(j);
            }
            j += 1;
        }
        None
    }

    /// Resolves the words of a name found by a rule or the tagger: a known
    /// person when one of its words is a short form or a full name of one.
    fn resolve_span(&self, toks: &[Tok], j: usize, len: usize) -> Option<Vec<usize>> {
        for start in j..j + len {
            if let Some(h) = self.name_at(&toks[..j + len], start)
                && h.entries.len() == 1
            {
                return Some(h.entries);
            }
        }
        for k in (j..j + len).rev() {
            if let Some(h) = self.short_at(toks, k)
                && h.entries.len() == 1
            {
                // The first word before the short form must be the person's
                // (a first name of theirs; a middle name may follow: `باراك
                // حسين أوباما`): `فريد الباجي`, `ميغان ماركل` are others.
                let theirs = toks[j..k]
                    .first()
                    .is_none_or(|t| self.is_name_word_of(h.entries[0], t));
                if theirs {
                    return Some(h.entries);
                }
            }
        }
        None
    }

    /// Every person mention of `text`, in order.
    pub fn extract(&self, text: &str) -> Vec<Mention> {
        let text = crate::text::bounded(text);
        let toks = tokenize(text);
        let spans = self.spans(text, &toks);
        let mut out = Vec::with_capacity(spans.len());
        // Char offsets for the mentions only (spans come sorted by start).
        let mut chars = CharCursor::new(text);
        for s in spans {
            let (a, b) = (&toks[s.start], &toks[s.start + s.len - 1]);
            out.push(Mention {
                start: chars.at(a.start),
                end: chars.at(b.end),
                text: text[a.start..b.end].to_string(),
                name: self.display_name(&s.person),
                person: s.person,
                kind: s.kind,
            });
        }
        out
    }

    /// The people of an article (title and body), most mentioned first.
    pub fn persons(&self, title: &str, body: &str) -> Vec<PersonCount> {
        let mut text = String::with_capacity(title.len() + body.len() + 2);
        text.push_str(title);
        text.push_str("\n\n");
        text.push_str(body);
        let mut by: BTreeMap<String, PersonCount> = BTreeMap::new();
        for m in self.extract(&text) {
            let p = by.entry(m.person.clone()).or_insert_with(|| PersonCount {
                person: m.person.clone(),
                name: m.name.clone(),
                count: 0,
                spellings: Vec::new(),
            });
            p.count += 1;
            if m.kind != MentionKind::Role
                && p.spellings.len() < 8
                && !p.spellings.contains(&m.text)
            {
                p.spellings.push(m.text);
            }
        }
        let mut out: Vec<PersonCount> = by.into_values().collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.person.cmp(&b.person)));
        out
    }

    fn unknown_id(toks: &[Tok], j: usize, len: usize) -> String {
        let mut id = String::from(UNKNOWN_PREFIX);
        for (n, t) in toks[j..j + len].iter().enumerate() {
            if n > 0 {
                id.push(' ');
            }
            id.push_str(&t.norm);
        }
        id
    }

    /// Mentions in `toks`, the tokens of `text` (already [`bounded`](crate::text::bounded)).
    pub(crate) fn spans(&self, text: &str, toks: &[Tok]) -> Vec<Span> {
        let mut st = State::default();
        let mut i = 0;
        while i < toks.len() && st.out.len() < MAX_MENTIONS {
            if let Some(h) = self.name_at(toks, i)
                && !Self::after_patronymic(toks, i)
            {
                st.known(self, toks, i, h);
                i = st.next;
                continue;
            }
            if let Some(h) = self.role_at(toks, i) {
                let j = i + h.len;
                let followed = j < toks.len() && !toks[j].brk;
                let named_next = followed
                    && (self.name_at(toks, j).is_some()
                        || self.short_at(toks, j).is_some()
                        || st.linked(toks, j).is_some());
                // A role followed by a name is that person's title, whoever
                // holds the role now (`الرئيس السوري بشار الأسد` in 2018).
                let unknown_next = (followed && !named_next)
                    .then(|| Self::take_name(toks, j, false))
                    .flatten();
                if let Some(len) = unknown_next {
                    st.found(self, toks, j, len, MentionKind::Title);
                    i = j + len;
                    continue;
                }
                if !named_next {
                    st.roles.push(Span {
                        start: i,
                        len: h.len,
                        person: String::new(),
                        kind: MentionKind::Role,
                        entries: h.entries,
                    });
                }
                i = j;
                continue;
            }
            if let Some(h) = self.short_at(toks, i)
                && !Self::after_patronymic(toks, i)
            {
                if h.len == 1
                    && self.after_others_first_name(toks, i, &h.entries)
                    && st.out.last().is_none_or(|s| s.start + s.len < i)
                {
                    st.found(self, toks, i - 1, 2, MentionKind::FirstName);
                    i += 1;
                    continue;
                }
                // A short form yields to the surname of a name spelled so
                // earlier in the text: after `أنجيلا ميركل`, `ميركل` is her,
                // not Meghan Markle's `ماركل` (a skeleton match); after `سامي
                // عنان`, `عنان` is him, not Kofi Annan (an exact match),
                // unless the text has named the listed person already or a
                // title comes first (`إيفانكا ترامب` … `الرئيس ترامب`).
                let listed_stays = |st: &State| {
                    (i > 0 && !toks[i].brk && toks[i - 1].is(flag::TITLE))
                        || self
                            .ids(&h.entries)
                            .iter()
                            .any(|id| st.out.iter().any(|s| &s.person == id))
                };
                if let Some(span) = st.linked_as_written(toks, i)
                    && (!self.short_exact(&toks[i]) || !listed_stays(&st))
                {
                    st.out.push(span);
                    i += 1;
                    continue;
                }
                st.known(self, toks, i, h);
                i = st.next;
                continue;
            }
            if let Some(span) = st.linked(toks, i) {
                st.out.push(span);
                i += 1;
                continue;
            }
            let trigger = if toks[i].is(flag::TITLE) {
                self.after_title(toks, i)
                    .map(|j| (j, MentionKind::Title, false))
            } else if toks[i].is(flag::VERB) && i + 1 < toks.len() && !toks[i + 1].brk {
                Some((i + 1, MentionKind::Verb, true))
            } else {
                None
            };
            if let Some((j, kind, strict)) = trigger {
                let known = self.name_at(toks, j).is_some()
                    || self.short_at(toks, j).is_some()
                    || st.linked(toks, j).is_some();
                if known {
                    i = j;
                    continue;
                }
                if let Some(len) = Self::take_name(toks, j, strict) {
                    st.found(self, toks, j, len, kind);
                    i = j + len;
                    continue;
                }
            }
            i += 1;
        }
        if let Some(tagger) = &self.tagger {
            // The tagger sees the rules' output as features and decides the
            // boundaries; only gazetteer names (full or short) outrank it, and
            // keep their person when the tagger's span holds them.
            let rule_labels = labels(toks, &st.out);
            let rule_spans = std::mem::take(&mut st.out);
            let (names, others): (Vec<Span>, Vec<Span>) = rule_spans
                .into_iter()
                .partition(|s| matches!(s.kind, MentionKind::Name | MentionKind::Short));
            st.out = names;
            for (j, len) in tagger.tag(self, text, toks, &rule_labels) {
                let overlapping: Vec<usize> = (0..st.out.len())
                    .filter(|&k| j < st.out[k].start + st.out[k].len && st.out[k].start < j + len)
                    .collect();
                if let [k] = overlapping[..] {
                    // The tagger may see more of a listed name (صباح الاحمد الصباح):
                    // its boundaries, the list's person.
                    let s = &mut st.out[k];
                    if j <= s.start && s.start + s.len <= j + len {
                        s.start = j;
                        s.len = len;
                    }
                }
                if !overlapping.is_empty() {
                    continue;
                }
                st.found(self, toks, j, len, MentionKind::Tagger);
            }
            for s in others {
                if !st
                    .out
                    .iter()
                    .any(|o| s.start < o.start + o.len && o.start < s.start + s.len)
                {
                    st.out.push(s);
                }
            }
            // Tagger spans can make later surnames linkable: one more pass.
            let taken: HashSet<usize> = st
                .out
                .iter()
                .flat_map(|s| s.start..s.start + s.len)
                .collect();
            for k in 0..toks.len() {
                if !taken.contains(&k)
                    && let Some(span) = st.linked_after(toks, k)
                {
                    st.out.push(span);
                }
            }
        }
        // Roles count once their person is named somewhere in the text.
        let named: HashSet<String> = st.out.iter().map(|s| s.person.clone()).collect();
        for mut r in std::mem::take(&mut st.roles) {
            let ids = self.ids(&r.entries);
            if let Some(id) = ids.into_iter().find(|id| named.contains(id)) {
                r.person = id;
                st.out.push(r);
            }
        }
        st.out.sort_by_key(|s| s.start);
        st.out.truncate(MAX_MENTIONS);
        st.out
    }
}

/// A mention in token positions.
#[derive(Debug, Clone)]
pub(crate) struct Span {
    pub start: usize,
    pub len: usize,
    pub person: String,
    pub kind: MentionKind,
    entries: Vec<usize>,
}

#[derive(Default)]
struct State {
    out: Vec<Span>,
    roles: Vec<Span>,
    /// Surname key → (person, first token position where it may link, the
    /// surname as written).
    links: Map<String, (String, usize, String)>,
    next: usize,
}

impl State {
    /// A gazetteer hit at `i`: picks the person (one already named wins an
    /// ambiguity) and makes its surname linkable.
    fn known(&mut self, ex: &Extractor, toks: &[Tok], i: usize, mut h: Hit) {
        self.next = i + h.len;
        // A listed name may begin with a title (الملك محمد السادس): the mention
        // is the name after it, as news annotation marks it.
        let mut i = i;
        while h.len > 1
            && matches!(
                toks[i].norm.as_str(),
                "الملك"
                    | "الامير"
                    | "الاميره"
                    | "الشيخ"
                    | "الشيخه"
                    | "السلطان"
                    | "البابا"
                    | "الامام"
            )
        {
            i += 1;
            h.len -= 1;
        }
        let ids = ex.ids(&h.entries);
        let person = if ids.len() == 1 {
            ids[0].clone()
        } else if let Some(id) = ids
            .iter()
            .find(|id| self.out.iter().any(|s| &s.person == *id))
        {
            id.clone()
        } else {
            Extractor::unknown_id(toks, i, h.len)
        };
        if h.len >= 2 {
            self.link(toks, i, h.len, &person);
        }
        self.out.push(Span {
            start: i,
            len: h.len,
            person,
            kind: h.kind,
            entries: h.entries,
        });
    }

    /// A rule or tagger name at `j..j+len`.
    fn found(&mut self, ex: &Extractor, toks: &[Tok], j: usize, len: usize, kind: MentionKind) {
        if let Some(span) = self.linked(toks, j).filter(|_| len == 1) {
            self.out.push(Span { kind, ..span });
            return;
        }
        let entries = ex.resolve_span(toks, j, len);
        let person = match &entries {
            Some(e) => ex
                .ids(e)
                .into_iter()
                .next()
                .unwrap_or_else(|| Extractor::unknown_id(toks, j, len)),
            None => Extractor::unknown_id(toks, j, len),
        };
        if len >= 2 {
            self.link(toks, j, len, &person);
        }
        self.out.push(Span {
            start: j,
            len,
            person,
            kind,
            entries: entries.unwrap_or_default(),
        });
    }

    fn link(&mut self, toks: &[Tok], j: usize, len: usize, person: &str) {
        let words = &toks[j..j + len];
        // A name with a father's name is referred to by its "بن X" part, which the
        // gazetteer lists; its last word alone is the father's.
        if words.iter().any(|t| t.is(flag::PATRONYMIC)) {
            return;
        }
        let last = &words[len - 1];
        if last.norm.chars().nth(2).is_none() || !last.nameable() || last.is(flag::COMPOUND_END) {
            return;
        }
        if !self.links.contains_key(last.key()) {
            self.links.insert(
                last.key().to_string(),
                (person.to_string(), j + len, last.norm.clone()),
            );
        }
    }

    fn linked(&self, toks: &[Tok], i: usize) -> Option<Span> {
        // Most texts link few surnames: the map is empty or small, so it is asked first.
        if self.links.is_empty() || Extractor::after_patronymic(toks, i) || !toks[i].nameable() {
            return None;
        }
        for (form, k) in toks[i].forms() {
            // Short skeletons meet unrelated words (باول/بلا, شامل/شمال,
            // الأسد/السويداء): below four consonants besides an article the
            // word itself must match.
            if let Some((person, _, surname)) = self.links.get(k)
                && (firm_letters(k) >= 4 || form == surname)
            {
                return Some(Span {
                    start: i,
                    len: 1,
                    person: person.clone(),
                    kind: MentionKind::Surname,
                    entries: Vec::new(),
                });
            }
        }
        None
    }

    /// [`State::linked`], spelled as the name it links to was.
    fn linked_as_written(&self, toks: &[Tok], i: usize) -> Option<Span> {
        let span = self.linked(toks, i)?;
        toks[i]
            .forms()
            .any(|(form, k)| {
                self.links
                    .get(k)
                    .is_some_and(|(_, _, surname)| form == surname)
            })
            .then_some(span)
    }

    fn linked_after(&self, toks: &[Tok], i: usize) -> Option<Span> {
        let span = self.linked(toks, i)?;
        let from = toks[i]
            .forms()
            .find_map(|(_, k)| self.links.get(k))
            .map_or(usize::MAX, |(_, p, _)| *p);
        (i >= from).then_some(span)
    }
}

#[cfg(test)]
impl Extractor {
    /// An extractor over these entries (unit tests: an invalid list fails the
    /// test instead of leaving the gazetteer empty).
    pub(crate) fn for_test(entries: Vec<crate::PersonEntry>) -> Extractor {
        Extractor::new(Gazetteer::new(entries).expect("a valid test gazetteer"))
    }
}

/// Least Wikidata people with a word in their name for it to be a known
/// first name, usually followed by a surname.
const KNOWN_FIRST_NAME_COUNT: u32 = 5;

/// Least Wikidata people with a word in their name for it to be another
/// person's first name before a listed short form
/// ([`Extractor::after_others_first_name`]): `سامي` (77) is one; `سلام`
/// (18), `أمل` (18) and `نصر` (19) are words as much, and `أسماء` (15) goes
/// with them.
const OTHERS_FIRST_NAME_COUNT: u32 = 20;

/// Name words that are mostly nouns before a name: `سيد` ("Mr.", "master").
const COMMON_NOUN_NAMES: &[&str] = &["سيد", "شيخ"];

/// Letters of a skeleton key besides an article (`السد`, of `الأسد`: 2).
pub(crate) fn firm_letters(key: &str) -> usize {
    key.strip_prefix("ال").unwrap_or(key).chars().count()
}

/// Least Wikidata people with a word in their name for its article form to be
/// a surname after a known first name.
const ARTICLE_SURNAME_COUNT: u32 = 3;

/// Whether an article word is a family name after a known first name: the
/// word without its article is a name word (`بشار الأسد`, `فائز السراج`,
/// `توفيق الحكيم`). Days and times are not (`عباس الخميس`: see
/// `rules::NOT_NAMES`).
fn article_surname(word: &str) -> bool {
    word.strip_prefix("ال")
        .is_some_and(|bare| name_word_count(bare) >= ARTICLE_SURNAME_COUNT)
}

/// BIO labels of tokens from spans (0 O, 1 B, 2 I).
pub(crate) fn labels(toks: &[Tok], spans: &[Span]) -> Vec<u8> {
    let mut l = vec![0u8; toks.len()];
    for s in spans.iter().filter(|s| s.kind != MentionKind::Role) {
        let end = (s.start + s.len).min(toks.len());
        for (k, label) in l.iter_mut().enumerate().take(end).skip(s.start) {
            *label = if k == s.start { 1 } else { 2 };
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PersonEntry;

    fn extractor() -> Extractor {
        let entry = PersonEntry::for_test;
        Extractor::for_test(vec![
            entry("kofi-annan", &["كوفي عنان", "كوفي أنان"], &["عنان"]),
            entry("lionel-messi", &["ليونيل ميسي", "ليو ميسي"], &["ميسي"]),
            entry("angela-merkel", &["أنغيلا ميركل"], &["ميركل"]),
            entry("meghan-markle", &["ميغان ماركل"], &["ماركل"]),
            entry("beji-caid-essebsi", &["الباجي قائد السبسي"], &["السبسي"]),
            entry("mbs", &["محمد بن سلمان", "بن سلمان"], &[]),
        ])
    }

    fn people(ex: &Extractor, text: &str) -> Vec<String> {
        ex.extract(text).into_iter().map(|m| m.person).collect()
    }

    #[test]
    fn short_skeletons_must_be_spelled_as_listed() {
        let ex = extractor();
        assert_eq!(ex.gazetteer().len(), 6);
        // كيف أن and كوفي أنان share the skeleton كف ان; لا ماسيا and ليو ميسي ل مس.
        assert!(!people(&ex, "وتساءل كيف أن الاتفاق انهار").contains(&"kofi-annan".into()));
        assert_eq!(people(&ex, "التقى كوفي أنان"), ["kofi-annan"]);
        assert!(!people(&ex, "أكاديمية لا ماسيا").contains(&"lionel-messi".into()));
        assert_eq!(people(&ex, "سجل ليو ميسي"), ["lionel-messi"]);
        // Names with بن match as spelled (this one is someone else).
        assert!(!people(&ex, "قال محمد بن سليمان").contains(&"mbs".into()));
        assert!(people(&ex, "وصل بن سلمان").contains(&"mbs".into()));
        assert!(!people(&ex, "قالت لبنى سليمان").contains(&"mbs".into()));
        // A spelling variant of a longer name still matches.
        assert_eq!(people(&ex, "استقبل أنغيلا ميركيل"), ["angela-merkel"]);
    }

    #[test]
    fn a_short_form_variant_is_spelled_about_as_listed() {
        let entry = PersonEntry::for_test;
        let ex = Extractor::for_test(vec![
            entry("viktor-orban", &["فيكتور أوربان"], &["أوربان"]),
            entry("benjamin-netanyahu", &["بنيامين نتنياهو"], &["نتنياهو"]),
        ]);
        // اوروبيين ("Europeans") has Orbán's skeleton, three letters apart.
        assert!(people(&ex, "اجتمع الوزراء الأوروبيين في بروكسل").is_empty());
        assert_eq!(people(&ex, "وقال أوربان إن"), ["viktor-orban"]);
        assert_eq!(people(&ex, "وقال اوربن إن"), ["viktor-orban"]);
        assert_eq!(people(&ex, "وقال نتانياهو إن"), ["benjamin-netanyahu"]);
        assert_eq!(people(&ex, "وقال نيتانياهو إن"), ["benjamin-netanyahu"]);
        // Short words: one letter at most (Arjen Robben; كاربون is ك + اربون).
        for text in ["المدربين أربين روبين", "شركة كاربون القابضة"]
        {
            assert!(
                !people(&ex, text).contains(&"viktor-orban".into()),
                "{text}"
            );
        }
    }

    #[test]
    fn a_role_before_a_name_is_its_title() {
        let ex = Extractor::for_test(vec![PersonEntry {
            roles: vec!["الرئيس السوري".to_string()],
            ..PersonEntry::for_test("ahmed-al-sharaa", &["أحمد الشرع"], &["الشرع"])
        }]);
        // In 2018 the role was someone else's: the name after it says whose.
        // `السويداء` shares the skeleton السد, but only two letters are not the article.
        let text =
            "قال الرئيس السوري بشار الأسد إن الحرب انتهت، وأكد الأسد أن الجيش باق في السويداء.";
        let found = ex.extract(text);
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|m| (m.text.as_str(), m.person.as_str()))
            .collect();
        assert_eq!(got, [("بشار الأسد", "~بشار الاسد"), ("الأسد", "~بشار الاسد")]);
        let chars: Vec<char> = text.chars().collect();
        let at: String = chars[found[0].start..found[0].end].iter().collect();
        assert_eq!(at, "بشار الأسد");
        // A day after a name is no family name.
        let got = people(&ex, "وقال الرئيس السوري بشار الخميس إن الحرب انتهت");
        assert_eq!(got, ["~بشار"]);
        // Alone, the role still stands for its holder once they are named.
        let got = people(&ex, "التقى الرئيس السوري وفدا. وقال أحمد الشرع إن");
        assert_eq!(got, ["ahmed-al-sharaa", "ahmed-al-sharaa"]);
    }

    #[test]
    fn a_surname_spelled_as_a_name_before_it_beats_a_short_form_variant() {
        let entry = PersonEntry::for_test;
        let ex = Extractor::for_test(vec![entry("meghan-markle", &["ميغان ماركل"], &["ماركل"])]);
        let text = "التقت المستشارة الألمانية أنجيلا ميركل الرئيس، وقالت ميركل إن";
        assert_eq!(people(&ex, text), ["~انجيلا ميركل", "~انجيلا ميركل"]);
        // Spelled as listed, the short form still wins.
        let text = "التقت المستشارة الألمانية أنجيلا ميركل الأمير هاري، وقالت ماركل إن";
        assert_eq!(
            people(&ex, text),
            ["~انجيلا ميركل", "~هاري", "meghan-markle"]
        );
        // Without a name before it, the variant is the listed person's.
        assert_eq!(people(&ex, "وقالت ميركل إن"), ["meghan-markle"]);
    }

    #[test]
    fn names_of_common_names_match_as_spelled() {
        let entry = |id: &str, ar: &str| PersonEntry::for_test(id, &[ar], &[]);
        let ex = Extractor::for_test(vec![
            entry("mohamed-salah", "محمد صلاح"),
            entry("amr-moussa", "عمرو موسى"),
            entry("donald-trump", "دونالد ترامب"),
            entry("theresa-may", "تيريزا ماي"),
        ]);
        // Same skeletons, other people: every word is a common name.
        assert!(
            people(&ex, "اتهم المعارض محمد صالح قادري")
                .iter()
                .all(|p| p != "mohamed-salah")
        );
        assert!(
            people(&ex, "وقال عمار موسوي")
                .iter()
                .all(|p| p != "amr-moussa")
        );
        assert_eq!(people(&ex, "وسجل محمد صلاح هدفا"), ["mohamed-salah"]);
        // A foreign surname still meets its variants, and so does a common
        // first name no other common name shares a skeleton with.
        assert_eq!(people(&ex, "وقال دونالد ترمب"), ["donald-trump"]);
        assert_eq!(people(&ex, "وقالت تريزا ماي"), ["theresa-may"]);
    }

    #[test]
    fn another_first_name_is_another_person() {
        let ex = extractor();
        let found = people(&ex, "وقال فريد السبسي إن الحزب");
        assert!(!found.contains(&"beji-caid-essebsi".into()), "{found:?}");
        assert_eq!(people(&ex, "وقال السبسي إن"), ["beji-caid-essebsi"]);
    }

    #[test]
    fn a_short_form_after_another_first_name_is_another_person() {
        let ex = extractor();
        let sami = || "~سامي عنان".to_string();
        // Sami Anan, not Kofi Annan; and the surname alone after him.
        assert_eq!(
            people(&ex, "والتقى سامي عنان وفدا. وقال عنان إن"),
            [sami(), sami()]
        );
        assert_eq!(
            people(&ex, "أعلن الفريق سامي عنان ترشحه. وقال عنان إن"),
            [sami(), sami()]
        );
        // Kofi Annan named first keeps the short form.
        let kofi = || "kofi-annan".to_string();
        assert_eq!(people(&ex, "قال كوفي عنان إن. وقال عنان"), [kofi(), kofi()]);
        // A conjunction joins two people; a word that is a rare name is no
        // first name; a middle name follows the person's first name.
        assert_eq!(people(&ex, "وصل سامي وعنان"), [kofi()]);
        assert_eq!(people(&ex, "عبر عن أمل عنان في السلام"), [kofi()]);
        assert_eq!(
            people(&ex, "ويرافقه خورخي ميسي والد اللاعب"),
            ["~خورخي ميسي"]
        );
        assert_eq!(people(&ex, "سجل ليونيل أندريس ميسي"), ["lionel-messi"]);
        assert_eq!(people(&ex, "الثلاثي مبابي-جيرو-ميسي"), ["lionel-messi"]);
        // A middle name after the person's first name.
        let got = people(&ex, "قال الرئيس ليونيل أندريس ميسي. وسجل ميسي");
        assert_eq!(got, ["lionel-messi", "lionel-messi"]);
        // The person's own first name spelled a letter otherwise.
        let merkel = || "angela-merkel".to_string();
        assert_eq!(
            people(&ex, "والتقت أنجيلا ميركل وفدا. وقالت ميركل"),
            [merkel(), merkel()]
        );
        // After a title, the short form stays the listed person's.
        let entry = PersonEntry::for_test;
        let ex = Extractor::for_test(vec![entry("donald-trump", &["دونالد ترامب"], &["ترامب"])]);
        let got = people(&ex, "ودعت إيفانكا ترامب. وقال الرئيس ترامب إن");
        assert_eq!(got, ["~ايفانكا ترامب", "donald-trump"]);
        let got = people(&ex, "ودعت إيفانكا ترامب. وقالت ترامب إن");
        assert_eq!(got, ["~ايفانكا ترامب", "~ايفانكا ترامب"]);
    }

    #[test]
    fn a_name_goes_on_over_a_hyphen_written_without_spaces() {
        let ex = Extractor::for_test(vec![PersonEntry::for_test(
            "jean-yves-le-drian",
            &["جان إيف لودريان"],
            &["لودريان"],
        )]);
        // `إن` alone is "that": after a hyphen it is the name's last part.
        let m = ex.extract("وقال الرئيس الكوري الجنوبي مون جاي-إن للصحفيين");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(
            (m[0].text.as_str(), m[0].person.as_str()),
            ("مون جاي-إن", "~مون جاي ان")
        );
        let m = ex.extract("وزار جان-إيف لودريان القاهرة");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(
            (m[0].text.as_str(), m[0].kind),
            ("جان-إيف لودريان", MentionKind::Name)
        );
        assert_eq!(m[0].person, "jean-yves-le-drian");
        // A spaced dash still ends a name.
        let m = ex.extract("وقال الرئيس مون جاي - إن القمة");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].text, "مون جاي");
    }
}
