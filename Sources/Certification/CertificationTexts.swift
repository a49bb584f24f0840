import CertificationQueries
import DepartmentReview
import TrainingDomain
import WorkflowKernel

/// The Chinese texts institutions read about their certification. They name no phone or ID
/// number, so nothing needs masking.
public struct CertificationTexts: Sendable {
    public let regions: RegionCatalog

    public init(regions: RegionCatalog = .embedded) { self.regions = regions }

    /// `长沙市人社部门` for `430100`: the department's region name and 人社部门.
    public func departmentName(_ departmentId: String) -> String { regions.departmentName(departmentId) }

    /// The notification that a submission is waiting for review.
    public func submitted(_ profile: InstitutionProfile, revision: Int, superseded: Int?, certified: Bool) -> NotificationRequest {
        let department = departmentName(profile.departmentId)
        var body = "\(profile.name)：您提交的机构信息（第\(revision)版）已提交，等待\(department)审核。"
        if let superseded { body += "此前待审核的第\(superseded)版已被本次提交替代。" }
        if certified { body += "审核通过前，机构保持“已认证”状态，对外仍显示原有信息。" }
        return NotificationRequest(institutionId: profile.institutionId, template: "certification.submitted", params: [
            "institutionName": profile.name, "revision": String(revision), "departmentName": department,
            "title": "机构信息已提交审核", "body": body,
        ])
    }

    /// The notification that a revision was approved.
    public func approved(_ profile: InstitutionProfile, revision: Int, wasCertified: Bool) -> NotificationRequest {
        let body = wasCertified
            ? "\(profile.name)：您提交的机构信息变更（第\(revision)版）已审核通过，新的机构信息已生效。"
            : "\(profile.name)：您的机构信息认证（第\(revision)版）已审核通过，机构状态为“已认证”，现在可以申请培训资质。"
        return NotificationRequest(institutionId: profile.institutionId, template: "certification.approved", params: [
            "institutionName": profile.name, "revision": String(revision), "departmentName": departmentName(profile.departmentId),
            "title": "机构信息认证已通过", "body": body,
        ])
    }

    /// The notification that a revision was refused, with the reviewer's reason.
    public func rejected(_ profile: InstitutionProfile, revision: Int, reason: String, stillCertified: Bool) -> NotificationRequest {
        let body = stillCertified
            ? "\(profile.name)：您提交的机构信息变更（第\(revision)版）未通过审核。原因：\(reason)。机构仍保持“已认证”状态，信息保持不变；请修改后重新提交。"
            : "\(profile.name)：您的机构信息认证（第\(revision)版）未通过审核。原因：\(reason)。请修改后重新提交。"
        return NotificationRequest(institutionId: profile.institutionId, template: "certification.rejected", params: [
            "institutionName": profile.name, "revision": String(revision), "departmentName": departmentName(profile.departmentId),
            "reason": reason, "title": "机构信息认证未通过", "body": body,
        ])
    }
}
