import JobQueue

// Arrays of objects in a payload (a qualification's `items`, a partial subsidy decision's
// `students`): paths such as `payload.items[1].level`.
extension PayloadReader {
    /// The array `name` of 1…`maxCount` elements, or nil after recording `field.required`
    /// (when required), `field.type` or `field.format`.
    public mutating func list(_ name: String, required: Bool = true, maxCount: Int) -> [JSONValue]? {
        guard let value = object[name], value != .null else {
            if required { fail(name, "field.required", "\(name) is required") }
            return nil
        }
        guard let list = value.arrayValue else {
            fail(name, "field.type", "\(name) must be an array, got \(value.typeName)")
            return nil
        }
        guard (1...maxCount).contains(list.count) else {
            fail(name, "field.format", "\(name) must hold 1 to \(maxCount) items")
            return nil
        }
        return list
    }

    /// A reader for element `i` of the array `name`, or nil after recording `field.type`.
    public mutating func element(_ name: String, _ i: Int, _ element: JSONValue) -> PayloadReader? {
        guard let object = element.objectValue else {
            fail("\(name)[\(i)]", "field.type", "\(name)[\(i)] must be an object, got \(element.typeName)")
            return nil
        }
        return PayloadReader(object, path: path("\(name)[\(i)]"))
    }

    /// Records an error found by a nested reader (one made by ``element(_:_:_:)``).
    public mutating func record(_ error: FieldError) {
        let prefix = path("")
        fail(String(error.field.dropFirst(prefix.count)), error.code, error.message)
    }
}
