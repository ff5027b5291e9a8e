//! Parsing and rendering SVG with a real SVG library, and reading pixels.

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{Options, Tree};

/// A rendered chart.
pub(crate) struct Picture {
    pub(crate) tree: Tree,
    pub(crate) pixmap: Pixmap,
}

/// Parses and renders `svg` at its own size; panics with the parser's
/// message when it is not valid SVG.
pub(crate) fn render(svg: &str) -> Picture {
    let tree =
        Tree::from_str(svg, &Options::default()).unwrap_or_else(|e| panic!("invalid SVG: {e}"));
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).expect("a non-empty picture");
    resvg::render(&tree, Transform::default(), &mut pixmap.as_mut());
    Picture { tree, pixmap }
}

impl Picture {
    /// The colour at (x, y) as `#rrggbb`.
    pub(crate) fn colour(&self, x: f64, y: f64) -> String {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let p = self
            .pixmap
            .pixel(x.round() as u32, y.round() as u32)
            .expect("inside the picture")
            .demultiply();
        format!("#{:02x}{:02x}{:02x}", p.red(), p.green(), p.blue())
    }

    /// The first and last x on row `y` whose pixel has `colour`.
    pub(crate) fn extent(&self, y: f64, colour: &str) -> Option<(f64, f64)> {
        let w = self.pixmap.width();
        let xs: Vec<u32> = (0..w)
            .filter(|&x| self.colour(f64::from(x), y) == colour)
            .collect();
        Some((f64::from(*xs.first()?), f64::from(*xs.last()? + 1)))
    }

    /// Everything drawn lies inside the view box (with half a pixel for
    /// anti-aliased strokes).
    pub(crate) fn assert_inside(&self) {
        let size = self.tree.size();
        let b = self.tree.root().abs_stroke_bounding_box();
        assert!(
            b.left() >= -0.5
                && b.top() >= -0.5
                && b.right() <= size.width() + 0.5
                && b.bottom() <= size.height() + 0.5,
            "drawing {b:?} leaves the view box {size:?}"
        );
    }
}

/// The text of the `<title>` and `<desc>` of a chart.
pub(crate) fn title_and_desc(svg: &str) -> (String, String) {
    let between = |open: &str, close: &str| {
        let a = svg.find(open).expect(open) + open.len();
        let b = a + svg[a..].find(close).expect(close);
        svg[a..b].to_owned()
    };
    (between("<title>", "</title>"), between("<desc>", "</desc>"))
}
