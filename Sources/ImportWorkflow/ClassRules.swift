import ClassQueries
import CertificationQueries
import JobQueue
import QualificationQueries
import TrainingDomain
import WorkflowKernel

/// Refusal codes of the class messages.
public enum ClassRefusalCode: String, Sendable {
    case validationFailed = "validation_failed"
    case notCertified = "not_certified"
    case notQualified = "not_qualified"
    case classExists = "class_exists"
    case unknownClass = "unknown_class"
    case forbidden
    case offlineClass = "offline_class"
    case rosterLocked = "roster_locked"
    case classClosed = "class_closed"
}

/// A refusal: code and one sentence.
public struct ClassRefusal: Sendable, Equatable {
    public let code: ClassRefusalCode
    public let message: String
}

/// An accepted class change: the record after it, and what it tells the world.
public struct ClassTransition: Sendable, Equatable {
    /// `class_created` or `tasks_published`.
    public let outcome: String
    public let message: String
    public let after: ClassRecord
    public let notification: NotificationRequest
    public let event: DomainEvent
    public let audit: AuditEntry
}

public enum ClassDecision: Sendable, Equatable {
    case refused(ClassRefusal)
    case applied(ClassTransition)
    /// Done, nothing to change (`no_new_courses`: every course listed was published before).
    case unchanged(outcome: String, message: String)
}

/// The class rules, pure: the state read goes in, a decision comes out.
public enum ClassRules {
    /// `class.created`: the id is new; the institution is certified; it holds an active,
    /// unexpired qualification for the occupation and level on `today` (China date).
    public static func create(_ request: ClassCreateRequest, existing: ClassRecord?, institution: InstitutionRecord,
                              qualified: Bool, nowMs: Int64) -> ClassDecision {
        if existing != nil {
            return .refused(ClassRefusal(code: .classExists, message: "class \(request.classId) already exists"))
        }
        guard institution.state == .certified else {
            return .refused(ClassRefusal(code: .notCertified, message: "institution \(request.institutionId) is not certified"))
        }
        guard qualified else {
            return .refused(ClassRefusal(code: .notQualified,
                                         message: "institution \(request.institutionId) holds no active qualification for \(request.occupation)/\(request.level.rawValue)"))
        }
        let record = ClassRecord(classId: request.classId, institutionId: request.institutionId, name: request.name,
                                 occupation: request.occupation, level: request.level, trainingMode: request.trainingMode,
                                 location: request.location, plannedSize: request.plannedSize, state: .open, version: 1)
        return .applied(ClassTransition(
            outcome: "class_created", message: "class \(request.classId) created",
            after: record,
            notification: NotificationRequest(institutionId: request.institutionId, template: "class.created",
                                              params: ["className": request.name, "classId": request.classId]),
            event: DomainEvent(type: "class.created", payload: [
                "classId": .string(request.classId), "institutionId": .string(request.institutionId), "name": .string(request.name),
                "occupation": .string(request.occupation), "level": .string(request.level.rawValue),
                "trainingMode": .string(request.trainingMode.rawValue), "plannedSize": .number(Double(request.plannedSize))]),
            audit: AuditEntry(action: "created", actor: "institution:\(request.institutionId)", revision: 1, atMs: nowMs,
                              details: ["occupation": request.occupation, "level": request.level.rawValue,
                                        "trainingMode": request.trainingMode.rawValue])))
    }

    /// `class.tasksPublished` (机构可多次发布课程任务): the class exists and is the institution's; an
    /// offline class has no online course tasks to publish; a closed class takes none
    /// (`class_closed`). The first publication locks an open roster (once), while the
    /// institution's qualification for the class's occupation and level is active (`qualified`;
    /// an expired one leaves its open classes unable to start): `tasks_published`. Later ones
    /// add the courses not published before (`courses_added`; a course id already published is
    /// not counted twice; none new: `no_new_courses`, nothing written). Required hours (培训课时)
    /// are the sum of the published courses' hours.
    public static func publishTasks(_ request: TasksPublishedRequest, record: ClassRecord?, qualified: Bool, nowMs: Int64) -> ClassDecision {
        guard let record else {
            return .refused(ClassRefusal(code: .unknownClass, message: "class \(request.classId) does not exist"))
        }
        guard record.institutionId == request.institutionId else {
            return .refused(ClassRefusal(code: .forbidden, message: "class \(request.classId) belongs to another institution"))
        }
        guard record.trainingMode != .offline else {
            return .refused(ClassRefusal(code: .offlineClass, message: "class \(request.classId) is taught offline: it cannot publish online course tasks"))
        }
        guard record.state != .closed else {
            return .refused(ClassRefusal(code: .classClosed, message: "class \(request.classId) is closed: no course can be published"))
        }
        let merged = Course.merging(record.courses, request.courses)
        var after = record
        after.courses = merged.all
        after.version += 1
        let hours = String(after.requiredHours)
        if record.state == .open {
            guard qualified else {
                return .refused(ClassRefusal(code: .notQualified, message: "institution \(record.institutionId) holds no active qualification for "
                    + "\(record.occupation)/\(record.level.rawValue): class \(request.classId) cannot publish course tasks"))
            }
            after.state = .locked
            return .applied(ClassTransition(
                outcome: "tasks_published",
                message: "course tasks of class \(request.classId) published (\(merged.all.count) courses, \(hours) hours); the roster is locked",
                after: after,
                notification: NotificationRequest(institutionId: record.institutionId, template: "class.locked",
                                                  params: ["className": record.name, "classId": record.classId, "requiredHours": hours]),
                event: DomainEvent(type: "class.locked", payload: [
                    "classId": .string(record.classId), "institutionId": .string(record.institutionId),
                    "courses": coursesJSON(merged.all), "requiredHours": .number(Double(after.requiredHours))]),
                audit: AuditEntry(action: "locked", actor: "institution:\(record.institutionId)", revision: after.version, atMs: nowMs,
                                  details: ["courses": String(merged.all.count), "requiredHours": hours])))
        }
        guard !merged.new.isEmpty else {
            return .unchanged(outcome: "no_new_courses",
                              message: "every course listed was published to class \(request.classId) before: nothing changes (\(hours) hours)")
        }
        return .applied(ClassTransition(
            outcome: "courses_added",
            message: "\(merged.new.count) courses added to class \(request.classId); required hours now \(hours)",
            after: after,
            notification: NotificationRequest(institutionId: record.institutionId, template: "class.coursesAdded",
                                              params: ["className": record.name, "classId": record.classId, "requiredHours": hours,
                                                       "courses": merged.new.map { "\($0.name)（\($0.hours)课时）" }.joined(separator: "、")]),
            event: DomainEvent(type: "class.coursesAdded", payload: [
                "classId": .string(record.classId), "institutionId": .string(record.institutionId),
                "courses": coursesJSON(merged.new), "requiredHours": .number(Double(after.requiredHours))]),
            audit: AuditEntry(action: "courses_added", actor: "institution:\(record.institutionId)", revision: after.version, atMs: nowMs,
                              details: ["courses": merged.new.map(\.courseId).joined(separator: ","), "requiredHours": hours])))
    }

    static func coursesJSON(_ courses: [Course]) -> JSONValue {
        .array(courses.map { ["courseId": .string($0.courseId), "name": .string($0.name), "hours": .number(Double($0.hours))] })
    }
}
