//! The query language: a small, forgiving syntax with errors that say where.
//!
//! ```text
//! لافروف روبيو            words: ranked by how many match and how well (OR)
//! "وزير الخارجية"          a phrase, matched in its exact (unstemmed) form
//! "الرئيس"                 one word in exact form: bypasses stemming
//! لافروف AND روبيو         both required; AND binds tighter than juxtaposition
//! ترامب OR ترمب           either (same as juxtaposition)
//! -موسكو  NOT موسكو        excluded
//! (روسيا OR أوكرانيا) AND محادثات
//! title:لافروف  feed:"BBC Arabic"  person:لافروف  body:…
//! ```

use std::fmt;

/// Whether a clause must, should or must not match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// Required.
    Must,
    /// Optional; adds to the score.
    Should,
    /// Excluded.
    MustNot,
}

/// A field a term can be restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    /// Title only.
    Title,
    /// Body only.
    Body,
    /// The feed's name (exact).
    Feed,
    /// A person mentioned.
    Person,
}

impl FieldName {
    fn parse(name: &str) -> Option<FieldName> {
        match name {
            "title" => Some(FieldName::Title),
            "body" => Some(FieldName::Body),
            "feed" => Some(FieldName::Feed),
            "person" => Some(FieldName::Person),
            _ => None,
        }
    }
}

/// One node of a parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A word, analyzed (stemmed and exact).
    Word {
        /// Field restriction.
        field: Option<FieldName>,
        /// The word as typed.
        text: String,
    },
    /// A quoted phrase (or single word), in exact form.
    Phrase {
        /// Field restriction.
        field: Option<FieldName>,
        /// The text between the quotes.
        text: String,
    },
    /// A group of clauses.
    Group(Vec<Clause>),
}

/// A node with its occurrence.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// Must, should or must not.
    pub occur: Occur,
    /// The node.
    pub node: Node,
}

/// A query syntax error, with the 1-based column (in characters) where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct QueryError {
    /// What is wrong.
    pub message: String,
    /// 1-based character column.
    pub column: usize,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.message, self.column)
    }
}

/// Longest query accepted, in characters; terms beyond [`MAX_CLAUSES`] are an error.
pub const MAX_QUERY_CHARS: usize = 10_000;
/// Most words and phrases in one query.
pub const MAX_CLAUSES: usize = 1_000;
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Quoted(String),
    Field(FieldName),
    Minus,
    And,
    Or,
    Not,
    Open,
    Close,
}

fn err(message: impl Into<String>, column: usize) -> QueryError {
    QueryError {
        message: message.into(),
        column,
    }
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '"' | '(' | ')' | '“' | '”' | '«' | '»')
}

fn lex(input: &str) -> Result<Vec<(Tok, usize)>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            toks.push((Tok::Open, col));
            i += 1;
        } else if c == ')' {
            toks.push((Tok::Close, col));
            i += 1;
        } else if matches!(c, '"' | '“' | '”' | '«' | '»') {
            let close: &[char] = match c {
                '«' => &['»'],
                '“' => &['”', '"'],
                _ => &['"', '”'],
            };
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && !close.contains(&chars[j]) {
                j += 1;
            }
            if j == chars.len() {
                return Err(err("unclosed quote", col));
            }
            toks.push((Tok::Quoted(chars[start..j].iter().collect()), col));
            i = j + 1;
        } else if c == '-'
            && chars
                .get(i + 1)
                .is_some_and(|&n| is_word_char(n) || n == '"' || n == '(')
        {
            // A leading '-' negates; inside a word ("covid-19") it is part of the word.
            toks.push((Tok::Minus, col));
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && is_word_char(chars[i]) {
                // field:value — the prefix ends at the first ':'
                if chars[i] == ':' {
                    let name: String = chars[start..i].iter().collect();
                    if let Some(field) = FieldName::parse(&name.to_lowercase()) {
                        toks.push((Tok::Field(field), start + 1));
                        i += 1;
                        break;
                    }
                }
                i += 1;
            }
            if matches!(toks.last(), Some((Tok::Field(_), c)) if *c == start + 1) {
                continue;
            }
            let word: String = chars[start..i].iter().collect();
            let tok = match word.as_str() {
                "AND" | "&&" => Tok::And,
                "OR" | "||" => Tok::Or,
                "NOT" => Tok::Not,
                _ => Tok::Word(word),
            };
            toks.push((tok, start + 1));
        }
    }
    Ok(toks)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end_col: usize,
    clauses: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }
    fn col(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end_col, |(_, c)| *c)
    }

    /// sequence := and_chain ((OR)? and_chain)*
    fn sequence(&mut self, depth: usize) -> Result<Vec<Clause>, QueryError> {
        let mut clauses = Vec::new();
        while let Some(tok) = self.peek() {
            match tok {
                Tok::Close => break,
                Tok::Or => {
                    if clauses.is_empty() {
                        return Err(err("OR needs something before it", self.col()));
                    }
                    self.pos += 1;
                    if matches!(self.peek(), None | Some(Tok::Close)) {
                        return Err(err("OR needs something after it", self.col()));
                    }
                }
                _ => clauses.push(self.and_chain(depth)?),
            }
        }
        Ok(clauses)
    }

    /// and_chain := unary (AND unary)*
    fn and_chain(&mut self, depth: usize) -> Result<Clause, QueryError> {
        let first = self.unary(depth)?;
        if self.peek() != Some(&Tok::And) {
            return Ok(first);
        }
        let mut members = vec![required(first)];
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            if matches!(
                self.peek(),
                None | Some(Tok::Close) | Some(Tok::Or) | Some(Tok::And)
            ) {
                return Err(err("AND needs something after it", self.col()));
            }
            members.push(required(self.unary(depth)?));
        }
        Ok(Clause {
            occur: Occur::Should,
            node: Node::Group(members),
        })
    }

    /// unary := (- | NOT) unary | primary
    fn unary(&mut self, depth: usize) -> Result<Clause, QueryError> {
        match self.peek() {
            Some(Tok::Minus) | Some(Tok::Not) => {
                let col = self.col();
                self.pos += 1;
                if matches!(
                    self.peek(),
                    None | Some(Tok::Close) | Some(Tok::Or) | Some(Tok::And)
                ) {
                    return Err(err("nothing to exclude", col));
                }
                let inner = self.unary(depth)?;
                Ok(Clause {
                    occur: Occur::MustNot,
                    node: inner.node,
                })
            }
            _ => Ok(Clause {
                occur: Occur::Should,
                node: self.primary(depth)?,
            }),
        }
    }

    fn primary(&mut self, depth: usize) -> Result<Node, QueryError> {
        let col = self.col();
        let Some((tok, _)) = self.toks.get(self.pos).cloned() else {
            return Err(err("unexpected end of query", col));
        };
        self.pos += 1;
        match tok {
            Tok::Open => {
                if depth >= MAX_DEPTH {
                    return Err(err(
                        format!("more than {MAX_DEPTH} nested parentheses"),
                        col,
                    ));
                }
                let inner = self.sequence(depth + 1)?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(err("unclosed '('", col));
                }
                self.pos += 1;
                if inner.is_empty() {
                    return Err(err("empty parentheses", col));
                }
                Ok(Node::Group(inner))
            }
            Tok::Close => Err(err("unmatched ')'", col)),
            Tok::Word(text) => self.leaf(Node::Word { field: None, text }, col),
            Tok::Quoted(text) => self.leaf(Node::Phrase { field: None, text }, col),
            Tok::Field(field) => match self.toks.get(self.pos).cloned() {
                Some((Tok::Word(text), _)) => {
                    self.pos += 1;
                    self.leaf(
                        Node::Word {
                            field: Some(field),
                            text,
                        },
                        col,
                    )
                }
                Some((Tok::Quoted(text), _)) => {
                    self.pos += 1;
                    self.leaf(
                        Node::Phrase {
                            field: Some(field),
                            text,
                        },
                        col,
                    )
                }
                _ => Err(err("field prefix without a value", col)),
            },
            Tok::And | Tok::Or => Err(err("operator without a left side", col)),
            Tok::Minus | Tok::Not => Err(err("misplaced negation", col)),
        }
    }

    fn leaf(&mut self, node: Node, col: usize) -> Result<Node, QueryError> {
        self.clauses += 1;
        if self.clauses > MAX_CLAUSES {
            return Err(err(format!("more than {MAX_CLAUSES} terms"), col));
        }
        Ok(node)
    }
}

fn required(clause: Clause) -> Clause {
    match clause.occur {
        Occur::MustNot => clause,
        _ => Clause {
            occur: Occur::Must,
            node: clause.node,
        },
    }
}

/// Parses a query. The result is a list of top-level clauses.
pub fn parse_query(input: &str) -> Result<Vec<Clause>, QueryError> {
    let len = input.chars().count();
    if len > MAX_QUERY_CHARS {
        return Err(err(
            format!("query longer than {MAX_QUERY_CHARS} characters"),
            MAX_QUERY_CHARS + 1,
        ));
    }
    let toks = lex(input)?;
    let mut parser = Parser {
        toks,
        pos: 0,
        end_col: len + 1,
        clauses: 0,
    };
    let clauses = parser.sequence(0)?;
    if parser.pos < parser.toks.len() {
        return Err(err("unmatched ')'", parser.col()));
    }
    if clauses.is_empty() {
        return Err(err("empty query", 1));
    }
    Ok(clauses)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(t: &str) -> Node {
        Node::Word {
            field: None,
            text: t.into(),
        }
    }

    #[test]
    fn words_phrases_and_operators() {
        let q = parse_query("لافروف \"وزير الخارجية\" -موسكو").unwrap();
        assert_eq!(q.len(), 3);
        assert_eq!(
            q[0],
            Clause {
                occur: Occur::Should,
                node: word("لافروف")
            }
        );
        assert_eq!(
            q[1].node,
            Node::Phrase {
                field: None,
                text: "وزير الخارجية".into()
            }
        );
        assert_eq!(
            q[2],
            Clause {
                occur: Occur::MustNot,
                node: word("موسكو")
            }
        );

        let q = parse_query("لافروف AND روبيو OR ترامب").unwrap();
        assert_eq!(q.len(), 2);
        assert!(
            matches!(&q[0].node, Node::Group(g) if g.len() == 2 && g.iter().all(|c| c.occur == Occur::Must))
        );

        let q = parse_query("title:لافروف feed:\"BBC Arabic\" (روسيا OR أوكرانيا)").unwrap();
        assert_eq!(
            q[0].node,
            Node::Word {
                field: Some(FieldName::Title),
                text: "لافروف".into()
            }
        );
        assert_eq!(
            q[1].node,
            Node::Phrase {
                field: Some(FieldName::Feed),
                text: "BBC Arabic".into()
            }
        );
        assert!(matches!(&q[2].node, Node::Group(g) if g.len() == 2));
        // A hyphen inside a word is not a negation; an unknown prefix is part of the word.
        let q = parse_query("كوفيد-19 http://x").unwrap();
        assert_eq!(q[0].node, word("كوفيد-19"));
        assert_eq!(q[1].node, word("http://x"));
    }

    #[test]
    fn errors_say_where() {
        let e = parse_query("وزير الخارجية \"لافروف").unwrap_err();
        assert_eq!(e.to_string(), "unclosed quote at column 15");
        assert_eq!(
            parse_query("(روسيا").unwrap_err().to_string(),
            "unclosed '(' at column 1"
        );
        assert_eq!(
            parse_query("روسيا)").unwrap_err().to_string(),
            "unmatched ')' at column 6"
        );
        assert_eq!(
            parse_query("   ").unwrap_err().to_string(),
            "empty query at column 1"
        );
        assert_eq!(parse_query("روسيا AND").unwrap_err().column, 10);
        assert!(parse_query(&"(".repeat(100)).is_err());
        assert!(parse_query(&"كلمة ".repeat(2000)).is_err());
    }
}
