#!/usr/bin/env python3
"""Write schemas/examples/<type>/{valid,invalid}/*.json and the expectations.json files.

Licence numbers are computed (GB 11714 organisation-code check at position 17, GB 32100
MOD 31 check at position 18), never typed in. Each invalid example has exactly one defect,
so the first field a decoder reports is unambiguous.
"""

import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "schemas" / "examples"

USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def org_code(body8):
    """GB 11714-1997 organisation code: 8 characters + check character."""
    total = sum(ORG.index(c) * w for c, w in zip(body8, [3, 7, 9, 10, 5, 8, 4, 2]))
    c = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(c, str(c))


def uscc(prefix8, body8):
    body17 = prefix8 + org_code(body8)
    assert len(body17) == 17 and all(ch in USCC for ch in body17), body17
    s = sum(USCC.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + USCC[(31 - s % 31) % 31]


def wrong_check(code):
    """The same code with a different, wrong check character."""
    right = USCC.index(code[17])
    return code[:17] + USCC[(right + 7) % 31]


assert uscc("91350100", "M000100Y")[:16] == "91350100M000100Y"  # annex example body

LIC_FURONG = uscc("91430102", "MA4L3N8R")    # company, Furong district, Changsha
LIC_YUELU = uscc("52430104", "MJJ0385K")     # 民办非企业单位, Yuelu district
LIC_JISHOU = uscc("12433101", "44488613")    # 事业单位, Jishou (Xiangxi)
LIC_LIUYANG = uscc("91430181", "MA4PXE7N")   # company, Liuyang
LIC_XIANGTAN = uscc("53430300", "MJ0A2291")  # foundation-run centre, Xiangtan


def env(type_, id_, created, payload, **extra):
    doc = {"id": id_, "type": type_, "version": 1, "createdAt": created}
    doc.update(extra)
    doc["payload"] = payload
    return doc


def mutate(doc, path, value=None, delete=False):
    """Copy of doc with the dotted path (list indexes as ints) set or deleted."""
    doc = copy.deepcopy(doc)
    node = doc
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


TYPES = {}


def example_set(type_, valid, invalid):
    TYPES[type_] = (valid, invalid)


# ---------------------------------------------------------------- certification.submitted
T = "certification.submitted"
sub_furong = env(T, "cert-sub-20250301-0001", "2025-03-01T09:30:00+08:00", {
    "institutionId": "inst-cs-furong-qihang",
    "name": "长沙市芙蓉区启航职业技能培训学校有限公司",
    "principal": "刘建华",
    "contactPhone": "13807311234",
    "licenseType": "business_license",
    "licenseNumber": LIC_FURONG,
    "schoolPermitNumber": "人社民4301027000123号",
    "departmentId": "430100",
    "regionCode": "430102",
    "address": "湖南省长沙市芙蓉区五一大道 389 号华美欧大厦 12 楼",
    "logoUrl": "https://cdn.example.com/logos/inst-cs-furong-qihang.png",
}, producer="platform-web", traceId="4bf92f3577b34da6a3ce929d0e0e4736")
sub_yuelu = env(T, "cert-sub-20250302-0007", "2025-03-02T14:05:12.345Z", {
    "institutionId": "inst-cs-yuelu-xiangjiang",
    "name": "长沙市岳麓区湘江职业培训学校",
    "principal": "周敏",
    "contactPhone": "15173124567",
    "licenseType": "private_non_enterprise",
    "licenseNumber": LIC_YUELU,
    "departmentId": "430100",
    "regionCode": "430104",
    "address": "湖南省长沙市岳麓区麓山南路 932 号",
}, producer="platform-web")
sub_jishou = env(T, "cert-sub-20250305-0112", "2025-03-05T08:00:00+08:00", {
    "institutionId": "inst-xx-jishou-jigong",
    "name": "湘西土家族苗族自治州技工学校",
    "principal": "向红梅",
    "contactPhone": "18974321098",
    "licenseType": "public_institution",
    "licenseNumber": LIC_JISHOU,
    "departmentId": "430000",
    "regionCode": "433101",
    "address": "湖南省湘西土家族苗族自治州吉首市人民北路 66 号",
})
sub_liuyang = env(T, "cert-sub:2025-03-06:liuyang.01", "2025-03-06T10:15:00+08:00", {
    "institutionId": "inst_ly_hengtai",
    "name": "浏阳市恒泰职业技能培训有限公司",
    "principal": "黎志强",
    "contactPhone": "19918765432",
    "licenseType": "business_license",
    "licenseNumber": LIC_LIUYANG,
    "departmentId": "430181",
    "regionCode": "430181",
    "address": "湖南省浏阳市集里街道北正北路 218 号",
    "logoUrl": "http://static.example.org/img/hengtai-logo.jpg",
    "clientVersion": "2.3.1",
}, producer="platform-web", uploadedBy="operator-007")
sub_xiangtan = env(T, "cert-sub-20250310-0203", "2025-03-10T16:45:30+08:00", {
    "institutionId": "inst-xt-yuetang-jinxiu",
    "name": "湘潭市岳塘区锦绣职业技能培训中心",
    "principal": "彭丽",
    "contactPhone": "17307325566",
    "licenseType": "other",
    "licenseNumber": LIC_XIANGTAN,
    "departmentId": "430300",
    "regionCode": "430304",
    "address": "湖南省湘潭市岳塘区建设北路 18 号",
})
example_set(T, {
    "furong-company-with-logo.json": sub_furong,
    "yuelu-private-non-enterprise.json": sub_yuelu,
    "jishou-public-institution-provincial-department.json": sub_jishou,
    "liuyang-county-department-unknown-fields-ignored.json": sub_liuyang,
    "xiangtan-other-license-type.json": sub_xiangtan,
}, {
    "missing-license-number.json": (
        mutate(sub_furong, ["payload", "licenseNumber"], delete=True),
        {"field": "payload.licenseNumber", "code": "field.required"}),
    "phone-landline.json": (
        mutate(sub_yuelu, ["payload", "contactPhone"], "0731-88881234"),
        {"field": "payload.contactPhone", "code": "phone.format"}),
    "phone-starts-with-12.json": (
        mutate(sub_furong, ["payload", "contactPhone"], "12807311234"),
        {"field": "payload.contactPhone", "code": "phone.format"}),
    "phone-as-number.json": (
        mutate(sub_furong, ["payload", "contactPhone"], 13807311234),
        {"field": "payload.contactPhone", "code": "field.type"}),
    "uscc-17-characters.json": (
        mutate(sub_furong, ["payload", "licenseNumber"], LIC_FURONG[:17]),
        {"field": "payload.licenseNumber", "code": "uscc.length"}),
    "uscc-letter-o.json": (
        mutate(sub_yuelu, ["payload", "licenseNumber"], LIC_YUELU[:10] + "O" + LIC_YUELU[11:]),
        {"field": "payload.licenseNumber", "code": "uscc.chars"}),
    "uscc-wrong-check-character.json": (
        mutate(sub_jishou, ["payload", "licenseNumber"], wrong_check(LIC_JISHOU)),
        {"field": "payload.licenseNumber", "code": "uscc.checksum", "schemaValid": True}),
    "region-outside-hunan.json": (
        mutate(sub_furong, ["payload", "regionCode"], "440106"),
        {"field": "payload.regionCode", "code": "region.unknown"}),
    "region-well-formed-but-unknown.json": (
        mutate(sub_jishou, ["payload", "regionCode"], "439999"),
        {"field": "payload.regionCode", "code": "region.unknown", "schemaValid": True}),
    "license-type-unknown.json": (
        mutate(sub_furong, ["payload", "licenseType"], "sole_proprietorship"),
        {"field": "payload.licenseType", "code": "field.enum"}),
    "institution-id-with-chinese.json": (
        mutate(sub_yuelu, ["payload", "institutionId"], "湘江培训学校"),
        {"field": "payload.institutionId", "code": "field.format"}),
    "logo-url-not-a-url.json": (
        mutate(sub_furong, ["payload", "logoUrl"], "logo.png"),
        {"field": "payload.logoUrl", "code": "field.format"}),
    "job-id-with-slash.json": (
        mutate(sub_furong, ["id"], "cert/sub/2025/0001"),
        {"field": "id", "code": "field.format"}),
    "version-2.json": (
        mutate(sub_yuelu, ["version"], 2),
        {"field": "version", "code": "field.enum"}),
})

# ---------------------------------------------------------------- certification.decided
T = "certification.decided"
dec_approve = env(T, "cert-dec-20250303-0001", "2025-03-03T10:20:00+08:00", {
    "institutionId": "inst-cs-furong-qihang",
    "revision": 1,
    "reviewerId": "rev-430100-zhangwei",
    "departmentId": "430100",
    "decision": "approve",
}, producer="reviewer-console", traceId="4bf92f3577b34da6a3ce929d0e0e4736")
dec_reject = env(T, "cert-dec-20250304-0002", "2025-03-04T15:02:41+08:00", {
    "institutionId": "inst-cs-yuelu-xiangjiang",
    "revision": 2,
    "reviewerId": "rev-430100-lijing",
    "departmentId": "430100",
    "decision": "reject",
    "reason": "营业执照扫描件不清晰，且办学许可证号与证书不一致，请重新上传后提交。",
}, producer="reviewer-console")
dec_province = env(T, "cert-dec-20250306-0031", "2025-03-06T01:10:00Z", {
    "institutionId": "inst-xx-jishou-jigong",
    "revision": 3,
    "reviewerId": "rev-430000-wangfang",
    "departmentId": "430000",
    "decision": "approve",
    "reason": "材料齐全，同意认证。",
})
dec_county = env(T, "cert-dec-20250307-0040", "2025-03-07T09:00:00+08:00", {
    "institutionId": "inst_ly_hengtai",
    "revision": 1,
    "reviewerId": "rev_430181_01",
    "departmentId": "430181",
    "decision": "reject",
    "reason": "负责人联系电话无法接通。",
})
example_set(T, {
    "approve.json": dec_approve,
    "reject-with-reason.json": dec_reject,
    "approve-with-comment-provincial.json": dec_province,
    "reject-county-department.json": dec_county,
}, {
    "reject-without-reason.json": (
        mutate(dec_reject, ["payload", "reason"], delete=True),
        {"field": "payload.reason", "code": "field.required"}),
    "decision-unknown.json": (
        mutate(dec_approve, ["payload", "decision"], "defer"),
        {"field": "payload.decision", "code": "field.enum"}),
    "revision-zero.json": (
        mutate(dec_approve, ["payload", "revision"], 0),
        {"field": "payload.revision", "code": "field.format"}),
    "revision-as-string.json": (
        mutate(dec_approve, ["payload", "revision"], "1"),
        {"field": "payload.revision", "code": "field.type"}),
    "missing-reviewer.json": (
        mutate(dec_reject, ["payload", "reviewerId"], delete=True),
        {"field": "payload.reviewerId", "code": "field.required"}),
    "department-outside-hunan.json": (
        mutate(dec_approve, ["payload", "departmentId"], "110000"),
        {"field": "payload.departmentId", "code": "region.unknown"}),
    "reviewer-id-with-at-sign.json": (
        mutate(dec_approve, ["payload", "reviewerId"], "zhangwei@430100"),
        {"field": "payload.reviewerId", "code": "field.format"}),
    "created-at-not-rfc3339.json": (
        mutate(dec_approve, ["createdAt"], "2025-03-03 10:20"),
        {"field": "createdAt", "code": "field.format"}),
})

# ---------------------------------------------------------------- qualification.applied
T = "qualification.applied"
app_multi = env(T, "qual-app-20250310-0001", "2025-03-10T09:00:00+08:00", {
    "applicationId": "app-furong-qihang-2025-01",
    "institutionId": "inst-cs-furong-qihang",
    "departmentId": "430100",
    "items": [
        {"occupation": "electrician", "level": "junior"},
        {"occupation": "electrician", "level": "intermediate"},
        {"occupation": "chinese-cook", "level": "senior"},
    ],
}, producer="platform-web")
app_short = env(T, "qual-app-20250311-0004", "2025-03-11T11:30:00+08:00", {
    "applicationId": "app-yuelu-xiangjiang-2025-01",
    "institutionId": "inst-cs-yuelu-xiangjiang",
    "departmentId": "430100",
    "items": [
        {"occupation": "elderly-caregiver", "level": "junior"},
        {"occupation": "syb-entrepreneurship", "level": "none", "validUntil": "2026-12-31"},
        {"occupation": "hunan-cuisine", "level": "none", "validUntil": "2026-06-30"},
    ],
})
app_single = env(T, "qual-app-20250312-0009", "2025-03-12T02:00:00Z", {
    "applicationId": "app_jishou_2025_03",
    "institutionId": "inst-xx-jishou-jigong",
    "departmentId": "430000",
    "items": [{"occupation": "xiang-embroidery", "level": "none", "validUntil": "2027-03-31"}],
}, traceId="d7e1c0a2")
example_set(T, {
    "several-occupations.json": app_multi,
    "short-term-items-with-valid-until.json": app_short,
    "single-item-provincial.json": app_single,
}, {
    "items-empty.json": (
        mutate(app_multi, ["payload", "items"], []),
        {"field": "payload.items", "code": "field.format"}),
    "items-not-an-array.json": (
        mutate(app_multi, ["payload", "items"], {"occupation": "electrician", "level": "junior"}),
        {"field": "payload.items", "code": "field.type"}),
    "level-unknown.json": (
        mutate(app_multi, ["payload", "items", 1, "level"], "expert"),
        {"field": "payload.items[1].level", "code": "field.enum"}),
    "valid-until-impossible-date.json": (
        mutate(app_short, ["payload", "items", 1, "validUntil"], "2026-02-30"),
        {"field": "payload.items[1].validUntil", "code": "field.format"}),
    "valid-until-slashes.json": (
        mutate(app_single, ["payload", "items", 0, "validUntil"], "2027/03/31"),
        {"field": "payload.items[0].validUntil", "code": "field.format"}),
    "item-without-occupation.json": (
        mutate(app_multi, ["payload", "items", 0, "occupation"], delete=True),
        {"field": "payload.items[0].occupation", "code": "field.required"}),
    "missing-department.json": (
        mutate(app_short, ["payload", "departmentId"], delete=True),
        {"field": "payload.departmentId", "code": "field.required"}),
    "application-id-65-characters.json": (
        mutate(app_multi, ["payload", "applicationId"], "a" * 65),
        {"field": "payload.applicationId", "code": "field.format"}),
    "missing-payload.json": (
        mutate(app_single, ["payload"], delete=True),
        {"field": "payload", "code": "field.required"}),
})

# ---------------------------------------------------------------- qualification.decided
T = "qualification.decided"
qd_approve = env(T, "qual-dec-20250315-0001", "2025-03-15T10:00:00+08:00", {
    "applicationId": "app-furong-qihang-2025-01",
    "revision": 1,
    "reviewerId": "rev-430100-zhangwei",
    "departmentId": "430100",
    "decision": "approve",
}, producer="reviewer-console")
qd_reject = env(T, "qual-dec-20250315-0002", "2025-03-15T10:05:00+08:00", {
    "applicationId": "app_jishou_2025_03",
    "revision": 2,
    "reviewerId": "rev-430000-wangfang",
    "departmentId": "430000",
    "decision": "reject",
    "reason": "未提供湘绣制作专项职业能力的师资证明材料。",
})
qd_partial = env(T, "qual-dec-20250316-0003", "2025-03-16T16:20:00+08:00", {
    "applicationId": "app-yuelu-xiangjiang-2025-01",
    "revision": 1,
    "reviewerId": "rev-430100-lijing",
    "departmentId": "430100",
    "decision": "partial",
    "reason": "部分工种场地条件不足。",
    "items": [
        {"occupation": "elderly-caregiver", "level": "junior", "decision": "approve"},
        {"occupation": "syb-entrepreneurship", "level": "none", "decision": "approve"},
        {"occupation": "hunan-cuisine", "level": "none", "decision": "reject",
         "reason": "缺少实训厨房。"},
    ],
}, traceId="0af7651916cd43dd8448eb211c80319c")
qd_partial_min = env(T, "qual-dec-20250317-0004", "2025-03-17T08:30:00Z", {
    "applicationId": "app-furong-qihang-2025-02",
    "revision": 4,
    "reviewerId": "rev-430100-zhangwei",
    "departmentId": "430100",
    "decision": "partial",
    "items": [
        {"occupation": "electrician", "level": "junior", "decision": "approve"},
        {"occupation": "electrician", "level": "technician", "decision": "reject"},
    ],
})
example_set(T, {
    "approve.json": qd_approve,
    "reject-with-reason.json": qd_reject,
    "partial-with-item-reasons.json": qd_partial,
    "partial-without-reasons.json": qd_partial_min,
}, {
    "reject-without-reason.json": (
        mutate(qd_reject, ["payload", "reason"], delete=True),
        {"field": "payload.reason", "code": "field.required"}),
    "partial-without-items.json": (
        mutate(qd_partial, ["payload", "items"], delete=True),
        {"field": "payload.items", "code": "field.required"}),
    "item-decision-partial.json": (
        mutate(qd_partial, ["payload", "items", 1, "decision"], "partial"),
        {"field": "payload.items[1].decision", "code": "field.enum"}),
    "decision-past-tense.json": (
        mutate(qd_approve, ["payload", "decision"], "approved"),
        {"field": "payload.decision", "code": "field.enum"}),
    "item-without-level.json": (
        mutate(qd_partial_min, ["payload", "items", 0, "level"], delete=True),
        {"field": "payload.items[0].level", "code": "field.required"}),
    "revision-negative.json": (
        mutate(qd_approve, ["payload", "revision"], -1),
        {"field": "payload.revision", "code": "field.format"}),
    "revision-fraction.json": (
        mutate(qd_approve, ["payload", "revision"], 1.5),
        {"field": "payload.revision", "code": "field.type"}),
    "reviewer-id-as-number.json": (
        mutate(qd_reject, ["payload", "reviewerId"], 430000001),
        {"field": "payload.reviewerId", "code": "field.type"}),
})

# ---------------------------------------------------------------- class.created
T = "class.created"
cls_mixed = env(T, "class-new-20250401-0001", "2025-04-01T09:00:00+08:00", {
    "classId": "cls-furong-elec-2025-04",
    "institutionId": "inst-cs-furong-qihang",
    "name": "2025年4月电工（初级）培训班",
    "occupation": "electrician",
    "level": "junior",
    "plannedSize": 40,
    "trainingMode": "online_offline",
    "location": "长沙市芙蓉区五一大道 389 号华美欧大厦 12 楼实训室",
}, producer="platform-web")
cls_online = env(T, "class-new-20250402-0002", "2025-04-02T10:00:00+08:00", {
    "classId": "cls-yuelu-syb-2025-04",
    "institutionId": "inst-cs-yuelu-xiangjiang",
    "name": "SYB创业培训线上班（第3期）",
    "occupation": "syb-entrepreneurship",
    "level": "none",
    "plannedSize": 30,
    "trainingMode": "online",
})
cls_offline = env(T, "class-new-20250403-0003", "2025-04-03T01:00:00Z", {
    "classId": "cls_jishou_embroidery_01",
    "institutionId": "inst-xx-jishou-jigong",
    "name": "湘绣制作专项职业能力培训班",
    "occupation": "xiang-embroidery",
    "level": "none",
    "plannedSize": 25,
    "trainingMode": "offline",
    "location": "吉首市人民北路 66 号湘西州技工学校实训楼 3 楼",
})
cls_default = env(T, "class-new-20250405-0004", "2025-04-05T14:00:00+08:00", {
    "classId": "cls-yuelu-care-2025-05",
    "institutionId": "inst-cs-yuelu-xiangjiang",
    "name": "养老护理员（五级）培训班",
    "occupation": "elderly-caregiver",
    "level": "junior",
    "plannedSize": 50,
    "location": "长沙市岳麓区麓山南路 932 号 2 号楼",
}, traceId="9c1e5b")
example_set(T, {
    "online-offline-with-location.json": cls_mixed,
    "online-without-location.json": cls_online,
    "offline-with-location.json": cls_offline,
    "default-mode-with-location.json": cls_default,
}, {
    "offline-without-location.json": (
        mutate(cls_offline, ["payload", "location"], delete=True),
        {"field": "payload.location", "code": "field.required"}),
    "default-mode-without-location.json": (
        mutate(cls_default, ["payload", "location"], delete=True),
        {"field": "payload.location", "code": "field.required"}),
    "training-mode-unknown.json": (
        mutate(cls_mixed, ["payload", "trainingMode"], "hybrid"),
        {"field": "payload.trainingMode", "code": "field.enum"}),
    "planned-size-zero.json": (
        mutate(cls_mixed, ["payload", "plannedSize"], 0),
        {"field": "payload.plannedSize", "code": "field.format"}),
    "planned-size-as-string.json": (
        mutate(cls_default, ["payload", "plannedSize"], "50"),
        {"field": "payload.plannedSize", "code": "field.type"}),
    "missing-level.json": (
        mutate(cls_mixed, ["payload", "level"], delete=True),
        {"field": "payload.level", "code": "field.required"}),
    "occupation-in-chinese.json": (
        mutate(cls_mixed, ["payload", "occupation"], "电工"),
        {"field": "payload.occupation", "code": "field.format"}),
    "class-id-with-space.json": (
        mutate(cls_online, ["payload", "classId"], "cls yuelu syb"),
        {"field": "payload.classId", "code": "field.format"}),
})

# ---------------------------------------------------------------- class.tasksPublished
T = "class.tasksPublished"
pub_a = env(T, "class-pub-20250415-0001", "2025-04-15T09:00:00+08:00", {
    "classId": "cls-furong-elec-2025-04",
    "institutionId": "inst-cs-furong-qihang",
}, producer="platform-web")
pub_b = env(T, "class-pub-20250416-0002", "2025-04-16T02:30:00.5Z", {
    "classId": "cls-yuelu-syb-2025-04",
    "institutionId": "inst-cs-yuelu-xiangjiang",
}, traceId="0af7651916cd43dd8448eb211c80319c")
pub_c = env(T, "01JRX5Q3M8T9V2K4N6P7R8S9TA", "2025-04-18T17:45:00+08:00", {
    "classId": "cls_jishou_embroidery_01",
    "institutionId": "inst-xx-jishou-jigong",
    "publishedBy": "teacher-tianyu",
}, producer="platform-web", source="batch-publisher")
pub_courses = env(T, "class-pub-20250415-0003", "2025-04-15T09:05:00+08:00", {
    "classId": "cls-furong-elec-2025-04",
    "institutionId": "inst-cs-furong-qihang",
    "courses": [
        {"courseId": "course-elec-basics", "name": "电工基础", "hours": 16},
        {"courseId": "course-elec-safety", "name": "安全用电与触电急救", "hours": 8},
    ],
}, producer="platform-web")
pub_more = env(T, "class-pub-20250502-0004", "2025-05-02T10:00:00+08:00", {
    "classId": "cls-yuelu-syb-2025-04",
    "institutionId": "inst-cs-yuelu-xiangjiang",
    "courses": [{"courseId": "syb-module-4", "name": "网络创业培训", "hours": 16, "price": 0}],
}, traceId="6d0a1e")
example_set(T, {
    "publish.json": pub_a,
    "publish-with-trace.json": pub_b,
    "publish-unknown-fields-ignored.json": pub_c,
    "publish-with-courses.json": pub_courses,
    "publish-more-courses-later.json": pub_more,
}, {
    "course-hours-zero.json": (
        mutate(pub_courses, ["payload", "courses", 1, "hours"], 0),
        {"field": "payload.courses[1].hours", "code": "field.format"}),
    "course-hours-as-string.json": (
        mutate(pub_more, ["payload", "courses", 0, "hours"], "16"),
        {"field": "payload.courses[0].hours", "code": "field.type"}),
    "course-without-name.json": (
        mutate(pub_courses, ["payload", "courses", 0, "name"], delete=True),
        {"field": "payload.courses[0].name", "code": "field.required"}),
    "course-listed-twice.json": (
        mutate(pub_courses, ["payload", "courses", 1, "courseId"], "course-elec-basics"),
        {"field": "payload.courses[1].courseId", "code": "field.format", "schemaValid": True}),
    "courses-as-object.json": (
        mutate(pub_more, ["payload", "courses"], {"courseId": "syb-module-4", "name": "网络创业培训", "hours": 16}),
        {"field": "payload.courses", "code": "field.type"}),
    "missing-class-id.json": (
        mutate(pub_a, ["payload", "classId"], delete=True),
        {"field": "payload.classId", "code": "field.required"}),
    "missing-institution-id.json": (
        mutate(pub_b, ["payload", "institutionId"], delete=True),
        {"field": "payload.institutionId", "code": "field.required"}),
    "class-id-as-number.json": (
        mutate(pub_a, ["payload", "classId"], 20250415),
        {"field": "payload.classId", "code": "field.type"}),
    "class-id-with-dot.json": (
        mutate(pub_a, ["payload", "classId"], "cls.furong.elec"),
        {"field": "payload.classId", "code": "field.format"}),
    "payload-is-an-array.json": (
        mutate(pub_a, ["payload"], ["cls-furong-elec-2025-04", "inst-cs-furong-qihang"]),
        {"field": "payload", "code": "field.type"}),
    "missing-created-at.json": (
        mutate(pub_b, ["createdAt"], delete=True),
        {"field": "createdAt", "code": "field.required"}),
    "job-id-empty.json": (
        mutate(pub_a, ["id"], ""),
        {"field": "id", "code": "field.format"}),
    "type-unknown.json": (
        mutate(pub_a, ["type"], "class.published"),
        {"field": "type", "code": "field.enum"}),
})

# ---------------------------------------------------------------- import.requested
T = "import.requested"
imp_redis = env(T, "import-req-20250410-0001", "2025-04-10T10:00:00+08:00", {
    "importId": "imp-furong-elec-2025-04-01",
    "institutionId": "inst-cs-furong-qihang",
    "classId": "cls-furong-elec-2025-04",
    "source": {"redisKey": "vt:upload:imp-furong-elec-2025-04-01"},
    "format": "csv",
    "mode": "all_or_nothing",
}, producer="platform-web", traceId="7d3c0e")
imp_path = env(T, "import-req-20250411-0002", "2025-04-11T03:15:00Z", {
    "importId": "imp_yuelu_care_0002",
    "institutionId": "inst-cs-yuelu-xiangjiang",
    "classId": "cls-yuelu-care-2025-05",
    "source": {"path": "/var/lib/vt/uploads/2025/04/imp_yuelu_care_0002.xlsx"},
    "format": "xlsx",
    "mode": "accept_valid",
})
imp_min = env(T, "import-req-20250412-0003", "2025-04-12T08:00:00+08:00", {
    "importId": "imp-jishou-emb-0003",
    "institutionId": "inst-xx-jishou-jigong",
    "classId": "cls_jishou_embroidery_01",
    "source": {"redisKey": "vt:upload:imp-jishou-emb-0003"},
})
example_set(T, {
    "redis-key-csv-all-or-nothing.json": imp_redis,
    "path-xlsx-accept-valid.json": imp_path,
    "defaults-format-and-mode.json": imp_min,
}, {
    "source-with-both-key-and-path.json": (
        mutate(imp_redis, ["payload", "source", "path"], "/var/lib/vt/uploads/a.csv"),
        {"field": "payload.source", "code": "field.format"}),
    "source-as-string.json": (
        mutate(imp_redis, ["payload", "source"], "vt:upload:imp-furong-elec-2025-04-01"),
        {"field": "payload.source", "code": "field.type"}),
    "format-xls.json": (
        mutate(imp_path, ["payload", "format"], "xls"),
        {"field": "payload.format", "code": "field.enum"}),
    "mode-unknown.json": (
        mutate(imp_redis, ["payload", "mode"], "best_effort"),
        {"field": "payload.mode", "code": "field.enum"}),
    "path-relative.json": (
        mutate(imp_path, ["payload", "source", "path"], "uploads/imp_yuelu_care_0002.xlsx"),
        {"field": "payload.source.path", "code": "field.format"}),
    "missing-class-id.json": (
        mutate(imp_min, ["payload", "classId"], delete=True),
        {"field": "payload.classId", "code": "field.required"}),
    "missing-source.json": (
        mutate(imp_min, ["payload", "source"], delete=True),
        {"field": "payload.source", "code": "field.required"}),
    "import-id-with-colon.json": (
        mutate(imp_redis, ["payload", "importId"], "imp:furong:01"),
        {"field": "payload.importId", "code": "field.format"}),
})

# ---------------------------------------------------------------- learning.recorded
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(first17):
    """A resident ID number: 17 digits + the MOD 11-2 check character."""
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def wrong_id_check(number):
    right = "10X98765432".index(number[17])
    return number[:17] + "10X98765432"[(right + 3) % 11]


STU_A = id_number("43010219900307051")  # Furong district, born 1990-03-07
STU_B = id_number("43012419850612002")  # Ningxiang, born 1985-06-12
STU_C = id_number("43310119981101123")  # Jishou, born 1998-11-01

T = "learning.recorded"
lrn_a = env(T, "lp-sess-20250420-000183", "2025-04-20T21:14:09+08:00", {
    "recordId": "sess:2025-04-20:000183",
    "classId": "cls-furong-elec-2025-04",
    "idNumber": STU_A,
    "courseId": "course-elec-basics",
    "seconds": 2730,
    "occurredAt": "2025-04-20T20:28:39+08:00",
}, producer="learning-platform")
lrn_b = env(T, "lp-sess-20250421-000201-retry1", "2025-04-21T01:02:00Z", {
    "recordId": "sess.000201",
    "classId": "cls-yuelu-syb-2025-04",
    "idNumber": STU_B,
    "courseId": "syb-module-3",
    "seconds": 86400,
    "occurredAt": "2025-04-20T01:02:00Z",
}, traceId="5f2b9c")
lrn_c = env(T, "lp-sess-20250422-000007", "2025-04-22T08:00:00+08:00", {
    "recordId": "0007",
    "classId": "cls_jishou_embroidery_01",
    "idNumber": STU_C[:17] + STU_C[17].lower(),
    "courseId": "emb-stitches",
    "seconds": 1,
    "occurredAt": "2025-04-22T07:59:59.250+08:00",
    "device": "android",
})
example_set(T, {
    "session.json": lrn_a,
    "a-whole-day-resent.json": lrn_b,
    "one-second-lower-case-x-unknown-field.json": lrn_c,
}, {
    "seconds-negative.json": (
        mutate(lrn_a, ["payload", "seconds"], -2730),
        {"field": "payload.seconds", "code": "field.format"}),
    "seconds-more-than-a-day.json": (
        mutate(lrn_b, ["payload", "seconds"], 86401),
        {"field": "payload.seconds", "code": "field.format"}),
    "seconds-zero.json": (
        mutate(lrn_a, ["payload", "seconds"], 0),
        {"field": "payload.seconds", "code": "field.format"}),
    "seconds-fractional.json": (
        mutate(lrn_a, ["payload", "seconds"], 2730.5),
        {"field": "payload.seconds", "code": "field.type"}),
    "seconds-as-string.json": (
        mutate(lrn_a, ["payload", "seconds"], "2730"),
        {"field": "payload.seconds", "code": "field.type"}),
    "missing-record-id.json": (
        mutate(lrn_a, ["payload", "recordId"], delete=True),
        {"field": "payload.recordId", "code": "field.required"}),
    "record-id-with-space.json": (
        mutate(lrn_a, ["payload", "recordId"], "sess 183"),
        {"field": "payload.recordId", "code": "field.format"}),
    "id-number-wrong-check.json": (
        mutate(lrn_a, ["payload", "idNumber"], wrong_id_check(STU_A)),
        {"field": "payload.idNumber", "code": "id.checksum", "schemaValid": True}),
    "id-number-15-digits.json": (
        mutate(lrn_a, ["payload", "idNumber"], "430102900307051"),
        {"field": "payload.idNumber", "code": "id.length"}),
    "occurred-at-not-a-timestamp.json": (
        mutate(lrn_b, ["payload", "occurredAt"], "2025-04-20 09:02"),
        {"field": "payload.occurredAt", "code": "field.format"}),
    "missing-class-id.json": (
        mutate(lrn_c, ["payload", "classId"], delete=True),
        {"field": "payload.classId", "code": "field.required"}),
})

# ---------------------------------------------------------------- scores.recorded
T = "scores.recorded"
scr_two = env(T, "scores-20250430-0001", "2025-04-30T16:00:00+08:00", {
    "classId": "cls-furong-elec-2025-04",
    "institutionId": "inst-cs-furong-qihang",
    "scores": [
        {"idNumber": STU_A, "theory": 85.5, "practical": 92},
        {"idNumber": STU_B, "theory": 59.99, "practical": 100},
    ],
}, producer="platform-web")
scr_one = env(T, "scores-20250501-0002", "2025-05-01T01:00:00Z", {
    "classId": "cls_jishou_embroidery_01",
    "institutionId": "inst-xx-jishou-jigong",
    "scores": [{"idNumber": STU_C, "theory": 0, "practical": 60, "remark": "补考"}],
}, traceId="3e9d21")
scr_change = env(T, "scores-20250502-0003", "2025-05-02T09:30:00+08:00", {
    "classId": "cls-furong-elec-2025-04",
    "institutionId": "inst-cs-furong-qihang",
    "scores": [{"idNumber": STU_B[:17] + STU_B[17].lower() if STU_B[17] == "X" else STU_B, "theory": 60.5, "practical": 100.0}],
}, producer="platform-web")
example_set(T, {
    "two-students.json": scr_two,
    "one-student-bounds.json": scr_one,
    "a-score-changed.json": scr_change,
}, {
    "theory-three-decimals.json": (
        mutate(scr_two, ["payload", "scores", 0, "theory"], 100.001),
        {"field": "payload.scores[0].theory", "code": "score.format"}),
    "theory-three-decimals-in-range.json": (
        mutate(scr_two, ["payload", "scores", 0, "theory"], 89.999),
        {"field": "payload.scores[0].theory", "code": "score.format", "schemaValid": True}),
    "practical-in-chinese.json": (
        mutate(scr_two, ["payload", "scores", 1, "practical"], "九十"),
        {"field": "payload.scores[1].practical", "code": "score.format"}),
    "practical-above-100.json": (
        mutate(scr_one, ["payload", "scores", 0, "practical"], 101),
        {"field": "payload.scores[0].practical", "code": "score.range"}),
    "theory-negative.json": (
        mutate(scr_one, ["payload", "scores", 0, "theory"], -1),
        {"field": "payload.scores[0].theory", "code": "score.range"}),
    "missing-practical.json": (
        mutate(scr_one, ["payload", "scores", 0, "practical"], delete=True),
        {"field": "payload.scores[0].practical", "code": "score.missing"}),
    "student-twice.json": (
        mutate(scr_two, ["payload", "scores", 1, "idNumber"], STU_A),
        {"field": "payload.scores[1].idNumber", "code": "id.duplicate", "schemaValid": True}),
    "scores-empty.json": (
        mutate(scr_two, ["payload", "scores"], []),
        {"field": "payload.scores", "code": "field.format"}),
    "scores-as-object.json": (
        mutate(scr_one, ["payload", "scores"], {"idNumber": STU_C, "theory": 0, "practical": 60}),
        {"field": "payload.scores", "code": "field.type"}),
    "missing-institution-id.json": (
        mutate(scr_two, ["payload", "institutionId"], delete=True),
        {"field": "payload.institutionId", "code": "field.required"}),
})


# ---------------------------------------------------------------- scores.imported
T = "scores.imported"
simp_csv = env(T, "scores-imp-20250503-0001", "2025-05-03T10:00:00+08:00", {
    "importId": "simp-furong-elec-2025-04-01",
    "institutionId": "inst-cs-furong-qihang",
    "classId": "cls-furong-elec-2025-04",
    "source": {"redisKey": "vt:upload:simp-furong-elec-2025-04-01"},
    "format": "csv",
    "mode": "accept_valid",
}, producer="platform-web", traceId="41a7c2")
simp_xlsx = env(T, "scores-imp-20250504-0002", "2025-05-04T02:00:00Z", {
    "importId": "simp_yuelu_syb_0002",
    "institutionId": "inst-cs-yuelu-xiangjiang",
    "classId": "cls-yuelu-syb-2025-04",
    "source": {"redisKey": "vt:upload:simp_yuelu_syb_0002"},
    "format": "xlsx",
})
simp_min = env(T, "scores-imp-20250505-0003", "2025-05-05T08:00:00+08:00", {
    "importId": "simp-jishou-emb-0003",
    "institutionId": "inst-xx-jishou-jigong",
    "classId": "cls_jishou_embroidery_01",
    "source": {"redisKey": "vt:upload:simp-jishou-emb-0003"},
})
example_set(T, {
    "redis-key-csv-accept-valid.json": simp_csv,
    "redis-key-xlsx.json": simp_xlsx,
    "defaults-format-and-mode.json": simp_min,
}, {
    "source-with-both-key-and-path.json": (
        mutate(simp_csv, ["payload", "source", "path"], "/var/lib/vt/uploads/s.csv"),
        {"field": "payload.source", "code": "field.format"}),
    "source-as-string.json": (
        mutate(simp_csv, ["payload", "source"], "vt:upload:simp-furong-elec-2025-04-01"),
        {"field": "payload.source", "code": "field.type"}),
    "format-xls.json": (
        mutate(simp_xlsx, ["payload", "format"], "xls"),
        {"field": "payload.format", "code": "field.enum"}),
    "mode-unknown.json": (
        mutate(simp_csv, ["payload", "mode"], "best_effort"),
        {"field": "payload.mode", "code": "field.enum"}),
    "missing-import-id.json": (
        mutate(simp_min, ["payload", "importId"], delete=True),
        {"field": "payload.importId", "code": "field.required"}),
    "missing-source.json": (
        mutate(simp_min, ["payload", "source"], delete=True),
        {"field": "payload.source", "code": "field.required"}),
    "class-id-with-colon.json": (
        mutate(simp_csv, ["payload", "classId"], "cls:furong"),
        {"field": "payload.classId", "code": "field.format"}),
})


# ---------------------------------------------------------------- certificate.requested
T = "certificate.requested"
cert_a = env(T, "certificate-20250520-0001", "2025-05-20T17:05:00+08:00", {
    "classId": "cls-furong-elec-2025-04",
    "institutionId": "inst-cs-furong-qihang",
}, producer="platform-web")
cert_b = env(T, "certificate-20250521-0002", "2025-05-21T01:00:00Z", {
    "classId": "cls_jishou_embroidery_01",
    "institutionId": "inst-xx-jishou-jigong",
    "requestedBy": "clerk-07",
}, traceId="9a1f03")
cert_c = env(T, "certificate-20250522-0003", "2025-05-22T08:00:00+08:00", {
    "classId": "C2025-05-yuelu_SYB-01",
    "institutionId": "inst-cs-yuelu-xiangjiang",
}, producer="vtctl:ops@host-1")
example_set(T, {
    "request.json": cert_a,
    "request-with-trace-unknown-fields-ignored.json": cert_b,
    "request-again-mixed-case-ids.json": cert_c,
}, {
    "missing-class-id.json": (
        mutate(cert_a, ["payload", "classId"], delete=True),
        {"field": "payload.classId", "code": "field.required"}),
    "class-id-with-dot.json": (
        mutate(cert_a, ["payload", "classId"], "cls.furong.elec"),
        {"field": "payload.classId", "code": "field.format"}),
    "institution-id-as-number.json": (
        mutate(cert_a, ["payload", "institutionId"], 42),
        {"field": "payload.institutionId", "code": "field.type"}),
    "missing-institution-id.json": (
        mutate(cert_b, ["payload", "institutionId"], delete=True),
        {"field": "payload.institutionId", "code": "field.required"}),
    "payload-is-a-string.json": (
        mutate(cert_a, ["payload"], "cls-furong-elec-2025-04"),
        {"field": "payload", "code": "field.type"}),
    "type-unknown.json": (
        mutate(cert_a, ["type"], "certificate.downloaded"),
        {"field": "type", "code": "field.enum"}),
})


# ---------------------------------------------------------------- notification.requested
T = "notification.requested"
ntf_sms = env(T, "notify-20250303-0001", "2025-03-03T10:20:01+08:00", {
    "notificationId": "ntf-cert-approved-inst-cs-furong-qihang-r1",
    "institutionId": "inst-cs-furong-qihang",
    "template": "certification.approved",
    "params": {"institutionName": "长沙市芙蓉区启航职业技能培训学校有限公司", "revision": 1},
    "channels": ["inbox", "sms"],
}, producer="certification-worker")
ntf_default = env(T, "notify-20250304-0002", "2025-03-04T15:02:42+08:00", {
    "notificationId": "ntf-cert-rejected-yuelu-r2",
    "institutionId": "inst-cs-yuelu-xiangjiang",
    "template": "certification.rejected",
    "params": {"institutionName": "长沙市岳麓区湘江职业培训学校", "revision": 2,
               "reason": "营业执照扫描件不清晰，请重新上传后提交。"},
})
ntf_ext = env(T, "notify-20250420-0003", "2025-04-20T00:00:00Z", {
    "notificationId": "ntf_qual_expiring_jishou_7d",
    "institutionId": "inst-xx-jishou-jigong",
    "template": "qualification.expiring",
    "params": {"item": "湘绣制作（初级）", "occupation": "湘绣制作", "daysLeft": 7,
               "validUntil": "2027-03-31", "renewable": True},
    "channels": ["inbox", "dingtalk", "webhook"],
}, traceId="a1b2c3d4")
ntf_bare = env(T, "notify-20250421-0004", "2025-04-21T09:00:00+08:00", {
    "notificationId": "ntf-import-done-imp-jishou-emb-0003",
    "institutionId": "inst-xx-jishou-jigong",
    "template": "import.completed",
    "params": {"className": "2025年4月湘绣制作（初级）培训班", "importId": "imp-jishou-emb-0003",
               "totalRows": 40, "acceptedRows": 38, "invalidRows": 2},
})
example_set(T, {
    "inbox-and-sms.json": ntf_sms,
    "default-channels.json": ntf_default,
    "dingtalk-and-webhook-with-typed-params.json": ntf_ext,
    "import-completed.json": ntf_bare,
}, {
    "channel-email.json": (
        mutate(ntf_sms, ["payload", "channels", 1], "email"),
        {"field": "payload.channels[1]", "code": "field.enum"}),
    "channels-repeated.json": (
        mutate(ntf_sms, ["payload", "channels"], ["sms", "sms"]),
        {"field": "payload.channels", "code": "field.format"}),
    "channels-as-string.json": (
        mutate(ntf_sms, ["payload", "channels"], "sms"),
        {"field": "payload.channels", "code": "field.type"}),
    "channels-empty.json": (
        mutate(ntf_ext, ["payload", "channels"], []),
        {"field": "payload.channels", "code": "field.format"}),
    "missing-template.json": (
        mutate(ntf_default, ["payload", "template"], delete=True),
        {"field": "payload.template", "code": "field.required"}),
    "params-as-array.json": (
        mutate(ntf_default, ["payload", "params"], ["营业执照扫描件不清晰"]),
        {"field": "payload.params", "code": "field.type"}),
    "param-value-nested-object.json": (
        mutate(ntf_ext, ["payload", "params", "occupation"], {"code": "xiang-embroidery"}),
        {"field": "payload.params.occupation", "code": "field.type"}),
    "notification-id-with-chinese.json": (
        mutate(ntf_bare, ["payload", "notificationId"], "通知-0004"),
        {"field": "payload.notificationId", "code": "field.format"}),
})


# ---------------------------------------------------------------- student.added, student.removed
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(first17):
    """GB 11643-1999: the 17 digits and their MOD 11-2 check character."""
    assert len(first17) == 17 and first17.isdigit(), first17
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def wrong_id_check(number):
    right = "0123456789X".index(number[17])
    return number[:17] + "0123456789X"[(right + 3) % 11]


ID_MALE = resident_id("43010219900307001")     # Furong district, born 1990-03-07, male (odd)
ID_FEMALE = resident_id("43310119850612002")   # Jishou, born 1985-06-12, female (even)
ID_X = next(resident_id(f"430104199210150{n:02d}") for n in range(11, 99, 2)
            if resident_id(f"430104199210150{n:02d}").endswith("X"))

T = "student.added"
add_a = env(T, "student-add-20250420-0001", "2025-04-20T10:15:00+08:00", {
    "classId": "cls-furong-elec-2025-04",
    "institutionId": "inst-cs-furong-qihang",
    "student": {"name": "刘建国", "gender": "男", "idNumber": ID_MALE, "phone": "13874120001", "studentType": "农村转移劳动力"},
}, producer="platform-web")
add_b = env(T, "student-add-20250420-0002", "2025-04-20T02:20:00Z", {
    "classId": "cls_jishou_embroidery_01",
    "institutionId": "inst-xx-jishou-jigong",
    "student": {"name": "阿依古丽·买买提", "gender": "女", "idNumber": ID_FEMALE, "phone": "19907431234", "studentType": "脱贫劳动力"},
}, traceId="4bf92f3577b34da6a3ce929d0e0e4736")
add_c = env(T, "student-add-20250421-0003", "2025-04-21T09:00:00+08:00", {
    "classId": "cls-yuelu-syb-2025-04",
    "institutionId": "inst-cs-yuelu-xiangjiang",
    "student": {"name": "张三", "gender": "男" if int(ID_X[16]) % 2 else "女", "idNumber": ID_X, "phone": "15111112222",
                "studentType": "其他", "remark": "现场报名"},
    "addedBy": "clerk-07",
}, producer="platform-web")
example_set(T, {
    "add.json": add_a,
    "add-with-trace.json": add_b,
    "add-x-check-character-unknown-fields-ignored.json": add_c,
}, {
    "missing-student.json": (
        mutate(add_a, ["payload", "student"], delete=True),
        {"field": "payload.student", "code": "field.required"}),
    "student-as-string.json": (
        mutate(add_a, ["payload", "student"], "刘建国"),
        {"field": "payload.student", "code": "field.type"}),
    "name-as-number.json": (
        mutate(add_a, ["payload", "student", "name"], 42),
        {"field": "payload.student.name", "code": "field.type"}),
    "id-number-check-character-wrong.json": (
        mutate(add_a, ["payload", "student", "idNumber"], wrong_id_check(ID_MALE)),
        {"field": "payload.student.idNumber", "code": "id.checksum", "schemaValid": True}),
    "id-number-15-digits.json": (
        mutate(add_a, ["payload", "student", "idNumber"], "430102900307001"),
        {"field": "payload.student.idNumber", "code": "id.length"}),
    "gender-unknown.json": (
        mutate(add_a, ["payload", "student", "gender"], "未知"),
        {"field": "payload.student.gender", "code": "gender.invalid"}),
    "gender-against-the-id-number.json": (
        mutate(add_a, ["payload", "student", "gender"], "女"),
        {"field": "payload.student.gender", "code": "gender.mismatch", "schemaValid": True}),
    "phone-landline.json": (
        mutate(add_a, ["payload", "student", "phone"], "0731-84561234"),
        {"field": "payload.student.phone", "code": "phone.format"}),
    "name-with-latin-letters.json": (
        mutate(add_a, ["payload", "student", "name"], "Liu Jianguo"),
        {"field": "payload.student.name", "code": "name.invalid", "schemaValid": True}),
    "student-type-unknown.json": (
        mutate(add_b, ["payload", "student", "studentType"], "学生"),
        {"field": "payload.student.studentType", "code": "type.unknown", "schemaValid": True}),
    "class-id-with-dot.json": (
        mutate(add_a, ["payload", "classId"], "cls.furong.elec"),
        {"field": "payload.classId", "code": "field.format"}),
    "type-unknown.json": (
        mutate(add_a, ["type"], "student.created"),
        {"field": "type", "code": "field.enum"}),
})

T = "student.removed"
rm_a = env(T, "student-rm-20250422-0001", "2025-04-22T15:40:00+08:00", {
    "classId": "cls-furong-elec-2025-04",
    "institutionId": "inst-cs-furong-qihang",
    "idNumber": ID_MALE,
}, producer="platform-web")
rm_b = env(T, "student-rm-20250422-0002", "2025-04-22T07:41:00.250Z", {
    "classId": "cls_jishou_embroidery_01",
    "institutionId": "inst-xx-jishou-jigong",
    "idNumber": ID_FEMALE,
    "reason": "学员个人原因退出",
}, traceId="00f067aa0ba902b7")
rm_c = env(T, "student-rm-20250423-0003", "2025-04-23T11:00:00+08:00", {
    "classId": "cls-yuelu-syb-2025-04",
    "institutionId": "inst-cs-yuelu-xiangjiang",
    "idNumber": ID_X,
}, producer="platform-web")
example_set(T, {
    "remove.json": rm_a,
    "remove-with-trace-unknown-fields-ignored.json": rm_b,
    "remove-x-check-character.json": rm_c,
}, {
    "missing-id-number.json": (
        mutate(rm_a, ["payload", "idNumber"], delete=True),
        {"field": "payload.idNumber", "code": "field.required"}),
    "id-number-as-number.json": (
        mutate(rm_a, ["payload", "idNumber"], 430102199003070010),
        {"field": "payload.idNumber", "code": "field.type"}),
    "id-number-check-character-wrong.json": (
        mutate(rm_a, ["payload", "idNumber"], wrong_id_check(ID_MALE)),
        {"field": "payload.idNumber", "code": "id.checksum", "schemaValid": True}),
    "id-number-with-letters.json": (
        mutate(rm_a, ["payload", "idNumber"], "43010219900307A01" + ID_MALE[17]),
        {"field": "payload.idNumber", "code": "id.chars"}),
    "missing-class-id.json": (
        mutate(rm_b, ["payload", "classId"], delete=True),
        {"field": "payload.classId", "code": "field.required"}),
    "payload-is-an-array.json": (
        mutate(rm_a, ["payload"], [ID_MALE]),
        {"field": "payload", "code": "field.type"}),
    "type-unknown.json": (
        mutate(rm_a, ["type"], "student.deleted"),
        {"field": "type", "code": "field.enum"}),
})


# ---------------------------------------------------------------- subsidy.claimed
T = "subsidy.claimed"
sc_a = env(T, "subsidy-claim-20250601-0001", "2025-06-01T09:30:00+08:00", {
    "claimId": "claim-furong-elec-2025-04",
    "institutionId": "inst-cs-furong-qihang",
    "classId": "cls-furong-elec-2025-04",
    "certificateId": "CERT-2025-0001",
    "departmentId": "430100",
}, producer="platform-web")
sc_b = env(T, "subsidy-claim-20250602-0002", "2025-06-02T01:10:00Z", {
    "claimId": "claim_jishou_embroidery_01",
    "institutionId": "inst-xx-jishou-jigong",
    "classId": "cls_jishou_embroidery_01",
    "certificateId": "CERT-2025-0017",
    "departmentId": "433100",
    "note": "unknown fields are ignored",
}, traceId="4bf92f3577b34da6a3ce929d0e0e4736")
sc_c = env(T, "subsidy-claim-20250603-0003", "2025-06-03T14:00:00+08:00", {
    "claimId": "c1",
    "institutionId": "inst-cs-yuelu-xiangjiang",
    "classId": "cls-yuelu-syb-2025-04",
    "certificateId": "CERT-2025-0102",
    "departmentId": "430000",
})
example_set(T, {
    "claim.json": sc_a,
    "claim-with-trace-unknown-fields-ignored.json": sc_b,
    "claim-to-the-province.json": sc_c,
}, {
    "payload-is-a-string.json": (
        mutate(sc_a, ["payload"], "claim-furong-elec-2025-04"),
        {"field": "payload", "code": "field.type"}),
    "missing-certificate-id.json": (
        mutate(sc_a, ["payload", "certificateId"], delete=True),
        {"field": "payload.certificateId", "code": "field.required"}),
    "department-unknown.json": (
        mutate(sc_a, ["payload", "departmentId"], "439900"),
        {"field": "payload.departmentId", "code": "region.unknown", "schemaValid": True}),
    "claim-id-with-space.json": (
        mutate(sc_a, ["payload", "claimId"], "claim 1"),
        {"field": "payload.claimId", "code": "field.format"}),
    "class-id-as-number.json": (
        mutate(sc_b, ["payload", "classId"], 42),
        {"field": "payload.classId", "code": "field.type"}),
    "type-unknown.json": (
        mutate(sc_a, ["type"], "subsidy.requested"),
        {"field": "type", "code": "field.enum"}),
})

# ---------------------------------------------------------------- subsidy.decided
T = "subsidy.decided"
sd_approve = env(T, "subsidy-dec-20250610-0001", "2025-06-10T10:00:00+08:00", {
    "claimId": "claim-furong-elec-2025-04",
    "revision": 1,
    "reviewerId": "rev-430100-zhangwei",
    "departmentId": "430100",
    "decision": "approve",
}, producer="reviewer-console")
sd_reject = env(T, "subsidy-dec-20250610-0002", "2025-06-10T10:05:00+08:00", {
    "claimId": "claim_jishou_embroidery_01",
    "revision": 1,
    "reviewerId": "rev-433100-wangfang",
    "departmentId": "433100",
    "decision": "reject",
    "reason": "电子凭证与申领学员名单不一致。",
})
sd_partial = env(T, "subsidy-dec-20250611-0003", "2025-06-11T16:20:00+08:00", {
    "claimId": "claim-furong-elec-2025-04",
    "revision": 1,
    "reviewerId": "rev-430100-lijing",
    "departmentId": "430100",
    "decision": "partial",
    "reason": "一名学员身份材料待补。",
    "students": [
        {"idNumber": ID_MALE, "decision": "approve"},
        {"idNumber": ID_FEMALE, "decision": "reject"},
    ],
}, traceId="0af7651916cd43dd8448eb211c80319c")
example_set(T, {
    "approve.json": sd_approve,
    "reject-with-reason.json": sd_reject,
    "partial.json": sd_partial,
}, {
    "reject-without-reason.json": (
        mutate(sd_reject, ["payload", "reason"], delete=True),
        {"field": "payload.reason", "code": "field.required"}),
    "partial-without-students.json": (
        mutate(sd_partial, ["payload", "students"], delete=True),
        {"field": "payload.students", "code": "field.required"}),
    "student-decision-partial.json": (
        mutate(sd_partial, ["payload", "students", 1, "decision"], "partial"),
        {"field": "payload.students[1].decision", "code": "field.enum"}),
    "student-without-id-number.json": (
        mutate(sd_partial, ["payload", "students", 0, "idNumber"], delete=True),
        {"field": "payload.students[0].idNumber", "code": "field.required"}),
    "student-listed-twice.json": (
        mutate(sd_partial, ["payload", "students", 1, "idNumber"], ID_MALE),
        {"field": "payload.students[1].idNumber", "code": "student.duplicate", "schemaValid": True}),
    "revision-zero.json": (
        mutate(sd_approve, ["payload", "revision"], 0),
        {"field": "payload.revision", "code": "field.format"}),
    "decision-past-tense.json": (
        mutate(sd_approve, ["payload", "decision"], "approved"),
        {"field": "payload.decision", "code": "field.enum"}),
})

def write(path, doc):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main():
    """Writes the generated examples. Examples written by hand beside them (and their
    expectations) are kept; delete a generated file by hand when it is renamed here."""
    for type_, (valid, invalid) in TYPES.items():
        for name, doc in valid.items():
            write(ROOT / type_ / "valid" / name, doc)
        exp_path = ROOT / type_ / "invalid" / "expectations.json"
        expectations = {}
        if exp_path.exists():
            kept = json.loads(exp_path.read_text(encoding="utf-8"))
            expectations = {k: v for k, v in kept.items() if (ROOT / type_ / "invalid" / k).exists()}
        for name, (doc, exp) in invalid.items():
            write(ROOT / type_ / "invalid" / name, doc)
            expectations[name] = exp
        write(exp_path, dict(sorted(expectations.items())))
        print(f"{type_}: {len(valid)} valid, {len(invalid)} invalid generated")


if __name__ == "__main__":
    main()
