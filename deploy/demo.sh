#!/usr/bin/env bash
# The demo deploy/run.sh plays against the running system (VT_REDIS_URL and VT_PREFIX set):
# one institution walks through certification with vtctl, then the runtime's dead-letter path,
# then the institution applies for training qualifications and is approved.
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
vtctl certification submit --json "$payload" || true
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
vtctl qualification apply --json "$application" || true
rm -f "$application"

step "10. the department's pending applications (vtctl review list --kind qualification)"
vtctl review list --kind qualification --department 430100 | tail -5

step "11. the reviewer approves both items (vtctl review decide --kind qualification)"
vtctl review decide --kind qualification --application "demo-app-$run" --revision 1 --reviewer "reviewer-cs-$run" \
  --department 430100 --decision approve || true

step "12. the institution's qualifications, and what expires within 30 days"
vtctl qualification list --institution "$inst"
vtctl qualification expiring --within 30d --department 430100 | grep -E "INSTITUTION|$inst" || true

step "13. a malformed job becomes a dead letter with a reason"
cli XADD "$VT_PREFIX:queue:certification" '*' job '{"id":"demo-bad-'"$run"'","type":"certification.submitted"}' >/dev/null
sleep 1
echo "vt:result:demo-bad-$run -> status=$(cli HGET "$VT_PREFIX:result:demo-bad-$run" status) outcome=$(cli HGET "$VT_PREFIX:result:demo-bad-$run" outcome)"
echo "errors: $(cli HGET "$VT_PREFIX:result:demo-bad-$run" errors)"
echo "dead letters in $VT_PREFIX:dead:certification: $(cli XLEN "$VT_PREFIX:dead:certification")"
