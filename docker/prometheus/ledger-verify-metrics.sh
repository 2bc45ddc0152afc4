#!/bin/sh
# Runs `ledger verify` and records its outcome as Prometheus metrics, for a cron job:
#
#   15 2 * * *  cd /srv/ledger && docker/prometheus/ledger-verify-metrics.sh --data-dir /var/lib/ledger
#
# Writes ledger_verify.prom for node_exporter's textfile collector (LEDGER_VERIFY_TEXTFILE_DIR,
# default /var/lib/node_exporter/textfile_collector), atomically, and, when PUSHGATEWAY_URL is
# set (e.g. http://pushgateway:9091), pushes the same text under job "ledger-verify". The alerts
# LedgerVerifyFailed and LedgerVerifyNotRun (docker/prometheus/alerts.yml) read them.
#
# Exit codes are verify's own: 0 every link holds, 1 a broken link, 2 usage (or EventStoreDB
# without --file), 3 no ledger or it cannot be read. LEDGER_CLI is how `ledger` is run (default
# `npm run -s cli --`, from the repository after `npm run build`).
set -u

dir=${LEDGER_VERIFY_TEXTFILE_DIR:-/var/lib/node_exporter/textfile_collector}
cli=${LEDGER_CLI:-npm run -s cli --}

started=$(date +%s)
# shellcheck disable=SC2086 # LEDGER_CLI is a command line on purpose.
$cli verify "$@"
code=$?
finished=$(date +%s)

metrics() {
  cat <<METRICS
# HELP ledger_verify_exit_code Exit code of the last ledger verify: 0 intact, 1 broken link, 2 usage, 3 unreadable.
# TYPE ledger_verify_exit_code gauge
ledger_verify_exit_code $code
# HELP ledger_verify_last_run_timestamp_seconds When the last ledger verify finished (Unix time).
# TYPE ledger_verify_last_run_timestamp_seconds gauge
ledger_verify_last_run_timestamp_seconds $finished
# HELP ledger_verify_duration_seconds How long the last ledger verify took.
# TYPE ledger_verify_duration_seconds gauge
ledger_verify_duration_seconds $((finished - started))
METRICS
}

if [ -d "$dir" ]; then
  tmp=$(mktemp "$dir/.ledger_verify.prom.XXXXXX") &&
    metrics >"$tmp" && chmod 644 "$tmp" && mv "$tmp" "$dir/ledger_verify.prom"
else
  echo "ledger-verify-metrics: $dir is not a folder; no textfile written" >&2
fi
if [ -n "${PUSHGATEWAY_URL:-}" ]; then
  metrics | curl -fsS --data-binary @- "$PUSHGATEWAY_URL/metrics/job/ledger-verify" ||
    echo "ledger-verify-metrics: could not push to $PUSHGATEWAY_URL" >&2
fi
exit "$code"
