//! A small read-only element tree over quick-xml events: what the format
//! readers need (elements by local name, their text, where they are), with
//! the document's safety rules in one place.
//!
//! - A document type declaration is refused: no entity is ever declared, so
//!   none can be expanded or loaded from outside.
//! - Only the five predefined entities and character references are
//!   resolved; any other reference is an error.
//! - Nesting is limited to [`MAX_DEPTH`]; the tree holds one node per
//!   element and the text of elements without children, so memory is linear
//!   in the input.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::Error;

/// The deepest element nesting accepted (MSPDI needs 7).
pub(crate) const MAX_DEPTH: usize = 64;

/// One element: its local name, text, children and byte position.
#[derive(Debug)]
struct Node {
    name: String,
    text: String,
    children: Vec<usize>,
    pos: usize,
}

/// A parsed document.
#[derive(Debug)]
pub(crate) struct Doc<'s> {
    src: &'s str,
    nodes: Vec<Node>,
}

/// An element of a [`Doc`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct El<'d> {
    doc: &'d Doc<'d>,
    index: usize,
}

impl<'s> Doc<'s> {
    /// Parses `src` into a tree.
    pub(crate) fn parse(src: &'s str) -> Result<Self, Error> {
        let mut reader = Reader::from_str(src);
        reader.config_mut().check_end_names = true;
        reader.config_mut().expand_empty_elements = true;
        let mut nodes: Vec<Node> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut root: Option<usize> = None;
        loop {
            let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let event = reader.read_event().map_err(|e| {
                let at = usize::try_from(reader.error_position()).unwrap_or(pos);
                xml_error(src, at, e.to_string())
            })?;
            match event {
                Event::Start(start) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(xml_error(
                            src,
                            pos,
                            format!("elements nested deeper than {MAX_DEPTH}"),
                        ));
                    }
                    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                    let index = nodes.len();
                    nodes.push(Node {
                        name,
                        text: String::new(),
                        children: Vec::new(),
                        pos,
                    });
                    match stack.last() {
                        Some(&parent) => nodes[parent].children.push(index),
                        None if root.is_none() => root = Some(index),
                        None => {
                            return Err(xml_error(src, pos, "a second root element".into()));
                        }
                    }
                    stack.push(index);
                }
                Event::End(_) => {
                    stack.pop();
                }
                Event::Text(text) => {
                    let raw = text
                        .decode()
                        .map_err(|e| xml_error(src, pos, e.to_string()))?;
                    push_text(&mut nodes, &stack, &raw, src, pos)?;
                }
                Event::CData(data) => {
                    let raw = data
                        .decode()
                        .map_err(|e| xml_error(src, pos, e.to_string()))?;
                    push_text(&mut nodes, &stack, &raw, src, pos)?;
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => {
                            let name = reference
                                .decode()
                                .map_err(|e| xml_error(src, pos, e.to_string()))?;
                            predefined(&name)
                                .ok_or_else(|| {
                                    xml_error(
                                        src,
                                        pos,
                                        format!("unknown entity `&{name};` (only the five predefined entities are accepted)"),
                                    )
                                })?
                                .to_owned()
                        }
                        Err(e) => return Err(xml_error(src, pos, e.to_string())),
                    };
                    push_text(&mut nodes, &stack, &resolved, src, pos)?;
                }
                Event::DocType(_) => {
                    return Err(xml_error(
                        src,
                        pos,
                        "document type declarations are not accepted (no entity is expanded or loaded)"
                            .into(),
                    ));
                }
                Event::Eof => break,
                Event::Empty(_) | Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
        if let Some(&open) = stack.last() {
            return Err(xml_error(
                src,
                src.len(),
                format!(
                    "the document ends inside <{}> (truncated file?)",
                    nodes[open].name
                ),
            ));
        }
        if root.is_none() {
            return Err(xml_error(src, 0, "no root element".into()));
        }
        Ok(Doc { src, nodes })
    }

    /// The root element.
    pub(crate) fn root(&self) -> El<'_> {
        El {
            doc: self,
            index: 0,
        }
    }

    /// Line and column (1-based, columns in characters) of a byte offset.
    pub(crate) fn line_column(&self, pos: usize) -> (usize, usize) {
        line_column(self.src, pos)
    }
}

fn push_text(
    nodes: &mut [Node],
    stack: &[usize],
    text: &str,
    src: &str,
    pos: usize,
) -> Result<(), Error> {
    match stack.last() {
        Some(&open) => nodes[open].text.push_str(text),
        None if text.trim().is_empty() => {}
        None => return Err(xml_error(src, pos, "text outside the root element".into())),
    }
    Ok(())
}

fn predefined(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

pub(crate) fn line_column(src: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(src.len());
    let mut cut = pos;
    while !src.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &src[..cut];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn xml_error(src: &str, pos: usize, message: String) -> Error {
    let (line, column) = line_column(src, pos);
    Error::Xml {
        line,
        column,
        message,
    }
}

impl<'d> El<'d> {
    fn node(&self) -> &'d Node {
        &self.doc.nodes[self.index]
    }

    /// The local name (namespace prefix removed).
    pub(crate) fn name(&self) -> &'d str {
        &self.node().name
    }

    /// The element's own text, trimmed.
    pub(crate) fn text(&self) -> &'d str {
        self.node().text.trim()
    }

    /// The first child named `name`.
    pub(crate) fn child(&self, name: &str) -> Option<El<'d>> {
        self.children(name).next()
    }

    /// The children named `name`, in document order.
    pub(crate) fn children<'n>(self, name: &'n str) -> impl Iterator<Item = El<'d>> + 'n
    where
        'd: 'n,
    {
        let doc = self.doc;
        self.node()
            .children
            .iter()
            .map(move |&index| El { doc, index })
            .filter(move |e| e.name() == name)
    }

    /// The trimmed text of the first child named `name`, when it is present
    /// and not empty.
    pub(crate) fn field(&self, name: &str) -> Option<Field<'d>> {
        self.child(name)
            .filter(|c| !c.text().is_empty())
            .map(|el| Field { el })
    }

    /// Line and column of the element's start tag.
    pub(crate) fn line_column(&self) -> (usize, usize) {
        self.doc.line_column(self.node().pos)
    }
}

/// A non-empty text field: its value and where it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field<'d> {
    pub(crate) el: El<'d>,
}

impl<'d> Field<'d> {
    /// The trimmed text.
    pub(crate) fn text(&self) -> &'d str {
        self.el.text()
    }

    /// An [`Error::InvalidValue`] for this field.
    pub(crate) fn invalid(&self, expected: &'static str, item: &str) -> Error {
        let (line, column) = self.el.line_column();
        Error::InvalidValue {
            element: self.el.name().to_owned(),
            item: item.to_owned(),
            value: shorten(self.text()).into_owned(),
            expected,
            line,
            column,
        }
    }
}

/// At most 80 characters of a value, for error messages.
pub(crate) fn shorten(s: &str) -> Cow<'_, str> {
    if s.chars().count() <= 80 {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().take(77).chain("...".chars()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_lines_and_character_columns() {
        let src = "ab\ncé<x>";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 3), (2, 1));
        // `é` is two bytes but one column.
        assert_eq!(line_column(src, 6), (2, 3));
        assert_eq!(line_column(src, 999), (2, 6));
    }

    #[test]
    fn entities_resolve_and_unknown_ones_fail() {
        let doc = Doc::parse("<a><b>x &amp; y &#60;&#x3e;</b></a>").unwrap();
        assert_eq!(doc.root().field("b").unwrap().text(), "x & y <>");
        let err = Doc::parse("<a><b>&nbsp;</b></a>").unwrap_err();
        assert!(err.to_string().contains("&nbsp;"), "{err}");
    }

    #[test]
    fn doctype_truncation_and_depth_are_errors() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>";
        assert!(matches!(Doc::parse(bomb), Err(Error::Xml { line: 1, .. })));
        let cut = Doc::parse("<a>\n<b>1</b>\n<c>").unwrap_err();
        assert!(cut.to_string().contains("truncated"), "{cut}");
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert!(
            Doc::parse(&deep)
                .unwrap_err()
                .to_string()
                .contains("nested")
        );
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(Doc::parse(&ok).is_ok());
        let mismatched = Doc::parse("<a>\n  <b></c></a>").unwrap_err();
        assert!(
            matches!(mismatched, Error::Xml { line: 2, .. }),
            "{mismatched}"
        );
    }
}
