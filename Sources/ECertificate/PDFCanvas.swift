internal import CPangoCairo

/// The module's only door to cairo and Pango: a PDF made in memory, with text shaped by Pango
/// in one font family (fontconfig finds its file; cairo embeds the glyphs used as a subset),
/// lines, filled rectangles and pages. Use it inside ``render(width:height:metadata:fontFamily:_:)``,
/// which owns every C object and frees it on the way out.
final class PDFCanvas {
    /// Where a line of text sits in the width it is given.
    enum Alignment {
        /// Starts at the box's left edge.
        case left
        /// Centred in the box.
        case center
        /// Ends at the box's right edge.
        case right
    }

    /// The PDF's document information (title, creator, creation and modification date).
    struct Metadata {
        /// `/Title`.
        var title: String
        /// `/Author`.
        var author: String
        /// `/Creator` (cairo writes its own `/Producer`).
        var creator: String
        /// ISO 8601 with offset, `2026-11-02T09:30:00+08:00`: creation and modification date.
        var date: String
    }

    /// The cairo drawing context on the PDF surface.
    private let cr: OpaquePointer
    /// The Pango context every layout is made in.
    private let context: OpaquePointer
    /// The one font family drawn with.
    private let family: String
    /// One layout per font size, made on first use and freed by ``render``.
    private var layouts: [Double: OpaquePointer] = [:]

    private init(cr: OpaquePointer, context: OpaquePointer, family: String) {
        self.cr = cr
        self.context = context
        self.family = family
    }

    /// Draws the pages `draw` makes on a `width` × `height` point PDF and returns its bytes.
    /// Throws when `fontFamily` is not installed (fontconfig would print another font) or cairo
    /// reports an error.
    static func render(width: Double, height: Double, metadata: Metadata, fontFamily: String,
                       _ draw: (PDFCanvas) throws -> Void) throws -> [UInt8] {
        let sink = ByteSink()
        // cairo writes through the sink until the surface is destroyed, inside this call.
        try withExtendedLifetime(sink) {
            try render(into: sink, width: width, height: height, metadata: metadata, fontFamily: fontFamily, draw)
        }
        return sink.bytes
    }

    /// ``render(width:height:metadata:fontFamily:_:)`` into `sink`: every cairo and Pango object
    /// is made and freed here.
    private static func render(into sink: ByteSink, width: Double, height: Double, metadata: Metadata, fontFamily: String,
                               _ draw: (PDFCanvas) throws -> Void) throws {
        guard let surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque(), width, height) else { throw CertificateRenderError.cairo("cannot create the PDF surface") }
        defer { cairo_surface_destroy(surface) }
        for (key, value) in [(CAIRO_PDF_METADATA_TITLE, metadata.title), (CAIRO_PDF_METADATA_AUTHOR, metadata.author),
                             (CAIRO_PDF_METADATA_CREATOR, metadata.creator), (CAIRO_PDF_METADATA_CREATE_DATE, metadata.date),
                             (CAIRO_PDF_METADATA_MOD_DATE, metadata.date)] {
            cairo_pdf_surface_set_metadata(surface, key, value)
        }
        guard let cr = cairo_create(surface) else { throw CertificateRenderError.cairo("cannot create the drawing context") }
        defer { cairo_destroy(cr) }
        guard let context = pango_cairo_create_context(cr) else { throw CertificateRenderError.cairo("cannot create the Pango context") }
        defer { vt_g_object_unref(UnsafeMutableRawPointer(context)) }
        // Outlines as designed, positions not snapped to a device grid: the layout is the same at
        // any resolution the page is printed or rendered at.
        if let options = cairo_font_options_create() {
            defer { cairo_font_options_destroy(options) }
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            pango_cairo_context_set_font_options(context, options)
        }
        pango_context_set_round_glyph_positions(context, 0)
        let canvas = PDFCanvas(cr: cr, context: context, family: fontFamily)
        defer { for layout in canvas.layouts.values { vt_g_object_unref(UnsafeMutableRawPointer(layout)) } }
        try canvas.checkFont()
        try draw(canvas)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw CertificateRenderError.cairo(String(cString: cairo_status_to_string(status))) }
    }

    /// The width and height, in points, of `text` at `size` on one line, or wrapped at `width`.
    func measure(_ text: String, size: Double, wrapWidth width: Double? = nil) -> (width: Double, height: Double) {
        let layout = self.layout(text, size: size, wrapWidth: width)
        var w: Int32 = 0
        var h: Int32 = 0
        pango_layout_get_size(layout, &w, &h)
        return (Double(w) / Double(vt_pango_scale), Double(h) / Double(vt_pango_scale))
    }

    /// Draws `text` at `size` with its top at `y`, in the box from `x` `width` wide: aligned on one
    /// line (squeezed horizontally when it is wider than the box), or wrapped at the box's width.
    /// Returns the height it took.
    @discardableResult
    func text(_ text: String, x: Double, y: Double, width: Double, size: Double, alignment: Alignment = .left, wrap: Bool = false) -> Double {
        let layout = self.layout(text, size: size, wrapWidth: wrap ? width : nil)
        if wrap {
            pango_layout_set_alignment(layout, alignment == .center ? PANGO_ALIGN_CENTER : alignment == .right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT)
        }
        var w: Int32 = 0
        var h: Int32 = 0
        pango_layout_get_size(layout, &w, &h)
        let textWidth = Double(w) / Double(vt_pango_scale)
        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_set_source_rgb(cr, 0, 0, 0)
        if wrap || textWidth <= width {
            let offset = wrap ? 0 : alignment == .left ? 0 : alignment == .center ? (width - textWidth) / 2 : width - textWidth
            cairo_move_to(cr, x + offset, y)
        } else {
            cairo_translate(cr, x, y)
            cairo_scale(cr, width / textWidth, 1)
            cairo_move_to(cr, 0, 0)
        }
        pango_cairo_show_layout(cr, layout)
        return Double(h) / Double(vt_pango_scale)
    }

    /// Fills a rectangle with a grey level (0 black, 1 white).
    func fill(x: Double, y: Double, width: Double, height: Double, gray: Double) {
        cairo_set_source_rgb(cr, gray, gray, gray)
        cairo_rectangle(cr, x, y, width, height)
        cairo_fill(cr)
    }

    /// Strokes a black line `lineWidth` points wide.
    func line(fromX x0: Double, y y0: Double, toX x1: Double, y y1: Double, lineWidth: Double) {
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, lineWidth)
        cairo_move_to(cr, x0, y0)
        cairo_line_to(cr, x1, y1)
        cairo_stroke(cr)
    }

    /// Strokes a black rectangle's outline.
    func frame(x: Double, y: Double, width: Double, height: Double, lineWidth: Double) {
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, lineWidth)
        cairo_rectangle(cr, x, y, width, height)
        cairo_stroke(cr)
    }

    /// Fills the given rectangles black as one path (one fill: no seams between neighbours).
    func fillBlack(_ rectangles: [(x: Double, y: Double, width: Double, height: Double)]) {
        cairo_set_source_rgb(cr, 0, 0, 0)
        for r in rectangles { cairo_rectangle(cr, r.x, r.y, r.width, r.height) }
        cairo_fill(cr)
    }

    /// Ends the page; what is drawn next goes on a new one.
    func endPage() {
        cairo_show_page(cr)
    }

    // MARK: - Helpers

    /// The size's layout holding `text`, unwrapped or wrapped at `width`.
    private func layout(_ text: String, size: Double, wrapWidth width: Double?) -> OpaquePointer {
        let layout = layouts[size] ?? makeLayout(size: size)
        if let width {
            pango_layout_set_width(layout, Int32(width * Double(vt_pango_scale)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        } else {
            pango_layout_set_width(layout, -1)
            pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        }
        pango_layout_set_text(layout, text, -1)
        return layout
    }

    /// A new layout in the family at `size`, kept for ``render`` to free.
    private func makeLayout(size: Double) -> OpaquePointer {
        let layout = pango_layout_new(context)!
        let description = fontDescription(size: size)
        defer { pango_font_description_free(description) }
        pango_layout_set_font_description(layout, description)
        layouts[size] = layout
        return layout
    }

    /// The family at `size` points (absolute: PDF user units are points).
    private func fontDescription(size: Double) -> OpaquePointer {
        let description = pango_font_description_new()!
        pango_font_description_set_family(description, family)
        pango_font_description_set_absolute_size(description, size * Double(vt_pango_scale))
        return description
    }

    /// Refuses to draw when fontconfig resolves the family to another font.
    private func checkFont() throws {
        let description = fontDescription(size: 10)
        defer { pango_font_description_free(description) }
        guard let font = pango_context_load_font(context, description) else { throw CertificateRenderError.fontMissing(family, found: "no font") }
        defer { vt_g_object_unref(UnsafeMutableRawPointer(font)) }
        guard let loaded = pango_font_describe(font) else { throw CertificateRenderError.fontMissing(family, found: "no font") }
        defer { pango_font_description_free(loaded) }
        let found = pango_font_description_get_family(loaded).map { String(cString: $0) } ?? ""
        guard found.lowercased() == family.lowercased() else { throw CertificateRenderError.fontMissing(family, found: found) }
    }

    /// The PDF's bytes as cairo writes them.
    private final class ByteSink {
        /// What cairo wrote so far.
        var bytes: [UInt8] = []
    }
}
