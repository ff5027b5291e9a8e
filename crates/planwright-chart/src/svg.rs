//! A small SVG writer: escaped text, numbers with a fixed precision (same
//! input, same bytes), and the document frame every chart shares
//! (`<title>`, `<desc>`, generic font family, a view box).

use core::fmt::{self, Write};

use crate::Style;

/// Text for element content or an attribute value, escaped.
pub(crate) struct Esc<'a>(pub(crate) &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                // XML 1.0 allows no other control characters.
                c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// A coordinate with at most two decimals and no trailing zeros.
#[derive(Clone, Copy)]
pub(crate) struct N(pub(crate) f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = if self.0.is_finite() { self.0 } else { 0.0 };
        let r = (v * 100.0).round() / 100.0;
        // -0 prints as 0.
        let r = if r == 0.0 { 0.0 } else { r };
        if r.fract() == 0.0 && r.abs() < 1e15 {
            #[allow(clippy::cast_possible_truncation)]
            return write!(f, "{}", r as i64);
        }
        let s = format!("{r:.2}");
        f.write_str(s.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// An SVG document being written.
pub(crate) struct Svg {
    pub(crate) out: String,
}

impl Svg {
    /// Opens a document of `width` × `height` with its title and
    /// description.
    pub(crate) fn new(width: f64, height: f64, title: &str, desc: &str, style: &Style) -> Self {
        let mut out = String::with_capacity(4096);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{font}\" font-size=\"{size}\" role=\"img\">\
<title>{t}</title><desc>{d}</desc>\
<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"{bg}\"/>",
            w = N(width),
            h = N(height),
            font = Esc(style.font_family.css()),
            size = N(style.font_size),
            t = Esc(title),
            d = Esc(desc),
            bg = style.palette.background,
        );
        Svg { out }
    }

    pub(crate) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, extra: &str) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{extra}/>",
            N(x),
            N(y),
            N(w.max(0.0)),
            N(h.max(0.0))
        );
    }

    pub(crate) fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, extra: &str) {
        let _ = write!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\"{extra}/>",
            N(x1),
            N(y1),
            N(x2),
            N(y2)
        );
    }

    /// Text at (x, y) with an anchor (`start`, `middle`, `end`).
    pub(crate) fn text(
        &mut self,
        x: f64,
        y: f64,
        anchor: &str,
        fill: &str,
        text: &str,
        extra: &str,
    ) {
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{fill}\"{extra}>{}</text>",
            N(x),
            N(y),
            Esc(text)
        );
    }

    /// A polyline or polygon from points.
    pub(crate) fn poly(&mut self, closed: bool, points: &[(f64, f64)], attrs: &str) {
        let tag = if closed { "polygon" } else { "polyline" };
        let _ = write!(self.out, "<{tag} points=\"");
        for (i, (x, y)) in points.iter().enumerate() {
            let sep = if i == 0 { "" } else { " " };
            let _ = write!(self.out, "{sep}{},{}", N(*x), N(*y));
        }
        let _ = write!(self.out, "\" {attrs}/>");
    }

    pub(crate) fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    pub(crate) fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_escapes() {
        assert_eq!(N(1.0).to_string(), "1");
        assert_eq!(N(1.234_5).to_string(), "1.23");
        assert_eq!(N(-0.001).to_string(), "0");
        assert_eq!(N(2.5).to_string(), "2.5");
        assert_eq!(N(f64::NAN).to_string(), "0");
        assert_eq!(
            Esc("<script>alert('x') & \"y\"</script>\u{1}").to_string(),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
