//! The tagger's features: hashed strings about a word and its neighbours
//! ([`features`]), and the second stage's, from the first stage's labels
//! ([`stack_features`]).

use std::collections::HashMap;

use super::lexicon::{Lexicon, NAME_COUNTS};
use crate::extract::Extractor;
use crate::gazetteer::fnv;
use crate::names::name_word_count;
use crate::text::{Tok, bare_forms, flag};

pub(super) fn h(tag: &str, value: &str) -> u64 {
    let mut x = 0xcbf2_9ce4_8422_2325u64;
    fnv(&mut x, tag.as_bytes());
    fnv(&mut x, &[0]);
    fnv(&mut x, value.as_bytes());
    x
}

/// [`h`] of `parts` joined by `sep`, without building the string.
pub(super) fn hj(tag: &str, sep: &str, parts: &[&str]) -> u64 {
    let mut x = 0xcbf2_9ce4_8422_2325u64;
    fnv(&mut x, tag.as_bytes());
    fnv(&mut x, &[0]);
    for (k, p) in parts.iter().enumerate() {
        if k > 0 {
            fnv(&mut x, sep.as_bytes());
        }
        fnv(&mut x, p.as_bytes());
    }
    x
}

/// The BIO label at `j` as a feature value ("9" outside the text).
fn label_at(labels: &[u8], j: isize) -> &'static str {
    match usize::try_from(j).ok().and_then(|j| labels.get(j)) {
        None => "9",
        Some(0) => "0",
        Some(1) => "1",
        Some(_) => "2",
    }
}

fn bucket(n: u32) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2..=9 => "2",
        10..=99 => "3",
        _ => "4",
    }
}

fn yes(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// The word as written, without diacritics, tatweel and invisible marks:
/// keeps what normalization folds (`على`/`علي`, `ة`/`ه`, `أ`/`ا`), which tells
/// a preposition from a name.
fn surface(raw: &str) -> String {
    raw.chars()
        .filter(|c| {
            !matches!(c,
                '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'
                | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}')
        })
        .collect()
}

/// Per-token facts the features of a token and its neighbours use.
struct Word<'a> {
    norm: &'a str,
    surface: String,
    bare: &'a str,
    lex: u32,
    gaz: bool,
    cluster: [String; 3],
    namelike: &'static str,
    named: [&'static str; NAME_COUNTS],
    flags: (bool, bool, bool, bool),
}

fn word<'a>(ex: &Extractor, lexicon: &Lexicon, text: &str, t: &'a Tok) -> Word<'a> {
    let forms = bare_forms(&t.norm);
    let bare = forms.last().copied().unwrap_or("");
    let lex = forms.iter().map(|b| name_word_count(b)).max().unwrap_or(0);
    let names = &ex.gazetteer().name_words;
    let gaz = forms.iter().any(|b| names.contains_key(*b));
    let cluster = lexicon.clusters.of(&forms).map_or_else(
        || ["-", "-", "-"].map(String::from),
        |ids| ids.map(|c| c.to_string()),
    );
    Word {
        named: lexicon.names.buckets(&forms),
        cluster,
        namelike: if crate::text::is_arabic(bare) {
            lexicon.namelike.bucket(bare)
        } else {
            "x"
        },
        norm: &t.norm,
        surface: surface(text.get(t.start..t.end).unwrap_or("")),
        bare,
        lex,
        gaz,
        flags: (
            t.is(flag::TITLE),
            t.is(flag::VERB),
            t.is(flag::PATRONYMIC),
            khabar_analysis::is_stopword(&t.norm),
        ),
    }
}

/// Features of every token that do not depend on predicted tags.
pub(super) fn features(
    ex: &Extractor,
    lexicon: &Lexicon,
    text: &str,
    toks: &[Tok],
    rules: &[u8],
) -> Vec<Vec<u64>> {
    let words: Vec<Word> = toks.iter().map(|t| word(ex, lexicon, text, t)).collect();
    let empty = Word {
        norm: "<s>",
        surface: "<s>".to_string(),
        bare: "<s>",
        lex: 0,
        gaz: false,
        cluster: ["<s>", "<s>", "<s>"].map(String::from),
        namelike: "<s>",
        named: ["<s>"; NAME_COUNTS],
        flags: (false, false, false, false),
    };
    let at = |i: usize, k: isize| -> &Word {
        let j = i as isize + k;
        if j < 0 || j as usize >= words.len() {
            &empty
        } else {
            &words[j as usize]
        }
    };
    let rule = |i: usize, k: isize| label_at(rules, i as isize + k);
    // Words the rules call a name somewhere in the text (a name is often
    // introduced with a title once, then used bare).
    let named: std::collections::HashSet<&str> = toks
        .iter()
        .zip(rules)
        .filter(|(t, r)| **r != 0 && t.key().chars().nth(1).is_some())
        .map(|(t, _)| t.key())
        .collect();
    let doc_rule = |i: usize| named.contains(toks[i].key());
    (0..toks.len())
        .map(|i| {
            let w0 = at(i, 0);
            let (wm1, wp1, wm2, wp2) = (at(i, -1), at(i, 1), at(i, -2), at(i, 2));
            let chars: Vec<char> = w0.norm.chars().collect();
            let n = chars.len();
            let suffix = |k: usize| chars[n.saturating_sub(k)..].iter().collect::<String>();
            let schars: Vec<char> = w0.surface.chars().collect();
            let sprefix = |k: usize| schars[..k.min(schars.len())].iter().collect::<String>();
            let shape = if crate::text::is_arabic(w0.norm) {
                "ar"
            } else if w0.norm.chars().any(|c| c.is_ascii_digit()) {
                "d"
            } else if w0.norm.chars().any(char::is_alphabetic) {
                "lat"
            } else {
                "x"
            };
            let brk0 = toks[i].brk;
            let brk1 = toks.get(i + 1).is_some_and(|t| t.brk);
            let mut f = vec![
                h("bias", ""),
                h("w", w0.norm),
                h("s", &w0.surface),
                h("bare", w0.bare),
                h("key", toks[i].key()),
                h("s1", &suffix(1)),
                h("s2", &suffix(2)),
                h("s3", &suffix(3)),
                h("s4", &suffix(4)),
                h("p1", &sprefix(1)),
                h("p2", &sprefix(2)),
                h("p3", &sprefix(3)),
                h("w-1", wm1.norm),
                h("w+1", wp1.norm),
                h("w-2", wm2.norm),
                h("w+2", wp2.norm),
                h("s-1", &wm1.surface),
                h("s+1", &wp1.surface),
                h("b-1", wm1.bare),
                h("b+1", wp1.bare),
                hj("w-1w0", "|", &[wm1.norm, w0.norm]),
                hj("w0w+1", "|", &[w0.norm, wp1.norm]),
                hj("w-1w+1", "|", &[wm1.norm, wp1.norm]),
                hj("w-2w-1", "|", &[wm2.norm, wm1.norm]),
                h("shape", shape),
                h("len", bucket(n as u32)),
                h("lex", bucket(w0.lex)),
                h("lex-1", bucket(wm1.lex)),
                h("lex+1", bucket(wp1.lex)),
                h("lex-2", bucket(wm2.lex)),
                h("lex+2", bucket(wp2.lex)),
                hj(
                    "lex-1,0,+1",
                    "",
                    &[bucket(wm1.lex), bucket(w0.lex), bucket(wp1.lex)],
                ),
                h("gaz", yes(w0.gaz)),
                h("gaz-1", yes(wm1.gaz)),
                h("gaz+1", yes(wp1.gaz)),
                h("title", yes(w0.flags.0)),
                h("title-1", yes(wm1.flags.0)),
                h("title-2", yes(wm2.flags.0)),
                h("verb-1", yes(wm1.flags.1)),
                h("verb-2", yes(wm2.flags.1)),
                h("pat", yes(w0.flags.2)),
                h("pat-1", yes(wm1.flags.2)),
                h("pat+1", yes(wp1.flags.2)),
                h("stop", yes(w0.flags.3)),
                h("stop+1", yes(wp1.flags.3)),
                h("stop-1", yes(wm1.flags.3)),
                h("brk", yes(brk0)),
                h("brk+1", yes(brk1)),
                h("rule", rule(i, 0)),
                h("rule-1", rule(i, -1)),
                h("rule+1", rule(i, 1)),
                hj("rule-1,0,+1", "", &[rule(i, -1), rule(i, 0), rule(i, 1)]),
                h("c", &w0.cluster[0]),
                h("cf", &w0.cluster[1]),
                h("cff", &w0.cluster[2]),
                h("c-1", &wm1.cluster[0]),
                h("cf-1", &wm1.cluster[1]),
                h("cff-1", &wm1.cluster[2]),
                h("c+1", &wp1.cluster[0]),
                h("cf+1", &wp1.cluster[1]),
                h("cff+1", &wp1.cluster[2]),
                h("cf-2", &wm2.cluster[1]),
                h("cf+2", &wp2.cluster[1]),
                hj(
                    "c-1c0c+1",
                    "|",
                    &[&wm1.cluster[0], &w0.cluster[0], &wp1.cluster[0]],
                ),
                hj("cflex", "|", &[&w0.cluster[1], bucket(w0.lex)]),
                h("docrule", yes(doc_rule(i))),
                h("docrule+1", yes(i + 1 < toks.len() && doc_rule(i + 1))),
                hj("title-1lex", "", &[yes(wm1.flags.0), bucket(w0.lex)]),
                h("nl", w0.namelike),
                h("nl-1", wm1.namelike),
                h("nl+1", wp1.namelike),
                hj("nl,lex", "|", &[w0.namelike, bucket(w0.lex)]),
                h("nw", w0.named[0]),
                h("nwb", w0.named[1]),
                h("nwi", w0.named[2]),
                hj("nwbi", "|", &[w0.named[1], w0.named[2]]),
                h("nw-1", wm1.named[0]),
                h("nw+1", wp1.named[0]),
                h("nwb+1", wp1.named[1]),
                h("nwi-1", wm1.named[2]),
                hj("nw,lex", "|", &[w0.named[0], bucket(w0.lex)]),
                hj("nw,nl", "|", &[w0.named[0], w0.namelike]),
                hj("nw-1,0,+1", "|", &[wm1.named[0], w0.named[0], wp1.named[0]]),
                h("nwbefore-1", wm1.named[3]),
                h("nwbefore-2", wm2.named[3]),
                h("nwafter+1", wp1.named[4]),
                h("nwbefore", w0.named[3]),
                h("nwafter", w0.named[4]),
                hj("nwbefore-1,nw", "|", &[wm1.named[3], w0.named[0]]),
                hj("nwb,nwi+1", "|", &[w0.named[1], wp1.named[2]]),
                hj("nwb-1,nwi", "|", &[wm1.named[1], w0.named[2]]),
                hj("nw,c", "|", &[w0.named[0], &w0.cluster[0]]),
                hj("nw,title-1", "|", &[w0.named[0], yes(wm1.flags.0)]),
                hj("nw-1,p1", "|", &[wm1.named[0], &sprefix(1)]),
                hj("nw-1,nw,p1", "|", &[wm1.named[0], w0.named[0], &sprefix(1)]),
            ];
            f.shrink_to_fit();
            f
        })
        .collect()
}

/// The second stage's extra features, from the first stage's labels `prior`:
/// the labels around the word, and how often the first stage called the same
/// word a name, or not, elsewhere in the text.
pub(super) fn stack_features(toks: &[Tok], prior: &[u8], feats: &mut [Vec<u64>]) {
    let mut counts: HashMap<&str, (u32, u32)> = HashMap::new();
    for (t, l) in toks.iter().zip(prior) {
        let c = counts.entry(t.key()).or_default();
        if *l != 0 {
            c.0 += 1;
        } else {
            c.1 += 1;
        }
    }
    let label = |j: isize| label_at(prior, j);
    for (i, f) in feats
        .iter_mut()
        .enumerate()
        .take(toks.len().min(prior.len()))
    {
        let (mut named, mut plain) = counts.get(toks[i].key()).copied().unwrap_or_default();
        // Elsewhere: not counting this token itself.
        if prior[i] != 0 {
            named = named.saturating_sub(1);
        } else {
            plain = plain.saturating_sub(1);
        }
        let k = i as isize;
        f.extend([
            h("p", label(k)),
            h("p-1", label(k - 1)),
            h("p+1", label(k + 1)),
            hj("p-1,0,+1", "", &[label(k - 1), label(k), label(k + 1)]),
            h("pnamed", bucket(named)),
            h("pplain", bucket(plain)),
            hj("pnamed,plain", "", &[bucket(named), bucket(plain)]),
        ]);
    }
}
