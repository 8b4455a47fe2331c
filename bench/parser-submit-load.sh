#!/usr/bin/env bash
# Submit latency of POST /api/v1/parser/parse-text-async at fixed request rates, measured from a
# separate process (hey) against the hub running on the embedded default:
#   terminal 1: ./mvnw -pl hub spring-boot:test-run
#   terminal 2: bash bench/parser-submit-load.sh [seconds] [rate ...]
# hey is installed from Debian's packages when missing. Prints hey's summary for each rate.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
shift || true
rates=${*:-"100 200"}
command -v hey >/dev/null || { apt-get update -qq && apt-get install -y -qq hey; }
# shellcheck disable=SC1091
source hub/target/kavsak-dev/tokens.env
hub=${HUB:-http://localhost:8080}
curl -sf -X PUT "$hub/api/v1/tenants/acme" -H "Authorization: Bearer $OPERATOR_TOKEN" \
  -H 'Content-Type: application/json' -d '{"display_name": "Acme"}' >/dev/null
body='{"user_id": "user-1", "session_id": "bench", "text": "Senior Java developer\nSkills: Java, Kafka, Camel\nExperience: 2015-2020 Acme"}'
submit() {  # $1 workers, $2 requests per second per worker, $3 seconds
  hey -z "${3}s" -c "$1" -q "$2" -m POST -T application/json -H "Authorization: Bearer $USER_TOKEN" \
      -d "$body" "$hub/api/v1/parser/parse-text-async"
}
submit 4 10 5 >/dev/null   # warm-up
for rate in $rates; do
  workers=$(( rate / 10 ))
  echo "=== parse-text-async at ${rate}/s for ${seconds} s (${workers} workers x 10/s) ==="
  submit "$workers" 10 "$seconds" | grep -E 'Requests/sec|Average|50% in|90% in|99% in|^ *\[[0-9]{3}\]'
done
