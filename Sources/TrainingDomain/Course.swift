/// A course a class publishes to its students (发布课程任务): the platform's course id, its name,
/// and the class hours (课时) it counts for. A class's required hours (培训课时) are the sum of
/// its courses' hours.
public struct Course: Sendable, Hashable {
    public let courseId: String
    public let name: String
    /// 课时: 1 to ``maximumHours``.
    public let hours: Int

    /// The most hours one course may count for.
    public static let maximumHours = 1_000

    public init(courseId: String, name: String, hours: Int) {
        self.courseId = courseId
        self.name = name
        self.hours = hours
    }

    /// The class's required hours for `courses`: the sum of their hours, each course once.
    public static func requiredHours(_ courses: [Course]) -> Int { courses.reduce(0) { $0 + $1.hours } }

    /// `existing` followed by the courses of `added` whose id it does not hold yet (the first of
    /// two with one id in `added`): a course published again is not counted twice.
    public static func merging(_ existing: [Course], _ added: [Course]) -> (all: [Course], new: [Course]) {
        var seen = Set(existing.map(\.courseId))
        var new: [Course] = []
        for course in added where seen.insert(course.courseId).inserted { new.append(course) }
        return (existing + new, new)
    }
}
