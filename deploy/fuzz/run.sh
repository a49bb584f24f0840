#!/usr/bin/env bash
# Builds the libFuzzer targets over the parsers and runs each for N seconds (default 60).
#   bash deploy/fuzz/run.sh [SECONDS] [TARGET...]     targets: envelope csv xlsx ids (default: all)
#   FUZZ_MAX_LEN=4096 bash deploy/fuzz/run.sh 600 csv  (longest input; default: the largest seed)
# Each target is one swiftc invocation (-sanitize=fuzzer,address) over the parser's own source
# files plus the harness in this directory; seeds come from schemas/examples and
# Tests/FuzzTests/Corpus, new inputs go to var/fuzz/<target>/corpus, crashes to var/fuzz/<target>/.
# Needs the Swift toolchain's swiftc (with its libclang_rt.fuzzer), libjansson-dev, zlib1g-dev
# and libxml2-dev (the Spreadsheet module reads .xlsx through zlib and libxml2).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(envelope csv xlsx ids)
out=var/fuzz
mkdir -p "$out"

sources_for() {
    case "$1" in
        envelope) echo Sources/JobQueue/JSONValue.swift Sources/JobQueue/JobEnvelope.swift Sources/JobQueue/FieldError.swift Sources/JobQueue/Timestamp.swift ;;
        csv|xlsx) echo Sources/Spreadsheet/*.swift ;;
        ids) echo Sources/TrainingDomain/*.swift ;;
        *) echo "unknown target $1" >&2; exit 2 ;;
    esac
}

seeds_for() {
    case "$1" in
        envelope) find schemas/examples -name '*.json' ! -name expectations.json; find Tests/FuzzTests/Corpus -path '*envelope*' -type f ;;
        csv) find Tests/FuzzTests/Corpus/import-files -type f -name '*.csv' ;;
        xlsx) find Tests/FuzzTests/Corpus/import-files Tests/SpreadsheetTests/Fixtures -type f \( -name '*.xlsx' -o -name '*.zip' \) ;;
        ids) printf '%s\n' 430102199001011234 13800138000 91430100MA4L8YXR5K > "$out/ids-seed.txt"; echo "$out/ids-seed.txt" ;;
    esac
}

for target in "${targets[@]}"; do
    binary="$out/fuzz-$target"
    echo "== building $target"
    # shellcheck disable=SC2046
    # (ld.gold warns about every ASan helper symbol it cannot export: noise, filtered.)
    { swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name "Fuzz_$target" -I Sources/CJansson \
        -I Sources/CZlib -I Sources/CLibXML2 -Xcc -I/usr/include/libxml2 \
        $(sources_for "$target") "deploy/fuzz/$target.swift" -o "$binary" 2>&1; } | { grep -v 'Cannot export local symbol' || true; }
    mkdir -p "$out/$target/corpus" "$out/$target/seeds"
    seeds_for "$target" | while read -r f; do [ -f "$f" ] && cp "$f" "$out/$target/seeds/"; done
    echo "== running $target for ${seconds}s"
    "$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 ${FUZZ_MAX_LEN:+-max_len=$FUZZ_MAX_LEN} \
        -artifact_prefix="$out/$target/" "$out/$target/corpus" "$out/$target/seeds" 2>&1 | tail -n 25
done
