import ClassQueries

/// The institution a job about a class names: `--institution` when given (the worker refuses
/// another institution's class as `forbidden`), else the class's own, read through `ClassQuery`.
enum ClassOwner {
    /// The institution id; nil after printing that the class does not exist (exit 1 for the caller).
    static func institution(_ s: Session, classId: String, given: String?) throws -> String? {
        if let given { return given }
        let lookup = ClassQuery.status(classId: classId, keys: s.keys.queue)
        guard let institutionId = try lookup.answer(try s.connection.send(lookup.command)).institutionId else {
            s.err("class \(classId) does not exist (or give --institution)")
            return nil
        }
        return institutionId
    }
}
