// vtctl: the operators' and reviewers' command line. Parsing is pure (Invocation.parse); each
// noun's file runs its commands against Redis. See `vtctl --help`.
import QualificationQueries
import CertificationQueries
import DepartmentReview
import WorkflowKernel
import Certification
import Foundation
import RedisClient

func run() -> Int32 {
    let invocation: Invocation
    do {
        invocation = try Invocation.parse(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
    } catch {
        FileHandle.standardError.write(Data("vtctl: \(error.message)\n\(Invocation.usage)\n".utf8))
        return ExitCode.usage.rawValue
    }
    if invocation.command == .help {
        print(Invocation.usage)
        return ExitCode.ok.rawValue
    }
    do {
        let redis = try RedisConfiguration(url: invocation.global.redisURL)
        let session = Session(global: invocation.global, connection: try RedisConnection(redis, clientName: "vtctl"))
        return try execute(invocation.command, session).rawValue
    } catch let error as UsageError {
        FileHandle.standardError.write(Data("vtctl: \(error.message)\n".utf8))
        return ExitCode.usage.rawValue
    } catch {
        FileHandle.standardError.write(Data("vtctl: \(error)\n".utf8))
        return ExitCode.error.rawValue
    }
}

func execute(_ command: Command, _ s: Session) throws -> ExitCode {
    switch command {
    case .help: return .ok
    case .reviewerAdd(let id, let department, let name): return try ReviewerCommand.add(s, reviewerId: id, departmentId: department, name: name)
    case .reviewerList(let department): return try ReviewerCommand.list(s, departmentId: department)
    case .reviewerRemove(let id): return try ReviewerCommand.remove(s, reviewerId: id)
    case .reviewList(let department): return try ReviewCommand.list(s, departmentId: department)
    case .reviewDecide(let options): return try ReviewCommand.decide(s, options)
    case .institutionShow(let id): return try InstitutionCommand.show(s, institutionId: id)
    case .certificationSubmit(let file, let timeout): return try CertificationCommand.submit(s, file: file, timeoutSeconds: timeout)
    case .ops(let command): return try command.run(s)
    case .enqueue(let options): return try EnqueueCommand.run(s, options)
    case .inboxList(let id, let unread, let limit): return try NotificationCommands.list(s, institutionId: id, unread: unread, limit: limit)
    case .inboxRead(let id, let entry): return try NotificationCommands.read(s, institutionId: id, entryId: entry)
    case .contactSet(let id, let update): return try NotificationCommands.set(s, institutionId: id, update)
    case .contactShow(let id): return try NotificationCommands.show(s, institutionId: id)
    case .qualificationReviewList(let department): return try QualificationReview.list(s, departmentId: department)
    case .qualificationDecide(let options): return try QualificationReview.decide(s, options)
    case .qualificationList(let id): return try QualificationCommand.list(s, institutionId: id)
    case .qualificationExpiring(let within, let department): return try QualificationCommand.expiring(s, withinMs: within, departmentId: department)
    case .qualificationApply(let file, let timeout): return try QualificationCommand.apply(s, file: file, timeoutSeconds: timeout)
    case .importCommand(let command): return try command.run(s)
    }
}

exit(run())
