#!/usr/bin/env bash
# The demo deploy/run.sh plays against the running system (VT_REDIS_URL and VT_PREFIX set):
# one institution walks through certification with vtctl, qualification, a class, a roster import
# with the template and the error report, the message centre, then the runtime's dead-letter path.
set -euo pipefail
bin="$1"
cli() { redis-cli -p "$VT_RUN_PORT" -a "$VT_RUN_PASSWORD" --no-auth-warning "$@"; }
vtctl() { "$bin/vtctl" "$@"; }
run="$(date +%s)"
inst="demo-inst-$run"
step() { echo; echo "== $* =="; }

step "1. a Changsha reviewer is registered (vtctl reviewer add)"
vtctl reviewer add "reviewer-cs-$run" --department 430100 --name "长沙市人社局审核员"

step "2. the institution submits its information (certification.submitted)"
payload="$(mktemp)"
sed -e "s/inst-cs-furong-qihang/$inst/" -e "s/cert-sub-20250301-0001/demo-sub-$run/" \
    -e "s/13807311234/138$(printf '%08d' $((run % 100000000)))/" \
    schemas/examples/certification.submitted/valid/furong-company-with-logo.json > "$payload"
# A fresh licence number for each demo run: 17 characters plus the GB 32100 check character.
body="91430102MA$(printf '%07d' $((run % 10000000)))"
check="$(python3 -c "
CH='0123456789ABCDEFGHJKLMNPQRTUWXY'; b='$body'
s=sum(CH.index(c)*pow(3,i,31) for i,c in enumerate(b)); print(CH[(31-s%31)%31])")"
sed -i "s/91430102MA4L3N8R46/$body$check/" "$payload"
vtctl certification submit --file "$payload" || true
rm -f "$payload"

step "3. the department's pending reviews (vtctl review list)"
vtctl review list --department 430100 | tail -5

step "4. the reviewer approves revision 1 (vtctl review decide)"
vtctl review decide --institution "$inst" --revision 1 --reviewer "reviewer-cs-$run" --department 430100 --decision approve || true

step "5. a second decision on the same revision is refused (already_decided)"
vtctl review decide --institution "$inst" --revision 1 --reviewer "reviewer-cs-$run" --department 430100 --decision reject --reason "重复审核" || true

step "6. the institution's state and audit trail (vtctl institution show)"
vtctl institution show "$inst"

step "7. the institution's message centre (消息中心: vtctl inbox list)"
sleep 1
vtctl inbox list "$inst" || true

step "8. what the platform sees"
echo "last event on $VT_PREFIX:events:"
cli XREVRANGE "$VT_PREFIX:events" + - COUNT 1 | tail -1

step "9. the certified institution applies for training qualifications (vtctl qualification apply)"
until="$(TZ=Asia/Shanghai date -d '+20 days' +%F)"
application="$(mktemp)"
cat > "$application" <<JSON
{"applicationId": "demo-app-$run", "institutionId": "$inst", "departmentId": "430100",
 "items": [{"occupation": "electrician", "level": "junior"},
           {"occupation": "hunan-cuisine", "level": "none", "validUntil": "$until"}]}
JSON
vtctl qualification apply --file "$application" || true
rm -f "$application"

step "10. the department's pending applications (vtctl review list --kind qualification)"
vtctl review list --kind qualification --department 430100 | tail -5

step "11. the reviewer approves both items (vtctl review decide --kind qualification)"
vtctl review decide --kind qualification --application "demo-app-$run" --revision 1 --reviewer "reviewer-cs-$run" \
  --department 430100 --decision approve || true

step "12. the institution's qualifications, and what expires within 30 days"
vtctl qualification list --institution "$inst"
vtctl qualification expiring --within 30d --department 430100 | grep -E "INSTITUTION|$inst" || true

step "13. a class for the approved occupation (class.created through vtctl enqueue)"
echo '{"classId": "demo-class-'"$run"'", "institutionId": "'"$inst"'", "name": "电工（初级）周末班", "occupation": "electrician",
       "level": "junior", "plannedSize": 40, "trainingMode": "online_offline", "location": "长沙市芙蓉区五一大道389号"}' \
  | vtctl enqueue --type class.created --file - --wait || true

step "14. the import template, then a roster with two bad rows (vtctl import run, CSV, accept_valid)"
mkdir -p var/demo
vtctl template students --out "var/demo/学员导入模板.xlsx" && echo "template: var/demo/学员导入模板.xlsx (sheets 学员名单 and 说明)"
csv="var/demo/roster-$run.csv"
python3 - "$csv" <<'PY'
import sys
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idn(body): return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]
good1, good2 = idn("43010219900101123"), idn("43010219920202224")
bad_check = good1[:17] + ("0" if good1[17] != "0" else "1")
rows = ["序号,姓名,性别,身份证号,手机号,学员类型",
        f"1,张伟,男,{good1},13800000001,企业职工",
        f"2,李娜,女,{good2},13800000002,农村转移劳动力",
        f"3,王强,男,{bad_check},13800000003,企业职工",
        f"4,赵敏,女,{good2[:-1]}0,1380000,退役军人"]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(rows) + "\n")
PY
vtctl import run --class "demo-class-$run" --file "$csv" --mode accept_valid --import-id "demo-imp-$run" || true
# `import run` has printed the report; only the downloadable error report is fetched here (--json: its report is not printed again).
vtctl import report "demo-imp-$run" --errors 0 --errors-out "var/demo/错误报告-demo-imp-$run.xlsx" --json >/dev/null \
  && echo "error report (xlsx): var/demo/错误报告-demo-imp-$run.xlsx" || true
echo "(the same as CSV: vtctl import report demo-imp-$run --errors-out errors.csv; raw keys $VT_PREFIX:import:demo-imp-$run[:errors|:errorReport:xlsx|:errorReport:csv])"

step "15. the message centre now (class created, import completed)"
sleep 1
vtctl inbox list "$inst" --limit 3 || true

step "16. a malformed job becomes a dead letter with a reason"
cli XADD "$VT_PREFIX:queue:certification" '*' job '{"id":"demo-bad-'"$run"'","type":"certification.submitted"}' >/dev/null
sleep 1
echo "vt:result:demo-bad-$run -> status=$(cli HGET "$VT_PREFIX:result:demo-bad-$run" status) outcome=$(cli HGET "$VT_PREFIX:result:demo-bad-$run" outcome)"
echo "errors: $(cli HGET "$VT_PREFIX:result:demo-bad-$run" errors)"
echo "dead letters in $VT_PREFIX:dead:certification: $(cli XLEN "$VT_PREFIX:dead:certification")"
