import CLibXML2

/// Receives `XMLPushParser`'s events. Names are local names (without a namespace prefix), so
/// `x:row` and `row` are alike; text arrives in pieces, entities already decoded to UTF-8.
protocol XMLEventHandler: AnyObject {
    func startElement(_ name: XMLName, attributes: XMLAttributes)
    func endElement(_ name: XMLName)
    func characters(_ text: UnsafeBufferPointer<UInt8>)
}

/// libxml2's SAX2 push parser, fed chunk by chunk (nothing is kept but the current element's
/// context). A document type declaration stops it (xlsx parts never have one, and refusing it
/// shuts out entity expansion); the network is never used.
final class XMLPushParser {
    private let context: xmlParserCtxtPtr
    private let target: Target

    /// What the C callbacks reach through libxml2's user data.
    private final class Target {
        // Strong: the handler does not hold the parser, so there is no cycle (and no unowned check per event).
        let handler: any XMLEventHandler
        var context: xmlParserCtxtPtr?
        var sawDocumentType = false
        init(handler: any XMLEventHandler) { self.handler = handler }

        /// The target of a callback's user data, borrowed for the callback: no retain and release
        /// on each of a sheet's millions of events (~5 % of reading an .xlsx sheet otherwise).
        @inline(__always)
        static func borrow(_ user: UnsafeMutableRawPointer, _ body: (Target) -> Void) {
            Unmanaged<Target>.fromOpaque(user)._withUnsafeGuaranteedRef(body)
        }
    }

    private static let libraryReady: Void = { xmlInitParser() }()

    init(handler: any XMLEventHandler) throws(SheetReadError) {
        Self.libraryReady
        target = Target(handler: handler)
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { user, name, _, _, _, _, count, _, attributes in
            guard let user, let name else { return }
            Target.borrow(user) { $0.handler.startElement(XMLName(pointer: name), attributes: XMLAttributes(base: attributes, count: Int(count))) }
        }
        sax.endElementNs = { user, name, _, _ in
            guard let user, let name else { return }
            Target.borrow(user) { $0.handler.endElement(XMLName(pointer: name)) }
        }
        sax.characters = { user, text, length in
            guard let user, let text, length > 0 else { return }
            Target.borrow(user) { $0.handler.characters(UnsafeBufferPointer(start: text, count: Int(length))) }
        }
        sax.ignorableWhitespace = sax.characters
        sax.internalSubset = { user, _, _, _ in
            guard let user else { return }
            let target = Unmanaged<Target>.fromOpaque(user).takeUnretainedValue()
            target.sawDocumentType = true
            if let context = target.context { xmlStopParser(context) }
        }
        // Errors are read from the context after each chunk; without this libxml2 prints them.
        sax.serror = { _, _ in }
        let user = Unmanaged.passUnretained(target).toOpaque()
        guard let context = xmlCreatePushParserCtxt(&sax, user, nil, 0, nil) else { throw .corrupt }
        self.context = context
        target.context = context
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
    }

    deinit {
        xmlFreeParserCtxt(context)
    }

    /// Parses the next piece of the document; `isLast` ends it (checks that it is complete).
    func feed(_ bytes: UnsafeBufferPointer<UInt8>, isLast: Bool = false) throws(SheetReadError) {
        let status = bytes.withMemoryRebound(to: CChar.self) { chars in
            xmlParseChunk(context, chars.baseAddress, Int32(chars.count), isLast ? 1 : 0)
        }
        if target.sawDocumentType { throw .badSheetXML("含有 DOCTYPE") }
        // The XML's line number would not help a clerk (a sheet is one or two lines of XML).
        guard status == 0 else { throw .badSheetXML("XML 格式错误") }
    }

    func finish() throws(SheetReadError) {
        try feed(UnsafeBufferPointer(start: nil, count: 0), isLast: true)
    }
}

/// An element's local name as libxml2 gives it (NUL-terminated UTF-8).
struct XMLName {
    let pointer: UnsafePointer<UInt8>

    /// Whether the name is exactly `expected` (ASCII). Inlined: a sheet has millions of
    /// elements, and most names differ from `expected` in their first byte.
    @inline(__always)
    func `is`(_ expected: StaticString) -> Bool {
        let bytes = expected.utf8Start
        let count = expected.utf8CodeUnitCount
        guard pointer[0] == bytes[0] else { return false }
        for i in 1..<count where pointer[i] != bytes[i] { return false }
        return pointer[count] == 0
    }
}

/// An element's attributes as libxml2 gives them: five pointers each (local name, prefix, URI,
/// value start, value end).
struct XMLAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The value of the first attribute with local name `name`, not copied.
    func value(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let base else { return nil }
        for i in 0..<count {
            guard let local = base[5 * i], XMLName(pointer: local).is(name),
                  let start = base[5 * i + 3], let end = base[5 * i + 4] else { continue }
            return UnsafeBufferPointer(start: start, count: end - start)
        }
        return nil
    }

    /// The values of the first attributes named `first` and `second`, in one pass (a cell's `r`
    /// and `t`, on every cell of a sheet).
    func values(_ first: StaticString, _ second: StaticString) -> (UnsafeBufferPointer<UInt8>?, UnsafeBufferPointer<UInt8>?) {
        guard let base else { return (nil, nil) }
        var found: (UnsafeBufferPointer<UInt8>?, UnsafeBufferPointer<UInt8>?) = (nil, nil)
        for i in 0..<count {
            guard let local = base[5 * i], let start = base[5 * i + 3], let end = base[5 * i + 4] else { continue }
            let name = XMLName(pointer: local)
            if found.0 == nil, name.is(first) {
                found.0 = UnsafeBufferPointer(start: start, count: end - start)
            } else if found.1 == nil, name.is(second) {
                found.1 = UnsafeBufferPointer(start: start, count: end - start)
            }
        }
        return found
    }

    func string(_ name: StaticString) -> String? {
        value(name).map { String(decoding: $0, as: UTF8.self) }
    }
}
