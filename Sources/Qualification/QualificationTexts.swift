import CertificationQueries
import DepartmentReview
import QualificationQueries
import TrainingDomain
import WorkflowKernel

/// The Chinese texts institutions read about their qualifications (no phone or ID numbers).
public struct QualificationTexts: Sendable {
    public let catalog: OccupationCatalog
    public let regions: RegionCatalog

    public init(catalog: OccupationCatalog = .embedded, regions: RegionCatalog = .embedded) {
        self.catalog = catalog
        self.regions = regions
    }

    /// `养老护理员（初级/五级）`, or the occupation alone for `none`.
    public func itemName(_ key: ItemKey) -> String {
        let name = catalog.occupation(code: key.occupation)?.name ?? key.occupation
        return key.level == .none ? name : "\(name)（\(key.level.chineseName)/\(key.level.grade)）"
    }

    func list(_ keys: [ItemKey]) -> String { keys.map(itemName).joined(separator: "、") }

    /// Why an approved item was not granted: its last valid day had passed when it was decided.
    func lapsedReason(_ item: ApplicationItem) -> String { "有效期已于\(item.validUntil?.description ?? "")届满，未予批准" }

    /// The decision's reason when every approved item had lapsed.
    var allLapsedReason: String { "所批工种的有效期均已届满" }

    func departmentName(_ departmentId: String) -> String { regions.departmentName(departmentId) }

    private func request(_ institutionId: String, _ template: String, _ params: [String: String]) -> NotificationRequest {
        NotificationRequest(institutionId: institutionId, template: template, params: params)
    }

    public func submitted(_ institutionId: String, _ p: PendingApplication, superseded: PendingApplication?) -> NotificationRequest {
        let department = departmentName(p.departmentId)
        var body = "您的培训资质申请（\(p.applicationId)）已提交，等待\(department)审核。申请工种：\(list(p.items.map(\.key)))。"
        if let superseded { body += "此前待审核的申请（\(superseded.applicationId)）已被本次申请替代。" }
        return request(institutionId, "qualification.submitted", [
            "applicationId": p.applicationId, "departmentName": department, "items": list(p.items.map(\.key)),
            "title": "培训资质申请已提交", "body": body])
    }

    public func approved(_ institutionId: String, _ p: PendingApplication) -> NotificationRequest {
        request(institutionId, "qualification.approved", [
            "applicationId": p.applicationId, "items": list(p.items.map(\.key)),
            "title": "培训资质申请已通过", "body": "您的培训资质申请（\(p.applicationId)）已审核通过，获批工种：\(list(p.items.map(\.key)))。"])
    }

    public func partiallyApproved(_ institutionId: String, _ p: PendingApplication, approved: [ItemKey], rejected: [ItemKey], reason: String?,
                                  lapsed: [ItemKey] = []) -> NotificationRequest {
        var body = "您的培训资质申请（\(p.applicationId)）部分通过。获批工种：\(list(approved))；未通过：\(list(rejected))。"
        if !lapsed.isEmpty { body += "其中\(list(lapsed))的有效期在审核时已届满。" }
        if let reason { body += "审核意见：\(reason)" }
        var params = ["applicationId": p.applicationId, "approvedItems": list(approved), "rejectedItems": list(rejected),
                      "title": "培训资质申请部分通过", "body": body]
        if let reason, !reason.isEmpty { params["reason"] = reason }
        return request(institutionId, "qualification.partially_approved", params)
    }

    public func rejected(_ institutionId: String, _ p: PendingApplication, reason: String) -> NotificationRequest {
        request(institutionId, "qualification.rejected", [
            "applicationId": p.applicationId, "reason": reason,
            "title": "培训资质申请未通过", "body": "您的培训资质申请（\(p.applicationId)）未通过审核。原因：\(reason)"])
    }

    /// A reminder `days` before the end of `validUntil`.
    public func expiring(_ institutionId: String, _ key: ItemKey, validUntil: LocalDate, days: Int) -> NotificationRequest {
        request(institutionId, "qualification.expiring", [
            "item": itemName(key), "validUntil": validUntil.description, "daysLeft": String(days),
            "title": "培训资质即将到期",
            "body": "您的培训资质“\(itemName(key))”将于\(validUntil.description)到期（剩余\(days)天），请及时重新申请。"])
    }

    /// - Parameter openClasses: the institution's classes of the item whose roster is still open
    ///   (名称, 编号): they may no longer take students or publish course tasks.
    public func expired(_ institutionId: String, _ key: ItemKey, validUntil: LocalDate, openClasses: [(id: String, name: String)] = []) -> NotificationRequest {
        var body = "您的培训资质“\(itemName(key))”已于\(validUntil.description)到期，不能再开设该工种的培训班。"
        var params = ["item": itemName(key), "validUntil": validUntil.description, "title": "培训资质已到期"]
        if !openClasses.isEmpty {
            let list = openClasses.map { "“\($0.name)”（\($0.id)）" }.joined(separator: "、")
            body += "尚未发布课程任务的班级\(list)不能再添加学员或发布课程任务；已发布课程任务的班级可以继续完成培训。"
            params["openClasses"] = list
        }
        params["body"] = body + "如需继续培训，请重新申请。"
        return request(institutionId, "qualification.expired", params)
    }
}
