#!/bin/bash
# Re-records the AMI transcripts in test/fixtures/ami from the real Asterisk of shared/asterisk.
# Root, after shared/asterisk/setup.sh. Usage: scripts/asterisk-record.sh [scenario ...]   (default: all of them)
# Env: ASTERISK_SHARED (default ../shared/asterisk beside the repo), ASTERISK_ROOT (default /tmp/asterisk-root).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${ASTERISK_SHARED:-$repo/../shared/asterisk}
root=${ASTERISK_ROOT:-/tmp/asterisk-root}
fixtures=$repo/test/fixtures/ami
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(scenario2 answered abandon members midcall transfer hold pause-toggle)

[ -x "$root/usr/sbin/asterisk" ] || { echo "no Asterisk in $root: run bash $shared/setup.sh $root first" >&2; exit 2; }
asterisk_pid=
phones=()
stop_phones() { for p in "${phones[@]}"; do kill "$p" 2>/dev/null || true; done; phones=(); }
cleanup() { stop_phones; [ -z "$asterisk_pid" ] || kill "$asterisk_pid" 2>/dev/null || true; }
trap cleanup EXIT

if ! (exec 3<>/dev/tcp/127.0.0.1/5038) 2>/dev/null; then
  asterisk_pid=$(bash "$shared/start.sh" "$root" | tail -1)
fi

cd "$repo"
for s in "${scenarios[@]}"; do
  echo "recording $s"
  # The sales members are these two SIP phones (transfer.json sends callers there); hold.json needs phones that
  # put each call on hold.
  if [ "$s" = hold ]; then phone=(-sf test/asterisk/uas-hold.xml); else phone=(-sn uas); fi
  for port in 5071 5072; do
    sipp "${phone[@]}" -i 127.0.0.1 -p "$port" -nostdin >/dev/null 2>&1 &
    phones+=("$!")
  done
  sleep 1
  if [ "$s" = scenario2 ]; then
    node "$shared/ami-capture.mjs" "$fixtures/$s.txt" "$fixtures/$s.json"
  else
    npx tsx test/asterisk/capture.ts "$fixtures/$s.txt" "$fixtures/$s.json"
  fi
  stop_phones
  sleep 4 # let the last wrap-ups run out before the next scenario
done
echo "re-recorded: ${scenarios[*]} — the expected values in test/unit/ami-*.test.ts are read off these files: update them"
